// The compute worker's API: plain functions run inside the worker; the app reaches them through app/bridges/compute.ts.
import { detectFeatures, type KernelFeatures, type KernelFlavor } from '../../kernel/js/features';
import { loadKernelBrowser } from '../../kernel/js/browser';
import { plainJsPeer } from './bench/plain-js';
import { runSuite } from './bench/suite';
import type { BenchProgress, BenchRow } from './bench/types';
import { createModelsApi } from './models-api';
import { runSelfChecks, type SelfCheckRow } from './self-check';

export type { BenchProgress, BenchRow, SelfCheckRow };
export type { Confusion, DeletedModel, EpochMetrics, FineTuneRequest, FineTuneResponse, NeuralTrainResult, Prediction, PreparedTrainRequest, QuantizeResult, TrainRequest, TrainResponse, TransferResult } from './models-api';

export interface KernelInfo {
  /** The build this worker loaded. */
  flavor: KernelFlavor;
  /** What this worker's WebAssembly engine validated. */
  features: KernelFeatures;
  /** Linear memory the module holds right now. */
  memoryBytes: number;
}

export async function kernelInfo(): Promise<KernelInfo> {
  const kernel = await loadKernelBrowser();
  return { flavor: kernel.flavor, features: detectFeatures(), memoryBytes: kernel.memoryBytes };
}

export async function selfCheck(): Promise<SelfCheckRow[]> {
  return runSelfChecks(await loadKernelBrowser());
}

export interface BenchmarkResult {
  rows: BenchRow[];
  /** What the suite said about cases it skipped or outputs that disagreed. */
  notes: string[];
}

/** The quick in-app benchmark: our kernel against plain JS, measured in this worker. */
export async function runBenchmark(onProgress?: (p: BenchProgress) => void): Promise<BenchmarkResult> {
  const kernel = await loadKernelBrowser();
  const notes: string[] = [];
  const rows = await runSuite(kernel, {
    peers: [plainJsPeer],
    quick: true,
    // Not awaited: the callback crosses to the page and answers while the suite goes on.
    onProgress: onProgress ? (p) => void onProgress(p) : undefined,
    onNote: (m) => notes.push(m),
  });
  return { rows, notes };
}

// ---- models: training jobs, prediction and quantization on the kernel ----

const models = createModelsApi({
  kernel: () => loadKernelBrowser(),
  now: () => performance.now(),
  wallClock: () => Date.now(),
  // A macrotask boundary lets a queued cancelTraining message run between epochs.
  yieldToEvents: () => new Promise((resolve) => setTimeout(resolve, 0)),
});

export const neural_train = models.neural_train;
export const neural_train_prepared = models.neural_train_prepared;
export const neural_fine_tune = models.neural_fine_tune;
export const cancelTraining = models.cancelTraining;
export const neural_predict_batch = models.neural_predict_batch;
export const neural_quantize = models.neural_quantize;
export const infer = models.infer;
export const modelCacheStats = models.modelCacheStats;
export const forgetModels = models.forgetModels;
