// The compute worker's model functions: training and fine-tuning jobs that stream per-epoch metrics and can be cancelled, and prediction/quantization on cached kernel models.
import { decodeClf, encodeClf, type ModelArtifact } from '../../core/format/clf';
import { parseModelConfig } from '../../core/models/config';
import { featurize } from '../../core/models/featurizer';
import { LabInputError, parseTrainingData, requestConfig, type Neighbour, type NeuralTrainResult, type Prediction } from '../../core/models/lab';
import { packageModel, predictRecords, quantizeModel, trainModel, type QuantizeResult } from '../../core/models/model-ops';
import { transferModel, type TransferOptions, type TransferResult } from '../../core/models/transfer';
import type { KernelPort } from '../../core/nn/port';
import { accuracyOf, confusionMatrix, predictedClasses } from '../../core/training/metrics';
import type { Prepared } from '../../core/training/prepare';
import { checkEpochs, trainPrepared, type EpochMetrics, type TrainData } from '../../core/training/train';
import type { Kernel } from '../../kernel/js/kernel';
import { createWasmPort } from '../../kernel/js/network';
import { loadOnKernel, ModelCache, type CacheStats } from './model-runtime';

export type { EpochMetrics, NeuralTrainResult, Prediction, QuantizeResult, TransferResult };

export interface TrainRequest {
  /** Lets cancelTraining(jobId) stop this job. */
  jobId: string;
  /** A custom-model config (the reference's JSON); or leave out and give pattern_type. */
  config?: unknown;
  pattern_type?: string;
  /** Records: an array, {trainingData, validationData}, or their JSON text. */
  training_data: unknown;
  epochs?: number;
}

export interface TrainResponse {
  result: NeuralTrainResult;
  /** The trained model as a .clf file (safetensors). */
  file: Uint8Array;
  history: EpochMetrics[];
  /** Which kernel build trained it. */
  kernel: string;
  /** Prepared data only: the kept weights' confusion matrix on the validation rows (null for regression). */
  confusion?: Confusion | null;
}

export interface Confusion {
  labels: string[];
  /** matrix[true][predicted] */
  matrix: number[][];
  /** Validation records it was measured on. */
  n: number;
  /** Accuracy of these predictions: it should equal the result's validation accuracy. */
  accuracy: number;
}

/** A training job on data prepared elsewhere (the Lab's data worker): the design matrix arrives as transferred buffers. */
export interface PreparedTrainRequest {
  jobId: string;
  /** The reference's JSON config; the data was prepared with prepareOptionsOf(this config). */
  config: unknown;
  epochs: number;
  prepared: Prepared;
  /** Training records the model file keeps for explanations. */
  examples: Record<string, unknown>[];
}

/** A fine-tuning job (transfer_learn): a saved float model's file, the new records, which layers stay frozen. */
export interface FineTuneRequest {
  /** Lets cancelTraining(jobId) stop this job. */
  jobId: string;
  /** The source version's .clf file. */
  file: Uint8Array;
  data: TrainData;
  options: TransferOptions;
}

export interface FineTuneResponse {
  result: TransferResult;
  /** The fine-tuned model as a .clf file. */
  file: Uint8Array;
  history: EpochMetrics[];
  kernel: string;
}

/** A version of a model that was deleted (every version of it when version is null). */
export interface DeletedModel {
  modelId: string;
  version: string | null;
}

/** What a models API needs from its host: the kernel (loaded once) and a wall clock. */
export interface ModelHost {
  kernel: () => Promise<Kernel>;
  now: () => number;
  wallClock: () => number;
  /** Lets queued messages (a cancel) run between epochs. */
  yieldToEvents: () => Promise<void>;
}

/** "sha256:<hex>" of a file (the same identity the registry records): what loaded models are cached under. */
export async function fileIdentity(file: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', file as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return `sha256:${hex}`;
}

export function createModelsApi(host: ModelHost) {
  const cancelled = new Set<string>();
  const running = new Set<string>();
  const cache = new ModelCache({ now: host.now });
  let port: KernelPort | undefined;
  const getPort = async (): Promise<{ kernel: Kernel; port: KernelPort }> => {
    const kernel = await host.kernel();
    port ??= createWasmPort(kernel);
    return { kernel, port };
  };

  /**
   * Loads (or reuses) a model on the kernel. The cache is keyed by the file's own hash, never by the caller's
   * name for it (e.g. modelId@version): a name can outlive its file (deleted, then saved again with other
   * weights), bytes cannot. The name is kept so that forgetModels can unload what a delete made unreachable.
   */
  async function loaded(name: string, file: Uint8Array) {
    const [{ kernel, port: p }, id] = await Promise.all([getPort(), fileIdentity(file)]);
    return cache.get(id, () => loadOnKernel(kernel, p, decodeClf(file)), name);
  }

  /**
   * Runs a training job (training, prepared training, fine-tuning) on the kernel: one at a time per id, stopped
   * between epochs once cancelTraining(id) asks. The id is registered before the first await (the kernel's load), so a
   * cancel sent right after the request is not lost.
   */
  async function job<R>(jobId: string, run: (k: { kernel: Kernel; port: KernelPort }, hooks: { now: () => number; wallClock: () => number; shouldStop: () => boolean; yieldEvery: () => Promise<void> }) => Promise<R>): Promise<R> {
    if (running.has(jobId)) throw new LabInputError('jobId', `${jobId} is already running`);
    running.add(jobId);
    try {
      const k = await getPort();
      return await run(k, { now: host.now, wallClock: host.wallClock, shouldStop: () => cancelled.has(jobId), yieldEvery: host.yieldToEvents });
    } finally {
      running.delete(jobId);
      cancelled.delete(jobId);
    }
  }

  return {
    async neural_train(req: TrainRequest, onEpoch?: (m: EpochMetrics) => void): Promise<TrainResponse> {
      const config = requestConfig(req);
      const data = parseTrainingData(req.training_data);
      return job(req.jobId, async ({ port: p }, hooks) => {
        const trained = await trainModel(p, config, data, { ...hooks, onEpoch }, req.epochs);
        return { result: trained.result, file: encodeClf(trained.artifact), history: trained.outcome.history, kernel: p.name };
      });
    },

    /** Fine-tunes the file's float model on new records with frozen layers (core/models/transfer.ts); cancelTraining(jobId) stops it between epochs. */
    async neural_fine_tune(req: FineTuneRequest, onEpoch?: (m: EpochMetrics) => void): Promise<FineTuneResponse> {
      const source = decodeClf(req.file);
      return job(req.jobId, async ({ port: p }, hooks) => {
        const tuned = await transferModel(p, source, req.data, req.options, { ...hooks, onEpoch });
        return { result: tuned.result, file: encodeClf(tuned.artifact), history: tuned.outcome.history, kernel: p.name };
      });
    },

    /** neural_train on prepared data; the result also holds the confusion matrix of the validation rows, measured on the kernel. */
    async neural_train_prepared(req: PreparedTrainRequest, onEpoch?: (m: EpochMetrics) => void): Promise<TrainResponse> {
      const config = parseModelConfig(typeof req.config === 'string' ? JSON.parse(req.config) : req.config);
      checkEpochs(req.epochs);
      return job(req.jobId, async ({ kernel, port: p }, hooks) => {
        const outcome = await trainPrepared(p, config, req.prepared, { ...hooks, onEpoch }, req.epochs);
        const trained = packageModel(p.name, config, outcome, req.examples, hooks.wallClock, req.epochs);
        const { labels, task } = trained.artifact.schema.target;
        let confusion: Confusion | null = null;
        const v = req.prepared.validation;
        if (task === 'classification' && v.n > 0) {
          const model = loadOnKernel(kernel, p, trained.artifact);
          try {
            const pred = predictedClasses(model.infer(v.x, v.n), v.n, trained.artifact.spec.layers[trained.artifact.spec.layers.length - 1].size);
            confusion = { labels, matrix: confusionMatrix(pred, v.y, labels.length), n: v.n, accuracy: accuracyOf(pred, v.y) };
          } finally {
            model.dispose();
          }
        }
        return { result: trained.result, file: encodeClf(trained.artifact), history: outcome.history, kernel: p.name, confusion };
      });
    },

    /** Asks a running job to stop after its current epoch; false when no such job runs. */
    cancelTraining(jobId: string): boolean {
      if (!running.has(jobId)) return false;
      cancelled.add(jobId);
      return true;
    },

    /**
     * Predictions with reasoning. name says which version the file is (modelId@version), for forgetModels; the
     * file itself is what answers. neighbours[i], when given, are input i's similar examples as the engine's
     * vector index found them; without them the model file's examples are searched here by brute force.
     */
    async neural_predict_batch(name: string, file: Uint8Array, inputs: Record<string, unknown>[], k = 9, neighbours?: Neighbour[][]): Promise<{ predictions: Prediction[]; path: string }> {
      const model = await loaded(name, file);
      const a: ModelArtifact = model.artifact;
      if (neighbours && neighbours.length !== inputs.length) throw new LabInputError('neighbours', `has ${neighbours.length} lists for ${inputs.length} inputs`);
      const predictions = predictRecords(a, inputs, { k, infer: (_, x, n) => model.infer(x, n), neighbours: neighbours ? (_, i) => neighbours[i] : undefined });
      return { predictions, path: model.path };
    },

    /** Outputs for already-featurized rows (benchmarks and the ensemble path). */
    async infer(name: string, file: Uint8Array, records: Record<string, unknown>[]): Promise<Float32Array> {
      const model = await loaded(name, file);
      const w = model.artifact.schema.width;
      const x = new Float32Array(records.length * w);
      records.forEach((r, i) => featurize(model.artifact.schema, r, x.subarray(i * w, (i + 1) * w)));
      return model.infer(x, records.length);
    },

    async neural_quantize(file: Uint8Array, validation?: Record<string, unknown>[]): Promise<{ result: QuantizeResult; file: Uint8Array }> {
      const { kernel, port: p } = await getPort();
      const a = decodeClf(file);
      // Accuracy before and after is measured on the kernel paths the app predicts with.
      const { artifact, result } = quantizeModel(a, validation, (m, x, n) => {
        const run = loadOnKernel(kernel, p, m);
        try {
          return run.infer(x, n);
        } finally {
          run.dispose();
        }
      });
      return { result, file: encodeClf(artifact) };
    },

    modelCacheStats(): CacheStats {
      return cache.stats();
    },

    /** Unloads what was loaded under the names (modelId@version) of deleted models; returns how many models were unloaded. */
    forgetModels(deleted: DeletedModel[]): number {
      if (!Array.isArray(deleted)) return 0;
      return cache.forget((name) => deleted.some((d) => name === `${d.modelId}@${d.version}` || (d.version === null && name.startsWith(`${d.modelId}@`))));
    },
  };
}
