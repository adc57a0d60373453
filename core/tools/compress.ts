// neural_compress: an int8 copy of a saved float model as its next version, sizes measured, accuracy before and after measured on the validation records when the training data is given (and said to be unmeasured when it is not).
import { validationRecords } from '../models/model-ops';
import { checkCancelled } from './call';
import { loadVersion, modelIdParam, modelRefOf, trainDataOf, trainingDataParam, versionParam } from './common';
import { rehome, ToolInputError } from './errors';
import { defineTool } from './tool';

export const neuralCompress = defineTool<{ modelId: string; ratio?: number; training_data?: unknown; version?: string }>({
  name: 'neural_compress',
  title: 'Compress a model to int8',
  description:
    'Quantizes a saved float model\'s weights to int8 per output channel (about a quarter of the float32 bytes) and saves the copy as the model\'s next version. ' +
    'Give training_data (the data it was trained on) to measure accuracy before and after on the same validation records training held out; without it the result says accuracy was not measured. ' +
    'ratio, when given, is the largest size (int8 bytes / float32 bytes) you accept: int8 is the only method, and a ratio it cannot reach is refused before anything is saved.',
  inputSchema: {
    type: 'object',
    properties: {
      modelId: modelIdParam('The float model to compress'),
      ratio: { type: 'number', exclusiveMinimum: 0, maximum: 1, description: 'The largest compressed/original size of the weights you accept (int8 gives about 0.25 to 0.3, more for narrow layers).' },
      training_data: trainingDataParam('The data the model was trained on, to measure accuracy before and after (optional)'),
      version: versionParam,
    },
    required: ['modelId'],
    additionalProperties: false,
  },
  async run(input, ctx, call) {
    const data = input.training_data === undefined ? undefined : trainDataOf(input.training_data, 'training_data');
    const { info, file, artifact } = await loadVersion(ctx, modelRefOf(input.modelId, input.version));
    if (artifact.weights.kind !== 'f32') throw new ToolInputError('modelId', `${info.modelId}@${info.version} is already int8`);
    const validation = data === undefined ? undefined : await rehome((f) => (f === null || f.includes(' ') ? 'training_data' : `training_data.${f}`), () => validationRecords(artifact, data));
    const q = await rehome((f) => (f === null || f.includes(' ') ? 'training_data' : `training_data.${f}`), () => ctx.compute.quantize(file, validation));
    const ratio = q.result.size_after / q.result.size_before;
    if (input.ratio !== undefined && ratio > input.ratio) {
      throw new ToolInputError('ratio', `is ${input.ratio}, but int8 makes ${info.modelId}'s weights ${ratio.toFixed(3)} of their float32 size (${q.result.size_after} of ${q.result.size_before} bytes); nothing was saved`);
    }
    checkCancelled(call, 'quantized but cancelled before saving');
    const saved = await ctx.saveModel({ file: q.file, origin: 'quantized', modelId: info.modelId, description: `int8 of ${info.modelId}@${info.version}` });
    const measured = q.result.accuracy_before !== null;
    return {
      success: true,
      modelId: info.modelId,
      source_version: info.version,
      version: saved.info.version,
      compression_ratio: ratio,
      compressed_model: {
        original_size: q.result.size_before,
        compressed_size: q.result.size_after,
        size_reduction: q.result.reduction,
        file_bytes: q.file.length,
        accuracy_before: q.result.accuracy_before,
        accuracy_after: q.result.accuracy_after,
        accuracy_retention: measured && q.result.accuracy_before! > 0 ? q.result.accuracy_after! / q.result.accuracy_before! : null,
        metric: q.result.metric,
        validation_records: q.result.validation_records,
        accuracy: measured ? `measured on ${q.result.validation_records} validation records` : 'not measured: give training_data (the data the model was trained on) to measure accuracy before and after',
      },
      optimization_details: { method: 'int8 per output channel (weights), float32 scales and biases', bits: 8, quantization_applied: true },
      timestamp: new Date(ctx.wallClock()).toISOString(),
    };
  },
});
