// The Lab API's pure parts: reading neural_train's data argument, default configs per pattern type, the reference's result shapes, prediction with reasoning from similar examples, ensembles.
import { parseModelConfig, PATTERN_TYPES, type ModelConfig } from './config';
import { featurize, labelOf, type FeatureSchema } from './featurizer';
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

export type ImprovementRate = 'converged' | 'improving' | 'early_stopped';

/**
 * From the validation-loss curve: early_stopped when early stopping ended it; converged when the last
 * fifth of the epochs (at least 3) improved the loss by less than 1%; improving otherwise.
 */
export function improvementRate(history: EpochMetrics[], stopped: StopReason): ImprovementRate {
  if (stopped === 'early_stopped') return 'early_stopped';
  const n = history.length;
  const tail = Math.max(3, Math.ceil(n / 5));
  if (n <= tail) return 'improving';
  const before = history[n - tail - 1].val_loss;
  const last = history[n - 1].val_loss;
  return (before - last) / Math.max(Math.abs(before), 1e-12) < 0.01 ? 'converged' : 'improving';
}

/** neural_train's result in the reference's shape, every field measured. */
export interface NeuralTrainResult {
  success: true;
  modelId: string;
  pattern_type: string;
  epochs: number;
  /** Validation accuracy of the saved weights (R² for a regression target). */
  accuracy: number;
  /** Seconds, measured. */
  training_time: number;
  status: 'completed' | 'cancelled';
  improvement_rate: ImprovementRate;
  timestamp: string;
  /** Beyond the reference: what was measured, so a caller can check the claim. */
  details: {
    epochs_run: number;
    best_epoch: number;
    val_loss: number;
    train_records: number;
    validation_records: number;
    validation_source: 'validationData' | 'split';
    skipped_records: number;
    target: string;
    target_reason: string;
    task: 'classification' | 'regression';
    labels: string[];
  };
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
}

/** Per class probabilities (or the regression value) from one output row. */
export function readOutput(schema: FeatureSchema, out: Float32Array): { prediction: string | number; confidence: number | null; probabilities: Record<string, number> | null } {
  const { target } = schema;
  if (target.task === 'regression') return { prediction: out[0] * target.std + target.mean, confidence: null, probabilities: null };
  const probs: number[] = target.labels.length === 2 && out.length === 1 ? [1 - out[0], out[0]] : Array.from(out);
  let best = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i] > probs[best]) best = i;
  const probabilities = Object.create(null) as Record<string, number>;
  target.labels.forEach((l, i) => (probabilities[l] = probs[i]));
  return { prediction: target.labels[best], confidence: probs[best], probabilities };
}

const pct = (x: number): string => `${Math.round(x * 100)}%`;
/** A record's own value for a field (records come from files and inputs: inherited names like 'constructor' are not values). */
const ownValue = (r: Record<string, unknown>, field: string): unknown => (Object.prototype.hasOwnProperty.call(r, field) ? r[field] : undefined);

/** An example's target as a neighbour label: the featurizer's label text, '(missing)' without one. */
export function exampleLabel(schema: FeatureSchema, record: Record<string, unknown>): string {
  const v = ownValue(record, schema.target.field);
  return v === undefined || v === null || v === '' ? '(missing)' : labelOf(v);
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
      const v = ownValue(n.record, col.field);
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') freq.set(String(v), (freq.get(String(v)) ?? 0) + 1);
    }
    const top = [...freq.entries()].toSorted((a, b) => b[1] - a[1])[0];
    if (!top) continue;
    const [value, c] = top;
    const mine = ownValue(input, col.field);
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
  /** Validation accuracy: the member's weight. */
  weight: number;
  /** Output row for one record. */
  infer(record: Record<string, unknown>): Float32Array;
}

/** Averages members' class probabilities, weighted by validation accuracy; members must predict the same labels. */
export function ensemblePredict(members: EnsembleMember[], record: Record<string, unknown>): { prediction: string; confidence: number; probabilities: Record<string, number> } {
  if (members.length === 0) throw new LabInputError('models', 'an ensemble needs at least one model');
  const labels = members[0].schema.target.labels;
  for (const [i, m] of members.entries()) {
    if (m.schema.target.task !== 'classification') throw new LabInputError(`models[${i}]`, 'ensembles average class probabilities: regression models cannot join');
    if (m.schema.target.labels.join('\u0000') !== labels.join('\u0000')) throw new LabInputError(`models[${i}]`, `predicts ${m.schema.target.labels.join(', ')}, the ensemble ${labels.join(', ')}`);
    if (!(m.weight > 0)) throw new LabInputError(`models[${i}]`, `has weight ${m.weight}; weights are validation accuracies and must be positive`);
  }
  const total = members.reduce((s, m) => s + m.weight, 0);
  const avg = Array.from({ length: labels.length }, () => 0);
  for (const m of members) {
    const probs = readOutput(m.schema, m.infer(record)).probabilities!;
    labels.forEach((l, i) => (avg[i] += (m.weight / total) * probs[l]));
  }
  let best = 0;
  for (let i = 1; i < avg.length; i++) if (avg[i] > avg[best]) best = i;
  const probabilities = Object.create(null) as Record<string, number>;
  labels.forEach((l, i) => (probabilities[l] = avg[i]));
  return { prediction: labels[best], confidence: avg[best], probabilities };
}
