// transfer_learn: fine-tunes a saved float model on new records with chosen layers frozen and saves the result as the model's next version, accuracy measured before and after on the new data's validation records.
import { MAX_EPOCHS } from '../models/config';
import { checkCancelled } from './call';
import { intOr, loadVersion, modelIdParam, modelRefOf, trainDataOf, trainingDataParam, versionParam } from './common';
import { rehome, ToolCancelledError } from './errors';
import { epochText } from './neural';
import { defineTool } from './tool';

/** Core's fields for the fine-tune (freeze_layers[0], learning_rate, training_data.trainingData.x) are the tool's own; the rest is about the data. */
function transferField(f: string | null): string {
  if (f === null || f.includes(' ')) return 'training_data';
  if (f === 'sourceModel' || f === 'epochs' || f === 'learning_rate' || f.startsWith('freeze_layers') || f.startsWith('training_data')) return f;
  return `training_data.${f}`;
}

export const transferLearn = defineTool<{ sourceModel: string; training_data: unknown; targetDomain?: string; freeze_layers?: number[]; epochs?: number; learning_rate?: number; version?: string }>({
  name: 'transfer_learn',
  title: 'Fine-tune a model on new data',
  description:
    'Fine-tunes a saved float model on new records that fit its feature schema (the same fields; a field it reads that no record has, a class it has no output for, or a missing target is refused naming the field), ' +
    'keeping the layers in freeze_layers as they are (default: every layer but the output), and saves the result as the model\'s next version. ' +
    'accuracy_before is the source weights on the new data\'s validation records, accuracy_after the fine-tuned weights on the same records. Long: reports each epoch and stops when cancelled (nothing is saved then).',
  inputSchema: {
    type: 'object',
    properties: {
      sourceModel: modelIdParam('The model to start from'),
      training_data: trainingDataParam('The new records'),
      targetDomain: { type: 'string', maxLength: 200, description: 'A name for the new data, recorded with the new version (the reference\'s parameter).' },
      freeze_layers: { type: 'array', items: { type: 'integer', minimum: 1 }, maxItems: 64, description: 'Layers to keep, numbered as architecture.layers (1 is the first after the input, the last is the output); default: all but the output. [] trains every layer.' },
      epochs: { type: 'integer', minimum: 1, maximum: MAX_EPOCHS, default: 30, description: 'Passes over the new training records (default 30; the source\'s early stopping, if any, applies).' },
      learning_rate: { type: 'number', exclusiveMinimum: 0, maximum: 10, description: 'Constant learning rate; default the source\'s.' },
      version: versionParam,
    },
    required: ['sourceModel', 'training_data'],
    additionalProperties: false,
  },
  longRunning: true,
  async run(input, ctx, call) {
    const data = trainDataOf(input.training_data, 'training_data');
    const { info, file } = await loadVersion(ctx, modelRefOf(input.sourceModel, input.version, 'sourceModel'), 'sourceModel');
    const source = `${info.modelId}@${info.version}`;
    const epochs = intOr(input.epochs, 30);
    const tuned = await rehome(transferField, () => ctx.compute.fineTune({
      file, data,
      options: { source, epochs, ...(input.freeze_layers ? { freeze_layers: input.freeze_layers } : {}), ...(input.learning_rate !== undefined ? { learning_rate: input.learning_rate } : {}), ...(input.targetDomain ? { targetDomain: input.targetDomain } : {}) },
    }, {
      signal: call.signal,
      onEpoch: (m) => call.onProgress?.({ progress: m.epoch, total: epochs, message: epochText(m, epochs) }),
    }));
    if (tuned.result.status === 'cancelled') throw new ToolCancelledError(`fine-tuning stopped after ${tuned.history.length} of ${epochs} epochs; nothing was saved`);
    checkCancelled(call, 'fine-tuned but cancelled before saving');
    const frozen = tuned.result.transfer_results.frozen_layers;
    const saved = await ctx.saveModel({
      file: tuned.file, origin: 'trained', modelId: info.modelId, history: tuned.history,
      description: `fine-tuned from ${source}${input.targetDomain ? ` on ${input.targetDomain}` : ''}; frozen layers ${frozen.length === 0 ? 'none' : frozen.join(', ')}`.slice(0, 300),
    });
    return { ...tuned.result, new_model_id: `${saved.info.modelId}@${saved.info.version}`, modelId: saved.info.modelId, version: saved.info.version };
  },
});
