// The featurizer's vocabulary: feature column kinds, the schema that travels with a model, how values read as numbers, labels and records, and how the target field is chosen.
export type Task = 'classification' | 'regression';

export type FeatureColumn =
  /** Standardised with the training mean/std; a missing value becomes 0 (the mean) and sets the column's missing flag when it has one. */
  | { kind: 'numeric'; field: string; mean: number; std: number; missingFlag: boolean }
  /** true → 1, false → 0 (missing → 0.5). */
  | { kind: 'boolean'; field: string }
  /** One slot per category seen in training; an unseen or missing category is all zeros. */
  | { kind: 'categorical'; field: string; categories: string[] }
  /** One slot per item seen in training (arrays of strings or numbers). */
  | { kind: 'multi_hot'; field: string; items: string[] }
  /** Signed hashing of word tokens into `dim` slots, scaled to unit length. */
  | { kind: 'text'; field: string; dim: number };

export interface TargetInfo {
  field: string;
  task: Task;
  /** Class names in output order (classification). */
  labels: string[];
  /** Training statistics of the target (regression): outputs are standardised values. */
  mean: number;
  std: number;
  /** Why this field was chosen, for the UI ("named by training.target", "last field of the records"). */
  reason: string;
}

export interface FeatureSchema {
  version: 1;
  features: FeatureColumn[];
  target: TargetInfo;
  /** Length of every feature vector. */
  width: number;
}

/** The smallest std a featurizer may divide by (fitted columns below it get std 1; model files below it are refused). */
export const STD_FLOOR = 1e-12;
/** Slots a hashed text column may have: bounds the feature width (and the explanation index) a small file can ask for. */
export const MAX_TEXT_DIM = 4096;

export class DataError extends Error {
  constructor(readonly field: string, message: string) {
    super(`data: ${field} ${message}`);
    this.name = 'DataError';
  }
}

/** The kinds a user may choose for a column (training.feature_types); the others are inferred only. */
export const FEATURE_TYPES = ['numeric', 'categorical', 'text'] as const;
export type FeatureType = (typeof FEATURE_TYPES)[number];

export interface FitOptions {
  /** The field to predict; when null it is chosen (see chooseTarget). */
  target: string | null;
  task: Task | null;
  patternType: string | null;
  /** Slots for hashed text (default 64). */
  textDim?: number;
  /** Strings become categories when the column has at most this many distinct values (default 32)... */
  maxCategories?: number;
  /** Kinds chosen by the user per field (training.feature_types), instead of inferring them. */
  featureTypes?: Record<string, FeatureType> | null;
}

/** Categories a column set to 'categorical' by the user may hold at most (each is one input of the network). */
export const MAX_CONFIGURED_CATEGORIES = 1000;

/** What fitting decided per column and what it could not use: shown in the train result and the Lab dataset card. */
export interface ColumnReport {
  field: string;
  kind: FeatureColumn['kind'];
  /** 'configured' by training.feature_types, or 'inferred' from the values. */
  source: 'inferred' | 'configured';
  /** Present values of a numeric column that are not numbers: treated as missing (count, up to 3 distinct examples). */
  non_numeric: { count: number; examples: string[] } | null;
}

export interface FitReport {
  columns: ColumnReport[];
  /** Fields without a single present value in the training records: left out of the features. */
  left_out: string[];
}

export type Rec = Record<string, unknown>;
export const own = (o: Rec, k: string): unknown => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);
export const isMissing = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'number' && Number.isNaN(v)) || v === '';

/** Decimal numbers as text ("5.1", " -3e2 "): what CSV cells and quoted JSON numbers look like. */
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A value a numeric column can use: a finite number, or a string holding one; undefined otherwise. */
export function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string') {
    const t = v.trim();
    if (NUMBER_TEXT.test(t)) {
      const n = Number(t);
      if (Number.isFinite(n)) return n;
    }
  }
  return undefined;
}

/** A value shown as an example in a report: its labelOf text, short, and the same for the same value. */
export function exampleOf(v: unknown): string {
  const s = labelOf(v);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

/** Target field names tried, in order, when none is named: per pattern type first, then generic ones. */
const TARGET_NAMES: Record<string, string[]> = {
  prediction: ['outcome', 'success', 'result', 'label'],
  coordination: ['topology', 'strategy', 'coordination', 'pattern'],
  optimization: ['strategy', 'optimization', 'score', 'improvement'],
};
const GENERIC_TARGETS = ['label', 'target', 'class', 'category', 'y', 'outcome'];

/** All field names in first-seen order (objects nested one level are flattened as a.b). */
export function flatten(rec: Rec): Rec {
  const out = Object.create(null) as Rec;
  for (const k of Object.keys(rec)) {
    const v = rec[k];
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      for (const k2 of Object.keys(v)) out[`${k}.${k2}`] = (v as Rec)[k2];
    } else out[k] = v;
  }
  return out;
}

export function chooseTarget(fields: string[], opts: Pick<FitOptions, 'target' | 'patternType'>): { field: string; reason: string } {
  if (opts.target !== null) {
    if (!fields.includes(opts.target)) throw new DataError(`target '${opts.target}'`, `is not a field of the training records (fields: ${fields.join(', ')})`);
    return { field: opts.target, reason: 'named by training.target' };
  }
  const lower = new Map(fields.map((f) => [f.toLowerCase(), f]));
  const typed = opts.patternType && Object.hasOwn(TARGET_NAMES, opts.patternType) ? TARGET_NAMES[opts.patternType] : [];
  for (const name of typed) {
    const f = lower.get(name);
    if (f) return { field: f, reason: `the usual target for pattern type '${opts.patternType}'` };
  }
  for (const name of GENERIC_TARGETS) {
    const f = lower.get(name);
    if (f) return { field: f, reason: `a field named '${f}'` };
  }
  if (fields.length < 2) throw new DataError('records', 'need at least one feature field and a target field');
  return { field: fields[fields.length - 1], reason: 'the last field of the records (name one with training.target or --target)' };
}

/**
 * A value as category or class text. Values come from files and user input, so nothing of theirs is called:
 * JSON.stringify never runs a non-function toString/valueOf, and a value too deep to stringify gets a fixed name.
 */
export function labelOf(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return '(unreadable value)';
  }
}

export function columnWidth(c: FeatureColumn): number {
  switch (c.kind) {
    case 'numeric': return c.missingFlag ? 2 : 1;
    case 'boolean': return 1;
    case 'categorical': return c.categories.length;
    case 'multi_hot': return c.items.length;
    case 'text': return c.dim;
  }
}

/** What a prediction input lacks or holds beyond what the model reads; each such field is encoded as missing or ignored. */
export interface InputWarnings {
  /** Fields the model reads that the record does not have (or holds null or ''): encoded as missing. */
  missing: string[];
  /** Fields of the record the model does not read: ignored. */
  unknown: string[];
  /** Fields whose value the model cannot use (a non-number in a numeric column, a category not seen in training): encoded as missing. */
  unusable: string[];
}

/** Values of encoded records the fitted schema had not seen, per field; the records still count, those values encode as missing. */
export interface Unseen {
  /** Records skipped because their class was not in the training records. */
  labels: number;
  /** Records per field holding a category (or multi-hot item, or non-boolean) not seen in training: encoded as all zeros. */
  categories: Record<string, number>;
  /** Records per numeric field holding a value that is not a number: encoded as missing. */
  non_numeric: Record<string, number>;
}

export interface Encoded {
  /** [n × width] */
  x: Float32Array;
  /** Class indices (classification) or standardised targets (regression), one per kept record. */
  y: Int32Array | Float32Array;
  n: number;
  /** Indices (into the input) of records left out, and why. */
  skipped: { index: number; reason: string }[];
  /** What the kept records (and, for labels, the skipped ones) held that the schema had not seen. */
  unseen: Unseen;
}
