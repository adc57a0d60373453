// The wasm network against the reference network, finite differences and real training, in every build.
import { describe, expect, it } from 'vitest';
import { accuracy, oneHot, spiral, xor } from '../../core/datasets/synthetic';
import { initParams } from '../../core/nn/init';
import type { KernelPort, ParamList, TrainableNetwork } from '../../core/nn/port';
import type { Activation, Loss, NetworkSpec, OptimizerSpec } from '../../core/nn/spec';
import { createRng } from '../../core/random';
import { referencePort } from '../reference/mlp';
import type { Kernel } from './kernel';
import { createWasmPort } from './network';
import { loadKernelNode, runnableFlavors } from './node';

function specOf(sizes: number[], acts: Activation[], loss: Loss, optimizer: OptimizerSpec): NetworkSpec {
  return { layers: sizes.map((size, i) => ({ size, activation: i === 0 ? 'linear' : acts[i - 1] })), loss, optimizer };
}

/** Seeded batch: inputs in [−1, 1), targets of the kind `loss` expects. */
function batchFor(spec: NetworkSpec, rows: number, seed: number): { x: Float32Array; y: Float32Array } {
  const rng = createRng(seed);
  const nIn = spec.layers[0].size, nOut = spec.layers[spec.layers.length - 1].size;
  const x = Float32Array.from({ length: rows * nIn }, () => rng.next() * 2 - 1);
  const y = new Float32Array(rows * nOut);
  if (spec.loss === 'softmax_cross_entropy') for (let r = 0; r < rows; r++) y[r * nOut + rng.int(nOut)] = 1;
  else if (spec.loss === 'binary_cross_entropy') y.forEach((_, i) => (y[i] = rng.int(2)));
  else y.forEach((_, i) => (y[i] = rng.next() * 2 - 1));
  return { x, y };
}

/** Largest |a − b| / (abs + rel·|b|) over every array; ≤ 1 means within tolerance. */
function worst(a: ParamList, b: ParamList, abs: number, rel: number): number {
  expect(a.map((p) => p.length)).toEqual(b.map((p) => p.length));
  let w = 0;
  a.forEach((p, i) => p.forEach((v, j) => (w = Math.max(w, Math.abs(v - b[i][j]) / (abs + rel * Math.abs(b[i][j]))))));
  return Number.isNaN(w) ? Infinity : w;
}

const OPTIMIZERS: OptimizerSpec[] = [
  { type: 'sgd', learningRate: 0.1 },
  { type: 'sgd', learningRate: 0.1, weightDecay: 0.01 },
  { type: 'momentum', learningRate: 0.05, momentum: 0.9 },
  { type: 'momentum', learningRate: 0.05, momentum: 0.8, weightDecay: 0.01 },
  { type: 'adam', learningRate: 0.01 },
  { type: 'adam', learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: 0.05 },
];

// Odd widths and every loss/output pairing the spec allows.
const HEADS: { loss: Loss; out: Activation }[] = [
  { loss: 'softmax_cross_entropy', out: 'softmax' },
  { loss: 'binary_cross_entropy', out: 'sigmoid' },
  { loss: 'mse', out: 'linear' },
  { loss: 'mse', out: 'tanh' },
];

/** Central differences of the network's own f32 loss, the step taken from the stored f32 values. */
function finiteDifferences(n: TrainableNetwork, x: Float32Array, y: Float32Array, rows: number, h: number): ParamList {
  const base = n.getParams();
  const out = base.map((p) => new Float32Array(p.length));
  const work = base.map((p) => p.slice());
  base.forEach((p, i) => {
    for (let j = 0; j < p.length; j++) {
      const up = Math.fround(p[j] + h), down = Math.fround(p[j] - h);
      work[i][j] = up;
      n.setParams(work);
      const lu = n.lossAndGradients(x, y, rows);
      work[i][j] = down;
      n.setParams(work);
      const ld = n.lossAndGradients(x, y, rows);
      work[i][j] = p[j];
      out[i][j] = (lu - ld) / (up - down);
    }
  });
  n.setParams(base);
  return out;
}

function trainToAccuracy(port: KernelPort, spec: NetworkSpec, data: { x: Float32Array; labels: Int32Array; n: number; classes: number }, batch: number, epochs: number): number {
  const net = port.createNetwork(spec, 1234, batch);
  const nIn = spec.layers[0].size, c = data.classes;
  const y = oneHot(data.labels, c);
  const order = Int32Array.from({ length: data.n }, (_, i) => i);
  const rng = createRng(99);
  const bx = new Float32Array(batch * nIn), by = new Float32Array(batch * c);
  for (let e = 0; e < epochs; e++) {
    rng.shuffle(order);
    for (let s = 0; s < data.n; s += batch) {
      const rows = Math.min(batch, data.n - s);
      for (let r = 0; r < rows; r++) {
        const i = order[s + r];
        bx.set(data.x.subarray(i * nIn, (i + 1) * nIn), r * nIn);
        by.set(y.subarray(i * c, (i + 1) * c), r * c);
      }
      net.trainStep(bx, by, rows);
    }
  }
  const acc = accuracy(net.predict(data.x, data.n), data.labels, c);
  net.dispose();
  return acc;
}

describe('reference network', () => {
  it('gradients match central finite differences', () => {
    const spec = specOf([3, 5, 4, 3], ['tanh', 'sigmoid', 'softmax'], 'softmax_cross_entropy', { type: 'sgd', learningRate: 0.1 });
    const n = referencePort.createNetwork(spec, 5, 4);
    const { x, y } = batchFor(spec, 4, 6);
    n.lossAndGradients(x, y, 4);
    const fd = finiteDifferences(n, x, y, 4, 1e-3);
    expect(worst(n.gradients(), fd, 1e-4, 1e-2)).toBeLessThanOrEqual(1);
  });
});

describe('wasm network', () => {
  for (const flavor of runnableFlavors()) {
    describe(flavor, async () => {
      const k: Kernel = await loadKernelNode(flavor);
      const port = createWasmPort(k);

      it('is named after its build and starts from the same parameters as the reference', () => {
        expect(port.name).toBe(`wasm-${flavor}`);
        const spec = specOf([7, 13, 5], ['relu', 'softmax'], 'softmax_cross_entropy', OPTIMIZERS[0]);
        const w = port.createNetwork(spec, 42, 8);
        expect(w.getParams()).toEqual(initParams(spec, 42));
        expect(w.getParams()).toEqual(referencePort.createNetwork(spec, 42, 8).getParams());
        expect(w.paramCount).toBe(7 * 13 + 13 + 13 * 5 + 5);
        w.dispose();
      });

      for (const optimizer of OPTIMIZERS) {
        it(`${optimizer.type}${optimizer.weightDecay ? ' + weight decay' : ''}: losses and parameters track the reference over 6 steps`, () => {
          for (const [h, { loss, out }] of HEADS.entries()) {
            const hidden: Activation[] = [['relu', 'tanh'], ['leaky_relu', 'sigmoid'], ['tanh', 'linear'], ['sigmoid', 'relu']][h] as Activation[];
            const spec = specOf([5, 17, 9, 3], [...hidden, out], loss, optimizer);
            const w = port.createNetwork(spec, 7 + h, 16);
            const r = referencePort.createNetwork(spec, 7 + h, 16);
            for (let s = 0; s < 6; s++) {
              const rows = [16, 13, 1, 16, 7, 3][s];
              const { x, y } = batchFor(spec, rows, 100 * h + s);
              const lw = w.trainStep(x, y, rows), lr = r.trainStep(x, y, rows);
              expect(Math.abs(lw - lr) / Math.abs(lr), `${loss}/${out} step ${s} loss`).toBeLessThan(1e-4);
            }
            expect(worst(w.getParams(), r.getParams(), 1e-6, 1e-4), `${loss}/${out} params`).toBeLessThanOrEqual(1);
            const { x } = batchFor(spec, 37, 5);
            expect(worst([w.predict(x, 37)], [r.predict(x, 37)], 1e-6, 1e-4), `${loss}/${out} predict`).toBeLessThanOrEqual(1);
            w.dispose();
          }
        });
      }

      for (const act of ['linear', 'relu', 'leaky_relu', 'sigmoid', 'tanh'] as const) {
        it(`gradients through ${act} hidden layers match finite differences and the reference`, () => {
          const spec = specOf([3, 6, 5, 4], [act, act, 'softmax'], 'softmax_cross_entropy', OPTIMIZERS[0]);
          const w = port.createNetwork(spec, 3, 8);
          const { x, y } = batchFor(spec, 5, 17);
          const loss = w.lossAndGradients(x, y, 5);
          const g = w.gradients();
          const r = referencePort.createNetwork(spec, 3, 8);
          expect(loss).toBeCloseTo(r.lossAndGradients(x, y, 5), 5);
          expect(worst(g, r.gradients(), 1e-6, 1e-4)).toBeLessThanOrEqual(1);
          expect(worst(g, finiteDifferences(w, x, y, 5, 1e-3), 1e-4, 1e-2)).toBeLessThanOrEqual(1);
          // lossAndGradients does not update.
          expect(w.getParams()).toEqual(initParams(spec, 3));
          w.dispose();
        });
      }

      for (const { loss, out } of HEADS) {
        it(`gradients of ${loss} with a ${out} output match finite differences`, () => {
          const spec = specOf([4, 5, 3], ['tanh', out], loss, OPTIMIZERS[0]);
          const w = port.createNetwork(spec, 8, 6);
          const { x, y } = batchFor(spec, 6, 23);
          w.lossAndGradients(x, y, 6);
          expect(worst(w.gradients(), finiteDifferences(w, x, y, 6, 1e-3), 1e-4, 1e-2)).toBeLessThanOrEqual(1);
          w.dispose();
        });
      }

      it('learns XOR to 100% training accuracy', () => {
        const spec = specOf([2, 8, 2], ['tanh', 'softmax'], 'softmax_cross_entropy', { type: 'adam', learningRate: 0.05 });
        expect(trainToAccuracy(port, spec, xor(), 4, 200)).toBeGreaterThanOrEqual(0.98);
      });

      it('learns a 3-class spiral (100 points per class) to ≥ 98% training accuracy', () => {
        const spec = specOf([2, 48, 48, 3], ['relu', 'relu', 'softmax'], 'softmax_cross_entropy', { type: 'adam', learningRate: 0.01 });
        expect(trainToAccuracy(port, spec, spiral(100, 3, 2024), 32, 150)).toBeGreaterThanOrEqual(0.98);
      });

      it('predicts any batch size in chunks of maxBatch, matching row by row', () => {
        const spec = specOf([5, 11, 3], ['relu', 'softmax'], 'softmax_cross_entropy', OPTIMIZERS[4]);
        const w = port.createNetwork(spec, 9, 16);
        const { x } = batchFor(spec, 1000, 1);
        const all = w.predict(x, 1000);
        expect(all.length).toBe(3000);
        for (const row of [0, 15, 16, 17, 999]) {
          expect(Array.from(w.predict(x.subarray(row * 5, row * 5 + 5), 1))).toEqual(Array.from(all.subarray(row * 3, row * 3 + 3)));
        }
        w.dispose();
      });

      it('setLearningRate scales the next sgd step', () => {
        const spec = specOf([3, 4, 2], ['relu', 'softmax'], 'softmax_cross_entropy', { type: 'sgd', learningRate: 0.1 });
        const a = port.createNetwork(spec, 1, 4), b = port.createNetwork(spec, 1, 4);
        b.setLearningRate(0.3);
        const { x, y } = batchFor(spec, 4, 2);
        const p0 = a.getParams();
        a.trainStep(x, y, 4);
        b.trainStep(x, y, 4);
        const da = a.getParams().map((p, i) => p.map((v, j) => (v - p0[i][j]) * 3));
        const db = b.getParams().map((p, i) => p.map((v, j) => v - p0[i][j]));
        expect(worst(db, da, 1e-6, 1e-3)).toBeLessThanOrEqual(1);
        a.dispose();
        b.dispose();
      });

      it('refuses bad specs and batches, and use after dispose', () => {
        const spec = specOf([3, 4, 2], ['relu', 'softmax'], 'mse', OPTIMIZERS[0]);
        expect(() => port.createNetwork(spec, 1, 4)).toThrow(/softmax/);
        const ok = specOf([3, 4, 2], ['relu', 'linear'], 'mse', OPTIMIZERS[0]);
        const w = port.createNetwork(ok, 1, 4);
        const { x, y } = batchFor(ok, 5, 1);
        expect(() => w.trainStep(x, y, 5)).toThrow(RangeError);
        expect(() => w.trainStep(x.subarray(0, 5), y, 2)).toThrow(RangeError);
        expect(() => w.setParams([new Float32Array(3)])).toThrow(RangeError);
        w.dispose();
        expect(() => w.predict(x, 1)).toThrow(/dispose/);
      });

      it('dispose returns every buffer it took', () => {
        const start = k.liveBuffers;
        for (const optimizer of OPTIMIZERS) {
          const spec = specOf([6, 10, 4], ['relu', 'softmax'], 'softmax_cross_entropy', optimizer);
          const w = port.createNetwork(spec, 2, 8);
          const { x, y } = batchFor(spec, 20, 3);
          w.trainStep(x, y, 8);
          w.predict(x, 20); // more than maxBatch: takes its own I/O buffers
          w.predict(x, 3);
          w.dispose();
          w.dispose();
        }
        expect(k.liveBuffers).toBe(start);
      });
    });
  }
});
