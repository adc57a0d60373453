// One turn of the learning loop on any runner: generate the task (so its template is known), recommend, run the recommended strategy through the pipeline's iteration, record the outcome, and retrain the loop's model when its trigger says so. The app runs it on the browser sandbox, the CLI on the node runner.
import type { CatalogEntry } from '../catalog/api';
import { generateTask } from '../pipeline/generate';
import { runIteration, type IterationResult, type ProgressEvent } from '../pipeline/iteration';
import type { StrategyProfile } from '../pipeline/profiles';
import type { AbortLike, TaskRunner } from '../pipeline/runner';
import type { PresetName, Weights } from '../pipeline/selection';
import type { LogInput } from '../pipeline/store';
import type { Complexity } from '../pipeline/task';
import { LOOP_MODEL, type LoopRecommendInput, type LoopRecordInput, type LoopRecordResult, type LoopStep } from './api';

/** What a turn needs of the database: the engine's calls (promises) or the local APIs (values). */
export interface LoopCalls {
  loop_recommend(input: LoopRecommendInput): LoopStep | Promise<LoopStep>;
  loop_record(input: LoopRecordInput): LoopRecordResult | Promise<LoopRecordResult>;
  pipeline_profiles(): StrategyProfile[] | Promise<StrategyProfile[]>;
  pipeline_log(entry: LogInput): unknown;
}

export interface LoopRunInput {
  task: string;
  complexity: Complexity;
  /** The generated task's seed (the same seed gives the same task). */
  seed: number;
  preset?: PresetName;
  weights?: Weights;
  timeout_ms?: number;
}

export interface LoopRunResult {
  action: 'run';
  /** The step as recommended. */
  recommendation: LoopStep;
  /** The step once its run was recorded; null when the run was cancelled. */
  recorded: LoopRecordResult | null;
  iteration: IterationResult;
  /** The loop's model retrained on its trigger in this turn (null: not trained, or not due). */
  retrained: CatalogEntry | null;
  cancelled: boolean;
}

export interface LoopRunOptions {
  signal?: AbortLike;
  clock?: () => number;
  onProgress?: (event: ProgressEvent) => void;
  /** Retrains a catalog template from recorded data (the compute pool in the app, the kernel in the CLI). */
  retrain?: (name: string) => Promise<CatalogEntry>;
}

export async function runLoopStep(calls: LoopCalls, runner: TaskRunner, input: LoopRunInput, options: LoopRunOptions = {}): Promise<LoopRunResult> {
  const task = generateTask({ complexity: input.complexity, seed: input.seed });
  const recommendation = await calls.loop_recommend({
    task: input.task, complexity: input.complexity, template: task.template,
    ...(input.preset ? { preset: input.preset } : {}), ...(input.weights ? { weights: input.weights } : {}),
  });
  let recorded: LoopRecordResult | null = null;
  const iteration = await runIteration({
    complexity: input.complexity, seed: input.seed, template: task.template, strategies: [recommendation.recommended], runner,
    ...(input.timeout_ms !== undefined ? { timeout_ms: input.timeout_ms } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    store: {
      loadProfiles: () => calls.pipeline_profiles(),
      // The run, its profile, the neural_patterns record and the step land together.
      recordStrategyRun: async (run) => {
        recorded = await calls.loop_record({ step_id: recommendation.id, run });
        return { run_id: recorded.run_id, profile: recorded.profile };
      },
      log: (entry) => calls.pipeline_log(entry),
    },
  });
  const done = recorded as LoopRecordResult | null;
  const retrained = done?.retrain.due && options.retrain ? await options.retrain(LOOP_MODEL) : null;
  return { action: 'run', recommendation, recorded: done, iteration, retrained, cancelled: iteration.cancelled };
}
