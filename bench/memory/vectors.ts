// Seeded vector data for the memory benchmark: clustered unit vectors (the hard case) and text-like hashing embeddings.
import { clusteredVectors, textVectors, uniformVectors } from '../../core/datasets/vectors';
import { createRng } from '../../core/random';

export { clusteredVectors, textVectors, uniformVectors };

export type Distribution = 'clustered' | 'text';

export interface VectorSet {
  distribution: Distribution;
  n: number;
  d: number;
  /** [n×d] the stored vectors. */
  rows: Float32Array;
  /** [queries×d] timed and scored queries. */
  queries: Float32Array;
  /** [tune×d] queries used only to pick a peer's parameters (never scored). */
  tuning: Float32Array;
}

export const TEXT_DIM = 384;

export function vectorSet(distribution: Distribution, n: number, queries: number, tune: number, seed: number): VectorSet {
  const rng = createRng(seed);
  if (distribution === 'text') {
    return { distribution, n, d: TEXT_DIM, rows: textVectors(n, rng), queries: textVectors(queries, rng), tuning: textVectors(tune, rng) };
  }
  const d = 384;
  const centres = uniformVectors(64, d, rng);
  return {
    distribution, n, d,
    rows: clusteredVectors(n, d, rng, centres),
    queries: clusteredVectors(queries, d, rng, centres),
    tuning: clusteredVectors(tune, d, rng, centres),
  };
}

/** scores[i] = rows[i]·q over n rows of d (f32 inputs, f64 sums). */
export function dotAll(scores: Float32Array, rows: Float32Array, q: Float32Array, n: number, d: number): void {
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let s = 0;
    for (let p = 0; p < d; p++) s += q[p] * rows[o + p];
    scores[i] = s;
  }
}

/** Indices of the k largest scores, best first, ties to the lower index (a sorted insertion list; k is small). */
export function topK(scores: Float32Array, n: number, k: number, out: Int32Array = new Int32Array(k)): Int32Array {
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    if (kept === k && !(s > scores[out[k - 1]])) continue;
    let p = kept < k ? kept++ : k - 1;
    while (p > 0 && s > scores[out[p - 1]]) {
      out[p] = out[p - 1];
      p--;
    }
    out[p] = i;
  }
  return kept === k ? out : out.subarray(0, kept);
}

/** Exact float32 top-k ids of every query (the recall ground truth). */
export function exactNeighbours(set: VectorSet, k: number): Int32Array[] {
  const scores = new Float32Array(set.n);
  const out: Int32Array[] = [];
  for (let qi = 0; qi < set.queries.length / set.d; qi++) {
    dotAll(scores, set.rows, set.queries.subarray(qi * set.d, (qi + 1) * set.d), set.n, set.d);
    out.push(topK(scores, set.n, k).slice());
  }
  return out;
}

/** Fraction of the true top-k found, over all queries. */
export function recallAtK(found: ArrayLike<number>[], truth: Int32Array[]): number {
  let hits = 0;
  let total = 0;
  for (let i = 0; i < truth.length; i++) {
    const want = new Set(truth[i]);
    for (let j = 0; j < found[i].length; j++) if (want.has(found[i][j])) hits++;
    total += truth[i].length;
  }
  return hits / total;
}
