// Whole-model operations shared by the compute worker and the CLI: train a config into an artifact with the reference's result, quantize, predict with explanations.
import { MAX_EXAMPLES_JSON, MAX_JSON_DEPTH, maxExamplesFor, type ModelArtifact } from '../format/clf';
import { scanJson } from '../format/json-scan';
import { forwardF32, forwardInt8, quantizeParams, weightBytes } from '../nn/forward';
import type { KernelPort } from '../nn/port';
import { createRng } from '../random';
import { accuracyOf, predictedClasses, r2 } from '../training/metrics';
import { splitIndices } from '../training/split';
import { train, type TrainData, type TrainHooks, type TrainOutcome } from '../training/train';
import type { ModelConfig } from './config';
import { encodeRecords, featurize, type FeatureSchema } from './featurizer';
import { explain, exampleLabel, exampleVector, improvementRate, modelIdFor, readOutput, type Neighbour, type NeuralTrainResult, type Prediction } from './lab';

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
  const usable = records.filter((r): r is Record<string, unknown> => {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) return false;
    const t = Object.prototype.hasOwnProperty.call(r, schema.target.field) ? (r as Record<string, unknown>)[schema.target.field] : undefined;
    return t !== undefined && t !== null && t !== '';
  });
  if (usable.length <= max) return withinBudget(usable);
  const rng = createRng(seed);
  const idx = Array.from({ length: usable.length }, (_, i) => i);
  rng.shuffle(idx);
  return withinBudget(idx.slice(0, max).toSorted((a, b) => a - b).map((i) => usable[i]));
}

/**
 * Trains and packages a model. modelId follows the reference ("model_<type>_<ms>") unless the config
 * names one; every field of the result is measured by this run.
 */
export async function trainModel(port: KernelPort, config: ModelConfig, data: TrainData, hooks: TrainHooks & { wallClock: () => number }, epochs?: number): Promise<TrainedModel> {
  const outcome = await train(port, config, data, hooks, epochs);
  const patternType = config.training.pattern_type ?? config.type;
  const startedAt = hooks.wallClock();
  const modelId = config.modelId === 'model' || config.modelId.endsWith('-default') ? modelIdFor(patternType, startedAt) : config.modelId;
  const last = outcome.history[outcome.history.length - 1];
  const metrics = {
    val_accuracy: outcome.validation.accuracy,
    val_loss: outcome.validation.loss,
    train_accuracy: last.accuracy,
    best_epoch: outcome.bestEpoch,
    epochs_run: outcome.history.length,
    stopped: outcome.stopped,
    training_time_ms: outcome.trainingTimeMs,
    kernel: port.name,
    counts: outcome.counts,
    validation_source: outcome.validationSource,
    trained_at: new Date(startedAt).toISOString(),
  };
  const artifact: ModelArtifact = {
    config: { ...config, modelId },
    spec: outcome.spec,
    schema: outcome.schema,
    weights: { kind: 'f32', params: outcome.params },
    metrics,
    examples: sampleExamples(outcome.schema, data.trainingData, config.training.seed),
  };
  const result: NeuralTrainResult = {
    success: true,
    modelId,
    pattern_type: patternType,
    epochs: epochs ?? config.training.epochs,
    accuracy: outcome.validation.accuracy,
    training_time: outcome.trainingTimeMs / 1000,
    status: outcome.stopped === 'cancelled' ? 'cancelled' : 'completed',
    improvement_rate: improvementRate(outcome.history, outcome.stopped),
    timestamp: new Date(startedAt).toISOString(),
    details: {
      epochs_run: outcome.history.length,
      best_epoch: outcome.bestEpoch,
      val_loss: outcome.validation.loss,
      train_records: outcome.counts.train,
      validation_records: outcome.counts.validation,
      validation_source: outcome.validationSource,
      skipped_records: outcome.counts.skippedTrain + outcome.counts.skippedValidation,
      target: outcome.schema.target.field,
      target_reason: outcome.schema.target.reason,
      task: outcome.schema.target.task,
      labels: outcome.schema.target.labels,
    },
  };
  return { artifact, result, outcome };
}

/** Outputs [n × outputs] of an artifact's network, float or int8, in plain TS. */
export function inferPlain(a: ModelArtifact, x: Float32Array, n: number): Float32Array {
  return a.weights.kind === 'f32' ? forwardF32(a.spec, a.weights.params, x, n) : forwardInt8(a.spec, a.weights.layers, x, n);
}

/** Accuracy (R² for regression) of an artifact on records, through the given inference. */
export function accuracyOn(a: ModelArtifact, records: unknown[], infer = inferPlain): { accuracy: number; n: number } {
  const enc = encodeRecords(a.schema, records);
  if (enc.n === 0) return { accuracy: Number.NaN, n: 0 };
  const out = infer(a, enc.x, enc.n);
  const k = a.spec.layers[a.spec.layers.length - 1].size;
  return { accuracy: a.schema.target.task === 'regression' ? r2(out, enc.y) : accuracyOf(predictedClasses(out, enc.n, k), enc.y), n: enc.n };
}

/** The validation records a model was measured on: the given validation data, or the same seeded split train() made. */
export function validationRecords(a: ModelArtifact, data: TrainData): unknown[] {
  if (data.validationData && data.validationData.length > 0) return data.validationData;
  const enc = encodeRecords(a.schema, data.trainingData);
  // train() split the encoded (usable) records, so map split indices back through the kept ones.
  const kept = data.trainingData.filter((_, i) => !enc.skipped.some((s) => s.index === i));
  const t = a.config.training;
  const split = splitIndices(enc.n, t.validation_split, t.seed, a.schema.target.task === 'classification' ? enc.y : undefined);
  return split.validation.map((i) => kept[i]);
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
  validation_records: number;
}

export function quantizeModel(a: ModelArtifact, validation?: unknown[], infer = inferPlain): { artifact: ModelArtifact; result: QuantizeResult } {
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
      accuracy_before: before?.accuracy ?? null, accuracy_after: after?.accuracy ?? null, validation_records: before?.n ?? 0,
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
  const out = (options.infer ?? inferPlain)(a, x, inputs.length);
  const k = a.spec.layers[a.spec.layers.length - 1].size;
  return inputs.map((input, i) => {
    const read = readOutput(a.schema, out.subarray(i * k, (i + 1) * k));
    const neighbours = options.neighbours ? options.neighbours(input, i) : nearestExamples(a, input, options.k ?? 9);
    return { ...read, ...explain(a.schema, input, read.prediction, neighbours) };
  });
}
