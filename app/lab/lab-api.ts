// The Lab API for scripts and the console (globalThis.saflaLab): every agent tool of the catalog as saflaLab.<tool>(args) (app/tools/lab-tools.ts), and the helpers that are no tool: custom pipeline tasks, pattern corrections and the classifier's figures, the 27-model catalog and the learning loop.
import type { CatalogEntry } from '../../core/catalog/api';
import type { LoopRecommendInput, LoopStep } from '../../core/loop/api';
import type { LoopRunResult } from '../../core/loop/run';
import type { ClassifierFigures, CorrectInput, CorrectResult } from '../../core/patterns/api';
import type { TaskRunResult } from '../../core/pipeline/runner';
import type { EpochMetrics } from '../../workers/compute/api';
import type { EngineClient } from '../../workers/engine/types';
import type { CatalogTrainDeps, CatalogTrainInput, CatalogTrainResult } from '../patterns/catalog-train';
import type { LoopRunInput } from '../patterns/loop-runner';
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
  /** The compute pool the catalog's templates train on; left out where there is none (node tests). */
  pool?: CatalogTrainDeps['pool'];
  /** The learning loop's turn on this page's sandbox (app/patterns/loop-runner.ts); left out like pipeline. */
  loop?: { run(input: LoopRunInput): Promise<LoopRunResult> };
}

export function createLabApi({ engine, tools, pipeline, pool, loop }: LabDeps) {
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

    /** The 27-model catalog: each template with what it learns, its recorded data's readiness, and the registry's measured accuracy or untrained; `safla neural catalog --json`'s shape. */
    catalog_list(): Promise<CatalogEntry[]> {
      return engine.call('catalog_list');
    },

    /**
     * Trains a catalog template on the compute pool from recorded data (or {name, dataset: {name, data}}, checked against
     * the template's input schema) and saves it as the registry's next catalog-<name> version; too little data, an
     * unknown template or a dataset field that does not fit is refused with a CatalogInputError naming it.
     */
    async catalog_train(input: CatalogTrainInput, onEpoch?: (m: EpochMetrics) => void): Promise<CatalogTrainResult> {
      if (!pool) throw new Error('catalog templates train only in the app page (or from the CLI: safla neural catalog train)');
      // The templates and the dataset checks load with the first training, not with the page.
      const { trainCatalog } = await import('../patterns/catalog-train');
      return trainCatalog({ engine, pool }, input, onEpoch).done;
    },

    /** A strategy for a task ({task, complexity, template?, preset?, weights?}) with confidence and reasoning; stored as a loop step. */
    loop_recommend(input: LoopRecommendInput): Promise<LoopStep> {
      return engine.call('loop_recommend', input);
    },

    /** One turn of the learning loop on this page's sandbox: recommend, run the recommended strategy, record, retrain on the trigger. */
    loop_run(input: LoopRunInput): Promise<LoopRunResult> {
      if (!loop) throw new Error('the learning loop runs only in the app page (or from the CLI: safla neural loop run)');
      return loop.run(input);
    },

    /** The loop's steps, newest first. */
    loop_steps(input?: { limit?: number }): Promise<LoopStep[]> {
      return engine.call('loop_steps', input);
    },
  };
}

export type LabApi = ReturnType<typeof createLabApi>;
