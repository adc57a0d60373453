// The vector tier's index seam: core searches through this interface; core ships a plain-TS index, kernel/js a wasm one.

/**
 * One vector as the tier stores it: int8 codes for the coarse kernel search plus a 4-bit residual
 * for rescoring. Measured on 10k×384 (clustered vectors, seed 2024): int8 scores alone give recall@10
 * 0.90, int8 shortlist + f32 query against codes only 0.90, + the 4-bit residual 0.99; on 100k the
 * residual alone gives 0.988 and the least-squares gain 0.996. Layout and size: see vector-codec.ts
 * (dim + ceil(dim/2) + 8 bytes, 62% less than float32 at 384 dims).
 */
export interface EncodedVector {
  /** [dim] round-half-even(x / s), s = max|x| / 127 (0 for an all-zero vector): the kernel's quantizeRows rule. */
  codes: Int8Array;
  /** g·s, where g (≈ 1) is the least-squares gain of the decoded vector (vector-codec.ts). */
  scale: number;
  /** [ceil(dim/2)] 4-bit signed residuals r = round((x - codes·s) / t) in −7..7, two per byte, low nibble first. */
  residual: Uint8Array;
  /** g·t, t = max|x − codes·s| / 7 (0 when the codes are exact). */
  residualScale: number;
}

export interface VectorHits {
  /** Caller ids, best first. */
  ids: number[];
  /** Dot product of the f32 query with each decoded vector (codes·scale + residual·residualScale). */
  scores: number[];
}

export interface VectorIndex {
  readonly dim: number;
  /** Vectors held now. */
  readonly size: number;
  /** Adds the vector under id, replacing what id held before. */
  upsert(id: number, v: EncodedVector): void;
  /** Removes id; false when it was not there. */
  remove(id: number): boolean;
  clear(): void;
  /**
   * The k best ids for an f32 query (length dim): int8 dot products of the quantized query against
   * every code row pick a shortlist (default max(50, 4k)), which is rescored with the decoded vectors.
   */
  search(query: Float32Array, k: number, shortlist?: number): VectorHits;
  /** Frees what the index holds (wasm memory for the kernel index); the index is unusable afterwards. */
  dispose(): void;
}

export type VectorIndexFactory = (dim: number) => VectorIndex;

/** Shortlist size used when the caller gives none. */
export function defaultShortlist(k: number): number {
  return Math.max(50, 4 * k);
}
