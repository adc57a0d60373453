// The Lab API for scripts and the console (globalThis.saflaLab): every agent tool of the catalog as saflaLab.<tool>(args) (app/tools/lab-tools.ts), and the helpers that are no tool: the training pipeline's custom tasks, pattern corrections and the classifier's figures.
import type { ClassifierFigures, CorrectInput, CorrectResult } from '../../core/patterns/api';
import type { EngineClient } from '../../workers/engine/types';
import type { TaskRunResult } from '../../core/pipeline/runner';
import type { RunTaskInput } from '../pipeline/run-task';
import type { ToolFunctions } from '../tools/lab-tools';

/**
 * Custom tasks on this browser's runners, loaded on first use (the sandbox and ESLint stay out of the page's first
 * chunk): app/pipeline/run-task.ts. Generated runs and status are the catalog's train_pipeline_run and _status.
 */
export interface LabPipeline {
  runTask(input: unknown, signal?: AbortSignal): Promise<TaskRunResult>;
}

export interface LabDeps {
  engine: Pick<EngineClient, 'call'>;
  /** The catalog's tools (neural_train, neural_predict, train_pipeline_run, …): one implementation, the agents' (core/tools). */
  tools: ToolFunctions;
  /** Left out where there is no page to run tasks in (node tests). */
  pipeline?: LabPipeline;
}

export function createLabApi({ engine, tools, pipeline }: LabDeps) {
  const inBrowser = (): LabPipeline => {
    if (!pipeline) throw new Error('the training pipeline runs only in the app page (or from the CLI: safla train-pipeline)');
    return pipeline;
  };

  return {
    ...tools,

    /** Corrects an analysed operation's pattern; the classifier trains on it at its next use. */
    neural_patterns_correct(input: CorrectInput): Promise<CorrectResult> {
      return engine.call('patterns_correct', input);
    },

    /** The answering pattern classifier's measured held-out accuracy, confusion matrix and baselines. */
    neural_patterns_classifier(): Promise<ClassifierFigures> {
      return engine.call('patterns_classifier');
    },

    /**
     * Runs your own task ({files, runner?, timeout_ms?}: source, tests, optional package.json) on a browser runner:
     * per-test results, lint messages, the runner's label and the duration. Malformed input is refused with a
     * TaskInputError naming the field, before anything runs.
     */
    pipeline_run_task(input: RunTaskInput | unknown, signal?: AbortSignal): Promise<TaskRunResult> {
      return inBrowser().runTask(input, signal);
    },
  };
}

export type LabApi = ReturnType<typeof createLabApi>;
