// Lexical embedder (matches by spelling): signed feature hashing of word tokens and character n-grams (no model download).

import { embedFunctions, type Embedder } from './embedder';

export interface HashingEmbedderOptions {
  /** Output dimension. */
  dim?: number;
  /** Inclusive [min, max] character n-gram lengths taken from each boundary-marked word; [0, 0] turns them off. */
  ngram?: [number, number];
  /** Weight of a whole-token feature; tokens carry more meaning than any single n-gram. */
  tokenWeight?: number;
  /** Weight of a character n-gram feature. */
  ngramWeight?: number;
  /** Hash seed; different seeds give unrelated (incomparable) spaces. */
  seed?: number;
}

/**
 * murmur3-style 32-bit hash over UTF-16 code units, two units per block. Only Math.imul and 32-bit
 * integer ops, so node and every browser give the same bits.
 */
export function hash32(s: string, seed = 0): number {
  let h = seed >>> 0;
  const n = s.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    let k = (s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16)) >>> 0;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  if (i < n) {
    let k = s.charCodeAt(i);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
  }
  // Length in code units, then the murmur3 finaliser: short strings (most n-grams) still avalanche.
  h ^= n;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Where a feature lands: index from the low 31 bits, sign from bit 31. Keeping the sign bit out of the
 * index makes the two independent, so collisions cancel in expectation instead of piling up.
 */
export function featureSlot(feature: string, seed: number, dim: number): { index: number; sign: 1 | -1 } {
  const h = hash32(feature, seed);
  return { index: (h & 0x7fffffff) % dim, sign: h >>> 31 ? -1 : 1 };
}

// Runs of letters, combining marks, digits and underscores: identifiers stay whole so snake_case can be split below.
const WORD = /[\p{L}\p{M}\p{N}_]+/gu;
// camelCase boundaries: lower/digit → Upper ("validateEmail"), and ACRONYM → Word ("XMLParser").
const CAMEL = /(?<=[\p{Ll}\p{N}])(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})/u;

/**
 * Word tokens of a text: NFKC (full-width and ligature forms fold to plain ones), split on everything but
 * letters/digits, lowercased. An identifier made of several camelCase or snake_case parts yields each part
 * and the parts joined ("validateEmail" → validate, email, validateemail), so a query may use either form.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of text.normalize('NFKC').matchAll(WORD)) {
    const parts: string[] = [];
    for (const piece of m[0].split('_')) {
      for (const p of piece.split(CAMEL)) if (p) parts.push(p.toLowerCase());
    }
    if (parts.length === 0) continue; // a run of underscores only
    for (const p of parts) out.push(p);
    if (parts.length > 1) out.push(parts.join(''));
  }
  return out;
}

/** Character n-grams of one word with '#' boundary markers, by code point so surrogate pairs stay whole. */
export function charNgrams(word: string, min: number, max: number): string[] {
  const cps = Array.from(`#${word}#`);
  const out: string[] = [];
  for (let n = min; n <= max; n++) {
    if (n <= 0) continue;
    for (let i = 0; i + n <= cps.length; i++) out.push(cps.slice(i, i + n).join(''));
  }
  return out;
}

function count(into: Map<string, number>, key: string): void {
  into.set(key, (into.get(key) ?? 0) + 1);
}

export function createHashingEmbedder(options: HashingEmbedderOptions = {}): Embedder & {
  embedBatch(texts: string[]): Float32Array;
} {
  const dim = options.dim ?? 384;
  const [nMin, nMax] = options.ngram ?? [3, 4];
  const tokenWeight = options.tokenWeight ?? 2;
  const ngramWeight = options.ngramWeight ?? 1;
  const seed = (options.seed ?? 0) >>> 0;
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`hashing embedder: dim must be a positive integer, got ${dim}`);
  if (!Number.isInteger(nMin) || !Number.isInteger(nMax) || nMin < 0 || nMax < nMin) {
    throw new Error(`hashing embedder: bad ngram range [${nMin}, ${nMax}]`);
  }
  // Tokens and n-grams hash with different seeds: the token "ail" and the n-gram "ail" are different features.
  const tokenSeed = hash32('token', seed);
  const gramSeed = hash32('ngram', seed);

  const addFeatures = (out: Float32Array, counts: Map<string, number>, fseed: number, weight: number): void => {
    for (const [feature, tf] of counts) {
      const { index, sign } = featureSlot(feature, fseed, dim);
      // Sublinear tf: a word repeated ten times is not ten times as relevant.
      out[index] += sign * weight * (1 + Math.log(tf));
    }
  };

  const embedInto = (text: string, out: Float32Array): void => {
    const tokens = tokenize(text);
    const tokenCounts = new Map<string, number>();
    const gramCounts = new Map<string, number>();
    for (const t of tokens) {
      count(tokenCounts, t);
      if (nMax > 0) for (const g of charNgrams(t, nMin, nMax)) count(gramCounts, g);
    }
    addFeatures(out, tokenCounts, tokenSeed, tokenWeight);
    addFeatures(out, gramCounts, gramSeed, ngramWeight);
    let sq = 0;
    for (let i = 0; i < out.length; i++) sq += out[i] * out[i];
    // No features (or every feature cancelled): leave zeros rather than divide by zero.
    if (sq > 0) {
      const inv = 1 / Math.sqrt(sq);
      for (let i = 0; i < out.length; i++) out[i] *= inv;
    }
  };

  return {
    name: `hashing-v1-d${dim}-n${nMin}-${nMax}-tw${tokenWeight}-gw${ngramWeight}-s${seed}`,
    kind: 'hashing',
    label: `feature hashing of words and character ${nMin}–${nMax}-grams (${dim} dims)`,
    dim,
    ...embedFunctions(dim, embedInto),
  };
}
