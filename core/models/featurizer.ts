// Turns records into feature vectors: numbers standardised, categories one-hot, arrays multi-hot, free text hashed; the schema travels with the model. Records are adapted to columns (core/data/table.ts) and go through the one column featurizer (featurize-columns.ts).
import { TableBuilder } from '../data/table';
import { allRows, encodeRows, fitColumns, writeRow, writersFor } from './featurize-columns';
import { DataError, flatten, own, STD_FLOOR, MAX_TEXT_DIM, columnWidth, isMissing, type Encoded, type FeatureColumn, type FeatureSchema, type FitOptions, type FitReport, type InputWarnings, type Rec, type TargetInfo } from './featurizer-basics';

export * from './featurizer-basics';

/** Records as a table, each flattened (objects nested one level become a.b); a non-object is refused by its index in `what`. */
export function tableOfRecords(records: unknown[], what: string): TableBuilder {
  const t = new TableBuilder();
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new DataError(`${what}[${i}]`, 'must be an object (a record)');
    t.addRecord(flatten(r as Rec));
  }
  return t;
}

/** Learns the schema from training records (the validation data must not influence it). */
export function fitFeaturizer(rawRecords: unknown[], opts: FitOptions): FeatureSchema {
  return fitWithReport(rawRecords, opts).schema;
}

/** fitFeaturizer, with what it decided per column and what it could not use. */
export function fitWithReport(rawRecords: unknown[], opts: FitOptions): { schema: FeatureSchema; report: FitReport } {
  if (!Array.isArray(rawRecords) || rawRecords.length === 0) throw new DataError('trainingData', 'must be a non-empty array of records');
  const t = tableOfRecords(rawRecords, 'trainingData');
  return fitColumns(t, allRows(t.rows), opts);
}

function oneRecord(record: unknown): TableBuilder {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new DataError('input', 'must be an object (a record)');
  return tableOfRecords([record], 'input');
}

/** One record → its feature vector (the target field, if present, is ignored). */
export function featurize(schema: FeatureSchema, record: unknown, out = new Float32Array(schema.width)): Float32Array {
  const t = oneRecord(record);
  out.fill(0);
  writeRow(writersFor(schema, t), 0, out, 0);
  return out;
}

export function inputWarnings(schema: FeatureSchema, record: unknown): InputWarnings {
  const t = oneRecord(record);
  const r = flatten(record as Rec);
  const read = new Set(schema.features.map((c) => c.field));
  const w: InputWarnings = { missing: [], unknown: [], unusable: [] };
  for (const wr of writersFor(schema, t)) {
    if (isMissing(own(r, wr.c.field))) w.missing.push(wr.c.field);
    else if (wr.unusable(0)) w.unusable.push(wr.c.field);
  }
  for (const k of Object.keys(r)) if (!read.has(k) && k !== schema.target.field) w.unknown.push(k);
  return w;
}

/** The fields whose encoded slots in a feature vector are NaN or ±Infinity (a value beyond float32 once scaled). */
export function nonFiniteFields(schema: FeatureSchema, vector: Float32Array): string[] {
  const out: string[] = [];
  let at = 0;
  for (const c of schema.features) {
    const w = columnWidth(c);
    for (let i = at; i < at + w; i++) {
      if (!Number.isFinite(vector[i])) {
        out.push(c.field);
        break;
      }
    }
    at += w;
  }
  return out;
}

/**
 * Records with their targets → arrays for training. Records without a usable target (missing, or a
 * class not seen in training) are skipped and reported, never silently dropped.
 */
export function encodeRecords(schema: FeatureSchema, rawRecords: unknown[], what = 'records'): Encoded {
  const t = tableOfRecords(rawRecords, what);
  return encodeRows(schema, t, allRows(t.rows));
}

const KINDS = ['numeric', 'boolean', 'categorical', 'multi_hot', 'text'] as const;

// Field readers of validateSchema: each throws a DataError naming the path.
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

/** A schema read from an untrusted file: every field checked, width recomputed; throws DataError naming the path. */
export function validateSchema(raw: unknown): FeatureSchema {
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
