// Loss ops in every build against the plain-TS reference: mean loss and fused gradient, odd shapes, extreme logits.
import { describe, expect, it } from 'vitest';
import type { Loss } from '../../../core/nn/spec';
import { createRng } from '../../../core/random';
import { binaryCrossEntropyRef, mseRef, softmaxCrossEntropyRef } from '../../reference/losses';
import { loadKernelNode, runnableFlavors } from '../node';
import { lossForwardBackward } from './losses';

const SHAPES: [number, number][] = [[1, 1], [1, 3], [3, 17], [17, 3], [33, 10], [5, 127], [127, 2]];
const REF: Record<Loss, typeof mseRef> = {
  softmax_cross_entropy: softmaxCrossEntropyRef,
  binary_cross_entropy: binaryCrossEntropyRef,
  mse: mseRef,
};

function worst(a: Float32Array, b: Float32Array, abs: number, rel: number): number {
  let w = 0;
  for (let i = 0; i < a.length; i++) w = Math.max(w, Math.abs(a[i] - b[i]) / (abs + rel * Math.abs(b[i])));
  return Number.isNaN(w) ? Infinity : w;
}

/** Seeded inputs and targets of the kind each loss expects. */
function data(loss: Loss, rows: number, cols: number, seed: number, scale = 5): { x: Float32Array; t: Float32Array } {
  const rng = createRng(seed);
  const x = Float32Array.from({ length: rows * cols }, () => (rng.next() * 2 - 1) * scale);
  const t = new Float32Array(rows * cols);
  if (loss === 'softmax_cross_entropy') for (let r = 0; r < rows; r++) t[r * cols + rng.int(cols)] = 1;
  else if (loss === 'binary_cross_entropy') t.forEach((_, i) => (t[i] = rng.int(2)));
  else t.forEach((_, i) => (t[i] = rng.next() * 2 - 1));
  return { x, t };
}

describe('loss ops', () => {
  for (const flavor of runnableFlavors()) {
    describe(flavor, async () => {
      const k = await loadKernelNode(flavor);
      for (const loss of Object.keys(REF) as Loss[]) {
        it(`${loss}: loss and gradient match the reference on odd shapes, in place too`, () => {
          for (const [rows, cols] of SHAPES) {
            if (loss === 'softmax_cross_entropy' && cols === 1) continue;
            const { x, t } = data(loss, rows, cols, rows * 100 + cols);
            const gRef = new Float32Array(rows * cols);
            const lRef = REF[loss](gRef, x, t, rows, cols);
            const xb = k.f32(x), tb = k.f32(t), gb = k.f32(rows * cols);
            const l = lossForwardBackward(k, loss, gb, xb, tb, rows, cols);
            expect(Math.abs(l - lRef) / (1e-6 + Math.abs(lRef)), `${loss} ${rows}×${cols} loss`).toBeLessThan(1e-5);
            expect(worst(gb.toArray(), gRef, 1e-8, 1e-5), `${loss} ${rows}×${cols} grad`).toBeLessThanOrEqual(1);
            const lInPlace = lossForwardBackward(k, loss, xb, xb, tb, rows, cols);
            expect(lInPlace).toBe(l);
            expect(Array.from(xb.view)).toEqual(Array.from(gb.view));
            [xb, tb, gb].forEach((b) => b.free());
          }
        });
      }

      it('cross-entropies stay finite for huge logits', () => {
        for (const loss of ['softmax_cross_entropy', 'binary_cross_entropy'] as const) {
          const { x, t } = data(loss, 7, 5, 3, 1000);
          const gRef = new Float32Array(35);
          const lRef = REF[loss](gRef, x, t, 7, 5);
          const xb = k.f32(x), tb = k.f32(t), gb = k.f32(35);
          const l = lossForwardBackward(k, loss, gb, xb, tb, 7, 5);
          expect(Number.isFinite(l)).toBe(true);
          expect(Math.abs(l - lRef) / lRef).toBeLessThan(1e-5);
          expect(worst(gb.toArray(), gRef, 1e-8, 1e-5)).toBeLessThanOrEqual(1);
          [xb, tb, gb].forEach((b) => b.free());
        }
      });

      it('softmax cross-entropy of a confident right answer is ~0 and of a uniform guess is log C', () => {
        const t = k.f32([0, 1, 0, 1, 0, 0]);
        const x = k.f32([-50, 50, -50, 0, 0, 0]);
        const g = k.f32(6);
        const l = lossForwardBackward(k, 'softmax_cross_entropy', g, x, t, 2, 3);
        expect(l).toBeCloseTo(Math.log(3) / 2, 6);
        [t, x, g].forEach((b) => b.free());
      });
    });
  }
});
