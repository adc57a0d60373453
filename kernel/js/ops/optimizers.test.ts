// Optimizer updates in every build against the textbook reference, several steps on odd lengths, with weight decay.
import { describe, expect, it } from 'vitest';
import { uniformArray } from '../../../core/random';
import { adamUpdateRef, momentumUpdateRef, sgdUpdateRef } from '../../reference/optimizers';
import { loadKernelNode, runnableFlavors } from '../node';
import { adamUpdate, momentumUpdate, sgdUpdate } from './optimizers';

const SIZES = [1, 3, 17, 33, 127];
const STEPS = 4;

function worst(a: Float32Array, b: Float32Array, abs: number, rel: number): number {
  let w = 0;
  for (let i = 0; i < a.length; i++) w = Math.max(w, Math.abs(a[i] - b[i]) / (abs + rel * Math.abs(b[i])));
  return Number.isNaN(w) ? Infinity : w;
}

describe('optimizer ops', () => {
  for (const flavor of runnableFlavors()) {
    describe(flavor, async () => {
      const k = await loadKernelNode(flavor);
      for (const wd of [0, 0.1]) {
        it(`sgd, momentum and adam match the reference over ${STEPS} steps (weight decay ${wd})`, () => {
          for (const n of SIZES) {
            const p0 = uniformArray(n, n);
            const grads = Array.from({ length: STEPS }, (_, s) => uniformArray(n, 1000 * n + s, -0.5, 0.5));
            const pS = p0.slice(), pM = p0.slice(), vel = new Float32Array(n);
            const pA = p0.slice(), m = new Float32Array(n), v = new Float32Array(n);
            const bS = k.f32(p0), bM = k.f32(p0), bVel = k.f32(n), bA = k.f32(p0), bm = k.f32(n), bv = k.f32(n), g = k.f32(n);
            grads.forEach((gr, s) => {
              g.set(gr);
              sgdUpdateRef(pS, gr, 0.1, wd);
              sgdUpdate(k, bS, g, 0.1, wd);
              momentumUpdateRef(pM, gr, vel, 0.05, 0.9, wd);
              momentumUpdate(k, bM, g, bVel, 0.05, 0.9, wd);
              adamUpdateRef(pA, gr, m, v, 0.01, 0.9, 0.999, 1e-8, wd, s + 1);
              adamUpdate(k, bA, g, bm, bv, { lr: 0.01, weightDecay: wd, step: s + 1 });
            });
            expect(worst(bS.toArray(), pS, 1e-6, 1e-5), `sgd n=${n}`).toBeLessThanOrEqual(1);
            expect(worst(bM.toArray(), pM, 1e-6, 1e-5), `momentum n=${n}`).toBeLessThanOrEqual(1);
            expect(worst(bVel.toArray(), vel, 1e-6, 1e-5), `velocity n=${n}`).toBeLessThanOrEqual(1);
            expect(worst(bA.toArray(), pA, 1e-6, 1e-5), `adam n=${n}`).toBeLessThanOrEqual(1);
            expect(worst(bm.toArray(), m, 1e-7, 1e-5), `adam m n=${n}`).toBeLessThanOrEqual(1);
            // β2 = 0.999 in f32 makes 1 − β2 off by 1.3e-5 relative, so v carries that much.
            expect(worst(bv.toArray(), v, 1e-9, 1e-4), `adam v n=${n}`).toBeLessThanOrEqual(1);
            [bS, bM, bVel, bA, bm, bv, g].forEach((b) => b.free());
          }
        });
      }

      it("adam's first step moves every parameter by about lr against its gradient's sign", () => {
        const p = k.f32([1, 1, 1, 1, 1]), g = k.f32([0.5, -0.5, 1e-3, -2, 30]), m = k.f32(5), v = k.f32(5);
        adamUpdate(k, p, g, m, v, { lr: 0.01, step: 1 });
        const moved = Array.from(p.view, (x) => x - 1);
        [-0.01, 0.01, -0.01, 0.01, -0.01].forEach((d, i) => expect(moved[i]).toBeCloseTo(d, 6));
        [p, g, m, v].forEach((b) => b.free());
      });

      it('rejects a step below 1 and mismatched lengths', () => {
        const p = k.f32(4), g = k.f32(3);
        expect(() => adamUpdate(k, p, p, p, p, { lr: 0.1, step: 0 })).toThrow(RangeError);
        expect(() => sgdUpdate(k, p, g, 0.1)).toThrow(RangeError);
        p.free();
        g.free();
      });
    });
  }
});
