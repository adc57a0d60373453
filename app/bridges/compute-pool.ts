// The pool of compute workers for parallel training and fine-tuning: each job gets its own worker, streams its epochs and can be cancelled; beyond the pool's size, jobs queue.
import { proxy, transfer, wrap, type Remote } from 'comlink';
import type * as ComputeApi from '../../workers/compute/api';
import type { DeletedModel, EpochMetrics, FineTuneRequest, FineTuneResponse, PreparedTrainRequest, TrainRequest, TrainResponse } from '../../workers/compute/api';

/** A prepared job's data, fetched when a worker is free (from the data worker) with the buffers to transfer on. */
export interface PreparedPayload {
  data: Pick<PreparedTrainRequest, 'prepared' | 'examples'>;
  transfer: Transferable[];
}

type Api = typeof ComputeApi;

export interface PoolOptions {
  /** Workers at most (default: cores − 1, between 2 and 4: the page and the engine need a core too, but two runs always train side by side). */
  size?: number;
  createWorker?: () => Worker;
}

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface PoolJob<R = TrainResponse> {
  id: string;
  state: () => JobState;
  /** Settles with the training response (status 'cancelled' when stopped after an epoch). */
  done: Promise<R>;
  /** Stops the job: a queued job never starts (its promise rejects with AbortError); a running one stops after its current epoch. */
  cancel(): void;
}

function startComputeWorker(): Worker {
  return new Worker(new URL('../../workers/compute/compute.worker.ts', import.meta.url), { type: 'module', name: 'compute-pool' });
}

function defaultSize(): number {
  const cores = typeof navigator === 'undefined' ? 2 : navigator.hardwareConcurrency || 2;
  return Math.min(4, Math.max(2, cores - 1));
}

interface Slot {
  worker: Worker;
  api: Remote<Api>;
}

let nextId = 1;

export class ComputePool {
  readonly size: number;
  readonly #createWorker: () => Worker;
  readonly #idle: Slot[] = [];
  /** Every worker started and not terminated, idle or training. */
  readonly #slots = new Set<Slot>();
  readonly #queue: (() => void)[] = [];

  constructor(options: PoolOptions = {}) {
    this.size = options.size ?? defaultSize();
    if (!(this.size >= 1)) throw new RangeError(`pool size must be at least 1 (got ${this.size})`);
    this.#createWorker = options.createWorker ?? startComputeWorker;
  }

  /** Workers started and not terminated. */
  get workers(): number {
    return this.#slots.size;
  }

  train(request: Omit<TrainRequest, 'jobId'>, onEpoch?: (m: EpochMetrics) => void): PoolJob {
    return this.#job((api, jobId) => api.neural_train({ ...request, jobId }, onEpoch ? proxy(onEpoch) : undefined));
  }

  /**
   * A job on prepared data: `payload` runs once a worker is free (so queued jobs hold no design matrix), and its
   * buffers are transferred to that worker, not copied.
   */
  trainPrepared(request: Pick<PreparedTrainRequest, 'config' | 'epochs'>, payload: () => Promise<PreparedPayload>, onEpoch?: (m: EpochMetrics) => void): PoolJob {
    return this.#job(async (api, jobId, cancelled) => {
      const { data, transfer: buffers } = await payload();
      if (cancelled()) throw new DOMException(`${jobId} was cancelled before it started`, 'AbortError');
      return api.neural_train_prepared(transfer({ ...request, ...data, jobId }, buffers), onEpoch ? proxy(onEpoch) : undefined);
    });
  }

  /** Fine-tunes a saved model (transfer_learn) as a job like training: queued, streamed, cancelled between epochs. */
  fineTune(request: Omit<FineTuneRequest, 'jobId'>, onEpoch?: (m: EpochMetrics) => void): PoolJob<FineTuneResponse> {
    return this.#job((api, jobId) => api.neural_fine_tune({ ...request, jobId }, onEpoch ? proxy(onEpoch) : undefined));
  }

  #job<R extends { result: { status: string } }>(run: (api: Remote<Api>, jobId: string, cancelled: () => boolean) => Promise<R>): PoolJob<R> {
    const id = `job-${Date.now().toString(36)}-${nextId++}`;
    let state: JobState = 'queued';
    let slot: Slot | undefined;
    let cancelAsked = false;
    let startNow!: () => void;
    let abortQueued!: (e: unknown) => void;
    const started = new Promise<void>((resolve, reject) => {
      startNow = resolve;
      abortQueued = reject;
    });
    const begin = () => startNow();
    const done = (async () => {
      this.#enqueue(begin);
      await started;
      slot = this.#take();
      state = 'running';
      try {
        const res = await run(slot.api, id, () => cancelAsked);
        state = res.result.status === 'cancelled' ? 'cancelled' : 'done';
        return res;
      } catch (e) {
        // Asked to stop and ended without a result (stopped while its data was fetched, or before its first epoch
        // finished, which leaves no model): cancelled, as asked. The error says how far it got.
        state = cancelAsked ? 'cancelled' : 'failed';
        throw e;
      } finally {
        this.#release(slot);
      }
    })();
    return {
      id,
      state: () => state,
      done,
      cancel: () => {
        if (state === 'queued') {
          const i = this.#queue.indexOf(begin);
          if (i >= 0) this.#queue.splice(i, 1);
          state = 'cancelled';
          abortQueued(new DOMException(`${id} was cancelled before it started`, 'AbortError'));
        } else if (state === 'running' && slot) {
          cancelAsked = true;
          void slot.api.cancelTraining(id);
        }
      },
    };
  }

  /** Unloads what each worker (idle or training) loaded for deleted models; returns how many models were unloaded. */
  async forgetModels(deleted: DeletedModel[]): Promise<number> {
    const counts = await Promise.all([...this.#slots].map((s) => s.api.forgetModels(deleted)));
    return counts.reduce((a, b) => a + b, 0);
  }

  /** Ends every idle worker; running jobs reject. */
  terminate(): void {
    for (const s of this.#idle) {
      s.worker.terminate();
      this.#slots.delete(s);
    }
    this.#idle.length = 0;
  }

  #enqueue(begin: () => void): void {
    this.#queue.push(begin);
    this.#pump();
  }

  #busy = 0;

  #pump(): void {
    while (this.#busy < this.size && this.#queue.length > 0) {
      this.#busy++;
      this.#queue.shift()!();
    }
  }

  #take(): Slot {
    const idle = this.#idle.pop();
    if (idle) return idle;
    const worker = this.#createWorker();
    const slot = { worker, api: wrap<Api>(worker) };
    this.#slots.add(slot);
    return slot;
  }

  #release(slot: Slot): void {
    this.#idle.push(slot);
    this.#busy--;
    this.#pump();
  }
}

/** The app's training pool. */
export const computePool = new ComputePool();
