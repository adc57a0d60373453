// The compute bridge's queue, abort and idle rules, against a stand-in worker: comlink over a MessageChannel.
import { expose } from 'comlink';
import { describe, expect, it } from 'vitest';
import type { BenchProgress } from '../../workers/compute/bench/types';
import { ComputeBridge } from './compute';

interface FakeWorker {
  terminated: boolean;
}

/** A deferred promise the test resolves by hand. */
function gate() {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function setup(idleMs = 10_000) {
  const log: string[] = [];
  const workers: FakeWorker[] = [];
  const selfCheckGate = gate();
  const api = {
    kernelInfo: async () => {
      log.push('kernelInfo');
      return { flavor: 'scalar', features: { simd: false, relaxedSimd: false }, memoryBytes: 65536 };
    },
    selfCheck: async () => {
      log.push('selfCheck:start');
      await selfCheckGate.promise;
      log.push('selfCheck:end');
      return [];
    },
    runBenchmark: async (onProgress?: (p: BenchProgress) => void) => {
      log.push('runBenchmark');
      onProgress?.({ done: 0, total: 3, label: 'sgemm_64' });
      // Like a long suite: never finishes by itself.
      await new Promise(() => {});
      return { rows: [], notes: [] };
    },
  };
  const createWorker = () => {
    const { port1, port2 } = new MessageChannel();
    expose(api, port2);
    const fake: FakeWorker & Record<string, unknown> = {
      terminated: false,
      postMessage: (m: unknown, t?: Transferable[]) => port1.postMessage(m, t ?? []),
      addEventListener: (type: string, l: EventListener) => port1.addEventListener(type, l),
      removeEventListener: (type: string, l: EventListener) => port1.removeEventListener(type, l),
      start: () => port1.start(),
      terminate: () => {
        fake.terminated = true;
        port1.close();
        port2.close();
      },
    };
    workers.push(fake);
    return fake as unknown as Worker;
  };
  const bridge = new ComputeBridge({ createWorker, idleMs });
  return { bridge, log, workers, selfCheckGate };
}

describe('ComputeBridge', () => {
  it('starts the worker on the first call, not before', async () => {
    const { bridge, workers } = setup();
    expect(workers).toHaveLength(0);
    expect((await bridge.kernelInfo()).flavor).toBe('scalar');
    expect(workers).toHaveLength(1);
    bridge.terminate();
  });

  it('runs calls one at a time, in order', async () => {
    const { bridge, log, selfCheckGate } = setup();
    const first = bridge.selfCheck();
    const second = bridge.kernelInfo();
    await sleep(20);
    expect(log).toEqual(['selfCheck:start']);
    selfCheckGate.open();
    await Promise.all([first, second]);
    expect(log).toEqual(['selfCheck:start', 'selfCheck:end', 'kernelInfo']);
    bridge.terminate();
  });

  it('terminates the worker when a running call is aborted; the next call gets a fresh worker', async () => {
    const { bridge, workers } = setup();
    const ctl = new AbortController();
    const progress: BenchProgress[] = [];
    const run = bridge.runBenchmark((p) => progress.push(p), ctl.signal);
    await expect.poll(() => progress.length).toBe(1);
    expect(progress[0].label).toBe('sgemm_64');
    ctl.abort();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(workers[0].terminated).toBe(true);
    expect(bridge.running).toBe(false);
    await bridge.kernelInfo();
    expect(workers).toHaveLength(2);
    expect(workers[1].terminated).toBe(false);
    bridge.terminate();
  });

  it('rejects a queued call on abort without running it or stopping the call ahead of it', async () => {
    const { bridge, log, workers, selfCheckGate } = setup();
    const first = bridge.selfCheck();
    const ctl = new AbortController();
    const queued = bridge.kernelInfo(ctl.signal);
    ctl.abort();
    await expect(queued).rejects.toMatchObject({ name: 'AbortError' });
    selfCheckGate.open();
    await first;
    expect(log).toEqual(['selfCheck:start', 'selfCheck:end']);
    expect(workers[0].terminated).toBe(false);
    // The queue still moves on.
    await bridge.kernelInfo();
    expect(log.at(-1)).toBe('kernelInfo');
    bridge.terminate();
  });

  it('does not start a worker for an already aborted signal', async () => {
    const { bridge, workers } = setup();
    await expect(bridge.kernelInfo(AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
    expect(workers).toHaveLength(0);
  });

  it('terminates an idle worker', async () => {
    const { bridge, workers } = setup(30);
    await bridge.kernelInfo();
    expect(bridge.running).toBe(true);
    await expect.poll(() => workers[0].terminated, { timeout: 2000 }).toBe(true);
    expect(bridge.running).toBe(false);
  });
});
