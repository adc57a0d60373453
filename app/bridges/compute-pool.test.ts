// The training pool against stand-in workers (comlink over MessageChannels): size limit, queueing, per-job progress, cancel queued and running jobs.
import { expose } from 'comlink';
import { describe, expect, it } from 'vitest';
import type { DeletedModel, EpochMetrics, FineTuneRequest, TrainRequest } from '../../workers/compute/api';
import { ComputePool } from './compute-pool';

const tick = () => new Promise((r) => setTimeout(r, 1));

function setup(size: number) {
  let running = 0;
  let peak = 0;
  const cancelled = new Set<string>();
  /** The design matrices prepared jobs received. */
  const received: Float32Array[] = [];
  /** What each worker was told to forget, by worker. */
  const forgotten: DeletedModel[][][] = [];
  const api = (worker: number) => ({
    forgetModels(deleted: DeletedModel[]) {
      (forgotten[worker] ??= []).push(deleted);
      return 1;
    },
    async neural_train(req: TrainRequest, onEpoch?: (m: EpochMetrics) => void) {
      running++;
      peak = Math.max(peak, running);
      const epochs = req.epochs ?? 5;
      let done = 0;
      // 'slow first epoch': the first epoch lasts until the job is cancelled.
      while (req.training_data === 'slow first epoch' && !cancelled.has(req.jobId)) await tick();
      for (let e = 1; e <= epochs && !cancelled.has(req.jobId); e++) {
        await tick();
        await onEpoch?.({ epoch: e, loss: 1 / e, accuracy: 0, val_loss: 1 / e, val_accuracy: 0, learning_rate: 0.01, time_ms: 1 });
        done = e;
      }
      running--;
      // As core's training does: stopped before an epoch finished, there is no model to return.
      if (done === 0) throw Object.assign(new Error('training was cancelled before the first epoch finished'), { name: 'TrainingError' });
      return { result: { status: cancelled.has(req.jobId) ? 'cancelled' : 'completed', epochs: done }, file: new Uint8Array(0), history: [], kernel: 'fake' };
    },
    async neural_train_prepared(req: { jobId: string; epochs: number; prepared: { train: { x: Float32Array } } }) {
      await tick();
      received.push(req.prepared.train.x);
      return { result: { status: 'completed', epochs: req.epochs }, file: new Uint8Array(0), history: [], kernel: 'fake' };
    },
    async neural_fine_tune(req: FineTuneRequest, onEpoch?: (m: EpochMetrics) => void) {
      const trained = await this.neural_train({ jobId: req.jobId, training_data: [], epochs: req.options.epochs }, onEpoch);
      return { ...trained, result: { ...trained.result, sourceModel: req.options.source } };
    },
    cancelTraining(jobId: string) {
      cancelled.add(jobId);
      return true;
    },
  });
  let workers = 0;
  const createWorker = () => {
    const { port1, port2 } = new MessageChannel();
    expose(api(workers++), port2);
    return Object.assign(port1, { terminate: () => port1.close() }) as unknown as Worker;
  };
  return { pool: new ComputePool({ size, createWorker }), peak: () => peak, forgotten, received };
}

describe('ComputePool', () => {
  it('runs at most `size` jobs at once, queues the rest, and streams each job its own epochs', async () => {
    const { pool, peak } = setup(2);
    const seen: Record<string, number[]> = { a: [], b: [], c: [] };
    const jobs = (['a', 'b', 'c'] as const).map((k) => pool.train({ training_data: [], epochs: 4 }, (m) => seen[k].push(m.epoch)));
    expect(jobs[2].state()).toBe('queued');
    const results = await Promise.all(jobs.map((j) => j.done));
    expect(results.map((r) => r.result.status)).toEqual(['completed', 'completed', 'completed']);
    expect(seen).toEqual({ a: [1, 2, 3, 4], b: [1, 2, 3, 4], c: [1, 2, 3, 4] });
    expect(peak()).toBe(2);
    expect(pool.workers).toBe(2);
    pool.terminate();
  });

  it('cancels a queued job before it starts and a running job after its epoch', async () => {
    const { pool } = setup(1);
    const first = pool.train({ training_data: [], epochs: 50 }, (m) => {
      if (m.epoch === 2) first.cancel();
    });
    const second = pool.train({ training_data: [], epochs: 3 });
    second.cancel();
    await expect(second.done).rejects.toThrow(/cancelled before it started/);
    expect(second.state()).toBe('cancelled');
    const r = await first.done;
    expect(r.result.status).toBe('cancelled');
    expect(first.state()).toBe('cancelled');
    pool.terminate();
  });

  it('calls a running job stopped before its first epoch cancelled, not failed', async () => {
    const { pool } = setup(1);
    const job = pool.train({ training_data: 'slow first epoch', epochs: 50 });
    await tick();
    expect(job.state()).toBe('running');
    job.cancel();
    await expect(job.done).rejects.toThrow(/cancelled before the first epoch/);
    expect(job.state()).toBe('cancelled');
    pool.terminate();
  });

  it('fetches a prepared job\'s data only when a worker is free and transfers its buffers; a cancel while fetching stops it', async () => {
    const { pool, received } = setup(1);
    const asked: string[] = [];
    const payload = (name: string, n: number) => async () => {
      asked.push(name);
      const x = new Float32Array(n).fill(1);
      return { data: { prepared: { train: { x } } as never, examples: [] }, transfer: [x.buffer] };
    };
    const sent: Float32Array[] = [];
    const first = pool.trainPrepared({ config: {}, epochs: 2 }, async () => {
      const p = await payload('first', 1000)();
      sent.push((p.data.prepared as unknown as { train: { x: Float32Array } }).train.x);
      return p;
    });
    const second = pool.trainPrepared({ config: {}, epochs: 2 }, payload('second', 10));
    await tick();
    // The second job waits for the only worker: its data is not made yet.
    expect(asked).toEqual(['first']);
    await first.done;
    await second.done;
    expect(asked).toEqual(['first', 'second']);
    expect(received.map((x) => x.length)).toEqual([1000, 10]);
    // Transferred: the page's copy is detached.
    expect(sent[0].length).toBe(0);

    let release!: () => void;
    const slow = pool.trainPrepared({ config: {}, epochs: 2 }, async () => {
      await new Promise<void>((r) => (release = r));
      return payload('slow', 1)();
    });
    await tick();
    expect(slow.state()).toBe('running');
    slow.cancel();
    release();
    await expect(slow.done).rejects.toThrow(/cancelled before it started/);
    expect(slow.state()).toBe('cancelled');
    expect(received).toHaveLength(2);
    pool.terminate();
  });

  it('runs fine-tuning as a job like training: queued with the rest, streamed, cancelled after its epoch', async () => {
    const { pool } = setup(1);
    const training = pool.train({ training_data: [], epochs: 2 });
    const seen: number[] = [];
    const tuning = pool.fineTune({ file: new Uint8Array(0), data: { trainingData: [] }, options: { source: 'm@1.0.0', epochs: 40 } }, (m) => {
      seen.push(m.epoch);
      if (m.epoch === 3) tuning.cancel();
    });
    expect(tuning.state()).toBe('queued');
    await training.done;
    const r = await tuning.done;
    expect([r.result.status, r.result.sourceModel, seen, tuning.state()]).toEqual(['cancelled', 'm@1.0.0', [1, 2, 3], 'cancelled']);
    pool.terminate();
  });

  it('tells every worker, idle or training, to forget deleted models', async () => {
    const { pool, forgotten } = setup(2);
    const idle = pool.train({ training_data: [], epochs: 1 });
    await idle.done;
    let told: Promise<number> | undefined;
    const busy = pool.train({ training_data: [], epochs: 3 }, (m) => {
      if (m.epoch === 1) told = pool.forgetModels([{ modelId: 'gone', version: null }]);
    });
    const second = pool.train({ training_data: [], epochs: 3 });
    await Promise.all([busy.done, second.done]);
    expect(pool.workers).toBe(2);
    expect(await told).toBe(2);
    expect(forgotten).toEqual([[[{ modelId: 'gone', version: null }]], [[{ modelId: 'gone', version: null }]]]);
    pool.terminate();
  });
});
