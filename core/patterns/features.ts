// The classifier's input vector for an operation: the memory's meaning embedder, hashed words, word pairs and character n-grams, and the structured fields.
import type { Embedder } from '../memory/embedder';
import { charNgrams, featureSlot, hash32, tokenize } from '../memory/hashing-embedder';
import { keywordScores } from './baselines';
import { operationText, PATTERNS, type Operation } from './operation';

/*
 * One row is these blocks, in this order (a block with weight 0 is left out):
 *   meaning   the meaning embedder's vector of operationText(op) (unit length) × meaningWeight
 *   pool      element-wise max and min over the text's word vectors (unit, meaning part only) × poolWeight
 *   concept   per seed word of CONCEPT_SEEDS, its highest cosine with a word of the text × conceptWeight
 *   keywords  the keyword rules' match counts per pattern (baselines.ts), scaled by 1/3 × keywordWeight
 *   words     signed hashing of words, adjacent word pairs, "type=<type>" and "agent=<name>" (sublinear tf, unit) × wordWeight
 *   chars     signed hashing of the words' character 3–5-grams (unit length) × charWeight
 *   fields    complexity, agent count and log duration, each with a flag saying it was given, and a flag for a type, × fieldWeight
 * Word pairs carry what single words miss ("instead of", "side by side", "rather than"); character n-grams carry
 * inflections and compounds the word vectors do not know (deploy/deployment, autoscale).
 */

export interface FeatureConfig {
  meaningWeight: number;
  /** Element-wise max and min over the text's word vectors (their meaning part), × poolWeight; 0 leaves the block out. */
  poolWeight: number;
  /** Per pattern seed word, the highest cosine between it and any word of the text, × conceptWeight; 0 leaves the block out. */
  conceptWeight: number;
  /** The keyword rules' match counts per pattern (baselines.ts), × keywordWeight; 0 leaves the block out. */
  keywordWeight: number;
  wordDim: number;
  wordWeight: number;
  charDim: number;
  charWeight: number;
  fieldWeight: number;
}

export const FEATURE_DEFAULTS: FeatureConfig = { meaningWeight: 1, poolWeight: 0, conceptWeight: 1, keywordWeight: 2, wordDim: 2048, wordWeight: 1, charDim: 1024, charWeight: 0.5, fieldWeight: 0.5 };

export const FIELDS = 7;

/** A few words per pattern from its definition (README.md's labelling guide), whose nearness to the text's words is a feature. */
export const CONCEPT_SEEDS: Record<(typeof PATTERNS)[number], readonly string[]> = {
  convergent: ['fix', 'correct', 'solve', 'repair', 'debug', 'implement', 'compute', 'exact', 'answer'],
  divergent: ['brainstorm', 'ideas', 'alternatives', 'options', 'explore', 'imagine', 'possibilities', 'propose', 'variety'],
  lateral: ['workaround', 'instead', 'unconventional', 'repurpose', 'reframe', 'sidestep', 'indirect', 'trick', 'refactor'],
  systems: ['dependencies', 'integrate', 'interconnected', 'pipeline', 'ecosystem', 'components', 'architecture', 'flows', 'downstream'],
  critical: ['review', 'audit', 'evaluate', 'assess', 'verify', 'scrutinize', 'critique', 'judge', 'validate'],
  adaptive: ['adapt', 'adjust', 'dynamic', 'automatically', 'fallback', 'recover', 'scale', 'changing', 'respond'],
};

export interface PatternFeaturizer {
  readonly width: number;
  readonly config: FeatureConfig;
  /** The meaning embedder's versioned name, or null when the classifier runs without one. */
  readonly embedder: string | null;
  /** Versioned name of the whole layout: part of the classifier's fingerprint. */
  readonly name: string;
  encode(op: Operation): Float32Array;
  encodeInto(op: Operation, out: Float32Array): void;
}

const WORD_SEED = hash32('patterns-word');
const CHAR_SEED = hash32('patterns-char');

function addHashed(out: Float32Array, offset: number, dim: number, counts: Map<string, number>, seed: number, weight: number): void {
  if (counts.size === 0 || weight === 0) return;
  const block = new Float64Array(dim);
  for (const [feature, tf] of counts) {
    const { index, sign } = featureSlot(feature, seed, dim);
    block[index] += sign * (1 + Math.log(tf));
  }
  let sq = 0;
  for (let i = 0; i < dim; i++) sq += block[i] * block[i];
  if (sq === 0) return;
  const s = weight / Math.sqrt(sq);
  for (let i = 0; i < dim; i++) out[offset + i] = block[i] * s;
}

const count = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

/** Dimensions of an embedder's meaning part: the word-vector embedder's asset dims (its vectors continue with hashed spellings). */
function meaningDims(embedder: Embedder): number | null {
  const asset = (embedder as { asset?: { dims?: unknown } }).asset;
  return typeof asset?.dims === 'number' ? asset.dims : null;
}

/** Unit meaning vectors of single words (null for a word the embedder has no vector for), cached per featurizer. */
function wordVectorCache(embedder: Embedder, dims: number) {
  const cache = new Map<string, Float32Array | null>();
  return (word: string): Float32Array | null => {
    let v = cache.get(word);
    if (v !== undefined) return v;
    const e = embedder.embed(word);
    let sq = 0;
    for (let d = 0; d < dims; d++) sq += e[d] * e[d];
    v = sq > 1e-12 ? e.slice(0, dims).map((x) => x / Math.sqrt(sq)) : null;
    if (cache.size > 20_000) cache.clear();
    cache.set(word, v);
    return v;
  };
}

export function createPatternFeaturizer(embedder: Embedder | null, config: Partial<FeatureConfig> = {}): PatternFeaturizer {
  const c: FeatureConfig = { ...FEATURE_DEFAULTS, ...config };
  const m = embedder && c.meaningWeight > 0 ? embedder.dim : 0;
  const dims = embedder ? meaningDims(embedder) : null;
  const wordVec = embedder && dims ? wordVectorCache(embedder, dims) : null;
  const pool = wordVec && c.poolWeight > 0 ? 2 * dims! : 0;
  const seeds = PATTERNS.flatMap((p) => CONCEPT_SEEDS[p]);
  const seedVecs = wordVec && c.conceptWeight > 0 ? seeds.map((s) => wordVec(s)) : null;
  const concept = seedVecs ? seeds.length : 0;
  const keywords = c.keywordWeight > 0 ? PATTERNS.length : 0;
  const at = { pool: m, concept: m + pool, keywords: m + pool + concept, words: m + pool + concept + keywords };
  const charAt = at.words + c.wordDim;
  const fieldAt = charAt + c.charDim;
  const width = fieldAt + FIELDS;

  const encodeInto = (op: Operation, out: Float32Array): void => {
    out.fill(0);
    const text = operationText(op);
    const tokens = tokenize(text);
    if (m > 0) {
      const v = embedder!.embed(text);
      for (let i = 0; i < m; i++) out[i] = v[i] * c.meaningWeight;
    }
    if (pool > 0 || concept > 0) {
      const vecs = [...new Set(tokens)].map((t) => wordVec!(t)).filter((v): v is Float32Array => v !== null);
      if (pool > 0 && vecs.length > 0) {
        for (let d = 0; d < dims!; d++) {
          let hi = -Infinity;
          let lo = Infinity;
          for (const v of vecs) {
            hi = Math.max(hi, v[d]);
            lo = Math.min(lo, v[d]);
          }
          out[at.pool + d] = hi * c.poolWeight;
          out[at.pool + dims! + d] = lo * c.poolWeight;
        }
      }
      if (concept > 0) {
        seedVecs!.forEach((s, j) => {
          if (!s) return;
          let best = 0;
          for (const v of vecs) {
            let dot = 0;
            for (let d = 0; d < dims!; d++) dot += s[d] * v[d];
            best = Math.max(best, dot);
          }
          out[at.concept + j] = best * c.conceptWeight;
        });
      }
    }
    if (keywords > 0) {
      const k = keywordScores(text);
      PATTERNS.forEach((p, j) => (out[at.keywords + j] = (k[p] / 3) * c.keywordWeight));
    }
    const words = new Map<string, number>();
    const chars = new Map<string, number>();
    for (let i = 0; i < tokens.length; i++) {
      count(words, tokens[i]);
      if (i > 0) count(words, `${tokens[i - 1]} ${tokens[i]}`);
      for (const g of charNgrams(tokens[i], 3, 5)) count(chars, g);
    }
    if (op.type !== null) count(words, `type=${op.type.toLowerCase()}`);
    for (const a of op.agents) count(words, `agent=${a.toLowerCase()}`);
    addHashed(out, at.words, c.wordDim, words, WORD_SEED, c.wordWeight);
    addHashed(out, charAt, c.charDim, chars, CHAR_SEED, c.charWeight);
    const w = c.fieldWeight;
    if (op.complexity !== null) {
      out[fieldAt] = op.complexity * w;
      out[fieldAt + 1] = w;
    }
    if (op.agentCount !== null) {
      out[fieldAt + 2] = (Math.log1p(op.agentCount) / Math.log(9)) * w;
      out[fieldAt + 3] = w;
    }
    if (op.durationMs !== null) {
      out[fieldAt + 4] = (Math.log10(1 + op.durationMs) / 6) * w;
      out[fieldAt + 5] = w;
    }
    if (op.type !== null) out[fieldAt + 6] = w;
  };
  const tag = `m${c.meaningWeight}-p${pool ? c.poolWeight : 0}-s${concept ? c.conceptWeight : 0}-k${c.keywordWeight}-w${c.wordDim}x${c.wordWeight}-c${c.charDim}x${c.charWeight}-f${c.fieldWeight}`;
  return {
    width,
    config: c,
    embedder: embedder && (m > 0 || pool > 0 || concept > 0) ? embedder.name : null,
    name: `pattern-features-v1-${tag}-${embedder ? embedder.name : 'no-embedder'}`,
    encodeInto,
    encode(op) {
      const out = new Float32Array(width);
      encodeInto(op, out);
      return out;
    },
  };
}
