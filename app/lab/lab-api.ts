// The Lab API in the reference's shape for scripts and the console (globalThis.saflaLab): neural_train trains on the pool and saves; neural_predict explains from similar examples; the training pipeline's custom tasks, runs and status.
import type { Neighbour, NeuralTrainResult, Prediction } from '../../core/models/lab';
import type { ClassifierFigures, CorrectInput, CorrectResult, NeuralPatternsInput, NeuralPatternsResult } from '../../core/patterns/api';
import { LabInputError } from '../../core/models/lab';
import type { EpochMetrics, TrainRequest, TrainResponse } from '../../workers/compute/api';
import type { EngineClient } from '../../workers/engine/types';
import type { PipelineRunInput, PipelineRunOutput, PipelineStatusOutput } from '../../core/pipeline/api';
import type { TaskRunResult } from '../../core/pipeline/runner';
import type { RunTaskInput } from '../pipeline/run-task';
import type { CatalogEntry } from '../../core/catalog/api';
import type { LoopRecommendInput, LoopStep } from '../../core/loop/api';
import type { LoopRunResult } from '../../core/loop/run';
import type { CatalogTrainInput, CatalogTrainResult } from '../patterns/catalog-train';
import type { LoopRunInput } from '../patterns/loop-runner';

/**
 * The training pipeline in this browser, loaded on first use (generator, strategies, the sandbox and ESLint stay out
 * of the page's first chunk): app/pipeline/run-task.ts and iteration-runner.ts over the real runners and the engine.
 */
export interface LabPipeline {
  runTask(input: unknown, signal?: AbortSignal): Promise<TaskRunResult>;
  run(input: unknown): Promise<PipelineRunOutput>;
  status(input?: unknown): Promise<PipelineStatusOutput>;
}

export interface LabDeps {
  engine: Pick<EngineClient, 'call'>;
  pool: { train(request: Omit<TrainRequest, 'jobId'>, onEpoch?: (m: EpochMetrics) => void): { done: Promise<TrainResponse> } };
  compute: {
    predict(key: string, file: Uint8Array, inputs: Record<string, unknown>[], k?: number, signal?: AbortSignal, neighbours?: Neighbour[][]): Promise<{ predictions: Prediction[]; path: string }>;
  };
  /** Left out where there is no page to run tasks in (node tests of the model functions). */
  pipeline?: LabPipeline;
  /** The learning loop's turn on this page's sandbox (app/patterns/loop-runner.ts); left out like pipeline. */
  loop?: { run(input: LoopRunInput): Promise<LoopRunResult> };
}

export interface NeuralTrainInput {
  pattern_type?: string;
  /** Records: an array, {trainingData, validationData}, or their JSON text (the reference passed JSON text). */
  training_data: unknown;
  epochs?: number;
  /** A custom-model config (the reference's JSON); pattern_type's default network when left out. */
  config?: unknown;
  description?: string;
}

/** The saved result: the reference's fields plus where the model now lives. */
export type SavedTrainResult = NeuralTrainResult & { version: string; kernel: string };

export interface NeuralPredictInput {
  modelId: string;
  version?: string;
  /** A record, or its JSON text. */
  input: unknown;
}

function record(v: unknown, field: string): Record<string, unknown> {
  let r = v;
  if (typeof r === 'string') {
    try {
      r = JSON.parse(r);
    } catch (e) {
      throw new LabInputError(field, `is not valid JSON (${(e as Error).message})`);
    }
  }
  if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new LabInputError(field, 'must be a record (a JSON object)');
  return r as Record<string, unknown>;
}

const NEIGHBOURS = 9;

export function createLabApi({ engine, pool, compute, pipeline, loop }: LabDeps) {
  const inBrowser = (): LabPipeline => {
    if (!pipeline) throw new Error('the training pipeline runs only in the app page (or from the CLI: safla train-pipeline)');
    return pipeline;
  };

  async function predictBatch(modelId: string, inputs: Record<string, unknown>[], version?: string) {
    const { info, file } = await engine.call('model_load', { modelId, ...(version === undefined ? {} : { version }) });
    const neighbours = await engine.call('model_neighbours', { modelId, version: info.version, inputs, k: NEIGHBOURS });
    const res = await compute.predict(`${modelId}@${info.version}`, file, inputs, NEIGHBOURS, undefined, neighbours);
    return { ...res, modelId, version: info.version };
  }

  return {
    /** Trains for real, saves the model as a new version with its per-epoch history, and returns the measured result. */
    async neural_train(input: NeuralTrainInput, onEpoch?: (m: EpochMetrics) => void): Promise<SavedTrainResult> {
      if (typeof input !== 'object' || input === null) throw new LabInputError('input', 'must be {pattern_type, training_data, epochs}');
      const res = await pool.train({ config: input.config, pattern_type: input.pattern_type, training_data: input.training_data, epochs: input.epochs }, onEpoch).done;
      const saved = await engine.call('model_save', { file: res.file, origin: 'trained', ...(input.description ? { description: input.description } : {}) });
      await engine.call('model_record_history', { modelId: saved.info.modelId, version: saved.info.version, epochs: res.history });
      return { ...res.result, modelId: saved.info.modelId, version: saved.info.version, kernel: res.kernel };
    },

    /** {prediction, confidence, reasoning, recommendations} for one record, from the latest (or a named) version. */
    async neural_predict(input: NeuralPredictInput): Promise<Prediction & { modelId: string; version: string }> {
      const { predictions, modelId, version } = await predictBatch(input.modelId, [record(input.input, 'input')], input.version);
      return { ...predictions[0], modelId, version };
    },

    /**
     * The reference's neural_patterns: analyze (pattern, confidence, probabilities, similar recorded operations,
     * recommendations), learn (stores the operation and its outcome) or predict (success and duration from
     * similar recorded outcomes, or a statement that there are too few). Runs in the engine worker.
     */
    neural_patterns(input: NeuralPatternsInput): Promise<NeuralPatternsResult> {
      return engine.call('neural_patterns', input);
    },

    /** Corrects an analysed operation's pattern; the classifier trains on it at its next use. */
    neural_patterns_correct(input: CorrectInput): Promise<CorrectResult> {
      return engine.call('patterns_correct', input);
    },

    /** The answering pattern classifier's measured held-out accuracy, confusion matrix and baselines. */
    neural_patterns_classifier(): Promise<ClassifierFigures> {
      return engine.call('patterns_classifier');
    },

    async neural_predict_batch(input: { modelId: string; version?: string; inputs: unknown[] }): Promise<{ predictions: Prediction[]; modelId: string; version: string; path: string }> {
      if (!Array.isArray(input?.inputs)) throw new LabInputError('inputs', 'must be an array of records');
      return predictBatch(input.modelId, input.inputs.map((r, i) => record(r, `inputs[${i}]`)), input.version);
    },

    /**
     * Runs your own task ({files, runner?, timeout_ms?}: source, tests, optional package.json) on a browser runner:
     * per-test results, lint messages, the runner's label and the duration. Malformed input is refused with a
     * TaskInputError naming the field, before anything runs.
     */
    pipeline_run_task(input: RunTaskInput | unknown, signal?: AbortSignal): Promise<TaskRunResult> {
      return inBrowser().runTask(input, signal);
    },

    /** Generated tasks under the strategies on this page's runner, scored and learned; `safla train-pipeline run --json`'s shape. */
    train_pipeline_run(input: PipelineRunInput | unknown): Promise<PipelineRunOutput> {
      return inBrowser().run(input);
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

    /** What the profiles learned so far, with recent runs and totals; `safla train-pipeline status --json`'s shape. */
    train_pipeline_status(input?: { preset?: string; weights?: unknown }): Promise<PipelineStatusOutput> {
      return inBrowser().status(input);
    },
  };
}

export type LabApi = ReturnType<typeof createLabApi>;
