// The Lab API's pure parts: reading neural_train's data argument, default configs per pattern type, the reference's result shapes, prediction with reasoning from similar examples, ensembles.
import { parseModelConfig, PATTERN_TYPES, type ModelConfig } from './config';
import { featurize, flatten, isMissing, labelOf, own, type ColumnReport, type FeatureSchema, type InputWarnings, type Unseen } from './featurizer';
import type { EpochMetrics, StopReason, TrainData } from '../training/train';

export class LabInputError extends Error {
  constructor(readonly field: string, message: string) {
    super(`${field} ${message}`);
    this.name = 'LabInputError';
  }
}

/**
 * neural_train's training_data: a JSON string or a value; an array of records, or {trainingData, validationData}.
 * A single record (the reference's own example) cannot train anything, so it is refused with that reason.
 */
export function parseTrainingData(raw: unknown): TrainData {
  let v = raw;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch (e) {
      throw new LabInputError('training_data', `is not valid JSON (${(e as Error).message})`);
    }
  }
  if (Array.isArray(v)) return { trainingData: v };
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    if (Object.prototype.hasOwnProperty.call(o, 'trainingData')) {
      if (!Array.isArray(o.trainingData)) throw new LabInputError('training_data.trainingData', 'must be an array of records');
      const val = o.validationData;
      if (val !== undefined && val !== null && !Array.isArray(val)) throw new LabInputError('training_data.validationData', 'must be an array of records');
      return { trainingData: o.trainingData, validationData: (val as unknown[] | null | undefined) ?? undefined };
    }
    throw new LabInputError('training_data', 'is a single record; training needs many: pass an array of records or {trainingData: [...], validationData: [...]}');
  }
  throw new LabInputError('training_data', 'must be an array of records or {trainingData, validationData}');
}

/** The network neural_train uses when no config is given: two relu layers, output sized from the data. */
export function defaultConfig(patternType: string, epochs: number): ModelConfig {
  if (!(PATTERN_TYPES as readonly string[]).includes(patternType)) {
    throw new LabInputError('pattern_type', `must be one of ${PATTERN_TYPES.join(', ')} (got ${JSON.stringify(patternType)})`);
  }
  return parseModelConfig({
    modelId: `${patternType}-default`,
    type: patternType,
    architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 32, activation: 'relu' }, { type: 'hidden', size: 16, activation: 'relu' }, { type: 'output', activation: 'softmax' }] },
    training: { pattern_type: patternType, learning_rate: 0.01, batch_size: 32, epochs, optimizer: 'adam', early_stopping: { patience: 15, min_delta: 1e-4 } },
  });
}

/** A training request's network: its config (the reference's JSON, or its text) when it has one, else pattern_type's default network. The compute worker and the node tool context both start from this. */
export function requestConfig(request: { config?: unknown; pattern_type?: string; epochs?: number }): ModelConfig {
  const { config } = request;
  if (config !== undefined && config !== null) return parseModelConfig(typeof config === 'string' ? JSON.parse(config) : config);
  if (typeof request.pattern_type !== 'string') throw new LabInputError('pattern_type', 'is required when no config is given');
  return defaultConfig(request.pattern_type, request.epochs ?? 50);
}

/**
 * What the end of a run's validation-loss curve did (the reference's three values, and three it never admitted):
 * - `early_stopped`: early stopping ended the run; the weights of its best epoch were restored
 * - `improving`: val_loss fell by 1% or more over the window
 * - `converged`: val_loss moved by less than 1% either way over the window (a plateau)
 * - `overfitting`: val_loss rose by 1% or more while the training loss fell
 * - `unstable`: val_loss rose by 1% or more and the training loss did not fall either: the optimizer is not settling
 *   (a learning rate too high often does this; a loss that blows up stops training with a DivergenceError instead)
 * - `too_short`: a single epoch, nothing to compare
 * The window is the last fifth of the epochs (at least 3), or the whole curve when it is shorter than that.
 */
export type ImprovementRate = 'improving' | 'converged' | 'early_stopped' | 'overfitting' | 'unstable' | 'too_short';

export const IMPROVEMENT_RATES: readonly ImprovementRate[] = ['improving', 'converged', 'early_stopped', 'overfitting', 'unstable', 'too_short'];

/** A relative change of less than this is no change. */
const FLAT = 0.01;

export function improvementRate(history: EpochMetrics[], stopped: StopReason): ImprovementRate {
  if (stopped === 'early_stopped') return 'early_stopped';
  const n = history.length;
  if (n < 2) return 'too_short';
  const tail = Math.max(3, Math.ceil(n / 5));
  const from = history[Math.max(0, n - tail - 1)];
  const to = history[n - 1];
  const change = (to.val_loss - from.val_loss) / Math.max(Math.abs(from.val_loss), 1e-12);
  if (change <= -FLAT) return 'improving';
  if (change < FLAT) return 'converged';
  return to.loss < from.loss ? 'overfitting' : 'unstable';
}

/** Which score `accuracy` is: the fraction of classes right (classification) or R², the coefficient of determination (regression). */
export type ScoreMetric = 'accuracy' | 'r2';

export const metricOf = (task: 'classification' | 'regression'): ScoreMetric => (task === 'regression' ? 'r2' : 'accuracy');

/** neural_train's result in the reference's shape, every field measured. */
export interface NeuralTrainResult {
  success: true;
  modelId: string;
  pattern_type: string;
  epochs: number;
  /** The validation score of the saved weights: accuracy for a classifier, R² for a regression target (see `metric`). */
  accuracy: number;
  /** Which score `accuracy` holds: 'accuracy' (a fraction of records) or 'r2' (R², at most 1, can be negative). */
  metric: ScoreMetric;
  /** Seconds, measured. */
  training_time: number;
  status: 'completed' | 'cancelled';
  improvement_rate: ImprovementRate;
  timestamp: string;
  /** Beyond the reference: what was measured, so a caller can check the claim. */
  details: {
    epochs_run: number;
    /** The epoch whose weights were kept: the one early stopping restored, else the last epoch run. */
    kept_epoch: number;
    /** The epoch with the lowest val_loss (highest val_accuracy when early stopping monitors that); may differ from kept_epoch. */
    best_epoch: number;
    val_loss: number;
    train_records: number;
    validation_records: number;
    validation_source: 'validationData' | 'split';
    skipped_records: number;
    target: string;
    target_reason: string;
    task: 'classification' | 'regression';
    /** How the task was decided: training.task, the target's values, and (for numbers) the output layer; with the reason in words. */
    target_inference: { task: 'classification' | 'regression'; reason: string };
    labels: string[];
    /**
     * What the validation records held that the training records did not: the featurizer is fitted on training
     * records only, so an unseen class skips the record and an unseen category or a non-number encodes as missing.
     */
    validation_unseen: Unseen;
    /** Numeric columns whose training values included non-numbers (treated as missing): count and up to 3 examples. */
    non_numeric_values: { field: string; count: number; examples: string[] }[];
    /** Fields left out of the features: no training record has a value for them. */
    left_out_fields: string[];
    /** Columns whose kind training.feature_types chose. */
    configured_kinds: Record<string, ColumnReport['kind']>;
  };
}

/** Validation values training had not seen, in a sentence for the Lab and the CLI; undefined when there are none. */
export function unseenNote(u: Unseen): string | undefined {
  const parts: string[] = [];
  if (u.labels > 0) parts.push(`${u.labels} record${u.labels === 1 ? '' : 's'} of a class training never saw (skipped)`);
  for (const [f, n] of Object.entries(u.categories)) parts.push(`${f}: ${n} with a category training never saw (encoded as none)`);
  for (const [f, n] of Object.entries(u.non_numeric)) parts.push(`${f}: ${n} not a number (encoded as missing)`);
  return parts.length === 0 ? undefined : `Validation records: ${parts.join('; ')}.`;
}

export function modelIdFor(patternType: string, ms: number): string {
  return `model_${patternType}_${Math.floor(ms)}`;
}

export interface Neighbour {
  /** The example's target value (class name, or the number as text). */
  label: string;
  /** Cosine similarity to the input in feature space. */
  score: number;
  /** The example record itself, for recommendations. */
  record: Record<string, unknown>;
}

export interface Prediction {
  prediction: string | number;
  /** The model's probability for the predicted class (classification); null for regression. */
  confidence: number | null;
  probabilities: Record<string, number> | null;
  reasoning: string;
  recommendations: string[];
  /** Fields the record lacks, holds beyond the model's, or holds in a form the model cannot use: none of them silently. */
  input_warnings: InputWarnings;
}

/** The network's outputs for a record are NaN or ±Infinity (weights that overflow float32 on this input): no prediction can be read from them. */
export class NonFiniteOutputError extends Error {
  constructor(readonly record: number, what = 'prediction') {
    super(`the model's outputs for record ${record + 1} are not finite numbers (NaN or Infinity): the computation overflowed float32 (weights or input values too large), so no ${what} can be read from them`);
    this.name = 'NonFiniteOutputError';
  }
}

/**
 * A record whose values, once scaled, are beyond float32 (NaN or ±Infinity features): no output computed from it would
 * be a number (the float path gives NaN, the int8 path finite garbage), so it is refused before inference.
 */
export class NonFiniteInputError extends NonFiniteOutputError {
  constructor(record: number, readonly fields: string[]) {
    super(record);
    // Named as its parent: errors cross the worker boundary by name, and the Lab and the tools handle both as one.
    this.name = 'NonFiniteOutputError';
    this.message = `record ${record + 1} holds values beyond float32's range once scaled (${fields.join(', ')}), so the model's outputs for it would not be finite numbers`;
  }
}

/** Throws NonFiniteOutputError naming the first record (of rows × k outputs) holding NaN or ±Infinity. */
export function checkFinite(out: Float32Array, k: number, what?: string): void {
  for (let i = 0; i < out.length; i++) if (!Number.isFinite(out[i])) throw new NonFiniteOutputError(Math.floor(i / k), what);
}

/** Per class probabilities (or the regression value) from one output row; NonFiniteOutputError when the row is not finite. */
export function readOutput(schema: FeatureSchema, out: Float32Array, record = 0): { prediction: string | number; confidence: number | null; probabilities: Record<string, number> | null } {
  const { target } = schema;
  for (const v of out) if (!Number.isFinite(v)) throw new NonFiniteOutputError(record);
  if (target.task === 'regression') {
    const value = out[0] * target.std + target.mean;
    if (!Number.isFinite(value)) throw new NonFiniteOutputError(record);
    return { prediction: value, confidence: null, probabilities: null };
  }
  const probs: number[] = target.labels.length === 2 && out.length === 1 ? [1 - out[0], out[0]] : Array.from(out);
  let best = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i] > probs[best]) best = i;
  const probabilities = Object.create(null) as Record<string, number>;
  target.labels.forEach((l, i) => (probabilities[l] = probs[i]));
  return { prediction: target.labels[best], confidence: probs[best], probabilities };
}

const pct = (x: number): string => `${Math.round(x * 100)}%`;
/**
 * A record's value for a field as the featurizer reads it: flattened (a nested target or feature is named a.b) and own
 * keys only (records come from files and inputs: inherited names like 'constructor' are not values).
 */
const valueOf = (r: Record<string, unknown>, field: string): unknown => own(flatten(r), field);

/** An example's target as a neighbour label: the featurizer's label text, '(missing)' without one. */
export function exampleLabel(schema: FeatureSchema, record: Record<string, unknown>): string {
  const v = valueOf(record, schema.target.field);
  return isMissing(v) ? '(missing)' : labelOf(v);
}

/**
 * Reasoning and recommendations from the k nearest recorded examples: how many of them share the
 * prediction, and which categorical values the agreeing ones have in common that the input lacks.
 */
export function explain(schema: FeatureSchema, input: Record<string, unknown>, prediction: string | number, neighbours: Neighbour[]): { reasoning: string; recommendations: string[] } {
  if (neighbours.length === 0) return { reasoning: 'No similar examples are recorded for this model.', recommendations: [] };
  const k = neighbours.length;
  const recommendations: string[] = [];
  if (schema.target.task === 'regression') {
    const vals = neighbours.map((n) => Number(n.label)).filter(Number.isFinite);
    const mean = vals.reduce((a, b) => a + b, 0) / Math.max(vals.length, 1);
    return { reasoning: `The ${k} most similar examples averaged ${schema.target.field} = ${mean.toPrecision(4)} (model: ${Number(prediction).toPrecision(4)}).`, recommendations };
  }
  const agree = neighbours.filter((n) => n.label === prediction);
  const counts = new Map<string, number>();
  for (const n of neighbours) counts.set(n.label, (counts.get(n.label) ?? 0) + 1);
  const others = [...counts.entries()].filter(([l]) => l !== prediction).toSorted((a, b) => b[1] - a[1]);
  let reasoning = `${agree.length} of ${k} similar records were '${prediction}'`;
  if (others.length > 0) reasoning += `; ${others.map(([l, c]) => `${c} were '${l}'`).join(', ')}`;
  reasoning += ` (nearest similarity ${neighbours[0].score.toFixed(2)}).`;
  for (const col of schema.features) {
    if (col.kind !== 'categorical' || agree.length < 2) continue;
    const freq = new Map<string, number>();
    for (const n of agree) {
      const v = valueOf(n.record, col.field);
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') freq.set(String(v), (freq.get(String(v)) ?? 0) + 1);
    }
    const top = [...freq.entries()].toSorted((a, b) => b[1] - a[1])[0];
    if (!top) continue;
    const [value, c] = top;
    const mine = valueOf(input, col.field);
    if (c / agree.length >= 0.6 && (mine === undefined || labelOf(mine) !== value)) {
      recommendations.push(`${col.field} = ${value}: ${c} of ${agree.length} similar '${prediction}' records had it (${pct(c / agree.length)})${mine === undefined || mine === null ? '' : `; this input has ${typeof mine === 'string' ? JSON.stringify(mine) : labelOf(mine)}`}`);
    }
  }
  return { reasoning, recommendations };
}

/**
 * Unit-length feature vector of a record, the space neighbours are searched in. A value that overflows float32
 * (1e308 in a numeric field) gives the limit direction: ±1 on the infinite components, 0 elsewhere.
 */
export function exampleVector(schema: FeatureSchema, record: unknown): Float32Array {
  const v = featurize(schema, record);
  if (!v.every(Number.isFinite)) {
    const inf = v.map((x) => (x === Infinity ? 1 : x === -Infinity ? -1 : 0));
    v.set(inf);
  }
  let ss = 0;
  for (const x of v) ss += x * x;
  if (ss > 0) {
    const inv = 1 / Math.sqrt(ss);
    for (let i = 0; i < v.length; i++) v[i] *= inv;
  }
  return v;
}

export interface EnsembleMember {
  schema: FeatureSchema;
  /** Accuracy measured on this device (validation at training, or on data the user gave); null when only the file claims one. */
  weight: number | null;
  /** Output row for one record. */
  infer(record: Record<string, unknown>): Float32Array;
}

export interface EnsemblePrediction {
  prediction: string;
  confidence: number;
  probabilities: Record<string, number>;
  /** 'accuracy': weighted by each member's measured accuracy; 'equal': some member had none measured, so all count the same. */
  weighting: 'accuracy' | 'equal';
  /** The weight each member got, in order (they sum to 1). */
  weights: number[];
}

/**
 * Averages members' class probabilities, weighted by their measured accuracy; members must predict the same labels.
 * A claim is never a weight: when any member has no measured accuracy, every member gets the same weight.
 */
export function ensemblePredict(members: EnsembleMember[], record: Record<string, unknown>): EnsemblePrediction {
  if (members.length === 0) throw new LabInputError('models', 'an ensemble needs at least one model');
  const labels = members[0].schema.target.labels;
  for (const [i, m] of members.entries()) {
    if (m.schema.target.task !== 'classification') throw new LabInputError(`models[${i}]`, 'ensembles average class probabilities: regression models cannot join');
    if (m.schema.target.labels.join('\u0000') !== labels.join('\u0000')) throw new LabInputError(`models[${i}]`, `predicts ${m.schema.target.labels.join(', ')}, the ensemble ${labels.join(', ')}`);
    if (m.weight !== null && !(m.weight > 0)) throw new LabInputError(`models[${i}]`, `has measured accuracy ${m.weight}; weights are measured accuracies and must be positive`);
  }
  const weighting = members.every((m) => m.weight !== null) ? 'accuracy' : 'equal';
  const raw = members.map((m) => (weighting === 'accuracy' ? m.weight! : 1));
  const total = raw.reduce((a, b) => a + b, 0);
  const weights = raw.map((w) => w / total);
  const avg = Array.from({ length: labels.length }, () => 0);
  members.forEach((m, j) => {
    const probs = readOutput(m.schema, m.infer(record)).probabilities!;
    labels.forEach((l, i) => (avg[i] += weights[j] * probs[l]));
  });
  let best = 0;
  for (let i = 1; i < avg.length; i++) if (avg[i] > avg[best]) best = i;
  const probabilities = Object.create(null) as Record<string, number>;
  labels.forEach((l, i) => (probabilities[l] = avg[i]));
  return { prediction: labels[best], confidence: avg[best], probabilities, weighting, weights };
}
