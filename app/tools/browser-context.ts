// The tool catalog's context in the browser: the engine bridge's methods, training and fine-tuning as compute-pool jobs (a call's abort cancels its job), inference and quantization on the compute bridge, the pipeline on this page's runners, the page's storage and heap figures, and no files.
import type { Neighbour, Prediction } from '../../core/models/lab';
import type { QuantizeResult } from '../../core/models/model-ops';
import { BROWSER_RUNNERS, BROWSER_STATE, type PipelineRunInput, type PipelineRunOutput, type PipelineStatusOutput } from '../../core/pipeline/api';
import type { AbortLike } from '../../core/pipeline/runner';
import type { HostFigures, PipelineControl, ToolContext } from '../../core/tools/context';
import { ToolCancelledError } from '../../core/tools/errors';
import { createJobBoard } from '../../core/tools/jobs';
import type { EpochMetrics, FineTuneRequest, FineTuneResponse, KernelInfo, TrainRequest, TrainResponse } from '../../workers/compute/api';
import type { EngineClient } from '../../workers/engine/types';

/** A compute-pool job as app/bridges/compute-pool.ts hands it out. */
export interface BrowserJob<R> {
  done: Promise<R>;
  cancel(): void;
  /** 'cancelled' once the job stopped on a cancel (also one that stopped before its first epoch, which rejects). */
  state(): string;
}


export interface BrowserToolDeps {
  engine: Pick<EngineClient, 'call' | 'storageEstimate'>;
  pool: {
    train(request: Omit<TrainRequest, 'jobId'>, onEpoch?: (m: EpochMetrics) => void): BrowserJob<TrainResponse>;
    fineTune(request: Omit<FineTuneRequest, 'jobId'>, onEpoch?: (m: EpochMetrics) => void): BrowserJob<FineTuneResponse>;
  };
  compute: {
    predict(key: string, file: Uint8Array, inputs: Record<string, unknown>[], k?: number, signal?: AbortSignal, neighbours?: Neighbour[][]): Promise<{ predictions: Prediction[]; path: string }>;
    infer(key: string, file: Uint8Array, records: Record<string, unknown>[]): Promise<Float32Array>;
    quantize(file: Uint8Array, validation?: Record<string, unknown>[]): Promise<{ result: QuantizeResult; file: Uint8Array }>;
    kernelInfo(): Promise<KernelInfo>;
  };
  /** app/pipeline/iteration-runner.ts's runPipeline and pipelineStatus on this page's runners. */
  pipeline: {
    run(input: PipelineRunInput, control: PipelineControl): Promise<PipelineRunOutput>;
    status(input: { preset?: string; weights?: unknown }): Promise<PipelineStatusOutput>;
  };
  /** The page's JavaScript heap (Chromium's performance.memory); null where the browser reports none. */
  heap?: () => { used: number; total: number } | null;
  wallClock?: () => number;
  /** Where a bug's stack goes. */
  log?: (message: string) => void;
}

/** Waits for a pool job, cancelling it when the call's signal fires (a running job stops after its epoch and says so in its result). */
export async function settle<R>(job: BrowserJob<R>, signal: AbortLike | undefined, what: string): Promise<R> {
  const stop = () => job.cancel();
  if (signal?.aborted) job.cancel();
  else signal?.addEventListener('abort', stop);
  try {
    return await job.done;
  } catch (e) {
    // A queued job cancelled before it started rejects with an AbortError; a running one stopped before its first epoch
    // rejects too (there is no model to keep): the pool calls both cancelled.
    if (signal?.aborted && (job.state() === 'cancelled' || (e instanceof Error && e.name === 'AbortError'))) throw new ToolCancelledError(`before ${what} finished an epoch; nothing was stored`);
    throw e;
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

export function createBrowserToolContext(deps: BrowserToolDeps): ToolContext {
  const { engine, pool, compute } = deps;
  const wallClock = deps.wallClock ?? (() => Date.now());
  return {
    // The engine serves every method the tools call (workers/engine/memory-host.ts OWNER_METHODS); errors keep their names and fields.
    engine,
    async saveModel({ file, origin, description, modelId, history }) {
      const saved = await engine.call('model_save', { file, origin, ...(description ? { description } : {}), ...(modelId ? { modelId } : {}) });
      if (history && history.length > 0) await engine.call('model_record_history', { modelId: saved.info.modelId, version: saved.info.version, epochs: history });
      return saved;
    },
    compute: {
      train: (request, control) => settle(pool.train(request, control.onEpoch), control.signal, 'training'),
      fineTune: (request, control) => settle(pool.fineTune(request, control.onEpoch), control.signal, 'fine-tuning'),
      predict: (key, file, inputs, neighbours) => compute.predict(key, file, inputs, undefined, undefined, neighbours),
      infer: (key, file, records) => compute.infer(key, file, records),
      quantize: (file, validation) => compute.quantize(file, validation as Record<string, unknown>[] | undefined),
    },
    pipeline: {
      runners: BROWSER_RUNNERS,
      run: (request, control) => deps.pipeline.run({
        complexity: request.complexity, iterations: request.iterations, runner: request.runner as PipelineRunInput['runner'], validate: request.validate,
        ...(request.strategy !== undefined ? { strategy: request.strategy } : {}),
        ...(request.seed !== undefined ? { seed: request.seed } : {}),
        ...(request.timeout_ms !== undefined ? { timeout_ms: request.timeout_ms } : {}),
        ...(request.preset !== undefined ? { preset: request.preset } : {}),
        ...(request.weights !== undefined ? { weights: request.weights } : {}),
      }, control),
      status: (input) => deps.pipeline.status(input),
    },
    system: {
      async kernel() {
        const k = await compute.kernelInfo();
        return { build: `wasm-${k.flavor}`, simd: k.features.simd, relaxed_simd: k.features.relaxedSimd };
      },
      async figures(): Promise<HostFigures> {
        const [estimate, heap] = await Promise.all([engine.storageEstimate(), Promise.resolve(deps.heap?.() ?? null)]);
        return {
          storage: estimate ? { usage: estimate.usage, quota: estimate.quota } : null,
          process: heap ? { heap_used: heap.used, heap_total: heap.total } : null,
        };
      },
    },
    // No files: model_save's path and model_load's modelPath are refused naming the field (core/tools/models.ts).
    jobs: createJobBoard(wallClock),
    host: { kind: 'browser', state: BROWSER_STATE },
    wallClock,
    log: deps.log ?? ((m) => console.error(m)),
  };
}
