// The labelled operations that ship with the app (data/patterns.json): validation, the fixed stratified held-out split, and a near-duplicate measure.
import { hash32, tokenize } from '../memory/hashing-embedder';
import shipped from './data/patterns.json';
import { isPattern, parseOperation, PATTERNS, type CognitivePattern, type Operation } from './operation';

export interface LabelledExample {
  id: string;
  pattern: CognitivePattern;
  operation: Operation;
}

export interface PatternDataset {
  examples: LabelledExample[];
  /** hash32 of the file's examples as JSON: part of the classifier's fingerprint, so edited data retrains it. */
  checksum: string;
}

/** Share of each pattern's examples held out from training, and the seed of the rule that picks them. */
export const HELD_OUT_FRACTION = 0.25;
export const SPLIT_SEED = 20_261_127;

/** Validates a dataset document (format safla-patterns, version 1): ids unique, every label one of the six, every operation readable. */
export function parseDataset(doc: unknown): PatternDataset {
  const d = doc as { format?: unknown; version?: unknown; examples?: unknown };
  if (typeof d !== 'object' || d === null || d.format !== 'safla-patterns' || d.version !== 1) throw new Error('pattern data: not a safla-patterns version 1 document');
  if (!Array.isArray(d.examples)) throw new Error('pattern data: examples must be an array');
  const seen = new Set<string>();
  const examples = d.examples.map((e: unknown, i: number): LabelledExample => {
    const r = e as { id?: unknown; pattern?: unknown; operation?: unknown; text?: unknown };
    if (typeof r.id !== 'string' || r.id === '') throw new Error(`pattern data: examples[${i}].id must be text`);
    if (seen.has(r.id)) throw new Error(`pattern data: examples[${i}].id ${r.id} is repeated`);
    seen.add(r.id);
    if (!isPattern(r.pattern)) throw new Error(`pattern data: examples[${i}].pattern must be one of ${PATTERNS.join(', ')}`);
    if ((r.operation === undefined) === (r.text === undefined)) throw new Error(`pattern data: examples[${i}] needs exactly one of operation and text`);
    return { id: r.id, pattern: r.pattern, operation: parseOperation(r.operation ?? r.text, `examples[${i}]`) };
  });
  return { examples, checksum: hash32(JSON.stringify(d.examples)).toString(16).padStart(8, '0') };
}

let cached: PatternDataset | undefined;

/** The shipped dataset, parsed once. */
export function shippedDataset(): PatternDataset {
  cached ??= parseDataset(shipped);
  return cached;
}

/**
 * The held-out ids: within each pattern, examples ordered by hash32(id, SPLIT_SEED), the first
 * round(n × HELD_OUT_FRACTION) of them. Stratified by construction, fixed by the ids (adding an example moves
 * no other example between the sides), and the same in every runtime.
 */
export function heldOutIds(examples: readonly LabelledExample[], fraction = HELD_OUT_FRACTION, seed = SPLIT_SEED): Set<string> {
  const out = new Set<string>();
  for (const p of PATTERNS) {
    const ids = examples.filter((e) => e.pattern === p).map((e) => e.id);
    ids.sort((a, b) => hash32(a, seed) - hash32(b, seed) || (a < b ? -1 : 1));
    for (const id of ids.slice(0, Math.round(ids.length * fraction))) out.add(id);
  }
  return out;
}

export function splitDataset(examples: readonly LabelledExample[]): { train: LabelledExample[]; heldOut: LabelledExample[] } {
  const held = heldOutIds(examples);
  return { train: examples.filter((e) => !held.has(e.id)), heldOut: examples.filter((e) => held.has(e.id)) };
}

/** Content words of a text (tokens of 3+ letters outside a short stop list), for the near-duplicate measure. */
const STOP = new Set(['the', 'and', 'for', 'with', 'that', 'this', 'from', 'into', 'our', 'are', 'was', 'were', 'its', 'their', 'them', 'they', 'then', 'than', 'not', 'but', 'all', 'any', 'each', 'can', 'could', 'would', 'should', 'what', 'when', 'where', 'which', 'how', 'why', 'who', 'has', 'have', 'had', 'one', 'two', 'three', 'out', 'off', 'before', 'after', 'only', 'own', 'more', 'most', 'some', 'such', 'every', 'instead', 'rather']);
export function contentWords(text: string): Set<string> {
  return new Set(tokenize(text).filter((t) => t.length >= 3 && !STOP.has(t)));
}

/** Jaccard overlap of two texts' content words: 1 for the same words, 0 for none shared. */
export function wordOverlap(a: string, b: string): number {
  const x = contentWords(a);
  const y = contentWords(b);
  if (x.size === 0 && y.size === 0) return 1;
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  return shared / (x.size + y.size - shared);
}
