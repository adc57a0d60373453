// Whole-model operations shared by the compute worker and the CLI: train a config into an artifact with the reference's result, quantize, predict with explanations.
import { MAX_EXAMPLES_JSON, MAX_JSON_DEPTH, maxExamplesFor, type ModelArtifact } from '../format/clf';
import { scanJson } from '../format/json-scan';
import { forwardF32, forwardInt8, quantizeParams, weightBytes } from '../nn/forward';
import type { KernelPort } from '../nn/port';
import { createRng } from '../random';
import { accuracyOf, predictedClasses, r2 } from '../training/metrics';
import { isTableData, noValue, recordsOf, type Table, type TableData } from '../data/table';
import { splitRecords, splitRows } from '../training/prepare';
import { train, type TrainData, type TrainHooks, type TrainOutcome } from '../training/train';
import type { ModelConfig } from './config';
import { allRows, encodeRows } from './featurize-columns';
import { DataError, encodeRecords, featurize, flatten, inputWarnings, isMissing, nonFiniteFields, own, type ColumnReport, type Encoded, type FeatureSchema } from './featurizer';
import { checkFinite, explain, exampleLabel, exampleVector, improvementRate, metricOf, modelIdFor, NonFiniteInputError, readOutput, type Neighbour, type NeuralTrainResult, type Prediction, type ScoreMetric } from './lab';

export interface TrainedModel {
  artifact: ModelArtifact;
  result: NeuralTrainResult;
  outcome: TrainOutcome;
}

/** The first records whose JSON fits MAX_EXAMPLES_JSON (a record that cannot be written as JSON, or nests deeper than a file's JSON may, is left out). */
function withinBudget(records: Record<string, unknown>[]): Record<string, unknown>[] {
  const kept: Record<string, unknown>[] = [];
  let used = 2;
  for (const r of records) {
    let json: string;
    try {
      json = JSON.stringify(r);
    } catch {
      continue;
    }
    // The examples array is one level more.
    if (scanJson(json, { maxDepth: MAX_JSON_DEPTH - 1 })?.kind === 'depth') continue;
    const size = json.length + 1;
    if (used + size > MAX_EXAMPLES_JSON) break;
    used += size;
    kept.push(r);
  }
  return kept;
}

/**
 * Up to maxExamplesFor(width) training records with a usable target, sampled with a seed, within
 * MAX_EXAMPLES_JSON: as many as a model file may hold, so every file training writes also loads.
 */
export function sampleExamples(schema: FeatureSchema, records: unknown[], seed: number, most = maxExamplesFor(schema.width)): Record<string, unknown>[] {
  const max = Math.min(most, maxExamplesFor(schema.width));
  // The rows sampleTableExamples counts: the target read as the featurizer reads it (flattened, so a nested a.b target is found; NaN missing).
  const usable = records.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null && !Array.isArray(r) && !isMissing(own(flatten(r as Record<string, unknown>), schema.target.field)));
  if (usable.length <= max) return withinBudget(usable);
  const rng = createRng(seed);
  const idx = Array.from({ length: usable.length }, (_, i) => i);
  rng.shuffle(idx);
  return withinBudget(idx.slice(0, max).toSorted((a, b) => a - b).map((i) => usable[i]));
}

/** sampleExamples from a table: the same seeded choice among the rows with a target, made into records only for the chosen rows. */
export function sampleTableExamples(schema: FeatureSchema, table: Table, seed: number, most = maxExamplesFor(schema.width)): Record<string, unknown>[] {
  const max = Math.min(most, maxExamplesFor(schema.width));
  const target = table.column(schema.target.field);
  const usable: number[] = [];
  for (let i = 0; i < table.rows; i++) if (target && !noValue(target.tag(i))) usable.push(i);
  if (usable.length <= max) return withinBudget(recordsOf(table, usable));
  const rng = createRng(seed);
  const idx = new Int32Array(usable.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  rng.shuffle(idx);
  return withinBudget(recordsOf(table, idx.slice(0, max).toSorted().map((i) => usable[i])));
}

/**
 * Trains and packages a model. modelId follows the reference ("model_<type>_<ms>") unless the config
 * names one; every field of the result is measured by this run.
 */
export async function trainModel(port: KernelPort, config: ModelConfig, data: TrainData | TableData, hooks: TrainHooks & { wallClock: () => number }, epochs?: number): Promise<TrainedModel> {
  const outcome = await train(port, config, data, hooks, epochs);
  const examples = (schema: FeatureSchema) => (isTableData(data) ? sampleTableExamples(schema, data.training, config.training.seed) : sampleExamples(schema, data.trainingData, config.training.seed));
  return packageModel(port.name, config, outcome, examples(outcome.schema), hooks.wallClock, epochs);
}

/** What a run that made a model's weights measured, as the model file's metrics: training's, and fine-tuning's (which adds `transfer`). */
export function runMetrics(run: Pick<TrainOutcome, 'validation' | 'history' | 'keptEpoch' | 'bestEpoch' | 'stopped' | 'trainingTimeMs'>, metric: ScoreMetric, kernel: string, counts: TrainOutcome['counts'], validationSource: TrainOutcome['validationSource'], startedAt: number): Record<string, unknown> {
  return {
    val_accuracy: run.validation.accuracy,
    /** Which score val_accuracy and train_accuracy are: 'accuracy' or 'r2'. */
    metric,
    val_loss: run.validation.loss,
    train_accuracy: run.history[run.history.length - 1].accuracy,
    kept_epoch: run.keptEpoch,
    best_epoch: run.bestEpoch,
    epochs_run: run.history.length,
    stopped: run.stopped,
    training_time_ms: run.trainingTimeMs,
    kernel,
    counts,
    validation_source: validationSource,
    trained_at: new Date(startedAt).toISOString(),
  };
}

/**
 * A training outcome as an artifact and the reference's result: trainModel's last step, and the whole of it for data
 * prepared elsewhere (the Lab's data worker samples the examples from its table with sampleTableExamples).
 */
export function packageModel(kernelName: string, config: ModelConfig, outcome: TrainOutcome, examples: Record<string, unknown>[], wallClock: () => number, epochs?: number): TrainedModel {
  const patternType = config.training.pattern_type ?? config.type;
  const startedAt = wallClock();
  const modelId = config.modelId === 'model' || config.modelId.endsWith('-default') ? modelIdFor(patternType, startedAt) : config.modelId;
  const metric = metricOf(outcome.schema.target.task);
  const metrics = runMetrics(outcome, metric, kernelName, outcome.counts, outcome.validationSource, startedAt);
  const artifact: ModelArtifact = {
    config: { ...config, modelId },
    spec: outcome.spec,
    schema: outcome.schema,
    weights: { kind: 'f32', params: outcome.params },
    metrics,
    examples,
  };
  const result: NeuralTrainResult = {
    success: true,
    modelId,
    pattern_type: patternType,
    epochs: epochs ?? config.training.epochs,
    accuracy: outcome.validation.accuracy,
    metric,
    training_time: outcome.trainingTimeMs / 1000,
    status: outcome.stopped === 'cancelled' ? 'cancelled' : 'completed',
    improvement_rate: improvementRate(outcome.history, outcome.stopped),
    timestamp: new Date(startedAt).toISOString(),
    details: {
      epochs_run: outcome.history.length,
      kept_epoch: outcome.keptEpoch,
      best_epoch: outcome.bestEpoch,
      val_loss: outcome.validation.loss,
      train_records: outcome.counts.train,
      validation_records: outcome.counts.validation,
      validation_source: outcome.validationSource,
      skipped_records: outcome.counts.skippedTrain + outcome.counts.skippedValidation,
      target: outcome.schema.target.field,
      target_reason: outcome.schema.target.reason,
      task: outcome.schema.target.task,
      target_inference: outcome.inference,
      labels: outcome.schema.target.labels,
      validation_unseen: outcome.unseen,
      non_numeric_values: outcome.report.columns.flatMap((c) => (c.non_numeric ? [{ field: c.field, ...c.non_numeric }] : [])),
      left_out_fields: outcome.report.left_out,
      configured_kinds: Object.fromEntries(outcome.report.columns.filter((c) => c.source === 'configured').map((c) => [c.field, c.kind])) as Record<string, ColumnReport['kind']>,
    },
  };
  return { artifact, result, outcome };
}

/** Outputs [n × outputs] of an artifact's network, float or int8, in plain TS. */
export function inferPlain(a: ModelArtifact, x: Float32Array, n: number): Float32Array {
  return a.weights.kind === 'f32' ? forwardF32(a.spec, a.weights.params, x, n) : forwardInt8(a.spec, a.weights.layers, x, n);
}

/**
 * The records that can be scored (those with a usable target), encoded. When none has one, a DataError says so:
 * a score of no records is no number.
 */
export function scorableRecords(a: ModelArtifact, records: unknown[]): { enc: Encoded; kept: Record<string, unknown>[] } {
  const enc = encodeRecords(a.schema, records);
  const { field } = a.schema.target;
  if (enc.n === 0) {
    throw new DataError(`target '${field}'`, records.length === 0
      ? 'cannot be measured: no records were given'
      : `cannot be measured: none of the ${records.length} records has a usable '${field}' (${enc.skipped[0].reason}); the data must hold the field the model predicts`);
  }
  const skipped = new Set(enc.skipped.map((s) => s.index));
  const kept = records.filter((_, i) => !skipped.has(i)) as Record<string, unknown>[];
  checkInputs(a.schema, enc.x, enc.n, (i) => records.indexOf(kept[i]));
  return { enc, kept };
}

/** Refuses rows [n × width] holding NaN or ±Infinity (values beyond float32 once scaled), naming the record (index by `recordOf`) and fields. */
function checkInputs(schema: FeatureSchema, x: Float32Array, n: number, recordOf: (row: number) => number = (row) => row): void {
  const w = schema.width;
  for (let r = 0; r < n; r++) {
    const row = x.subarray(r * w, (r + 1) * w);
    if (row.every(Number.isFinite)) continue;
    throw new NonFiniteInputError(recordOf(r), nonFiniteFields(schema, row));
  }
}

/** Accuracy (R² for regression) of a network's outputs [n × outputs] for encoded records; NonFiniteOutputError when an output is NaN or ±Infinity. */
export function scoreOutputs(a: ModelArtifact, enc: Encoded, out: Float32Array): { accuracy: number; n: number; metric: ScoreMetric } {
  const k = a.spec.layers[a.spec.layers.length - 1].size;
  checkFinite(out, k, 'accuracy');
  const { task } = a.schema.target;
  return { accuracy: task === 'regression' ? r2(out, enc.y) : accuracyOf(predictedClasses(out, enc.n, k), enc.y), n: enc.n, metric: metricOf(task) };
}

/** Accuracy (R² for regression) of an artifact on the records (or table rows) that have a usable target, through the given inference. */
export function accuracyOn(a: ModelArtifact, records: unknown[] | TableRows, infer = inferPlain): { accuracy: number; n: number; metric: ScoreMetric } {
  const enc = encodeValidation(a, records);
  return scoreOutputs(a, enc, infer(a, enc.x, enc.n));
}

/** The validation records a model was measured on: the given validation data, or the same seeded split train() made (prepare's splitRecords). */
export function validationRecords(a: ModelArtifact, data: TrainData): unknown[] {
  if (data.validationData && data.validationData.length > 0) return data.validationData;
  const t = a.config.training;
  const split = splitRecords(data.trainingData, a.schema.target.field, a.schema.target.task, t.validation_split, t.seed);
  // Data without a single usable target cannot be split: hand all of it on, so the scorer says why none can be scored.
  if (split.train.length + split.validation.length === 0) return data.trainingData;
  return split.validation;
}

/** Rows of a table to score: what the validation of a column dataset is, without making records of it. */
export interface TableRows {
  table: Table;
  rows: Int32Array;
}

/** validationRecords for records or columns: a table's validation rows are found with the same seeded split (prepare's splitRows). */
export function validationSet(a: ModelArtifact, data: TrainData | TableData): unknown[] | TableRows {
  if (!isTableData(data)) return validationRecords(a, data);
  if (data.validation && data.validation.rows > 0) return { table: data.validation, rows: allRows(data.validation.rows) };
  const t = a.config.training;
  const split = splitRows(data.training, a.schema.target.field, a.schema.target.task, t.validation_split, t.seed);
  if (split.train.length + split.validation.length === 0) return { table: data.training, rows: allRows(data.training.rows) };
  return { table: data.training, rows: split.validation };
}

/** The scorable part of a validation set, encoded (scorableRecords for records; the same refusal and input checks for table rows). */
export function encodeValidation(a: ModelArtifact, v: unknown[] | TableRows): Encoded {
  if (Array.isArray(v)) return scorableRecords(a, v).enc;
  const enc = encodeRows(a.schema, v.table, v.rows);
  const { field } = a.schema.target;
  if (enc.n === 0) {
    throw new DataError(`target '${field}'`, v.rows.length === 0
      ? 'cannot be measured: no records were given'
      : `cannot be measured: none of the ${v.rows.length} records has a usable '${field}' (${enc.skipped[0].reason}); the data must hold the field the model predicts`);
  }
  const skipped = new Set(enc.skipped.map((s) => s.index));
  const kept: number[] = [];
  for (let j = 0; j < v.rows.length; j++) if (!skipped.has(j)) kept.push(v.rows[j]);
  checkInputs(a.schema, enc.x, enc.n, (r) => kept[r]);
  return enc;
}

export interface QuantizeResult {
  modelId: string;
  bits: 8;
  /** Bytes of the weights as stored, before and after. */
  size_before: number;
  size_after: number;
  /** 1 − after/before. */
  reduction: number;
  /** Measured on the validation records when data was given; null otherwise. */
  accuracy_before: number | null;
  accuracy_after: number | null;
  /** Which score accuracy_before/after are: 'accuracy' or 'r2' (a regression target). */
  metric: ScoreMetric;
  validation_records: number;
}

export function quantizeModel(a: ModelArtifact, validation?: unknown[] | TableRows, infer = inferPlain): { artifact: ModelArtifact; result: QuantizeResult } {
  if (a.weights.kind !== 'f32') throw new Error(`${a.config.modelId} is already quantized`);
  const layers = quantizeParams(a.spec, a.weights.params);
  const q: ModelArtifact = { ...a, weights: { kind: 'int8', layers }, metrics: { ...a.metrics } };
  const before = validation ? accuracyOn(a, validation, infer) : null;
  const after = validation ? accuracyOn(q, validation, infer) : null;
  q.metrics.quantized = { accuracy_before: before?.accuracy ?? null, accuracy_after: after?.accuracy ?? null, validation_records: before?.n ?? 0 };
  const sizeBefore = weightBytes(a.spec, false);
  const sizeAfter = weightBytes(a.spec, true);
  return {
    artifact: q,
    result: {
      modelId: a.config.modelId, bits: 8, size_before: sizeBefore, size_after: sizeAfter, reduction: 1 - sizeAfter / sizeBefore,
      accuracy_before: before?.accuracy ?? null, accuracy_after: after?.accuracy ?? null, metric: metricOf(a.schema.target.task), validation_records: before?.n ?? 0,
    },
  };
}

/** Finds the k examples most similar to an input (cosine in feature space); brute force over the model's sample. */
export function nearestExamples(a: ModelArtifact, input: Record<string, unknown>, k = 9): Neighbour[] {
  const q = exampleVector(a.schema, input);
  const scored = a.examples.map((record) => {
    const v = exampleVector(a.schema, record);
    let s = 0;
    for (let i = 0; i < v.length; i++) s += v[i] * q[i];
    return { label: exampleLabel(a.schema, record), score: s, record };
  });
  return scored.toSorted((x, y) => y.score - x.score).slice(0, k);
}

/** neural_predict for records: the model's output, with reasoning and recommendations from similar examples. */
export function predictRecords(a: ModelArtifact, inputs: Record<string, unknown>[], options: { k?: number; infer?: typeof inferPlain; neighbours?: (input: Record<string, unknown>, i: number) => Neighbour[] } = {}): Prediction[] {
  const width = a.schema.width;
  const x = new Float32Array(inputs.length * width);
  inputs.forEach((r, i) => featurize(a.schema, r, x.subarray(i * width, (i + 1) * width)));
  checkInputs(a.schema, x, inputs.length);
  const out = (options.infer ?? inferPlain)(a, x, inputs.length);
  const k = a.spec.layers[a.spec.layers.length - 1].size;
  checkFinite(out, k);
  return inputs.map((input, i) => {
    const read = readOutput(a.schema, out.subarray(i * k, (i + 1) * k), i);
    const neighbours = options.neighbours ? options.neighbours(input, i) : nearestExamples(a, input, options.k ?? 9);
    return { ...read, ...explain(a.schema, input, read.prediction, neighbours), input_warnings: inputWarnings(a.schema, input) };
  });
}
