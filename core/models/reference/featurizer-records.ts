// The record featurizer as it was before the column path (issue 12): fitting and encoding over records, kept only as the oracle the equivalence tests (core/training/column-path.test.ts) compare the column path against; product code never imports it. The vocabulary both paths share (types, flatten, numberOf, labelOf, chooseTarget, columnWidth) is imported from production, not copied.
import { featureSlot, tokenize } from '../../memory/hashing-embedder';
import {
  chooseTarget, columnWidth, DataError, exampleOf, flatten, isMissing, labelOf, MAX_CONFIGURED_CATEGORIES, numberOf, own, STD_FLOOR,
  type ColumnReport, type Encoded, type FeatureColumn, type FeatureSchema, type FeatureType, type FitOptions, type FitReport, type Rec, type Task, type Unseen,
} from '../featurizer-basics';

function fieldsOf(records: Rec[]): string[] {
  const seen = new Set<string>();
  for (const r of records) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

function mean(xs: number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

function std(xs: number[], m: number): number {
  const s = Math.sqrt(xs.reduce((acc, x) => acc + (x - m) ** 2, 0) / xs.length);
  // A (nearly) constant column: use 1 so it maps to 0 rather than NaN or huge values; files are held to the same floor.
  return s >= STD_FLOOR ? s : 1;
}

/**
 * A column's kind from its training values, or the kind the user chose. The rule: all booleans → boolean; all arrays →
 * multi-hot; numbers (or strings holding numbers) in more than half of the present values → numeric, the other values
 * treated as missing and reported; otherwise strings → categorical (at most maxCategories distinct, of at most three
 * words on average) or hashed text.
 */
function inferColumn(field: string, values: unknown[], textDim: number, maxCategories: number, chosen: FeatureType | undefined): { column: FeatureColumn; report: ColumnReport } | null {
  const present = values.filter((v) => !isMissing(v));
  if (present.length === 0) return null; // no information: left out
  if (present.some((v) => typeof v === 'number' && !Number.isFinite(v))) throw new DataError(field, 'holds Infinity');
  const missing = present.length < values.length;
  const numbers = present.map(numberOf);
  const numeric = numbers.filter((n) => n !== undefined).length;
  const scalar = present.every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean');
  const kind = chosen ?? (
    present.every((v) => typeof v === 'boolean') ? 'boolean'
      : present.every((v) => Array.isArray(v)) ? 'multi_hot'
        : numeric * 2 > present.length ? 'numeric'
          : scalar ? 'strings' : 'mixed'
  );
  const made = (column: FeatureColumn, nonNumeric: ColumnReport['non_numeric'] = null) => ({ column, report: { field, kind: column.kind, source: chosen ? 'configured' as const : 'inferred' as const, non_numeric: nonNumeric } });
  switch (kind) {
    case 'boolean': return made({ kind: 'boolean', field });
    case 'multi_hot': {
      const items = new Set<string>();
      for (const arr of present as unknown[][]) for (const it of arr) items.add(labelOf(it));
      return made({ kind: 'multi_hot', field, items: [...items].toSorted() });
    }
    case 'numeric': {
      const nums = numbers.filter((n): n is number => n !== undefined);
      if (nums.length === 0) throw new DataError(`training.feature_types.${field}`, `is 'numeric' but none of the training values of '${field}' is a number (e.g. ${exampleOf(present[0])})`);
      const bad = present.filter((_, i) => numbers[i] === undefined);
      const m = mean(nums);
      const nonNumeric = bad.length === 0 ? null : { count: bad.length, examples: [...new Set(bad.map(exampleOf))].slice(0, 3) };
      return made({ kind: 'numeric', field, mean: m, std: std(nums, m), missingFlag: missing || bad.length > 0 }, nonNumeric);
    }
    case 'mixed': throw new DataError(field, 'mixes kinds of values that cannot be featurized together (e.g. objects and numbers)');
  }
  if (!scalar) throw new DataError(`training.feature_types.${field}`, `is '${kind}' but '${field}' holds arrays or objects`);
  const strs = present.map(labelOf);
  const distinct = new Set(strs);
  if (kind === 'text') return made({ kind: 'text', field, dim: textDim });
  if (kind === 'categorical') {
    if (distinct.size > MAX_CONFIGURED_CATEGORIES) throw new DataError(`training.feature_types.${field}`, `is 'categorical' but '${field}' has ${distinct.size} distinct values (at most ${MAX_CONFIGURED_CATEGORIES}); use 'text'`);
    return made({ kind: 'categorical', field, categories: [...distinct].toSorted() });
  }
  const words = strs.reduce((sum, x) => sum + x.split(/\s+/).length, 0) / strs.length;
  if (distinct.size <= maxCategories && words <= 3) return made({ kind: 'categorical', field, categories: [...distinct].toSorted() });
  return made({ kind: 'text', field, dim: textDim });
}

/** fitFeaturizer, with what it decided per column and what it could not use. */
export function fitWithReport(rawRecords: unknown[], opts: FitOptions): { schema: FeatureSchema; report: FitReport } {
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
  const chosen = opts.featureTypes ?? {};
  for (const f of Object.keys(chosen)) {
    if (f === field) throw new DataError(`training.feature_types.${f}`, `is the target '${field}'; feature_types sets the kinds of feature columns`);
    if (!fields.includes(f)) throw new DataError(`training.feature_types.${f}`, `is not a field of the training records (fields: ${fields.join(', ')})`);
  }
  const features: FeatureColumn[] = [];
  const report: FitReport = { columns: [], left_out: [] };
  for (const f of fields) {
    if (f === field) continue;
    const made = inferColumn(f, records.map((r) => own(r, f)), opts.textDim ?? 64, opts.maxCategories ?? 32, Object.prototype.hasOwnProperty.call(chosen, f) ? chosen[f] : undefined);
    if (!made) {
      report.left_out.push(f);
      continue;
    }
    features.push(made.column);
    report.columns.push(made.report);
  }
  if (features.length === 0) throw new DataError('records', `have no usable feature fields besides the target '${field}'`);
  const width = features.reduce((sum, c) => sum + columnWidth(c), 0);
  return { schema: { version: 1, features, target: { field, task, labels, mean: tMean, std: tStd, reason }, width }, report };
}

function writeColumn(c: FeatureColumn, v: unknown, out: Float32Array, at: number): void {
  switch (c.kind) {
    case 'numeric': {
      const n = numberOf(v);
      out[at] = n === undefined ? 0 : (n - c.mean) / c.std;
      if (c.missingFlag) out[at + 1] = n === undefined ? 1 : 0;
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
function featurize(schema: FeatureSchema, record: unknown, out = new Float32Array(schema.width)): Float32Array {
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

/** Whether a present value is one its column cannot use: a non-number in a numeric column, a category or item not seen in training, a non-boolean in a boolean column. */
function unusable(c: FeatureColumn, v: unknown): boolean {
  if (isMissing(v)) return false;
  switch (c.kind) {
    case 'numeric': return numberOf(v) === undefined;
    case 'boolean': return typeof v !== 'boolean';
    case 'categorical': return !c.categories.includes(labelOf(v));
    case 'multi_hot': return !Array.isArray(v) || v.some((it) => !c.items.includes(labelOf(it)));
    case 'text': return false;
  }
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
  const unseen: Unseen = { labels: 0, categories: Object.create(null) as Record<string, number>, non_numeric: Object.create(null) as Record<string, number> };
  rawRecords.forEach((raw, i) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new DataError(`${what}[${i}]`, 'must be an object (a record)');
    const flat = flatten(raw as Rec);
    const t = own(flat, target.field);
    if (isMissing(t)) {
      skipped.push({ index: i, reason: `no '${target.field}'` });
      return;
    }
    if (target.task === 'classification') {
      const c = target.labels.indexOf(labelOf(t));
      if (c < 0) {
        skipped.push({ index: i, reason: `class '${labelOf(t)}' was not in the training data` });
        unseen.labels++;
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
    for (const col of schema.features) {
      if (!unusable(col, own(flat, col.field))) continue;
      const counts = col.kind === 'numeric' ? unseen.non_numeric : unseen.categories;
      counts[col.field] = (counts[col.field] ?? 0) + 1;
    }
    rows.push(featurize(schema, raw));
  });
  const x = new Float32Array(rows.length * width);
  rows.forEach((r, i) => x.set(r, i * width));
  const y = target.task === 'classification' ? Int32Array.from(ys) : Float32Array.from(ys);
  return { x, y, n: rows.length, skipped, unseen };
}
