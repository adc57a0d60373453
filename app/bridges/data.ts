// The one bridge to the data worker: starts it lazily and keeps it (it holds the loaded dataset); files stream in there with progress and cancel, and each run's prepared data comes back as transferred buffers for the compute pool.
import { proxy, wrap, type Remote } from 'comlink';
import { preparedBuffers, type PrepareOptions } from '../../core/training/prepare';
import type * as DataApi from '../../workers/data/api';
import type { DatasetInfo, DatasetView, LoadProgress } from '../../workers/data/api';
import type { PreparedPayload } from './compute-pool';

export type { ColumnsPreview, DatasetInfo, DatasetView, LoadProgress } from '../../workers/data/api';

type Api = typeof DataApi;

export interface DataBridgeOptions {
  /** Starts a worker; tests pass a stand-in. */
  createWorker?: () => Worker;
}

function startDataWorker(): Worker {
  return new Worker(new URL('../../workers/data/data.worker.ts', import.meta.url), { type: 'module', name: 'data' });
}

export class DataBridge {
  #worker: Worker | undefined;
  #api: Remote<Api> | undefined;
  /** Calls in flight, rejected if the worker fails (its comlink promises would never settle). */
  readonly #pending = new Set<(e: Error) => void>();
  readonly #createWorker: () => Worker;

  constructor(options: DataBridgeOptions = {}) {
    this.#createWorker = options.createWorker ?? startDataWorker;
  }

  /**
   * Streams a file into the worker's columns. The File itself crosses (a handle, not its bytes); progress comes back a
   * few times a second, with the columns as soon as the header is read. Aborting stops the reading between chunks.
   */
  load(file: Blob, name: string, options: PrepareOptions, onProgress: (p: LoadProgress) => void, signal?: AbortSignal): Promise<DatasetInfo> {
    return this.#call(async (api) => {
      const onAbort = () => void api.cancelLoad();
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        return await api.load(file, name, options, proxy(onProgress));
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    });
  }

  /** Stops the file being read; false when none is (or no worker was started). */
  cancelLoad(): Promise<boolean> {
    if (!this.#api) return Promise.resolve(false);
    return this.#call((api) => api.cancelLoad());
  }

  /** What training with these options will see of dataset `id` (the featurizer fitted in the worker). */
  view(id: number, options: PrepareOptions): Promise<DatasetView> {
    return this.#call((api) => api.view(id, options));
  }

  /** A run's prepared data, moved here from the worker, with the buffers to move on to a compute worker. */
  async prepare(id: number, options: PrepareOptions): Promise<PreparedPayload> {
    const run = await this.#call((api) => api.prepare(id, options));
    return { data: run, transfer: preparedBuffers(run.prepared) };
  }

  /** Ends the worker and the dataset it holds. */
  terminate(): void {
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#api = undefined;
  }

  #start(): Remote<Api> {
    if (!this.#api) {
      const worker = this.#createWorker();
      worker.addEventListener('error', (e) => {
        if (this.#worker !== worker) return;
        this.terminate();
        const err = new Error(`the data worker failed: ${e.message || 'the script could not be loaded'}`);
        for (const fail of this.#pending) fail(err);
      });
      this.#worker = worker;
      this.#api = wrap<Api>(worker);
    }
    return this.#api;
  }

  #call<T>(fn: (api: Remote<Api>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const fail = (e: Error) => reject(e);
      this.#pending.add(fail);
      fn(this.#start()).then(resolve, reject).finally(() => this.#pending.delete(fail));
    });
  }
}

/** The app's data bridge. */
export const data = new DataBridge();
