// What freezing costs in the fine-tune loop (frozen layers written back after every fused step), printed, never asserted: npm run measure -- core/training/fine-tune
import { describe, expect, it } from 'vitest';
import { loadKernelNode } from '../../kernel/js/node';
import { createWasmPort } from '../../kernel/js/network';
import { initParams } from '../nn/init';
import type { NetworkSpec } from '../nn/spec';
import { createRng } from '../random';
import type { Encoded } from '../models/featurizer';
import { fineTune } from './fine-tune';

/** CPU time of this process beside wall time: the machine is shared, and wall time counts other people's work. */
async function timed(fn: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const c = process.cpuUsage(c0);
  return { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
}

const median = (v: number[]): number => v.toSorted((a, b) => a - b)[Math.floor(v.length / 2)];

function data(n: number, width: number, classes: number, seed: number): Encoded {
  const rng = createRng(seed);
  const x = Float32Array.from({ length: n * width }, () => rng.next() * 2 - 1);
  const y = Int32Array.from({ length: n }, (_, i) => (x[i * width] > 0 ? 1 : 0) + (x[i * width + 1] > 0 ? 2 : 0) % classes);
  return { x, y, n, skipped: [], unseen: { labels: 0, categories: {}, non_numeric: {} } };
}

describe('fine-tune freezing overhead (wasm kernel)', () => {
  it('prints ms per epoch with and without frozen layers', async () => {
    const port = createWasmPort(await loadKernelNode());
    const cases: { name: string; spec: NetworkSpec; rows: number; batch: number }[] = [
      { name: '4-16-3 (iris size)', spec: { layers: [{ size: 4, activation: 'linear' }, { size: 16, activation: 'relu' }, { size: 3, activation: 'softmax' }], loss: 'softmax_cross_entropy', optimizer: { type: 'adam', learningRate: 0.01 } }, rows: 120, batch: 16 },
      { name: '64-128-128-10', spec: { layers: [{ size: 64, activation: 'linear' }, { size: 128, activation: 'relu' }, { size: 128, activation: 'relu' }, { size: 10, activation: 'softmax' }], loss: 'softmax_cross_entropy', optimizer: { type: 'adam', learningRate: 0.001 } }, rows: 2048, batch: 32 },
    ];
    for (const c of cases) {
      const width = c.spec.layers[0].size;
      const k = c.spec.layers[c.spec.layers.length - 1].size;
      const train = data(c.rows, width, k, 1);
      const val = data(Math.max(30, c.rows / 4), width, k, 2);
      const params = initParams(c.spec, 3);
      const dense = c.spec.layers.length - 1;
      const run = (frozen: number[], epochs: number) => fineTune(port, c.spec, params, train, val, { frozen, epochs, learningRate: 0.001, batchSize: c.batch, seed: 1, earlyStopping: null }, { now: () => performance.now() });
      const epochs = c.rows > 1000 ? 20 : 200;
      await run([], 3);
      await run([1], 3);
      const rounds: Record<string, number[]> = { none: [], all_but_output: [] };
      for (let r = 0; r < 5; r++) {
        rounds.none.push((await timed(() => run([], epochs))).cpu / epochs);
        rounds.all_but_output.push((await timed(() => run(Array.from({ length: dense - 1 }, (_, i) => i + 1), epochs))).cpu / epochs);
      }
      const none = median(rounds.none);
      const frozen = median(rounds.all_but_output);
      console.log(`${c.name}, ${c.rows} rows, batch ${c.batch}: ${none.toFixed(3)} ms CPU per epoch training every layer, ${frozen.toFixed(3)} ms with layers 1..${dense - 1} frozen (written back after each of ${Math.ceil(c.rows / c.batch)} steps): ${((frozen / none - 1) * 100).toFixed(1)}%`);
      expect(none).toBeGreaterThan(0);
    }
  }, 600_000);
});
