// Activation ops in every build against the plain-TS reference, on odd shapes and seeded data, aliasing included.
import { describe, expect, it } from 'vitest';
import { createRng, uniformArray } from '../../../core/random';
import { activationBackwardRef, activationForwardRef, softmaxBackwardRef, softmaxForwardRef, type Elementwise } from '../../reference/activations';
import { loadKernelNode, runnableFlavors } from '../node';
import { activationBackward, activationForward, softmaxBackward, softmaxForward } from './activations';

const ACTS: Elementwise[] = ['linear', 'relu', 'leaky_relu', 'sigmoid', 'tanh'];
const SIZES = [1, 3, 17, 33, 127];
const SHAPES: [number, number][] = [[1, 1], [1, 3], [3, 17], [17, 3], [33, 10], [5, 127], [127, 4]];

/** Largest |a − b| / (abs + rel·|b|); ≤ 1 means within tolerance. */
function worst(a: Float32Array, b: Float32Array, abs: number, rel: number): number {
  expect(a.length).toBe(b.length);
  let w = 0;
  for (let i = 0; i < a.length; i++) w = Math.max(w, Math.abs(a[i] - b[i]) / (abs + rel * Math.abs(b[i])));
  return Number.isNaN(w) ? Infinity : w;
}

describe('activation ops', () => {
  for (const flavor of runnableFlavors()) {
    describe(flavor, async () => {
      const k = await loadKernelNode(flavor);

      it('elementwise forward and backward match the reference on odd lengths', () => {
        for (const act of ACTS) {
          for (const n of SIZES) {
            const x = uniformArray(n, n * 31 + act.length, -6, 6);
            const dy = uniformArray(n, n * 17 + 5);
            const yRef = new Float32Array(n);
            const dxRef = new Float32Array(n);
            activationForwardRef(yRef, x, act);
            activationBackwardRef(dxRef, dy, yRef, act);
            const xb = k.f32(x), yb = k.f32(n), dyb = k.f32(dy), dxb = k.f32(n);
            activationForward(k, yb, xb, act);
            // Backward from the reference output, so only the backward formula is under test here.
            yb.set(yRef);
            activationBackward(k, dxb, dyb, yb, act);
            activationForward(k, yb, xb, act);
            expect(worst(yb.toArray(), yRef, 1e-6, 1e-5), `${act} forward n=${n}`).toBeLessThanOrEqual(1);
            expect(worst(dxb.toArray(), dxRef, 1e-6, 1e-5), `${act} backward n=${n}`).toBeLessThanOrEqual(1);
            // In place: y over x, dx over dy.
            activationForward(k, xb, xb, act);
            activationBackward(k, dyb, dyb, xb, act);
            expect(worst(xb.toArray(), yRef, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
            expect(worst(dyb.toArray(), dxRef, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
            [xb, yb, dyb, dxb].forEach((b) => b.free());
          }
        }
        expect(k.liveBuffers).toBe(0);
      });

      it('saturates cleanly far from zero (no NaN, limits reached)', () => {
        const x = k.f32([-1000, -100, -30, 30, 100, 1000, 0, -0]);
        const y = k.f32(8);
        activationForward(k, y, x, 'sigmoid');
        expect(Array.from(y.view.subarray(3, 6))).toEqual([1, 1, 1]);
        // exp is clamped in the SIMD builds, so sigmoid(−1000) is a tiny positive number there rather than 0.
        expect(y.view[0]).toBeGreaterThanOrEqual(0);
        expect(y.view[0]).toBeLessThan(1e-37);
        expect(y.view[6]).toBe(0.5);
        activationForward(k, y, x, 'tanh');
        expect(Array.from(y.view.subarray(0, 6))).toEqual([-1, -1, -1, 1, 1, 1]);
        expect(y.view[6]).toBe(0);
        x.free();
        y.free();
      });

      it('row softmax forward and backward match the reference on odd shapes', () => {
        const rng = createRng(11);
        for (const [rows, cols] of SHAPES) {
          const n = rows * cols;
          // Wide logits, offset per row, to exercise the max subtraction.
          const x = Float32Array.from({ length: n }, (_, i) => (rng.next() - 0.5) * 20 + (i % 3) * 40);
          const dy = uniformArray(n, n + 3);
          const yRef = new Float32Array(n), dxRef = new Float32Array(n);
          softmaxForwardRef(yRef, x, rows, cols);
          softmaxBackwardRef(dxRef, dy, yRef, rows, cols);
          const xb = k.f32(x), yb = k.f32(n), dyb = k.f32(dy), dxb = k.f32(n);
          softmaxForward(k, yb, xb, rows, cols);
          expect(worst(yb.toArray(), yRef, 1e-7, 1e-5), `softmax ${rows}×${cols}`).toBeLessThanOrEqual(1);
          const y = yb.toArray();
          for (let r = 0; r < rows; r++) expect(y.subarray(r * cols, (r + 1) * cols).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
          yb.set(yRef);
          softmaxBackward(k, dxb, dyb, yb, rows, cols);
          expect(worst(dxb.toArray(), dxRef, 1e-6, 1e-4), `softmax backward ${rows}×${cols}`).toBeLessThanOrEqual(1);
          softmaxForward(k, xb, xb, rows, cols);
          expect(worst(xb.toArray(), yRef, 1e-7, 1e-5)).toBeLessThanOrEqual(1);
          [xb, yb, dyb, dxb].forEach((b) => b.free());
        }
      });

      it('softmax of huge logits stays finite', () => {
        const x = k.f32([1e4, -1e4, 0, 3e38, 3e38, -3e38]);
        softmaxForward(k, x, x, 2, 3);
        expect(Array.from(x.view)).toEqual([1, 0, 0, 0.5, 0.5, 0]);
        x.free();
      });

      it('rejects buffers too short for the shape', () => {
        const a = k.f32(4), b = k.f32(3);
        expect(() => activationForward(k, b, a, 'relu')).toThrow(RangeError);
        expect(() => softmaxForward(k, a, a, 2, 3)).toThrow(RangeError);
        a.free();
        b.free();
      });
    });
  }
});
