// The vector index in plain TypeScript: same search as the kernel's (int8 shortlist, rescoring with the residual), for node and as its reference.
import { quantizeVector } from '../nn/quantize';
import { dotDecoded } from './vector-codec';
import { defaultShortlist, type EncodedVector, type VectorHits, type VectorIndex } from './vector-index';

/** Best-first order: higher score, then lower id (so both indexes break ties alike). */
function better(sa: number, ia: number, sb: number, ib: number): boolean {
  return sa > sb || (sa === sb && ia < ib);
}

/** Indices of the `want` best entries of scores, best first (a partial selection: want is small against n). */
export function topIndices(scores: Float32Array | number[], ids: ArrayLike<number>, n: number, want: number): number[] {
  const heap: number[] = [];
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(scores[i])) continue;
    if (heap.length < want) {
      heap.push(i);
      if (heap.length === want) heap.sort((a, b) => (better(scores[a], ids[a], scores[b], ids[b]) ? -1 : 1));
    } else if (want > 0 && better(scores[i], ids[i], scores[heap[want - 1]], ids[heap[want - 1]])) {
      // Insertion into the sorted list; want ≤ a few hundred, so this beats a heap's constant factors.
      let j = want - 1;
      while (j > 0 && better(scores[i], ids[i], scores[heap[j - 1]], ids[heap[j - 1]])) {
        heap[j] = heap[j - 1];
        j--;
      }
      heap[j] = i;
    }
  }
  if (heap.length < want) heap.sort((a, b) => (better(scores[a], ids[a], scores[b], ids[b]) ? -1 : 1));
  return heap;
}

export function createPlainVectorIndex(dim: number): VectorIndex {
  if (!Number.isInteger(dim) || dim <= 0) throw new RangeError(`vector index: bad dim ${dim}`);
  const slots = new Map<number, number>();
  const ids: number[] = [];
  const vectors: EncodedVector[] = [];
  let disposed = false;
  const alive = () => {
    if (disposed) throw new Error('vector index: used after dispose()');
  };

  return {
    dim,
    get size() {
      return ids.length;
    },
    upsert(id, v) {
      alive();
      if (v.codes.length !== dim) throw new RangeError(`vector index: vector of ${v.codes.length} dims, index holds ${dim}`);
      const slot = slots.get(id);
      if (slot !== undefined) vectors[slot] = v;
      else {
        slots.set(id, ids.length);
        ids.push(id);
        vectors.push(v);
      }
    },
    remove(id) {
      alive();
      const slot = slots.get(id);
      if (slot === undefined) return false;
      // Move the last row into the hole so rows stay dense.
      const last = ids.length - 1;
      ids[slot] = ids[last];
      vectors[slot] = vectors[last];
      slots.set(ids[slot], slot);
      ids.pop();
      vectors.pop();
      slots.delete(id);
      return true;
    },
    clear() {
      alive();
      slots.clear();
      ids.length = 0;
      vectors.length = 0;
    },
    search(query, k, shortlist = defaultShortlist(k)): VectorHits {
      alive();
      if (query.length !== dim) throw new RangeError(`vector index: query of ${query.length} dims, index holds ${dim}`);
      const n = ids.length;
      const want = Math.min(k, n);
      if (want <= 0) return { ids: [], scores: [] };
      const q = quantizeVector(query);
      const coarse = new Float32Array(n);
      for (let r = 0; r < n; r++) {
        const codes = vectors[r].codes;
        let s = 0;
        for (let p = 0; p < dim; p++) s += q.codes[p] * codes[p];
        coarse[r] = Math.fround(Math.fround(q.scale * vectors[r].scale) * s);
      }
      const cand = topIndices(coarse, ids, n, Math.min(n, Math.max(shortlist, want)));
      const fine = cand.map((r) => dotDecoded(query, vectors[r]));
      const candIds = cand.map((r) => ids[r]);
      const best = topIndices(fine, candIds, cand.length, want);
      return { ids: best.map((j) => candIds[j]), scores: best.map((j) => fine[j]) };
    },
    dispose() {
      disposed = true;
      slots.clear();
      ids.length = 0;
      vectors.length = 0;
    },
  };
}
