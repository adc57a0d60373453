// What training sees of a dataset: the target and task decided, the validation rows split off first (row indices), the featurizer fitted on the training rows only, both parts written into one design matrix.
import { isTableData, noValue, NUM, type Table, type TableData } from '../data/table';
import { allRows, Cells, fieldsIn, fitColumns, encodePlan, planTargets } from '../models/featurize-columns';
import { chooseTarget, DataError, tableOfRecords, type Encoded, type FeatureSchema, type FeatureType, type FitReport, type Task, type Unseen } from '../models/featurizer';
import { splitIndices } from './split';

export interface TrainData {
  trainingData: unknown[];
  validationData?: unknown[];
}

/** The parts of a model config that decide the data preparation. */
export interface PrepareOptions {
  target: string | null;
  task: Task | null;
  patternType: string | null;
  /** Fraction of the usable training records held out when no validationData is given. */
  validationSplit: number;
  seed: number;
  featureTypes?: Record<string, FeatureType> | null;
  /**
   * The output layer's activation, when known: a numeric target with a softmax or sigmoid output is taken as classes
   * when it holds few distinct whole numbers (see inferTask). Unknown (null): a numeric target is regression.
   */
  outputActivation?: string | null;
}

/** How the task was decided, for the result (details.target_inference). */
export interface TargetInference {
  task: Task;
  reason: string;
}

export interface Prepared {
  /** Fitted on the training rows only: no statistic, category, class or dimension comes from a validation row. */
  schema: FeatureSchema;
  report: FitReport;
  /** train.x and validation.x are two views of one Float32Array: the training rows first, then the validation rows. */
  train: Encoded;
  validation: Encoded;
  source: 'validationData' | 'split';
  counts: { train: number; validation: number; skippedTrain: number; skippedValidation: number };
  /** What the validation rows held that the training rows did not (counted, encoded as missing; unseen classes skipped). */
  unseen: Unseen;
  inference: TargetInference;
  /** The rows of the design matrix, as row indices of their tables (the training table, or the validation table when the data had one). */
  rows: { train: Int32Array; validation: Int32Array };
}

/** A numeric target with at most this many distinct whole numbers and a softmax/sigmoid output is taken as that many classes. */
export const MAX_INFERRED_CLASSES = 20;

/**
 * Classification or regression, and why. training.task decides when set. Text or booleans are classes. Numbers are
 * regression with a linear (or unknown) output; with a softmax or sigmoid output they are classes when they are at
 * most MAX_INFERRED_CLASSES distinct whole numbers (a 0/1 label), and otherwise the data and the config disagree: the
 * error says both ways out.
 */
function inferTask(field: string, cells: Cells, rows: Int32Array, opts: Pick<PrepareOptions, 'task' | 'outputActivation'>): TargetInference {
  let numeric = true;
  let integers = true;
  const distinct = new Set<number>();
  let example = 0;
  for (let j = 0; j < rows.length; j++) {
    const t = cells.tag(rows[j]);
    if (noValue(t)) continue;
    if (t !== NUM) {
      numeric = false;
      break;
    }
    const v = cells.col!.num(rows[j]);
    if (!Number.isInteger(v)) {
      if (integers) example = v;
      integers = false;
    }
    if (distinct.size <= MAX_INFERRED_CLASSES) distinct.add(v);
  }
  if (opts.task !== null) {
    if (opts.task === 'regression' && !numeric) throw new DataError(`target '${field}'`, 'must be numeric for regression');
    return { task: opts.task, reason: `set by training.task` };
  }
  if (!numeric) return { task: 'classification', reason: `'${field}' holds text or booleans: each distinct value is a class` };
  const act = opts.outputActivation ?? null;
  if (act !== 'softmax' && act !== 'sigmoid') return { task: 'regression', reason: `'${field}' holds numbers and the output layer is ${act ?? 'not given'}: regression` };
  const values = [...distinct].toSorted((a, b) => a - b);
  if (integers && distinct.size <= MAX_INFERRED_CLASSES) {
    const shown = values.length <= 6 ? values.join(', ') : `${values.slice(0, 5).join(', ')}, …`;
    return { task: 'classification', reason: `'${field}' holds ${distinct.size} distinct whole numbers (${shown}) and the output layer is ${act}: taken as ${distinct.size} classes (set training.task to 'regression', with a linear output, to predict the number instead)` };
  }
  const what = integers ? `more than ${MAX_INFERRED_CLASSES} distinct whole numbers` : `numbers that are not whole (e.g. ${example})`;
  throw new DataError(`target '${field}'`, `holds ${what}, but the output layer is ${act}, which predicts classes: use a linear output layer to predict the number (regression), or set training.task to 'classification' to take each distinct value as a class`);
}

/**
 * The target field and task, from the training rows' field names and the target's values (its value types, and with
 * a softmax/sigmoid output how many distinct whole numbers it holds): they must be known before the split, which
 * stratifies by the target.
 */
export function resolveTableTarget(table: Table, opts: Pick<PrepareOptions, 'target' | 'task' | 'patternType' | 'outputActivation'>): { field: string; reason: string; task: Task; inference: TargetInference } {
  if (table.rows === 0) throw new DataError('trainingData', 'must be a non-empty array of records');
  const rows = allRows(table.rows);
  const { field, reason } = chooseTarget(fieldsIn(table, rows), opts);
  const cells = new Cells(table.column(field));
  let present = false;
  for (let i = 0; i < table.rows && !present; i++) present = cells.has(i);
  if (!present) throw new DataError(`target '${field}'`, 'is missing from every training record');
  const inference = inferTask(field, cells, rows, { task: opts.task, outputActivation: opts.outputActivation });
  return { field, reason, task: inference.task, inference };
}

/** resolveTableTarget for records. */
export function resolveTarget(records: unknown[], opts: Pick<PrepareOptions, 'target' | 'task' | 'patternType' | 'outputActivation'>): { field: string; reason: string; task: Task; inference: TargetInference } {
  if (!Array.isArray(records) || records.length === 0) throw new DataError('trainingData', 'must be a non-empty array of records');
  return resolveTableTarget(tableOfRecords(records, 'trainingData'), opts);
}

/**
 * The seeded train/validation split of a table's rows: rows without a usable target are set aside (and reported), the
 * rest split by splitIndices, stratified by the target's class for classification. model-ops finds a model's
 * validation rows again from the same data with it.
 */
export function splitRows(table: Table, field: string, task: Task, fraction: number, seed: number): { train: Int32Array; validation: Int32Array; skipped: { index: number; reason: string }[] } {
  const cells = new Cells(table.column(field));
  const usable = new Int32Array(table.rows);
  const keyOf = new Int32Array(table.rows);
  const keys = new Map<string, number>();
  const skipped: { index: number; reason: string }[] = [];
  let n = 0;
  for (let i = 0; i < table.rows; i++) {
    if (!cells.has(i)) skipped.push({ index: i, reason: `no '${field}'` });
    else if (task === 'regression' && !(cells.tag(i) === NUM && Number.isFinite(cells.col!.num(i)))) skipped.push({ index: i, reason: `'${field}' is not a finite number` });
    else {
      const k = cells.label(i);
      let g = keys.get(k);
      if (g === undefined) keys.set(k, (g = keys.size));
      keyOf[n] = g;
      usable[n++] = i;
    }
  }
  let groups: Int32Array | undefined;
  if (task === 'classification') {
    // Groups numbered in sorted label order: the class indices a schema fitted on these labels would give.
    const rank = new Int32Array(keys.size);
    [...keys.keys()].toSorted().forEach((k, r) => (rank[keys.get(k)!] = r));
    groups = new Int32Array(n);
    for (let j = 0; j < n; j++) groups[j] = rank[keyOf[j]];
  }
  const split = splitIndices(n, fraction, seed, groups);
  const pick = (idx: number[]) => Int32Array.from(idx, (j) => usable[j]);
  return { train: pick(split.train), validation: pick(split.validation), skipped };
}

/** splitRows for records: the records of each part. */
export function splitRecords(records: unknown[], field: string, task: Task, fraction: number, seed: number): { train: unknown[]; validation: unknown[]; skipped: { index: number; reason: string }[] } {
  const s = splitRows(tableOfRecords(records, 'trainingData'), field, task, fraction, seed);
  return { train: Array.from(s.train, (i) => records[i]), validation: Array.from(s.validation, (i) => records[i]), skipped: s.skipped };
}

export function prepareTable(data: TableData, opts: PrepareOptions): Prepared {
  const table = data.training;
  const { field, reason, task, inference } = resolveTableTarget(table, opts);
  let trainRows: Int32Array;
  let valRows: Int32Array;
  let valTable: Table;
  let source: Prepared['source'];
  let setAside = 0;
  if (data.validation && data.validation.rows > 0) {
    trainRows = allRows(table.rows);
    valRows = allRows(data.validation.rows);
    valTable = data.validation;
    source = 'validationData';
  } else {
    const split = splitRows(table, field, task, opts.validationSplit, opts.seed);
    trainRows = split.train;
    valRows = split.validation;
    valTable = table;
    setAside = split.skipped.length;
    source = 'split';
  }
  if (trainRows.length === 0) throw new DataError('trainingData', `no training record has a usable '${field}'`);
  const { schema, report } = fitColumns(table, trainRows, { target: field, task, patternType: opts.patternType, featureTypes: opts.featureTypes });
  schema.target.reason = reason;
  const trainPlan = planTargets(schema, table, trainRows);
  const valPlan = planTargets(schema, valTable, valRows);
  const w = schema.width;
  const nt = trainPlan.kept.length;
  // One allocation for both parts: the kernel reads batches from the first block, evaluation the second.
  const x = new Float32Array((nt + valPlan.kept.length) * w);
  const train = encodePlan(schema, table, trainPlan, x.subarray(0, nt * w));
  const validation = encodePlan(schema, valTable, valPlan, x.subarray(nt * w));
  return {
    schema, report, train, validation, source, inference,
    counts: { train: train.n, validation: validation.n, skippedTrain: setAside + train.skipped.length, skippedValidation: validation.skipped.length },
    unseen: validation.unseen,
    rows: { train: trainPlan.kept, validation: valPlan.kept },
  };
}

/** Records as columns (records → tables), then prepareTable: the one preparation. */
export function prepareData(data: TrainData | TableData, opts: PrepareOptions): Prepared {
  if (isTableData(data)) return prepareTable(data, opts);
  if (!Array.isArray(data.trainingData)) throw new DataError('trainingData', 'must be an array of records');
  if (data.trainingData.length === 0) throw new DataError('trainingData', 'must be a non-empty array of records');
  const training = tableOfRecords(data.trainingData, 'trainingData');
  const validation = data.validationData && data.validationData.length > 0 ? tableOfRecords(data.validationData, 'validationData') : null;
  return prepareTable({ kind: 'columns', training, validation }, opts);
}

/** Every distinct buffer under prepared data's typed arrays: what a worker transfers to hand it on without copying (a buffer listed twice cannot be). */
export function preparedBuffers(p: Prepared): ArrayBuffer[] {
  const views = [p.train.x, p.validation.x, p.train.y, p.validation.y, p.rows.train, p.rows.validation];
  return [...new Set(views.map((v) => v.buffer as ArrayBuffer))];
}
