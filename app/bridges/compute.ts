// The one bridge to the compute worker: starts it lazily, runs calls one at a time, terminates it on abort or when idle.
import { proxy, wrap, type Remote } from 'comlink';
import type * as ComputeApi from '../../workers/compute/api';
import type { BenchProgress, DeletedModel } from '../../workers/compute/api';
import type { Neighbour } from '../../core/models/lab';

export type { BenchmarkResult, BenchProgress, BenchRow, KernelInfo, Prediction, QuantizeResult, SelfCheckRow } from '../../workers/compute/api';

type Api = typeof ComputeApi;

/** A worker that ran nothing for this long is terminated; the next call starts a fresh one. */
const IDLE_MS = 15_000;

export interface ComputeBridgeOptions {
  /** Starts a worker; tests pass a stand-in. */
  createWorker?: () => Worker;
  idleMs?: number;
}

function startComputeWorker(): Worker {
  return new Worker(new URL('../../workers/compute/compute.worker.ts', import.meta.url), { type: 'module', name: 'compute' });
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

export class ComputeBridge {
  #worker: Worker | undefined;
  #api: Remote<Api> | undefined;
  /** Settles when the previous call has finished; calls chain onto it so that only one runs at a time. */
  #queue: Promise<void> = Promise.resolve();
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #createWorker: () => Worker;
  readonly #idleMs: number;

  constructor(options: ComputeBridgeOptions = {}) {
    this.#createWorker = options.createWorker ?? startComputeWorker;
    this.#idleMs = options.idleMs ?? IDLE_MS;
  }

  /** Whether a worker is running now (for tests and diagnostics). */
  get running(): boolean {
    return this.#worker !== undefined;
  }

  kernelInfo(signal?: AbortSignal) {
    return this.#call(signal, (api) => api.kernelInfo());
  }

  selfCheck(signal?: AbortSignal) {
    return this.#call(signal, (api) => api.selfCheck());
  }

  /** Runs the quick benchmark; onProgress is called from the worker as each case starts. */
  runBenchmark(onProgress: (p: BenchProgress) => void, signal?: AbortSignal) {
    return this.#call(signal, (api) => api.runBenchmark(proxy(onProgress)));
  }

  /** neural_predict_batch: predictions with reasoning; key names the version (modelId@version) so the worker can unload it once deleted. */
  predict(key: string, file: Uint8Array, inputs: Record<string, unknown>[], k?: number, signal?: AbortSignal, neighbours?: Neighbour[][]) {
    return this.#call(signal, (api) => api.neural_predict_batch(key, file, inputs, k, neighbours));
  }

  /** Raw network outputs [records × outputs] for records (featurized in the worker with the file's schema). */
  infer(key: string, file: Uint8Array, records: Record<string, unknown>[], signal?: AbortSignal) {
    return this.#call(signal, (api) => api.infer(key, file, records));
  }

  /** int8 copy of a float model; accuracy before/after is measured only when validation records are given. */
  quantize(file: Uint8Array, validationRecords?: Record<string, unknown>[], signal?: AbortSignal) {
    return this.#call(signal, (api) => api.neural_quantize(file, validationRecords));
  }

  /** Unloads what the worker loaded for deleted models (see app/bridges/model-caches.ts); starts no worker to do it. */
  forgetModels(deleted: DeletedModel[], signal?: AbortSignal): Promise<number> {
    if (!this.#worker) return Promise.resolve(0);
    return this.#call(signal, (api) => api.forgetModels(deleted));
  }

  /** Ends the worker now; a call in flight rejects through its own abort, others start a fresh worker. */
  terminate(): void {
    clearTimeout(this.#idleTimer);
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#api = undefined;
  }

  #start(): { worker: Worker; api: Remote<Api> } {
    if (!this.#worker || !this.#api) {
      this.#worker = this.#createWorker();
      this.#api = wrap<Api>(this.#worker);
    }
    return { worker: this.#worker, api: this.#api };
  }

  #call<T>(signal: AbortSignal | undefined, fn: (api: Remote<Api>) => Promise<T>): Promise<T> {
    const turn = this.#queue;
    let release!: () => void;
    this.#queue = new Promise<void>((r) => (release = r));

    return new Promise<T>((resolve, reject) => {
      let started = false;
      let done = false;
      let worker: Worker | undefined;
      // Settles this call once and hands the queue on; an aborted call's comlink promise never settles, so it cannot wait for it.
      const finish = (settle: () => void) => {
        if (done) return;
        done = true;
        signal?.removeEventListener('abort', onAbort);
        worker?.removeEventListener('error', onError);
        settle();
        if (started && this.#worker) this.#scheduleIdle();
        release();
      };
      const onError = (e: ErrorEvent) => {
        // A worker that failed to load or threw outside a call cannot answer; the next call starts over.
        this.terminate();
        finish(() => reject(new Error(`compute worker failed: ${e.message || 'the script could not be loaded'}`)));
      };
      const onAbort = () => {
        // Terminating is the only way to stop wasm mid-loop; calls queued behind this one get a fresh worker.
        if (started) this.terminate();
        if (started) finish(() => reject(abortError(signal!)));
        else {
          // Not started yet: reject now, but keep the queue order until the earlier call is done.
          done = true;
          signal?.removeEventListener('abort', onAbort);
          reject(abortError(signal!));
          void turn.then(release);
        }
      };
      if (signal?.aborted) {
        reject(abortError(signal));
        void turn.then(release);
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      void turn.then(async () => {
        if (done) return;
        clearTimeout(this.#idleTimer);
        started = true;
        try {
          const w = this.#start();
          worker = w.worker;
          worker.addEventListener('error', onError);
          const value = await fn(w.api);
          finish(() => resolve(value));
        } catch (err) {
          finish(() => reject(err));
        }
      });
    });
  }

  #scheduleIdle(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => this.terminate(), this.#idleMs);
  }
}

/** The app's compute bridge. */
export const compute = new ComputeBridge();
