// What the tool handlers run over: the engine's methods, the compute side (training, fine-tuning, inference, quantization), the pipeline, the host's figures and files. One implementation per host.
import type { MemoryApi } from '../memory/api';
import type { ModelsApi, ModelSummary, Neighbour, SaveOrigin } from '../models/api';
import type { EnsemblesApi } from '../models/ensembles';
import type { NeuralTrainResult, Prediction } from '../models/lab';
import type { QuantizeResult } from '../models/model-ops';
import type { TransferOptions, TransferResult } from '../models/transfer';
import type { PatternsApi } from '../patterns/api';
import type { PipelineApi, PipelineRunOutput, PipelineStatusOutput } from '../pipeline/api';
import type { ProgressEvent } from '../pipeline/iteration';
import type { AbortLike } from '../pipeline/runner';
import type { PresetName, Weights } from '../pipeline/selection';
import type { Strategy } from '../pipeline/strategies/types';
import type { Complexity } from '../pipeline/task';
import type { EpochMetrics, TrainData } from '../training/train';
import type { JobBoard } from './jobs';

/*
 * Design note. The catalog (catalog.ts) defines every tool once; a host makes one ToolContext and hands it to
 * callTool. The context is cut where the two hosts already differ, and nowhere else:
 *
 * - engine: the engine worker's own method table (memory, model registry, pipeline store, ensembles, neural_patterns), called as
 *   `engine.call(method, input)`. The browser passes its engine bridge (app/bridges/engine.ts) as it is; node
 *   (cli/tool-context.ts) answers the same methods from the state folder's APIs (cli/state.ts). Errors keep their
 *   names either way (MemoryInputError, RegistryError, …), which is all errors.ts looks at.
 * - compute: what needs the kernel. train(request, call) is the compute pool's `train(request, onEpoch)` (the
 *   browser cancels with the job's cancel(), node with the signal between epochs); predict is the compute bridge's
 *   `predict(key, file, inputs, k, signal, neighbours)`, infer its `infer(key, file, records)`, quantize its
 *   `quantize(file, validation)`. fineTune is core/models/transfer.ts's transferModel on the host's kernel (node
 *   here; a compute-worker function in the browser). Inputs and results are plain data (structured-cloneable).
 * - saveModel: a version and its per-epoch history together (node: one transaction; the browser: model_save then
 *   model_record_history, as saflaLab.neural_train does).
 * - pipeline: runs iterations on the host's runner (node: `npm test` in a temporary folder; the browser: the
 *   sandbox, from the page) and reads its status.
 * - system, files, host: the figures only a host has (kernel build, process memory or the storage estimate),
 *   files on disk (node only: model_save's path, model_load's modelPath), and where state lives.
 * - jobs: the host's board of running long calls (one per server or page), which callTool keeps and
 *   neural_status lists.
 * Handlers do the rest in core (decoding files, scoring, explanations, ensembles), so both hosts compute the same.
 */

export type ToolEngineMethods = MemoryApi & ModelsApi & PipelineApi & EnsemblesApi & PatternsApi;
export type ToolEngineMethod = keyof ToolEngineMethods;

export interface ToolEngine {
  call<M extends ToolEngineMethod>(method: M, ...args: Parameters<ToolEngineMethods[M]>): Promise<ReturnType<ToolEngineMethods[M]>>;
}

/** Every engine method as a function of a host's (answering at once or later): the mapped form lets call index it with a generic method name. */
export type ToolEngineTable = { [M in ToolEngineMethod]: (...args: Parameters<ToolEngineMethods[M]>) => ReturnType<ToolEngineMethods[M]> | Promise<ReturnType<ToolEngineMethods[M]>> };

/** The engine over a host's own table of methods (node: the state folder's APIs, cli/tool-context.ts). */
export function tableEngine(table: ToolEngineTable): ToolEngine {
  return { call: async (method, ...args) => table[method](...args) };
}

export interface ToolProgress {
  /** Grows with every report (epochs done, strategy runs done). */
  progress: number;
  total?: number;
  message?: string;
}

/** Per call: how the client cancels it, hears its progress, and (where the host can ask) confirms a destructive one. */
export interface ToolCall {
  signal?: AbortLike;
  onProgress?: (p: ToolProgress) => void;
  /** Asks the user before a destructive tool runs (WebMCP's user-interaction request); absent where the client approves calls itself (MCP). */
  confirm?: (question: string) => Promise<boolean>;
}

/** A training job as the compute pool takes it: a config or a pattern type, the records, epochs. */
export interface TrainRequest {
  config?: unknown;
  pattern_type?: string;
  training_data: TrainData;
  epochs?: number;
}

/** A trained (or fine-tuned) model: its file and how it went. */
export interface Trained<R> {
  result: R;
  /** The .clf file. */
  file: Uint8Array;
  history: EpochMetrics[];
  /** The kernel build that trained it. */
  kernel: string;
}

export interface FineTuneRequest {
  /** The source version's .clf file (float weights). */
  file: Uint8Array;
  data: TrainData;
  options: TransferOptions;
}

/** How a training job is watched and stopped: each epoch's metrics as it ends; the signal stops it between epochs. */
export interface TrainControl {
  signal?: AbortLike;
  onEpoch?: (m: EpochMetrics) => void;
}

/** Where training, fine-tuning and inference run: the kernel in this process (node) or the compute workers (browser). */
export interface ToolCompute {
  /** Trains; resolves with status 'cancelled' when the signal stopped it between epochs. */
  train(request: TrainRequest, control: TrainControl): Promise<Trained<NeuralTrainResult>>;
  fineTune(request: FineTuneRequest, control: TrainControl): Promise<Trained<TransferResult>>;
  /** Predictions with reasoning from the given neighbours; key names the version (modelId@version). */
  predict(key: string, file: Uint8Array, inputs: Record<string, unknown>[], neighbours: Neighbour[][]): Promise<{ predictions: Prediction[]; path: string }>;
  /** Raw outputs [records × outputs] (records featurized with the file's schema). */
  infer(key: string, file: Uint8Array, records: Record<string, unknown>[]): Promise<Float32Array>;
  /** An int8 copy; accuracy before and after measured on the validation records when given. */
  quantize(file: Uint8Array, validation?: unknown[]): Promise<{ result: QuantizeResult; file: Uint8Array }>;
}

export interface PipelineRunRequest {
  complexity: Complexity;
  iterations: number;
  strategy?: Strategy;
  seed?: number;
  timeout_ms?: number;
  /** One of ToolPipeline.runners. */
  runner: string;
  preset?: PresetName;
  weights?: Weights;
  validate: boolean;
}

/** How a pipeline run is watched and stopped: each iteration's progress events (iteration 0-based); the signal stops it after the strategy run in progress. */
export interface PipelineControl {
  signal?: AbortLike;
  onProgress?: (event: ProgressEvent, iteration: number) => void;
}

export interface ToolPipeline {
  /** The runners this host has, the default first. */
  readonly runners: readonly string[];
  /** The events as they come; train_pipeline_run words them as tool progress (core/tools/pipeline.ts). */
  run(request: PipelineRunRequest, control: PipelineControl): Promise<PipelineRunOutput>;
  status(input: { preset?: PresetName; weights?: Weights }): Promise<PipelineStatusOutput>;
}

export interface KernelSummary {
  /** The build training runs on ('wasm-simd', 'wasm-relaxed', 'wasm-scalar'). */
  build: string;
  simd: boolean;
  relaxed_simd: boolean;
}

/** Memory figures only the host knows; null parts where it has none. */
export interface HostFigures {
  /** node: the state database on disk; browser: navigator.storage.estimate(). */
  storage: { database_bytes?: number; wal_bytes?: number; usage?: number; quota?: number } | null;
  /** node: process.memoryUsage(); browser: what the page can read, or null. */
  process: { rss?: number; heap_used?: number; heap_total?: number; external?: number; array_buffers?: number } | null;
}

export interface ToolSystem {
  kernel(): Promise<KernelSummary>;
  figures(): Promise<HostFigures>;
}

/** Files on disk (node). Absent in the browser: tools that need a path say so. */
export interface ToolFiles {
  /** The bytes of a .clf file, refusing a non-file and anything beyond a model file's size limit before reading it whole. */
  readModel(path: string): Promise<Uint8Array>;
  /** Writes bytes (creating missing folders), refusing a file already there unless overwrite; resolves with the absolute path written. */
  write(path: string, bytes: Uint8Array, overwrite: boolean): Promise<string>;
}

export interface ToolContext {
  engine: ToolEngine;
  saveModel(input: { file: Uint8Array; origin: SaveOrigin; description?: string; modelId?: string; history?: EpochMetrics[] }): Promise<ModelSummary>;
  compute: ToolCompute;
  pipeline: ToolPipeline;
  system: ToolSystem;
  files?: ToolFiles;
  jobs: JobBoard;
  host: {
    kind: 'node' | 'browser';
    /** Where models and memory live, in words (the state folder, or the browser's OPFS database). */
    state: string;
  };
  /** ms since the epoch. */
  wallClock(): number;
  /** Where a bug's stack goes (stderr in node); the tool result carries only its message. */
  log(message: string): void;
}
