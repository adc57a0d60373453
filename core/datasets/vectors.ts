// Seeded unit-vector data sets for tests and benchmarks of vector search: gaussian clusters (the hard case), uniform on the sphere, and text-like hashing embeddings.
import { createHashingEmbedder } from '../memory/hashing-embedder';
import type { Rng } from '../random';

/** Gaussian clusters around 64 random unit centres, spread 0.25 (nearest neighbours at cosine ≈ 0.95), normalised. */
export function clusteredVectors(n: number, d: number, rng: Rng, centres: Float32Array, spread = 0.25): Float32Array {
  const out = new Float32Array(n * d);
  const nc = centres.length / d;
  const sd = spread / Math.sqrt(d);
  for (let i = 0; i < n; i++) {
    const c = rng.int(nc);
    let ss = 0;
    for (let p = 0; p < d; p++) {
      const v = centres[c * d + p] + sd * rng.normal();
      out[i * d + p] = v;
      ss += v * v;
    }
    const inv = 1 / Math.sqrt(ss);
    for (let p = 0; p < d; p++) out[i * d + p] *= inv;
  }
  return out;
}

/** Uniform unit vectors on the sphere. */
export function uniformVectors(n: number, d: number, rng: Rng): Float32Array {
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    let ss = 0;
    for (let p = 0; p < d; p++) {
      const v = rng.normal();
      out[i * d + p] = v;
      ss += v * v;
    }
    const inv = 1 / Math.sqrt(ss);
    for (let p = 0; p < d; p++) out[i * d + p] *= inv;
  }
  return out;
}

/** Hashing-embedder vectors (384 dims, unit) of synthetic 4–19 word sentences over a Zipf-like 3,000-word vocabulary. */
export function textVectors(n: number, rng: Rng): Float32Array {
  const emb = createHashingEmbedder();
  const vocab = Array.from({ length: 3000 }, (_, i) => `w${((i * 7919) % 100_003).toString(36)}`);
  const out = new Float32Array(n * emb.dim);
  for (let i = 0; i < n; i++) {
    const words = Array.from({ length: 4 + rng.int(16) }, () => vocab[Math.floor(vocab.length * rng.next() ** 2)]);
    out.set(emb.embed(words.join(' ')), i * emb.dim);
  }
  return out;
}
