// gemm in every build against the reference: odd shapes, all four transpositions, accumulate, bias, activations,
// alpha, blocking boundaries, a canary around C, wrapper checks, and scratch memory that stays bounded.
import { beforeAll, describe, expect, it } from 'vitest';
import { uniformArray } from '../../../core/random';
import { gemmRef, type GemmActivation, type GemmArgs } from '../../reference/gemm';
import { F32Buffer, type Kernel } from '../kernel';
import { loadKernelNode, runnableFlavors } from '../node';
import { gemm } from './gemm';

const DIMS = [1, 3, 4, 5, 8, 17, 33, 127, 130];
const ACTS: GemmActivation[] = ['linear', 'relu', 'leaky_relu', 'sigmoid', 'tanh'];
const TRANS: [boolean, boolean][] = [[false, false], [false, true], [true, false], [true, true]];
const ALPHAS = [1, -0.5, 2.5];

type Case = Omit<GemmArgs, 'bias'> & { bias?: boolean };

function label(c: Case): string {
  const t = `${c.transA ? 'T' : 'N'}${c.transB ? 'T' : 'N'}`;
  return `${c.m}×${c.n}×${c.k} ${t} acc=${c.accumulate ? 1 : 0} bias=${c.bias ? 1 : 0} ${c.act ?? 'linear'} alpha=${c.alpha ?? 1}`;
}

/**
 * Runs one case in the kernel (C placed at `cPtr` when given) and in the reference; returns the worst error
 * relative to the size of the terms: |got − ref| / (|alpha|·Σ|a||b| + |C₀| + |bias| + 1).
 */
function worstError(kern: Kernel, spec: Case, seed: number, cAt?: F32Buffer): number {
  const { m, n, k } = spec;
  const a = uniformArray(m * k, seed);
  const b = uniformArray(k * n, seed + 1);
  const c0 = uniformArray(m * n, seed + 2);
  const bias = spec.bias ? uniformArray(n, seed + 3) : undefined;
  const args: GemmArgs = { ...spec, bias };

  const want = c0.slice();
  gemmRef(want, a, b, args);
  // Scale of the terms: the same product on absolute values.
  const scale = new Float32Array(m * n);
  gemmRef(scale, a.map(Math.abs), b.map(Math.abs), { m, n, k, transA: spec.transA, transB: spec.transB, alpha: Math.abs(spec.alpha ?? 1) });

  const A = kern.f32(a), B = kern.f32(b), bb = bias ? kern.f32(bias) : undefined;
  const C = cAt ?? kern.f32(c0);
  if (cAt) C.set(c0);
  try {
    gemm(kern, C, A, B, { ...spec, bias: bb });
    const got = C.view;
    let worst = 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const q = i * n + j;
        const s = scale[q] + (spec.accumulate ? Math.abs(c0[q]) : 0) + (bias ? Math.abs(bias[j]) : 0) + 1;
        const e = Math.abs(got[q] - want[q]) / s;
        worst = Number.isNaN(e) ? Infinity : Math.max(worst, e);
      }
    }
    return worst;
  } finally {
    A.free();
    B.free();
    bb?.free();
    if (!cAt) C.free();
  }
}

// Every dimension in every position: (d_i, d_{i+3}, d_{i+6}) and its rotations.
function oddShapes(): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let i = 0; i < DIMS.length; i++) {
    const x = DIMS[i], y = DIMS[(i + 3) % DIMS.length], z = DIMS[(i + 6) % DIMS.length];
    out.push([x, y, z], [y, z, x], [z, x, y]);
  }
  return out;
}

const TOL = 1e-5;

for (const flavor of runnableFlavors()) {
  describe(`gemm (${flavor})`, () => {
    let kern: Kernel;
    beforeAll(async () => {
      kern = await loadKernelNode(flavor);
    });

    for (const [transA, transB] of TRANS) {
      const t = `${transA ? 'T' : 'N'}${transB ? 'T' : 'N'}`;
      it(`${t}: odd shapes match the reference, options cycling`, () => {
        oddShapes().forEach(([m, n, k], i) => {
          const spec: Case = {
            m, n, k, transA, transB,
            accumulate: i % 2 === 1, bias: (i >> 1) % 2 === 1, act: ACTS[i % ACTS.length], alpha: ALPHAS[i % ALPHAS.length],
          };
          expect(worstError(kern, spec, 100 + i), label(spec)).toBeLessThan(TOL);
        });
      });

      it(`${t}: every activation × accumulate × bias on edge-heavy shapes`, () => {
        let seed = 1000;
        for (const [m, n, k] of [[33, 17, 130], [5, 130, 3], [130, 5, 127]]) {
          for (const act of ACTS) {
            for (const accumulate of [false, true]) {
              for (const bias of [false, true]) {
                const spec: Case = { m, n, k, transA, transB, accumulate, bias, act, alpha: -1.25 };
                expect(worstError(kern, spec, seed++), label(spec)).toBeLessThan(TOL);
              }
            }
          }
        }
      });
    }

    it('blocking boundaries: k over several depth panels, n past a column block, m past a row block', () => {
      let seed = 2000;
      for (const [m, n, k] of [[3, 2100, 17], [200, 40, 600], [7, 9, 1030]]) {
        for (const [transA, transB] of TRANS) {
          const spec: Case = { m, n, k, transA, transB, accumulate: true, bias: true, act: 'tanh', alpha: 0.75 };
          expect(worstError(kern, spec, seed++), label(spec)).toBeLessThan(TOL);
        }
      }
    });

    it('the MLP shapes (batch 64; 64-128-128-10) in their training variants', () => {
      let seed = 3000;
      const cases: Case[] = [
        { m: 64, n: 128, k: 64, act: 'relu', bias: true },
        { m: 64, n: 128, k: 128, act: 'relu', bias: true },
        { m: 64, n: 10, k: 128, bias: true },
        { m: 64, n: 128, k: 10, transB: true },
        { m: 64, n: 128, k: 128, transB: true },
        { m: 128, n: 10, k: 64, transA: true },
        { m: 128, n: 128, k: 64, transA: true, accumulate: true },
        { m: 64, n: 128, k: 64, transA: true, alpha: 1 / 64 },
      ];
      for (const spec of cases) expect(worstError(kern, spec, seed++), label(spec)).toBeLessThan(TOL);
    });

    it('k = 0 leaves act(alpha·0 (+C) (+bias)) and m or n = 0 writes nothing', () => {
      for (const [transA, transB] of TRANS) {
        const spec: Case = { m: 5, n: 9, k: 0, transA, transB, accumulate: true, bias: true, act: 'sigmoid', alpha: 3 };
        expect(worstError(kern, spec, 4000), label(spec)).toBeLessThan(TOL);
      }
      const c = kern.f32([1, 2, 3]), a = kern.f32(4), b = kern.f32(4);
      gemm(kern, c, a, b, { m: 0, n: 3, k: 1 });
      gemm(kern, c, a, b, { m: 3, n: 0, k: 1 });
      expect(Array.from(c.view)).toEqual([1, 2, 3]);
      [a, b, c].forEach((x) => x.free());
    });

    it('writes exactly C: canaries just before and after it stay untouched', () => {
      const PAD = 64;
      const SENTINEL = 12345.5;
      let seed = 5000;
      for (const [m, n, k] of [[1, 1, 1], [5, 3, 7], [7, 13, 5], [13, 10, 64], [131, 130, 33]]) {
        for (const [transA, transB] of TRANS) {
          for (const act of ['linear', 'tanh'] as const) {
            const region = kern.f32(m * n + 2 * PAD);
            region.view.fill(SENTINEL);
            const c = new F32Buffer(kern, region.ptr + 4 * PAD, m * n); // C as a window of the region
            const spec: Case = { m, n, k, transA, transB, accumulate: seed % 2 === 0, bias: true, act, alpha: 1.5 };
            expect(worstError(kern, spec, seed++, c), label(spec)).toBeLessThan(TOL);
            const all = region.view;
            for (let i = 0; i < PAD; i++) {
              expect(all[i], `${label(spec)}: before C at ${i - PAD}`).toBe(SENTINEL);
              expect(all[PAD + m * n + i], `${label(spec)}: after C at +${i}`).toBe(SENTINEL);
            }
            region.free();
          }
        }
      }
    });

    it('scratch memory is kept and reused: repeated calls of mixed sizes do not grow memory', () => {
      const shapes = [[300, 300, 300], [64, 128, 128], [17, 2100, 33], [130, 5, 127]];
      const bufs = shapes.map(([m, n, k]) => [kern.f32(m * k), kern.f32(k * n), kern.f32(m * n)] as const);
      const run = () => shapes.forEach(([m, n, k], i) => {
        const [a, b, c] = bufs[i];
        for (const [transA, transB] of TRANS) gemm(kern, c, a, b, { m, n, k, transA, transB });
      });
      run();
      const before = kern.memoryBytes;
      for (let r = 0; r < 3; r++) run();
      expect(kern.memoryBytes).toBe(before);
      bufs.flat().forEach((x) => x.free());
    });

    it('the wrapper rejects bad sizes, activations and overlapping C with RangeErrors that name the problem', () => {
      const a = kern.f32(12), b = kern.f32(12), c = kern.f32(9), bias = kern.f32(2);
      expect(() => gemm(kern, c, a, b, { m: 3, n: 3, k: 5 })).toThrow(/A holds 12 values, needs 15/);
      expect(() => gemm(kern, c, a, b, { m: 2, n: 3, k: 5, transB: true })).toThrow(/B holds 12 values, needs 15 for 3×5 \(transposed\)/);
      expect(() => gemm(kern, c, a, b, { m: 3, n: 4, k: 3 })).toThrow(/C holds 9 values, needs 12/);
      expect(() => gemm(kern, c, a, b, { m: 3, n: 3, k: 3, bias })).toThrow(/bias holds 2 values, needs 3/);
      expect(() => gemm(kern, c, a, b, { m: -1, n: 3, k: 3 })).toThrow(/m must be a non-negative integer/);
      expect(() => gemm(kern, c, a, b, { m: 3, n: 2.5, k: 3 })).toThrow(/n must be a non-negative integer/);
      expect(() => gemm(kern, c, a, b, { m: 3, n: 3, k: 3, act: 'softmax' as GemmActivation })).toThrow(/softmax/);
      const inside = new F32Buffer(kern, a.ptr + 8, 9);
      expect(() => gemm(kern, inside, a, b, { m: 3, n: 3, k: 3 })).toThrow(/C overlaps A/);
      expect(() => gemm(kern, c, a, b, { m: 3, n: 3, k: 3 })).not.toThrow();
      [a, b, c, bias].forEach((x) => x.free());
      expect(() => gemm(kern, c, a, b, { m: 3, n: 3, k: 3 })).toThrow(/freed/);
      expect(() => gemmRef(new Float32Array(2), new Float32Array(4), new Float32Array(4), { m: 2, n: 2, k: 2 })).toThrow(RangeError);
    });
  });
}
