// The contract every text embedder of the memory's vector tier satisfies (word vectors by meaning, hashing by spelling).

export interface Embedder {
  /**
   * Stable identifier of the embedder and its version (parameters, asset checksum); stored vectors are only
   * comparable between embedders with the same name, and each stored vector records the name that made it.
   */
  readonly name: string;
  /** The family, stable across versions: 'word-vectors' or 'hashing' (what a search asks for). */
  readonly kind: string;
  /** What it is, for people (the UI names the embedder behind each result with it). */
  readonly label: string;
  /** Length of every vector this embedder returns. */
  readonly dim: number;
  /** One text → one vector of length `dim` (unit length, or all zeros when the text has no features). */
  embed(text: string): Float32Array;
  /** Many texts → one row-major [n × dim] array; optional so model-backed embedders can batch. */
  embedBatch?(texts: string[]): Float32Array;
}

/**
 * Every embedder family this build has. A session may run without one (the word vectors failed to load):
 * vectors of a known family it lacks are kept for the next session that has it, not deleted as retired.
 */
export const EMBEDDER_KINDS: readonly string[] = ['word-vectors', 'hashing'];

/** embed and embedBatch from one function that writes a text's vector into a slice of length dim (zeroed). */
export function embedFunctions(dim: number, embedInto: (text: string, out: Float32Array) => void): Pick<Required<Embedder>, 'embed' | 'embedBatch'> {
  return {
    embed(text: string): Float32Array {
      const out = new Float32Array(dim);
      embedInto(text, out);
      return out;
    },
    embedBatch(texts: string[]): Float32Array {
      const out = new Float32Array(texts.length * dim);
      for (let i = 0; i < texts.length; i++) embedInto(texts[i], out.subarray(i * dim, (i + 1) * dim));
      return out;
    },
  };
}

/** Cosine similarity; 0 when either vector is all zeros (so empty texts never produce NaN). */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`cosine: length ${a.length} vs ${b.length}`);
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
