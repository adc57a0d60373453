// Transfer learning: a saved float model fine-tuned on new records with chosen layers frozen, keeping its featurizer (new data must fit the model's feature schema, or it is refused naming the field), measured before and after on the new data's validation rows.
import type { ModelArtifact } from '../format/clf';
import type { KernelPort } from '../nn/port';
import { splitRecords } from '../training/prepare';
import { checkFrozen, fineTune, type FineTuneOutcome } from '../training/fine-tune';
import { TrainingError, type TrainData, type TrainHooks } from '../training/train';
import { encodeRecords, flatten, isMissing, labelOf, numberOf, type Unseen } from './featurizer';
import { improvementRate, LabInputError, metricOf, type ImprovementRate, type ScoreMetric } from './lab';
import { runMetrics, sampleExamples } from './model-ops';

export interface TransferOptions {
  /** Dense layers kept as they are (architecture.layers numbering, 1 … L); default: every layer but the output. */
  freeze_layers?: number[];
  epochs: number;
  /** Default: the source's learning_rate. */
  learning_rate?: number;
  /** A name for the new data, recorded with the version (the reference's targetDomain). */
  targetDomain?: string;
  /** "modelId@version" of the source, for the result and the version's description. */
  source: string;
}

/** transfer_learn's result in the reference's shape, every figure measured on the new data's validation rows. */
export interface TransferResult {
  success: true;
  sourceModel: string;
  targetDomain: string | null;
  transfer_results: {
    /** The source weights on the validation rows, before fine-tuning. */
    accuracy_before: number;
    /** The kept weights on the same rows. */
    accuracy_after: number;
    metric: ScoreMetric;
    validation_records: number;
    validation_source: 'validationData' | 'split';
    train_records: number;
    skipped_records: number;
    frozen_layers: number[];
    trained_layers: number[];
    frozen_parameters: number;
    trained_parameters: number;
    epochs_run: number;
    kept_epoch: number;
    improvement_rate: ImprovementRate;
    /** Values of the new data the model's featurizer had not seen (encoded as missing), counted. */
    unseen: Unseen;
    /** Fields of the new records the model does not read. */
    ignored_fields: string[];
  };
  /** Filled in once the fine-tuned weights are saved: modelId@version. */
  new_model_id: string | null;
  performance_metrics: { accuracy: number; metric: ScoreMetric; training_time: number; kernel: string };
  status: 'completed' | 'cancelled';
  timestamp: string;
}

type Rec = Record<string, unknown>;

/**
 * Refuses new data that the model cannot be fine-tuned on, naming the field: a field the model reads that no record
 * holds, a numeric field holding no numbers, a missing target, a class the model has no output for. Returns the
 * fields the records hold that the model does not read.
 */
export function checkTransferData(a: ModelArtifact, records: unknown[], field: string): string[] {
  if (!Array.isArray(records) || records.length === 0) throw new LabInputError(field, 'must hold at least one record');
  const flat = records.map((r, i) => {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new LabInputError(`${field}[${i}]`, 'must be an object (a record)');
    return flatten(r as Rec);
  });
  const { schema } = a;
  const id = a.config.modelId;
  const target = schema.target;
  const targets = flat.map((r) => r[target.field]).filter((v) => !isMissing(v));
  if (targets.length === 0) throw new LabInputError(field, `has no record with '${target.field}', the field ${id} predicts`);
  if (target.task === 'classification') {
    const unknown = [...new Set(targets.map(labelOf))].filter((l) => !target.labels.includes(l));
    if (unknown.length > 0) throw new LabInputError(`${field}.${target.field}`, `holds ${unknown.slice(0, 3).map((l) => JSON.stringify(l)).join(', ')}${unknown.length > 3 ? ` and ${unknown.length - 3} more` : ''}, not among ${id}'s classes (${target.labels.join(', ')}): fine-tuning keeps the model's outputs`);
  } else if (!targets.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new LabInputError(`${field}.${target.field}`, `must be a number in every record that has it: ${id} is a regression model`);
  }
  for (const c of schema.features) {
    const present = flat.map((r) => r[c.field]).filter((v) => !isMissing(v));
    if (present.length === 0) throw new LabInputError(`${field}.${c.field}`, `is in none of the records, but ${id} reads it (its fields: ${schema.features.map((f) => f.field).join(', ')})`);
    if (c.kind === 'numeric' && present.every((v) => numberOf(v) === undefined)) throw new LabInputError(`${field}.${c.field}`, `holds no numbers, but ${id} reads it as a number`);
  }
  const read = new Set([...schema.features.map((c) => c.field), target.field]);
  const ignored = new Set<string>();
  for (const r of flat) for (const k of Object.keys(r)) if (!read.has(k)) ignored.add(k);
  return [...ignored];
}

/** Fine-tunes a float model on new data; the artifact keeps the source's config, network and featurizer, with new weights, metrics and examples. */
export async function transferModel(port: KernelPort, source: ModelArtifact, data: TrainData, options: TransferOptions, hooks: TrainHooks & { wallClock: () => number }): Promise<{ artifact: ModelArtifact; result: TransferResult; outcome: FineTuneOutcome }> {
  if (source.weights.kind !== 'f32') throw new LabInputError('sourceModel', `${options.source} is int8 (quantized): fine-tune the float version it was made from`);
  const { spec, schema } = source;
  const dense = spec.layers.length - 1;
  const frozen = checkFrozen(options.freeze_layers ?? Array.from({ length: dense - 1 }, (_, i) => i + 1), dense, 'freeze_layers');
  const ignored = checkTransferData(source, data.trainingData, 'training_data.trainingData');
  if (data.validationData && data.validationData.length > 0) checkTransferData(source, data.validationData, 'training_data.validationData');
  const t = source.config.training;
  let trainRecords: unknown[];
  let valRecords: unknown[];
  let setAside = 0;
  const fromSplit = !(data.validationData && data.validationData.length > 0);
  if (fromSplit) {
    const split = splitRecords(data.trainingData, schema.target.field, schema.target.task, t.validation_split, t.seed);
    trainRecords = split.train;
    valRecords = split.validation;
    setAside = split.skipped.length;
  } else {
    trainRecords = data.trainingData;
    valRecords = data.validationData!;
  }
  const train = encodeRecords(schema, trainRecords, 'training_data.trainingData');
  const validation = encodeRecords(schema, valRecords, fromSplit ? 'training_data.trainingData' : 'training_data.validationData');
  if (validation.n === 0) throw new TrainingError('training_data', `leaves no validation record to measure on (${trainRecords.length} for training): give more records or validationData`);
  const startedAt = hooks.wallClock();
  const outcome = await fineTune(port, spec, source.weights.params, train, validation, {
    frozen, epochs: options.epochs, learningRate: options.learning_rate ?? t.learning_rate, batchSize: t.batch_size, seed: t.seed, earlyStopping: t.early_stopping,
  }, hooks);
  const metric = metricOf(schema.target.task);
  const paramsOf = (layers: number[]) => layers.reduce((s, l) => s + spec.layers[l - 1].size * spec.layers[l].size + spec.layers[l].size, 0);
  const trained = Array.from({ length: dense }, (_, i) => i + 1).filter((l) => !frozen.includes(l));
  const counts = { train: train.n, validation: validation.n, skippedTrain: setAside + train.skipped.length, skippedValidation: validation.skipped.length };
  const artifact: ModelArtifact = {
    config: source.config,
    spec,
    schema,
    weights: { kind: 'f32', params: outcome.params },
    metrics: {
      ...runMetrics(outcome, metric, port.name, counts, fromSplit ? 'split' : 'validationData', startedAt),
      transfer: { from: options.source, target_domain: options.targetDomain ?? null, frozen_layers: frozen, accuracy_before: outcome.before.accuracy },
    },
    examples: sampleExamples(schema, trainRecords, t.seed),
  };
  const result: TransferResult = {
    success: true,
    sourceModel: options.source,
    targetDomain: options.targetDomain ?? null,
    transfer_results: {
      accuracy_before: outcome.before.accuracy,
      accuracy_after: outcome.validation.accuracy,
      metric,
      validation_records: validation.n,
      validation_source: fromSplit ? 'split' : 'validationData',
      train_records: train.n,
      skipped_records: counts.skippedTrain + counts.skippedValidation,
      frozen_layers: frozen,
      trained_layers: trained,
      frozen_parameters: paramsOf(frozen),
      trained_parameters: paramsOf(trained),
      epochs_run: outcome.history.length,
      kept_epoch: outcome.keptEpoch,
      improvement_rate: improvementRate(outcome.history, outcome.stopped),
      unseen: { labels: train.unseen.labels + validation.unseen.labels, categories: mergeCounts(train.unseen.categories, validation.unseen.categories), non_numeric: mergeCounts(train.unseen.non_numeric, validation.unseen.non_numeric) },
      ignored_fields: ignored,
    },
    new_model_id: null,
    performance_metrics: { accuracy: outcome.validation.accuracy, metric, training_time: outcome.trainingTimeMs / 1000, kernel: port.name },
    status: outcome.stopped === 'cancelled' ? 'cancelled' : 'completed',
    timestamp: new Date(startedAt).toISOString(),
  };
  return { artifact, result, outcome };
}

function mergeCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out = Object.create(null) as Record<string, number>;
  for (const src of [a, b]) for (const [k, v] of Object.entries(src)) out[k] = (out[k] ?? 0) + v;
  return out;
}
