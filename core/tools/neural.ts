// neural_train, neural_predict and neural_predict_batch: real training on the kernel saved as a registry version, and predictions with reasoning from the model's most similar training examples.
import { MAX_EPOCHS, parseModelConfig, PATTERN_TYPES } from '../models/config';
import { defaultConfig, type Prediction } from '../models/lab';
import type { EpochMetrics } from '../training/train';
import { checkCancelled } from './call';
import { intOr, loadVersion, modelIdParam, modelRefOf, recordParam, trainDataOf, trainingDataParam, versionParam } from './common';
import type { ToolContext } from './context';
import { rehome, ToolCancelledError, ToolInputError } from './errors';
import { jsonRecord, jsonValue } from './schema';
import { defineTool } from './tool';

/** Neighbours each prediction is explained by (saflaLab's and the CLI's default). */
export const NEIGHBOURS = 9;
/** Records one neural_predict_batch call takes. */
export const MAX_BATCH_INPUTS = 10_000;

/** A per-epoch line for progress notifications; val_score is the validation accuracy, or R² for a numeric target (which one is known only once training has read the data). */
export function epochText(m: EpochMetrics, epochs: number): string {
  return `epoch ${m.epoch}/${epochs}: loss ${m.loss.toFixed(4)}, val_loss ${m.val_loss.toFixed(4)}, val_score ${m.val_accuracy.toFixed(3)}`;
}

/** Training errors re-homed: config paths under config, epochs as itself, everything about the records under training_data. */
function trainField(f: string | null, hasConfig: boolean): string {
  if (f === null || f.includes(' ')) return 'training_data';
  if (f === 'epochs') return 'epochs';
  if (f.startsWith('architecture') || f.startsWith('training.') || f === 'modelId' || f === 'type') return hasConfig ? `config.${f}` : 'pattern_type';
  if (f.startsWith('training_data')) return f;
  return `training_data.${f}`;
}

export const neuralTrain = defineTool<{ pattern_type?: string; training_data: unknown; epochs?: number; config?: unknown; description?: string }>({
  name: 'neural_train',
  title: 'Train a neural model',
  description:
    'Trains a small neural network on your records with the SIMD WebAssembly kernel and saves it as a new version in the model registry. ' +
    'Give pattern_type (a default two-layer network) or config (the reference\'s model JSON: architecture.layers, training {target, learning_rate, batch_size, optimizer, lr_schedule, early_stopping, validation_split, seed}). ' +
    'accuracy is the validation accuracy (R² for a numeric target, see metric) on records held out from training; training_time is measured seconds. ' +
    'Returns modelId and version for neural_predict. Long: reports each epoch as progress and stops when cancelled (nothing is saved then).',
  inputSchema: {
    type: 'object',
    properties: {
      pattern_type: { type: 'string', enum: PATTERN_TYPES, description: 'Which kind of model (names the model id and helps pick the target field); required unless config is given.' },
      training_data: trainingDataParam('The records to learn from'),
      epochs: { type: 'integer', minimum: 1, maximum: MAX_EPOCHS, default: 50, description: 'Passes over the training records (early stopping may end sooner). Default 50, or the config\'s training.epochs.' },
      config: { type: ['object', 'string'], description: 'A custom model config (the reference\'s JSON, or its text): {modelId, type, architecture: {layers: [{type: "input"}, {type: "hidden", size, activation}, {type: "output", activation}]}, training: {...}}.' },
      description: { type: 'string', maxLength: 300, description: 'Saved with the version.' },
    },
    required: ['training_data'],
    additionalProperties: false,
  },
  longRunning: true,
  async run(input, ctx, call) {
    const data = trainDataOf(input.training_data, 'training_data');
    const hasConfig = input.config !== undefined;
    const rawConfig = hasConfig ? jsonValue(input.config, 'config') : undefined;
    if (!hasConfig && input.pattern_type === undefined) throw new ToolInputError('pattern_type', 'is required when no config is given (coordination, optimization or prediction)');
    // Parsed here so its problems are named before anything runs; the compute side is handed the config as given (the pool parses it again in its worker).
    const config = hasConfig
      ? await rehome((f) => (f === null ? 'config' : `config.${f}`), () => parseModelConfig(rawConfig))
      : defaultConfig(input.pattern_type!, intOr(input.epochs, 50));
    const request = { ...(hasConfig ? { config: rawConfig } : {}), ...(input.pattern_type ? { pattern_type: input.pattern_type } : {}), training_data: data, ...(input.epochs !== undefined ? { epochs: input.epochs } : {}) };
    const epochs = input.epochs ?? config.training.epochs;
    const trained = await rehome((f) => trainField(f, hasConfig), () => ctx.compute.train(request, {
      signal: call.signal,
      onEpoch: (m) => call.onProgress?.({ progress: m.epoch, total: epochs, message: epochText(m, epochs) }),
    }));
    if (trained.result.status === 'cancelled') throw new ToolCancelledError(`training stopped after ${trained.history.length} of ${epochs} epochs; nothing was saved`);
    checkCancelled(call, 'training finished but the call was cancelled before saving');
    const saved = await ctx.saveModel({ file: trained.file, origin: 'trained', history: trained.history, ...(input.description ? { description: input.description } : {}) });
    return { ...trained.result, modelId: saved.info.modelId, version: saved.info.version, kernel: trained.kernel };
  },
});

/** Predictions for records from a version, each explained by its nearest training examples (the engine's vector index). */
export async function predictWith(ctx: ToolContext, modelId: string, version: string | undefined, inputs: Record<string, unknown>[], batchSize = inputs.length): Promise<{ predictions: Prediction[]; modelId: string; version: string; path: string }> {
  const ref = modelRefOf(modelId, version);
  const { info, file } = await loadVersion(ctx, ref);
  const predictions: Prediction[] = [];
  let path = '';
  for (let at = 0; at < inputs.length; at += batchSize) {
    const chunk = inputs.slice(at, at + batchSize);
    const neighbours = await ctx.engine.call('model_neighbours', { modelId: info.modelId, version: info.version, inputs: chunk, k: NEIGHBOURS });
    const res = await rehome((f) => (f === null ? 'input' : f), () => ctx.compute.predict(`${info.modelId}@${info.version}`, file, chunk, neighbours));
    predictions.push(...res.predictions);
    path = res.path;
  }
  return { predictions, modelId: info.modelId, version: info.version, path };
}

export const neuralPredict = defineTool<{ modelId: string; input: unknown; version?: string }>({
  name: 'neural_predict',
  title: 'Predict with a model',
  description:
    'Runs a saved model on one record: prediction, confidence (the model\'s probability for it; null for a numeric target), every class\'s probability, ' +
    'reasoning from the 9 most similar training examples ("7 of 9 similar records were \'balanced\'") and recommendations drawn from them. ' +
    'input_warnings lists fields the record lacks, fields the model does not read and values it cannot use.',
  inputSchema: {
    type: 'object',
    properties: { modelId: modelIdParam('The model'), input: recordParam('The record to predict for'), version: versionParam },
    required: ['modelId', 'input'],
    additionalProperties: false,
  },
  readOnly: true,
  async run(input, ctx) {
    const record = jsonRecord(input.input, 'input');
    const { predictions, modelId, version } = await predictWith(ctx, input.modelId, input.version, [record]);
    return { ...predictions[0], modelId, version };
  },
});

export const neuralPredictBatch = defineTool<{ modelId: string; inputs: unknown; batch_size?: number; version?: string }>({
  name: 'neural_predict_batch',
  title: 'Predict for many records',
  description:
    `Runs a saved model on many records at once (up to ${MAX_BATCH_INPUTS.toLocaleString('en-US')}), in batches of batch_size: one prediction per record, in order, each with confidence, probabilities, reasoning and input_warnings as neural_predict gives them.`,
  inputSchema: {
    type: 'object',
    properties: {
      modelId: modelIdParam('The model'),
      inputs: { type: ['array', 'string'], description: 'The records: an array of JSON objects, or its JSON text.' },
      batch_size: { type: 'integer', minimum: 1, maximum: MAX_BATCH_INPUTS, default: 32, description: 'Records per inference call (default 32).' },
      version: versionParam,
    },
    required: ['modelId', 'inputs'],
    additionalProperties: false,
  },
  readOnly: true,
  async run(input, ctx) {
    const list = jsonValue(input.inputs, 'inputs');
    if (!Array.isArray(list)) throw new ToolInputError('inputs', 'must be an array of records');
    if (list.length === 0) throw new ToolInputError('inputs', 'is empty: give at least one record');
    if (list.length > MAX_BATCH_INPUTS) throw new ToolInputError('inputs', `holds ${list.length} records; at most ${MAX_BATCH_INPUTS} per call`);
    const records = list.map((r, i) => jsonRecord(r, `inputs[${i}]`));
    const batch = intOr(input.batch_size, 32);
    const res = await predictWith(ctx, input.modelId, input.version, records, batch);
    return { success: true, modelId: res.modelId, version: res.version, count: res.predictions.length, batch_size: batch, batches: Math.ceil(records.length / batch), path: res.path, predictions: res.predictions };
  },
});
