// Turns JSON records into feature vectors: numbers standardised, categories one-hot, arrays multi-hot, free text hashed; the schema travels with the model.
import { featureSlot, tokenize } from '../memory/hashing-embedder';

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

export interface FitOptions {
  /** The field to predict; when null it is chosen (see chooseTarget). */
  target: string | null;
  task: Task | null;
  patternType: string | null;
  /** Slots for hashed text (default 64). */
  textDim?: number;
  /** Strings become categories when the column has at most this many distinct values (default 32)... */
  maxCategories?: number;
}

type Rec = Record<string, unknown>;
const own = (o: Rec, k: string): unknown => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);
const isMissing = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'number' && Number.isNaN(v)) || v === '';

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

function fieldsOf(records: Rec[]): string[] {
  const seen = new Set<string>();
  for (const r of records) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
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

function mean(xs: number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

function std(xs: number[], m: number): number {
  const s = Math.sqrt(xs.reduce((acc, x) => acc + (x - m) ** 2, 0) / xs.length);
  // A (nearly) constant column: use 1 so it maps to 0 rather than NaN or huge values; files are held to the same floor.
  return s >= STD_FLOOR ? s : 1;
}

function inferColumn(field: string, values: unknown[], textDim: number, maxCategories: number): FeatureColumn | null {
  const present = values.filter((v) => !isMissing(v));
  if (present.length === 0) return null; // no information: left out
  const missing = present.length < values.length;
  if (present.every((v) => typeof v === 'number')) {
    const nums = present as number[];
    if (!nums.every(Number.isFinite)) throw new DataError(field, 'holds Infinity');
    const m = mean(nums);
    return { kind: 'numeric', field, mean: m, std: std(nums, m), missingFlag: missing };
  }
  if (present.every((v) => typeof v === 'boolean')) return { kind: 'boolean', field };
  if (present.every((v) => Array.isArray(v))) {
    const items = new Set<string>();
    for (const arr of present as unknown[][]) for (const it of arr) items.add(labelOf(it));
    return { kind: 'multi_hot', field, items: [...items].toSorted() };
  }
  if (present.every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) {
    const strs = present.map(labelOf);
    const distinct = new Set(strs);
    const words = strs.reduce((s, x) => s + x.split(/\s+/).length, 0) / strs.length;
    if (distinct.size <= maxCategories && words <= 3) return { kind: 'categorical', field, categories: [...distinct].toSorted() };
    return { kind: 'text', field, dim: textDim };
  }
  throw new DataError(field, 'mixes kinds of values that cannot be featurized together (e.g. objects and numbers)');
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

/** Learns the schema from training records (the validation data must not influence it). */
export function fitFeaturizer(rawRecords: unknown[], opts: FitOptions): FeatureSchema {
  if (!Array.isArray(rawRecords) || rawRecords.length === 0) throw new DataError('trainingData', 'must be a non-empty array of records');
  const records = rawRecords.map((r, i) => {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new DataError(`trainingData[${i}]`, 'must be an object (a record)');
    return flatten(r as Rec);
  });
  const fields = fieldsOf(records);
  const { field, reason } = chooseTarget(fields, opts);
  const targets = records.map((r) => own(r, field)).filter((v) => !isMissing(v));
  if (targets.length === 0) throw new DataError(`target '${field}'`, 'is missing from every training record');
  const numericTarget = targets.every((v) => typeof v === 'number');
  const task: Task = opts.task ?? (numericTarget ? 'regression' : 'classification');
  let labels: string[] = [];
  let tMean = 0;
  let tStd = 1;
  if (task === 'classification') {
    labels = [...new Set(targets.map(labelOf))].toSorted();
    if (labels.length < 2) throw new DataError(`target '${field}'`, `has a single class ('${labels[0]}'): nothing to learn`);
  } else {
    if (!numericTarget) throw new DataError(`target '${field}'`, 'must be numeric for regression');
    const nums = targets as number[];
    tMean = mean(nums);
    tStd = std(nums, tMean);
  }
  const features: FeatureColumn[] = [];
  for (const f of fields) {
    if (f === field) continue;
    const col = inferColumn(f, records.map((r) => own(r, f)), opts.textDim ?? 64, opts.maxCategories ?? 32);
    if (col) features.push(col);
  }
  if (features.length === 0) throw new DataError('records', `have no usable feature fields besides the target '${field}'`);
  const width = features.reduce((s, c) => s + columnWidth(c), 0);
  return { version: 1, features, target: { field, task, labels, mean: tMean, std: tStd, reason }, width };
}

function writeColumn(c: FeatureColumn, v: unknown, out: Float32Array, at: number): void {
  switch (c.kind) {
    case 'numeric': {
      const ok = typeof v === 'number' && Number.isFinite(v);
      out[at] = ok ? (v - c.mean) / c.std : 0;
      if (c.missingFlag) out[at + 1] = ok ? 0 : 1;
      return;
    }
    case 'boolean':
      out[at] = v === true ? 1 : v === false ? 0 : 0.5;
      return;
    case 'categorical': {
      if (isMissing(v)) return;
      const i = c.categories.indexOf(labelOf(v));
      if (i >= 0) out[at + i] = 1;
      return;
    }
    case 'multi_hot':
      if (!Array.isArray(v)) return;
      for (const it of v) {
        const i = c.items.indexOf(labelOf(it));
        if (i >= 0) out[at + i] = 1;
      }
      return;
    case 'text': {
      if (isMissing(v)) return;
      const toks = tokenize(labelOf(v));
      if (toks.length === 0) return;
      for (const t of toks) {
        const { index, sign } = featureSlot(t, 0x5eed, c.dim);
        out[at + index] += sign;
      }
      let ss = 0;
      for (let i = 0; i < c.dim; i++) ss += out[at + i] ** 2;
      const inv = ss > 0 ? 1 / Math.sqrt(ss) : 0;
      for (let i = 0; i < c.dim; i++) out[at + i] *= inv;
    }
  }
}

/** One record → its feature vector (the target field, if present, is ignored). */
export function featurize(schema: FeatureSchema, record: unknown, out = new Float32Array(schema.width)): Float32Array {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new DataError('input', 'must be an object (a record)');
  const r = flatten(record as Rec);
  out.fill(0);
  let at = 0;
  for (const c of schema.features) {
    writeColumn(c, own(r, c.field), out, at);
    at += columnWidth(c);
  }
  return out;
}

export interface Encoded {
  /** [n × width] */
  x: Float32Array;
  /** Class indices (classification) or standardised targets (regression), one per kept record. */
  y: Int32Array | Float32Array;
  n: number;
  /** Indices (into the input) of records left out, and why. */
  skipped: { index: number; reason: string }[];
}

/**
 * Records with their targets → arrays for training. Records without a usable target (missing, or a
 * class not seen in training) are skipped and reported, never silently dropped.
 */
export function encodeRecords(schema: FeatureSchema, rawRecords: unknown[], what = 'records'): Encoded {
  const { target, width } = schema;
  const rows: Float32Array[] = [];
  const ys: number[] = [];
  const skipped: Encoded['skipped'] = [];
  rawRecords.forEach((raw, i) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new DataError(`${what}[${i}]`, 'must be an object (a record)');
    const t = own(flatten(raw as Rec), target.field);
    if (isMissing(t)) {
      skipped.push({ index: i, reason: `no '${target.field}'` });
      return;
    }
    if (target.task === 'classification') {
      const c = target.labels.indexOf(labelOf(t));
      if (c < 0) {
        skipped.push({ index: i, reason: `class '${labelOf(t)}' was not in the training data` });
        return;
      }
      ys.push(c);
    } else {
      if (typeof t !== 'number' || !Number.isFinite(t)) {
        skipped.push({ index: i, reason: `'${target.field}' is not a finite number` });
        return;
      }
      ys.push((t - target.mean) / target.std);
    }
    rows.push(featurize(schema, raw));
  });
  const x = new Float32Array(rows.length * width);
  rows.forEach((r, i) => x.set(r, i * width));
  const y = target.task === 'classification' ? Int32Array.from(ys) : Float32Array.from(ys);
  return { x, y, n: rows.length, skipped };
}

const KINDS = ['numeric', 'boolean', 'categorical', 'multi_hot', 'text'] as const;

/** A schema read from an untrusted file: every field checked, width recomputed; throws DataError naming the path. */
export function validateSchema(raw: unknown): FeatureSchema {
  const obj = (v: unknown, path: string): Rec => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new DataError(path, 'must be an object');
    return v as Rec;
  };
  const str = (v: unknown, path: string): string => {
    if (typeof v !== 'string') throw new DataError(path, 'must be a string');
    return v;
  };
  const num = (v: unknown, path: string): number => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new DataError(path, 'must be a finite number');
    return v;
  };
  const stdOf = (v: unknown, path: string): number => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < STD_FLOOR) throw new DataError(path, `must be a finite number of at least ${STD_FLOOR} (got ${JSON.stringify(v)})`);
    return v;
  };
  const strs = (v: unknown, path: string): string[] => {
    if (!Array.isArray(v) || v.length > 100_000) throw new DataError(path, 'must be an array of strings');
    const out = v.map((s, i) => str(s, `${path}[${i}]`));
    // Repeats would make two output slots (or two probabilities) share one name.
    if (new Set(out).size !== out.length) throw new DataError(path, 'must not repeat a value');
    return out;
  };
  const s = obj(raw, 'featurizer');
  if (own(s, 'version') !== 1) throw new DataError('featurizer.version', 'must be 1');
  const feats = own(s, 'features');
  if (!Array.isArray(feats) || feats.length === 0 || feats.length > 10_000) throw new DataError('featurizer.features', 'must be a non-empty array');
  const features = feats.map((f, i): FeatureColumn => {
    const p = `featurizer.features[${i}]`;
    const c = obj(f, p);
    const kind = own(c, 'kind');
    const field = str(own(c, 'field'), `${p}.field`);
    switch (kind as (typeof KINDS)[number]) {
      case 'numeric': {
        const missingFlag = own(c, 'missingFlag');
        if (typeof missingFlag !== 'boolean') throw new DataError(`${p}.missingFlag`, 'must be a boolean');
        return { kind: 'numeric', field, mean: num(own(c, 'mean'), `${p}.mean`), std: stdOf(own(c, 'std'), `${p}.std`), missingFlag };
      }
      case 'boolean': return { kind: 'boolean', field };
      case 'categorical': return { kind: 'categorical', field, categories: strs(own(c, 'categories'), `${p}.categories`) };
      case 'multi_hot': return { kind: 'multi_hot', field, items: strs(own(c, 'items'), `${p}.items`) };
      case 'text': {
        const dim = own(c, 'dim');
        if (!Number.isInteger(dim) || (dim as number) < 1 || (dim as number) > MAX_TEXT_DIM) throw new DataError(`${p}.dim`, `must be an integer in 1..${MAX_TEXT_DIM} (got ${JSON.stringify(dim)})`);
        return { kind: 'text', field, dim: dim as number };
      }
      default: throw new DataError(`${p}.kind`, `must be one of ${KINDS.join(', ')}`);
    }
  });
  const t = obj(own(s, 'target'), 'featurizer.target');
  const task = own(t, 'task');
  if (task !== 'classification' && task !== 'regression') throw new DataError('featurizer.target.task', "must be 'classification' or 'regression'");
  const target: TargetInfo = {
    field: str(own(t, 'field'), 'featurizer.target.field'),
    task,
    labels: strs(own(t, 'labels'), 'featurizer.target.labels'),
    mean: num(own(t, 'mean'), 'featurizer.target.mean'),
    std: stdOf(own(t, 'std'), 'featurizer.target.std'),
    reason: str(own(t, 'reason'), 'featurizer.target.reason'),
  };
  if (task === 'classification' && target.labels.length < 2) throw new DataError('featurizer.target.labels', 'must name at least two classes');
  const width = features.reduce((sum, c) => sum + columnWidth(c), 0);
  if (own(s, 'width') !== width) throw new DataError('featurizer.width', `must be ${width} (the sum of its columns' widths)`);
  return { version: 1, features, target, width };
}
