// Vector ops on every kernel build against the plain-TS reference, on odd shapes and seeded data.
import { describe, expect, it } from 'vitest';
import { createRng, uniformArray } from '../../../core/random';
import { cosineRowsRef, dotRowsRef, normalizeRowsRef, rowNormsRef } from '../../reference/vector';
import { loadKernelNode, runnableFlavors } from '../node';
import { cosineRows, dotRows, normalizeRows, rowNorms } from './vector';

const SHAPES: [number, number][] = [[1, 1], [3, 3], [17, 17], [33, 33], [5, 127], [127, 5], [9, 384], [2, 385], [31, 1000]];

/** Per-row bound for an f32 sum of d products: a few ulps of Σ|q·r|. */
function dotBound(query: Float32Array, rows: Float32Array, i: number, d: number): number {
  let s = 0;
  for (let p = 0; p < d; p++) s += Math.abs(query[p] * rows[i * d + p]);
  return 1e-6 + 4e-7 * Math.sqrt(d) * s + 1e-7 * s;
}

describe('vector ops', () => {
  for (const flavor of runnableFlavors()) {
    it(`${flavor}: dotRows matches the reference`, async () => {
      const k = await loadKernelNode(flavor);
      for (const [n, d] of SHAPES) {
        const q = uniformArray(d, n * 31 + d);
        const rows = uniformArray(n * d, n * 17 + d * 3);
        const want = new Float32Array(n);
        dotRowsRef(want, q, rows, n, d);
        const [qb, rb, sb] = [k.f32(q), k.f32(rows), k.f32(n)];
        dotRows(k, sb, qb, rb, n, d);
        const got = sb.toArray();
        for (let i = 0; i < n; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(dotBound(q, rows, i, d));
        [qb, rb, sb].forEach((b) => b.free());
      }
      expect(k.liveBuffers).toBe(0);
    });

    it(`${flavor}: cosineRows with and without precomputed norms, zero rows and zero queries give 0`, async () => {
      const k = await loadKernelNode(flavor);
      for (const [n, d] of SHAPES) {
        const q = uniformArray(d, n + d * 7);
        const rows = uniformArray(n * d, n * 5 + d);
        rows.fill(0, 0, d); // row 0 is all zeros
        const want = new Float32Array(n);
        cosineRowsRef(want, q, rows, n, d);
        const [qb, rb, sb, nb] = [k.f32(q), k.f32(rows), k.f32(n), k.f32(n)];
        rowNorms(k, nb, rb, n, d);
        const norms = new Float32Array(n);
        rowNormsRef(norms, rows, n, d);
        nb.toArray().forEach((v, i) => expect(v).toBeCloseTo(norms[i], 4));
        for (const pre of [undefined, nb]) {
          cosineRows(k, sb, qb, rb, n, d, pre);
          const got = sb.toArray();
          expect(got[0]).toBe(0);
          for (let i = 0; i < n; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(2e-5 * Math.sqrt(d) + 1e-6);
        }
        qb.view.fill(0);
        cosineRows(k, sb, qb, rb, n, d);
        expect(sb.toArray()).toEqual(new Float32Array(n));
        [qb, rb, sb, nb].forEach((b) => b.free());
      }
    });

    it(`${flavor}: normalizeRows gives unit rows in place and leaves zero rows zero`, async () => {
      const k = await loadKernelNode(flavor);
      const rng = createRng(7);
      for (const [n, d] of SHAPES) {
        const rows = new Float32Array(n * d).map(() => 3 * rng.normal());
        if (n > 2) rows.fill(0, d, 2 * d); // row 1 is all zeros
        const want = rows.slice();
        normalizeRowsRef(want, n, d);
        const rb = k.f32(rows);
        normalizeRows(k, rb, n, d);
        const got = rb.toArray();
        let worst = 0;
        for (let i = 0; i < n * d; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
        expect(worst).toBeLessThanOrEqual(1e-6);
        if (n > 2) expect(got.subarray(d, 2 * d)).toEqual(new Float32Array(d));
        expect(got.every(Number.isFinite)).toBe(true);
        rb.free();
      }
    });
  }

  it('rejects buffers that are too small', async () => {
    const k = await loadKernelNode('scalar');
    const [q, rows, s] = [k.f32(4), k.f32(7), k.f32(2)];
    expect(() => dotRows(k, s, q, rows, 2, 4)).toThrow(/rows holds 7 values, needs 8/);
    [q, rows, s].forEach((b) => b.free());
  });
});
