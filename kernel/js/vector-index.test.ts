// The kernel vector index on every runnable build: same ids and scores as core's plain index (its reference) on odd dims,
// after removes, replaces and growth; tie order; recall@10 ≥ 0.99 on 10k×384 clustered vectors; every buffer freed.
import { describe, expect, it } from 'vitest';
import { createPlainVectorIndex, topIndices } from '../../core/memory/plain-vector-index';
import { encodeVector } from '../../core/memory/vector-codec';
import type { VectorHits, VectorIndex } from '../../core/memory/vector-index';
import { createRng } from '../../core/random';
import { loadKernelNode, runnableFlavors } from './node';
import { createKernelVectorIndex } from './vector-index';
import { clusteredVectors, uniformVectors } from '../../core/datasets/vectors';

function expectSameHits(got: VectorHits, want: VectorHits, what: string): void {
  expect(got.ids, what).toEqual(want.ids);
  for (let i = 0; i < want.scores.length; i++) {
    expect(Math.abs(got.scores[i] - want.scores[i]), `${what} score ${i}`).toBeLessThanOrEqual(1e-5 * Math.max(Math.abs(want.scores[i]), 1e-30));
  }
}

/** Both indexes answer the same queries alike, for several k and shortlist sizes. */
function compareSearches(ours: VectorIndex, ref: VectorIndex, queries: Float32Array, d: number, what: string): void {
  expect(ours.size, what).toBe(ref.size);
  for (let qi = 0; qi < queries.length / d; qi++) {
    const q = queries.subarray(qi * d, (qi + 1) * d);
    for (const [k, shortlist] of [[1, undefined], [10, undefined], [5, 7], [3, 1], [0, undefined], [1000, undefined]] as const) {
      expectSameHits(ours.search(q, k, shortlist), ref.search(q, k, shortlist), `${what} q${qi} k=${k} shortlist=${shortlist}`);
    }
  }
}

describe('kernel vector index', () => {
  for (const flavor of runnableFlavors()) {
    it(`${flavor}: matches the plain index on odd dims through upserts, replaces, removes, growth and clear`, async () => {
      const kernel = await loadKernelNode(flavor);
      const start = kernel.liveBuffers;
      const rng = createRng(7);
      for (const d of [1, 3, 17, 383, 384, 385]) {
        const ours = createKernelVectorIndex(kernel, d, 4);
        const ref = createPlainVectorIndex(d);
        const centres = uniformVectors(8, d, rng);
        const rows = clusteredVectors(300, d, rng, centres, 0.5);
        const queries = clusteredVectors(4, d, rng, centres, 0.5);
        const put = (id: number, r: number) => {
          const e = encodeVector(rows.subarray(r * d, (r + 1) * d));
          ours.upsert(id, e);
          ref.upsert(id, e);
        };
        // Ids out of insertion order and sparse, so row index and id order differ.
        for (let r = 0; r < 150; r++) put(1000 - 3 * r, r);
        compareSearches(ours, ref, queries, d, `d=${d} after 150 upserts`);
        expect(ours.capacity).toBe(256);
        // Replace some, remove some (including the last row and ids never stored), add more (grows again).
        for (let r = 0; r < 40; r++) put(1000 - 3 * rng.int(150), 150 + r);
        for (let r = 0; r < 60; r++) {
          const id = 1000 - 3 * rng.int(200);
          expect(ours.remove(id)).toBe(ref.remove(id));
        }
        for (let r = 190; r < 300; r++) put(5000 + r, r);
        compareSearches(ours, ref, queries, d, `d=${d} after replaces, removes and more upserts`);
        ours.clear();
        ref.clear();
        expect(ours.search(queries.subarray(0, d), 5)).toEqual({ ids: [], scores: [] });
        for (let r = 0; r < 9; r++) put(r, r);
        compareSearches(ours, ref, queries, d, `d=${d} after clear`);
        ours.dispose();
        expect(() => ours.search(queries.subarray(0, d), 1)).toThrow(/dispose/);
      }
      expect(kernel.liveBuffers).toBe(start);
    });

    it(`${flavor}: removes keep both indexes in step`, async () => {
      const kernel = await loadKernelNode(flavor);
      const start = kernel.liveBuffers;
      const d = 33;
      const rng = createRng(8);
      const rows = uniformVectors(200, d, rng);
      const queries = uniformVectors(3, d, rng);
      const ours = createKernelVectorIndex(kernel, d, 1);
      const ref = createPlainVectorIndex(d);
      for (let r = 0; r < 200; r++) {
        const e = encodeVector(rows.subarray(r * d, (r + 1) * d));
        ours.upsert(r * 7, e);
        ref.upsert(r * 7, e);
      }
      for (let i = 0; i < 150; i++) {
        const id = 7 * rng.int(220);
        expect(ours.remove(id)).toBe(ref.remove(id));
        if (i % 25 === 0) compareSearches(ours, ref, queries, d, `after ${i + 1} removes`);
      }
      compareSearches(ours, ref, queries, d, 'after removes');
      ours.dispose();
      ours.dispose(); // twice is harmless
      expect(kernel.liveBuffers).toBe(start);
    });

    it(`${flavor}: breaks score ties by the lower id, also at the shortlist's edge`, async () => {
      const kernel = await loadKernelNode(flavor);
      const ours = createKernelVectorIndex(kernel, 2, 2);
      const ref = createPlainVectorIndex(2);
      for (const id of [5, 3, 9, 1, 8, 2]) {
        const e = encodeVector(Float32Array.of(1, 0));
        ours.upsert(id, e);
        ref.upsert(id, e);
      }
      for (const id of [4, 6]) {
        const e = encodeVector(Float32Array.of(0.6, 0.8));
        ours.upsert(id, e);
        ref.upsert(id, e);
      }
      expect(ours.search(Float32Array.of(1, 0), 3).ids).toEqual([1, 2, 3]);
      expect(ours.search(Float32Array.of(1, 0), 2.5, 1.5).ids).toEqual([1, 2, 3]); // fractional sizes round up
      for (const shortlist of [1, 2, 3, 5, 6, 7, 8]) {
        for (const k of [1, 3, 6, 8]) {
          const q = Float32Array.of(1, 0.1);
          expectSameHits(ours.search(q, k, shortlist), ref.search(q, k, shortlist), `k=${k} shortlist=${shortlist}`);
        }
      }
      ours.dispose();
    });

    it(`${flavor}: rejects wrong dims`, async () => {
      const kernel = await loadKernelNode(flavor);
      const ours = createKernelVectorIndex(kernel, 3);
      expect(() => ours.upsert(1, encodeVector(new Float32Array(4)))).toThrow(/dims/);
      expect(() => ours.search(new Float32Array(4), 1)).toThrow(/dims/);
      expect(() => createKernelVectorIndex(kernel, 0)).toThrow(/dim/);
      ours.dispose();
    });
  }

  it('keeps recall@10 ≥ 0.99 against exact float32 search on 10,000 × 384 clustered vectors (every build)', async () => {
    const [n, d, queries, k] = [10_000, 384, 60, 10];
    const rng = createRng(2024);
    const centres = uniformVectors(64, d, rng);
    const rows = clusteredVectors(n, d, rng, centres, 0.25);
    const qs = clusteredVectors(queries, d, rng, centres, 0.25);
    const encoded = Array.from({ length: n }, (_, i) => encodeVector(rows.subarray(i * d, (i + 1) * d)));
    const allIds = Array.from({ length: n }, (_, i) => i);
    const exact = Array.from({ length: queries }, (_, qi) => {
      const q = qs.subarray(qi * d, (qi + 1) * d);
      const s = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        let t = 0;
        for (let p = 0; p < d; p++) t += q[p] * rows[i * d + p];
        s[i] = t;
      }
      return new Set(topIndices(s, allIds, n, k));
    });
    for (const flavor of runnableFlavors()) {
      const kernel = await loadKernelNode(flavor);
      const start = kernel.liveBuffers;
      const idx = createKernelVectorIndex(kernel, d);
      for (let i = 0; i < n; i++) idx.upsert(i, encoded[i]);
      let hits = 0;
      for (let qi = 0; qi < queries; qi++) hits += idx.search(qs.subarray(qi * d, (qi + 1) * d), k).ids.filter((id) => exact[qi].has(id)).length;
      expect(hits / (queries * k), flavor).toBeGreaterThanOrEqual(0.99);
      idx.dispose();
      expect(kernel.liveBuffers).toBe(start);
    }
  }, 120_000);
});

describe('kernel vector index sizing', () => {
  it('starts a wide index small (its first codes take at most 1 MiB) and grows as rows arrive; 384-dim indexes keep 1,024 rows', async () => {
    const kernel = await loadKernelNode(runnableFlavors()[0]);
    const wide = createKernelVectorIndex(kernel, 65536);
    expect(wide.capacity * 65536).toBeLessThanOrEqual(1 << 20);
    expect(wide.bytes).toBeLessThan(2 * 1024 * 1024);
    const rng = createRng(3);
    const rows = uniformVectors(40, 65536, rng);
    for (let i = 0; i < 40; i++) wide.upsert(i, encodeVector(rows.subarray(i * 65536, (i + 1) * 65536)));
    expect(wide.capacity).toBeGreaterThanOrEqual(40);
    expect(wide.search(rows.subarray(7 * 65536, 8 * 65536), 1).ids).toEqual([7]);
    wide.dispose();
    const narrow = createKernelVectorIndex(kernel, 384);
    expect(narrow.capacity).toBe(1024);
    narrow.dispose();
  });
});
