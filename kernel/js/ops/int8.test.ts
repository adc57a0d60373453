// int8 ops on every kernel build: exact integer parts against the reference, the quantization error bound,
// overflow at k = 65536, a quantized dense layer, and the memory tier's int8-search-then-f32-rescore recall.
import { describe, expect, it } from 'vitest';
import { createRng, uniformArray, type Rng } from '../../../core/random';
import type { Activation } from '../../../core/nn/spec';
import { gemmRef } from '../../reference/gemm';
import { dequantizeRowsRef, int8DotRowsRef, int8GemmRef, int8SumsRef, quantizeRowsRef } from '../../reference/int8';
import { topkRef } from '../../reference/topk';
import { dotRowsRef } from '../../reference/vector';
import type { Kernel } from '../kernel';
import { loadKernelNode, runnableFlavors } from '../node';
import { dequantizeRows, int8DenseForward, int8DotRows, int8Gemm, int8Scratch, quantizeDense, quantizeRows } from './int8';
import { topk } from './topk';
import { dotRows } from './vector';
import { clusteredVectors, uniformVectors } from '../../../core/datasets/vectors';

const SHAPES: [number, number][] = [[1, 1], [3, 3], [17, 17], [33, 33], [5, 127], [127, 5], [9, 384], [2, 385], [4, 1000]];
const ACTS: Exclude<Activation, 'softmax'>[] = ['linear', 'relu', 'leaky_relu', 'sigmoid', 'tanh'];

function randomI8(n: number, rng: Rng): Int8Array {
  return Int8Array.from({ length: n }, () => rng.int(256) - 128); // -128 included: the kernel must be exact for it too
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let w = 0;
  for (let i = 0; i < a.length; i++) w = Math.max(w, Math.abs(a[i] - b[i]));
  return w;
}

describe('int8 ops', () => {
  for (const flavor of runnableFlavors()) {
    it(`${flavor}: quantizeRows matches the reference exactly and dequantizes within scale/2`, async () => {
      const k = await loadKernelNode(flavor);
      const rng = createRng(11);
      for (const [rows, cols] of SHAPES) {
        const x = new Float32Array(rows * cols).map(() => rng.normal() * 10 ** (rng.int(7) - 3));
        x.fill(0, 0, cols); // row 0 all zeros: scale 0, no NaN
        const [qb, sb, xb, yb] = [k.i8(rows * cols), k.f32(rows), k.f32(x), k.f32(rows * cols)];
        quantizeRows(k, qb, sb, xb, rows, cols);
        const wantQ = new Int8Array(rows * cols);
        const wantS = new Float32Array(rows);
        quantizeRowsRef(wantQ, wantS, x, rows, cols);
        expect(qb.toArray()).toEqual(wantQ);
        expect(sb.toArray()).toEqual(wantS);
        expect(sb.view[0]).toBe(0);

        dequantizeRows(k, yb, qb, sb, rows, cols);
        const y = yb.toArray();
        const wantY = new Float32Array(rows * cols);
        dequantizeRowsRef(wantY, wantQ, wantS, rows, cols);
        expect(y).toEqual(wantY);
        for (let r = 0; r < rows; r++) {
          // scale/2 from rounding to the nearest code, plus a few f32 roundings of the products.
          const bound = wantS[r] * (0.5 + 1e-4);
          expect(maxAbsDiff(y.subarray(r * cols, (r + 1) * cols), x.subarray(r * cols, (r + 1) * cols))).toBeLessThanOrEqual(bound);
        }
        expect(y.every(Number.isFinite)).toBe(true);
        [qb, sb, xb, yb].forEach((b) => b.free());
      }
      expect(k.liveBuffers).toBe(0);
    });

    it(`${flavor}: int8DotRows is exact against the reference`, async () => {
      const k = await loadKernelNode(flavor);
      const rng = createRng(12);
      for (const [n, d] of [...SHAPES, [1001, 384] as [number, number]]) {
        const q = randomI8(d, rng);
        const rows = randomI8(n * d, rng);
        const scales = uniformArray(n, n + d, 0, 0.05);
        const want = new Float32Array(n);
        int8DotRowsRef(want, q, 0.01, rows, scales, n, d);
        const [qb, rb, sb, out] = [k.i8(q), k.i8(rows), k.f32(scales), k.f32(n)];
        int8DotRows(k, out, qb, 0.01, rb, sb, n, d);
        expect(out.toArray()).toEqual(want);
        [qb, rb, sb, out].forEach((b) => b.free());
      }
    });

    it(`${flavor}: int8Gemm matches the reference on odd shapes with bias and every activation`, async () => {
      const k = await loadKernelNode(flavor);
      const rng = createRng(13);
      const shapes: [number, number, number][] = [[1, 1, 1], [3, 2, 3], [5, 3, 17], [4, 17, 33], [17, 33, 127], [9, 5, 384], [6, 7, 1000]];
      for (const [m, n, depth] of shapes) {
        const a = randomI8(m * depth, rng);
        const b = randomI8(n * depth, rng);
        const sa = uniformArray(m, m, 0, 0.02);
        const sb = uniformArray(n, n + 1, 0, 0.02);
        const bias = uniformArray(n, n + 2);
        const bufs = { a: k.i8(a), b: k.i8(b), sa: k.f32(sa), sb: k.f32(sb), bias: k.f32(bias), c: k.f32(m * n) };
        for (const act of ACTS) {
          for (const withBias of [false, true]) {
            const want = new Float32Array(m * n);
            int8GemmRef(want, a, sa, b, sb, { m, n, k: depth, act, bias: withBias ? bias : undefined });
            int8Gemm(k, bufs.c, bufs.a, bufs.sa, bufs.b, bufs.sb, { m, n, k: depth, act, bias: withBias ? bufs.bias : undefined });
            const got = bufs.c.toArray();
            // The integer sums and scale products are exact; only exp/tanh differ between f32 and the f64 reference.
            if (act === 'linear' || act === 'relu') expect(got).toEqual(want);
            else expect(maxAbsDiff(got, want)).toBeLessThanOrEqual(2e-6 * (1 + Math.max(...want.map(Math.abs))));
          }
        }
        Object.values(bufs).forEach((x) => x.free());
      }
    });

    it(`${flavor}: int8Gemm with non-negative activations (the 7-bit dot of the relaxed build) gives the same sums`, async () => {
      const k = await loadKernelNode(flavor);
      const rng = createRng(17);
      const shapes: [number, number, number][] = [[1, 1, 1], [2, 4, 16], [3, 5, 17], [5, 7, 33], [17, 33, 127], [9, 5, 384], [6, 7, 1000]];
      for (const [m, n, depth] of shapes) {
        const a = Int8Array.from({ length: m * depth }, () => rng.int(128)); // 0..127, 127 included
        const b = randomI8(n * depth, rng); // -128..127
        const sa = uniformArray(m, m, 0, 0.02);
        const sb = uniformArray(n, n + 1, 0, 0.02);
        const bias = uniformArray(n, n + 2);
        const bufs = { a: k.i8(a), b: k.i8(b), sa: k.f32(sa), sb: k.f32(sb), bias: k.f32(bias), c: k.f32(m * n) };
        for (const act of ['linear', 'relu'] as const) {
          const want = new Float32Array(m * n);
          int8GemmRef(want, a, sa, b, sb, { m, n, k: depth, act, bias });
          int8Gemm(k, bufs.c, bufs.a, bufs.sa, bufs.b, bufs.sb, { m, n, k: depth, act, bias: bufs.bias, nonNegativeA: true });
          expect(bufs.c.toArray(), `${m}×${n}×${depth} ${act}`).toEqual(want);
        }
        Object.values(bufs).forEach((x) => x.free());
      }
    });

    it(`${flavor}: int8Gemm sums do not overflow at k = 65536 (all -128 and all 127)`, async () => {
      const k = await loadKernelNode(flavor);
      const [m, n, depth] = [5, 5, 65536]; // row 4 is left over from the 4-row tiles: it takes the 1×4 path
      const a = new Int8Array(m * depth).fill(-128);
      const b = new Int8Array(n * depth).fill(-128);
      b.fill(127, depth); // weight rows 1 to 4 are all 127
      a.fill(127, 4 * depth); // activation row 4 is all 127 (the leftover-row path)
      const bufs = { a: k.i8(a), b: k.i8(b), sa: k.f32(new Float32Array(m).fill(1)), sb: k.f32(new Float32Array(n).fill(1)), c: k.f32(m * n) };
      int8Gemm(k, bufs.c, bufs.a, bufs.sa, bufs.b, bufs.sb, { m, n, k: depth });
      const c = bufs.c.toArray();
      expect(c[0]).toBe(128 * 128 * depth); // 2^30, exact in f32
      expect(c[1]).toBe(Math.fround(-128 * 127 * depth));
      expect(c[4 * n]).toBe(Math.fround(-128 * 127 * depth));
      expect(c[4 * n + 1]).toBe(Math.fround(127 * 127 * depth));
      const sums = new Int32Array(m * n);
      int8SumsRef(sums, a, b, m, n, depth);
      expect(c).toEqual(Float32Array.from(sums));
      Object.values(bufs).forEach((x) => x.free());
    });

    it(`${flavor}: a quantized dense layer (two calls) tracks the f32 layer`, async () => {
      const k = await loadKernelNode(flavor);
      const [rows, inputs, outputs] = [37, 129, 19];
      const x = uniformArray(rows * inputs, 21);
      const w = uniformArray(outputs * inputs, 22, -0.3, 0.3); // [outputs×inputs], the transposed layout
      const bias = uniformArray(outputs, 23, -0.1, 0.1);
      const [xb, wb, bb, out] = [k.f32(x), k.f32(w), k.f32(bias), k.f32(rows * outputs)];
      const layer = quantizeDense(k, wb, inputs, outputs, bb, 'tanh');
      const scratch = int8Scratch(k, rows, inputs);
      int8DenseForward(k, out, xb, layer, scratch, rows);
      const want = new Float32Array(rows * outputs);
      gemmRef(want, x, w, { m: rows, n: outputs, k: inputs, transB: true, bias, act: 'tanh' });
      // Two per-row roundings of ~1/254 relative each over 129 terms: errors of a few 1e-3 on outputs of order 1.
      expect(maxAbsDiff(out.toArray(), want)).toBeLessThan(0.02);
      [xb, wb, bb, out, layer.w, layer.scales, scratch.q, scratch.scales].forEach((b) => b.free());
    });
  }

  // The memory tier's search: int8 scores pick 50 candidates, exact f32 dots rescore them, the best 10 are kept.
  describe('int8 search with f32 rescoring, 10,000 × 384 unit vectors, 100 queries', () => {
    const [n, d, queries, shortlist, want] = [10_000, 384, 100, 50, 10];
    const rng = createRng(2024);
    const centres = uniformVectors(64, d, rng);
    const datasets = {
      uniform: { rows: uniformVectors(n, d, rng), queries: uniformVectors(queries, d, rng) },
      // Tight clusters (neighbours at cosine ≈ 0.95): int8 scores alone reach 0.903 recall@10 here (seed 2024), so the rescoring is what is tested.
      clustered: { rows: clusteredVectors(n, d, rng, centres, 0.25), queries: clusteredVectors(queries, d, rng, centres, 0.25) },
    };
    // Exact search once per data set, in f64, independent of the kernel.
    const exact = Object.fromEntries(
      Object.entries(datasets).map(([name, ds]) => {
        const scores = new Float32Array(n);
        const tops: Int32Array[] = [];
        for (let qi = 0; qi < queries; qi++) {
          dotRowsRef(scores, ds.queries.subarray(qi * d, (qi + 1) * d), ds.rows, n, d);
          tops.push(topkRef(scores, want).indices);
        }
        return [name, tops];
      }),
    );

    async function recall(k: Kernel, name: keyof typeof datasets): Promise<{ rescored: number; int8Only: number }> {
      const ds = datasets[name];
      const rowsF = k.f32(ds.rows);
      const rowsQ = k.i8(n * d);
      const rowScales = k.f32(n);
      quantizeRows(k, rowsQ, rowScales, rowsF, n, d);
      const [qf, qq, qs, scores, candIdx, candScores, cand, exactScores, bestIdx, bestScores] = [
        k.f32(d), k.i8(d), k.f32(1), k.f32(n), k.i32(shortlist), k.f32(shortlist), k.f32(shortlist * d), k.f32(shortlist), k.i32(want), k.f32(want),
      ];
      let hits = 0;
      let int8Hits = 0;
      for (let qi = 0; qi < queries; qi++) {
        qf.set(ds.queries.subarray(qi * d, (qi + 1) * d));
        quantizeRows(k, qq, qs, qf, 1, d);
        int8DotRows(k, scores, qq, qs.view[0], rowsQ, rowScales, n, d);
        topk(k, candIdx, candScores, scores, n, shortlist);
        const ids = candIdx.toArray();
        const int8Top = new Set(ids.subarray(0, want)); // topk sorts, so the first 10 candidates are int8's own top 10
        int8Hits += Array.from(exact[name][qi]).filter((id) => int8Top.has(id)).length;
        const cv = cand.view;
        ids.forEach((id, j) => cv.set(ds.rows.subarray(id * d, (id + 1) * d), j * d));
        dotRows(k, exactScores, qf, cand, shortlist, d);
        topk(k, bestIdx, bestScores, exactScores, shortlist, want);
        const found = new Set(Array.from(bestIdx.view, (j) => ids[j]));
        hits += Array.from(exact[name][qi]).filter((id) => found.has(id)).length;
      }
      [rowsF, rowsQ, rowScales, qf, qq, qs, scores, candIdx, candScores, cand, exactScores, bestIdx, bestScores].forEach((b) => b.free());
      return { rescored: hits / (queries * want), int8Only: int8Hits / (queries * want) };
    }

    for (const flavor of runnableFlavors()) {
      for (const name of ['uniform', 'clustered'] as const) {
        it(`${flavor}: recall@10 ≥ 0.99 on ${name} data`, async () => {
          const k = await loadKernelNode(flavor);
          const r = await recall(k, name);
          expect(r.rescored).toBeGreaterThanOrEqual(0.99);
          expect(r.rescored).toBeGreaterThanOrEqual(r.int8Only);
        });
      }
    }
  });
});
