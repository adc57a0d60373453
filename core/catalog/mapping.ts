// From a source's records to a template's training records (its inputs and target only), whether there are enough to train, and a dropped dataset checked against the template's input schema.
import type { SourceRecord } from './sources';
import { MIN_RECORDS, type CatalogTemplate } from './templates';

/** A mistake in what the caller gave (an unknown template, a dataset that does not fit): field names it, problem says what is wrong. */
export class CatalogInputError extends Error {
  constructor(readonly field: string, readonly problem: string) {
    super(`catalog: ${field} ${problem}`);
    this.name = 'CatalogInputError';
  }
}

export type TrainingRecord = Record<string, string | number | boolean | null>;

/** Whether a set of records can train a template, and if not, why, with the counts. */
export interface Readiness {
  /** Records with a target value. */
  usable: number;
  needed: number;
  /** Distinct target values (classes for a classifier). */
  distinct: number;
  ready: boolean;
  /** null when ready; else a sentence with the count. */
  reason: string | null;
}

const present = (v: unknown) => v !== null && v !== undefined && v !== '';

/** The template's fields of each source record that has a target value, in the source's order. */
export function mapRecords(t: CatalogTemplate, records: readonly SourceRecord[]): TrainingRecord[] {
  const out: TrainingRecord[] = [];
  for (const r of records) {
    if (!present(r[t.output.field])) continue;
    const rec: TrainingRecord = {};
    for (const i of t.inputs) rec[i.name] = r[i.name] ?? null;
    rec[t.output.field] = r[t.output.field];
    out.push(rec);
  }
  return out;
}

export function readiness(t: CatalogTemplate, records: readonly TrainingRecord[], what: string): Readiness {
  const usable = records.length;
  const distinct = new Set(records.map((r) => String(r[t.output.field]))).size;
  const base = { usable, needed: MIN_RECORDS, distinct };
  if (usable < MIN_RECORDS) {
    return { ...base, ready: false, reason: `${usable} usable record${usable === 1 ? '' : 's'} of ${what} (those with a value for ${t.output.field}); at least ${MIN_RECORDS} are needed to train` };
  }
  if (distinct < 2) {
    const only = usable === 0 ? '' : ` (${JSON.stringify(records[0][t.output.field])})`;
    return { ...base, ready: false, reason: t.output.task === 'classification'
      ? `all ${usable} records of ${what} have the same ${t.output.field}${only}: one class, nothing to learn`
      : `all ${usable} records of ${what} have the same ${t.output.field}${only}: nothing to fit` };
  }
  return { ...base, ready: true, reason: null };
}

const kindOk = (kind: CatalogTemplate['inputs'][number]['kind'], v: unknown): boolean => {
  switch (kind) {
    case 'numeric': return typeof v === 'number' && Number.isFinite(v);
    case 'boolean': return typeof v === 'boolean';
    default: return typeof v === 'string';
  }
};

const KIND_WORDS = { numeric: 'a finite number', boolean: 'true or false', categorical: 'text (a category)', text: 'text' } as const;

function checkRecord(t: CatalogTemplate, r: unknown, field: string): TrainingRecord {
  if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new CatalogInputError(field, 'must be a record (a JSON object)');
  const o = r as Record<string, unknown>;
  const out: TrainingRecord = {};
  for (const spec of [...t.inputs, { name: t.output.field, kind: t.output.task === 'regression' ? 'numeric' as const : 'categorical' as const, values: t.output.classes }]) {
    const v = Object.prototype.hasOwnProperty.call(o, spec.name) ? o[spec.name] : undefined;
    if (v === undefined) throw new CatalogInputError(`${field}.${spec.name}`, `is missing: ${t.name} reads ${t.inputs.map((i) => i.name).join(', ')} and learns ${t.output.field}`);
    if (v === null && spec.name !== t.output.field) {
      out[spec.name] = null;
      continue;
    }
    if (!kindOk(spec.kind, v)) throw new CatalogInputError(`${field}.${spec.name}`, `must be ${KIND_WORDS[spec.kind]} (got ${v === null ? 'null' : JSON.stringify(v)})`);
    if (spec.values && !spec.values.includes(v as string)) throw new CatalogInputError(`${field}.${spec.name}`, `must be one of ${spec.values.join(', ')} (got ${JSON.stringify(v)})`);
    out[spec.name] = v as string | number | boolean;
  }
  return out;
}

/**
 * A dataset the user drops in for a template: an array of records or {trainingData, validationData?}, each record
 * holding every input field of the template and its target, of the template's kinds. The first mistake is thrown
 * naming its field (trainingData[3].complexity); nothing is trained on a dataset that fails.
 */
export function checkDataset(t: CatalogTemplate, data: unknown): { trainingData: TrainingRecord[]; validationData?: TrainingRecord[] } {
  let v = data;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch (e) {
      throw new CatalogInputError('dataset', `is not valid JSON (${(e as Error).message})`);
    }
  }
  let train: unknown;
  let val: unknown;
  if (Array.isArray(v)) train = v;
  else if (typeof v === 'object' && v !== null && Object.prototype.hasOwnProperty.call(v, 'trainingData')) {
    train = (v as Record<string, unknown>).trainingData;
    val = (v as Record<string, unknown>).validationData;
  } else throw new CatalogInputError('dataset', 'must be an array of records or {trainingData: [...], validationData?: [...]}');
  if (!Array.isArray(train)) throw new CatalogInputError('trainingData', 'must be an array of records');
  if (val !== undefined && val !== null && !Array.isArray(val)) throw new CatalogInputError('validationData', 'must be an array of records');
  const trainingData = train.map((r, i) => checkRecord(t, r, `trainingData[${i}]`));
  const validationData = Array.isArray(val) ? val.map((r, i) => checkRecord(t, r, `validationData[${i}]`)) : undefined;
  const ready = readiness(t, [...trainingData, ...(validationData ?? [])], 'the dataset');
  if (!ready.ready) throw new CatalogInputError('trainingData', `holds too little to train: ${ready.reason}`);
  return validationData ? { trainingData, validationData } : { trainingData };
}
