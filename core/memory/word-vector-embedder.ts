// The meaning embedder: frequency-weighted averages of static word vectors (SIF), with hashed lexical features for words the vectors lack.
import { embedFunctions, type Embedder } from './embedder';
import { createHashingEmbedder, tokenize } from './hashing-embedder';
import { parseWordVectorAsset, type WordVectorAsset } from './word-vector-asset';

/*
 * A text's vector, after Arora, Liang & Ma, "A simple but tough-to-beat baseline for sentence embeddings"
 * (ICLR 2017):
 *   m = Σ_w  a / (a + p(w)) · v_w          over the text's tokens found in the vocabulary
 *   m ← m − (m·u) u                        u: the common discourse direction, stored in the asset
 *   out = [ √(1−λ) · m/|m| ;  √λ · h ]     h: the unit hashing-embedder vector of the same text
 * p(w) comes from the word's frequency rank r in the source vocabulary by Zipf's law, p = 1 / ((r+1) · H_V):
 * the asset holds ranks, not counts (see scripts/build-word-vectors.mjs). The lexical part h carries what
 * the word vectors cannot: names, identifiers, numbers, misspellings and words outside the vocabulary;
 * the cosine of two outputs is (1−λ)·cos(m) + λ·cos(h) when both parts are non-zero. A text with no known
 * word is its lexical part alone (unit length), so it still ranks by spelling.
 */

export interface WordVectorEmbedderOptions {
  /** SIF smoothing: a word's weight is a / (a + p(w)). */
  a?: number;
  /** Remove the common component u (SIF's second step). */
  removeComponent?: boolean;
  /** λ: share of the cosine given to the lexical (hashing) part; 0 leaves it out. */
  lexical?: number;
  /** Dimensions of the lexical part. */
  lexicalDim?: number;
}

/** Chosen on the dev sets only (fixtures/paraphrases-dev.json, fixtures/unknown-words-dev.json); npm run measure -- core/memory/paraphrase prints the variants. */
export const WORD_VECTOR_DEFAULTS: Required<WordVectorEmbedderOptions> = { a: 1e-3, removeComponent: true, lexical: 0.3, lexicalDim: 256 };

/** Zipf's law: probability of the word of 0-based frequency rank r among v words. */
export function zipfProbability(rank: number, vocab: number): number {
  const harmonic = Math.log(vocab) + 0.5772156649 + 1 / (2 * vocab);
  return 1 / ((rank + 1) * harmonic);
}

export type WordVectorEmbedder = Embedder & {
  embedBatch(texts: string[]): Float32Array;
  /** Tokens of the text that have a word vector, and those that do not (for explanations and tests). */
  coverage(text: string): { known: string[]; unknown: string[] };
  readonly asset: Pick<WordVectorAsset, 'dims' | 'count' | 'sourceVocab' | 'sha256'>;
};

export function createWordVectorEmbedder(source: Uint8Array | WordVectorAsset, options: WordVectorEmbedderOptions = {}): WordVectorEmbedder {
  const asset = source instanceof Uint8Array ? parseWordVectorAsset(source) : source;
  const { a, removeComponent, lexical, lexicalDim } = { ...WORD_VECTOR_DEFAULTS, ...options };
  if (!(a > 0) || !Number.isFinite(a)) throw new Error(`word-vector embedder: a must be a positive number, got ${a}`);
  if (!(lexical >= 0 && lexical < 1)) throw new Error(`word-vector embedder: lexical must be in [0, 1), got ${lexical}`);
  const { dims, count, codes, component } = asset;
  const index = new Map<string, number>();
  asset.words.forEach((w, i) => index.set(w, i));
  // Scale and SIF weight folded into one factor per word.
  const factor = new Float32Array(count);
  for (let i = 0; i < count; i++) factor[i] = asset.scales[i] * (a / (a + zipfProbability(asset.ranks[i], asset.sourceVocab)));
  const hashing = lexical > 0 ? createHashingEmbedder({ dim: lexicalDim }) : null;
  const dim = dims + (hashing ? lexicalDim : 0);
  const meaningShare = Math.sqrt(1 - lexical);
  const lexicalShare = Math.sqrt(lexical);

  const embedInto = (text: string, out: Float32Array): void => {
    const m = new Float64Array(dims);
    let known = 0;
    for (const t of tokenize(text)) {
      const i = index.get(t);
      if (i === undefined) continue;
      known++;
      const f = factor[i];
      const row = i * dims;
      for (let d = 0; d < dims; d++) m[d] += f * codes[row + d];
    }
    if (known > 0 && removeComponent) {
      let p = 0;
      for (let d = 0; d < dims; d++) p += m[d] * component[d];
      for (let d = 0; d < dims; d++) m[d] -= p * component[d];
    }
    let sq = 0;
    for (let d = 0; d < dims; d++) sq += m[d] * m[d];
    const h = hashing ? hashing.embed(text) : null;
    const hasLexical = h !== null && h.some((x) => x !== 0);
    if (sq > 0) {
      const s = (hasLexical ? meaningShare : 1) / Math.sqrt(sq);
      for (let d = 0; d < dims; d++) out[d] = m[d] * s;
    }
    if (hasLexical) {
      const s = sq > 0 ? lexicalShare : 1;
      for (let d = 0; d < lexicalDim; d++) out[dims + d] = h[d] * s;
    }
  };

  const tag = `a${a}-${removeComponent ? 'pc1' : 'pc0'}-lex${lexical}${hashing ? `x${lexicalDim}` : ''}`;
  return {
    name: `word-vectors-v1-${asset.sha256.slice(0, 12)}-n${count}-d${dims}-${tag}`,
    kind: 'word-vectors',
    label: `word vectors (${count.toLocaleString('en-US')} words × ${dims} dims, SIF-weighted${hashing ? ', with hashed spellings' : ''})`,
    dim,
    asset: { dims, count, sourceVocab: asset.sourceVocab, sha256: asset.sha256 },
    ...embedFunctions(dim, embedInto),
    coverage(text: string) {
      const known: string[] = [];
      const unknown: string[] = [];
      for (const t of tokenize(text)) (index.has(t) ? known : unknown).push(t);
      return { known, unknown };
    },
  };
}
