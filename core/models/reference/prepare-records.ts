// The record data preparation as it was before the column path (issue 12): the oracle of the equivalence tests, with the record featurizer beside it. It reads no outputActivation (the record path predated task inference from the output layer).
import { chooseTarget, DataError, flatten, isMissing, labelOf, own, type Rec, type Task } from '../featurizer-basics';
import { encodeRecords, fitWithReport } from './featurizer-records';
import { splitIndices } from '../../training/split';
import type { PrepareOptions, Prepared as ColumnPrepared, TrainData } from '../../training/prepare';

/** What the record path prepared: the column path's Prepared without what was added with it (task inference, row indices). */
export type Prepared = Omit<ColumnPrepared, 'inference' | 'rows'>;

function flatRecords(records: unknown[], what: string): Rec[] {
  return records.map((r, i) => {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new DataError(`${what}[${i}]`, 'must be an object (a record)');
    return flatten(r as Rec);
  });
}

/**
 * The target field and task, from the training records' field names and the target's value types (never from
 * statistics of values): they must be known before the split, which stratifies by the target.
 */
function resolveTarget(records: unknown[], opts: Pick<PrepareOptions, 'target' | 'task' | 'patternType'>): { field: string; reason: string; task: Task } {
  if (!Array.isArray(records) || records.length === 0) throw new DataError('trainingData', 'must be a non-empty array of records');
  const flat = flatRecords(records, 'trainingData');
  const seen = new Set<string>();
  for (const r of flat) for (const k of Object.keys(r)) seen.add(k);
  const { field, reason } = chooseTarget([...seen], opts);
  const targets = flat.map((r) => own(r, field)).filter((v) => !isMissing(v));
  if (targets.length === 0) throw new DataError(`target '${field}'`, 'is missing from every training record');
  const numeric = targets.every((v) => typeof v === 'number');
  const task: Task = opts.task ?? (numeric ? 'regression' : 'classification');
  if (task === 'regression' && !numeric) throw new DataError(`target '${field}'`, 'must be numeric for regression');
  return { field, reason, task };
}

/**
 * The seeded train/validation split of raw records: records without a usable target are set aside (and reported),
 * the rest split by splitIndices, stratified by the raw target value for classification.
 */
function splitRecords(records: unknown[], field: string, task: Task, fraction: number, seed: number): { train: unknown[]; validation: unknown[]; skipped: { index: number; reason: string }[] } {
  const flat = flatRecords(records, 'trainingData');
  const usable: number[] = [];
  const keys: string[] = [];
  const skipped: { index: number; reason: string }[] = [];
  flat.forEach((r, i) => {
    const t = own(r, field);
    if (isMissing(t)) skipped.push({ index: i, reason: `no '${field}'` });
    else if (task === 'regression' && !(typeof t === 'number' && Number.isFinite(t))) skipped.push({ index: i, reason: `'${field}' is not a finite number` });
    else {
      usable.push(i);
      keys.push(labelOf(t));
    }
  });
  // Groups numbered in sorted label order: the class indices a schema fitted on these labels would give.
  const order = [...new Set(keys)].toSorted();
  const groupOf = new Map(order.map((k, g) => [k, g]));
  const groups = task === 'classification' ? Int32Array.from(keys, (k) => groupOf.get(k)!) : undefined;
  const split = splitIndices(usable.length, fraction, seed, groups);
  return { train: split.train.map((i) => records[usable[i]]), validation: split.validation.map((i) => records[usable[i]]), skipped };
}

export function prepareData(data: TrainData, opts: PrepareOptions): Prepared {
  if (!Array.isArray(data.trainingData)) throw new DataError('trainingData', 'must be an array of records');
  const { field, reason, task } = resolveTarget(data.trainingData, opts);
  let trainRecords: unknown[];
  let valRecords: unknown[];
  let source: Prepared['source'];
  let setAside = 0;
  if (data.validationData && data.validationData.length > 0) {
    trainRecords = data.trainingData;
    valRecords = data.validationData;
    source = 'validationData';
  } else {
    const split = splitRecords(data.trainingData, field, task, opts.validationSplit, opts.seed);
    trainRecords = split.train;
    valRecords = split.validation;
    setAside = split.skipped.length;
    source = 'split';
  }
  if (trainRecords.length === 0) throw new DataError('trainingData', `no training record has a usable '${field}'`);
  const { schema, report } = fitWithReport(trainRecords, { target: field, task, patternType: opts.patternType, featureTypes: opts.featureTypes });
  schema.target.reason = reason;
  const train = encodeRecords(schema, trainRecords, 'trainingData');
  const validation = encodeRecords(schema, valRecords, source === 'split' ? 'trainingData' : 'validationData');
  return {
    schema, report, train, validation, source,
    counts: { train: train.n, validation: validation.n, skippedTrain: setAside + train.skipped.length, skippedValidation: validation.skipped.length },
    unseen: validation.unseen,
  };
}
