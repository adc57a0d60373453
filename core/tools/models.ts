// model_save, model_load, model_list and model_delete: the model registry (versions never reused, accuracies kept with where they were measured) and .clf files on disk.
import { decodeClf } from '../format/clf';
import { paramCount } from '../nn/spec';
import { reportedAccuracy } from '../models/provenance';
import { loadVersion, MODEL_ID_PATTERN, modelIdParam, modelRefOf, versionParam } from './common';
import type { ToolContext, ToolFiles } from './context';
import { ToolInputError } from './errors';
import { defineTool } from './tool';

function filesOf(ctx: ToolContext, field: string): ToolFiles {
  if (!ctx.files) throw new ToolInputError(field, `cannot be used here: this host (${ctx.host.kind}) has no file system; export and import model files from the Models page`);
  return ctx.files;
}

export const modelSave = defineTool<{ modelId: string; path: string; version?: string; overwrite?: boolean }>({
  name: 'model_save',
  title: 'Save a model file',
  description:
    'Writes a saved model version (the latest unless named) to a .clf file at path: a safetensors file holding the weights, the config, the featurizer, the labels, a sample of training examples and a checksum, ' +
    'which model_load (or `safla neural import`, or the app\'s Models page) loads back. Missing folders are created. ' +
    'Needs a host with files (safla mcp): in the browser (WebMCP) path is refused, and the Models page exports the file instead.',
  inputSchema: {
    type: 'object',
    properties: {
      modelId: modelIdParam('The model to write'),
      path: { type: 'string', minLength: 1, maxLength: 4096, description: 'Where to write the file (relative paths start from the server\'s working folder); ".clf" is added when it has another ending.' },
      version: versionParam,
      overwrite: { type: 'boolean', default: false, description: 'Replace a file that is already at path (refused otherwise).' },
    },
    required: ['modelId', 'path'],
    additionalProperties: false,
  },
  destructive: true,
  deletes: (input) => input.overwrite === true,
  async run(input, ctx) {
    const files = filesOf(ctx, 'path');
    const { info, file } = await loadVersion(ctx, modelRefOf(input.modelId, input.version));
    const target = input.path.toLowerCase().endsWith('.clf') ? input.path : `${input.path}.clf`;
    const written = await files.write(target, file, input.overwrite === true);
    return { success: true, modelId: info.modelId, version: info.version, savePath: written, modelSize: file.length, saved: true, accuracy: info.accuracy, timestamp: new Date(ctx.wallClock()).toISOString() };
  },
});

export const modelLoad = defineTool<{ modelPath?: string; modelId?: string; version?: string; name?: string }>({
  name: 'model_load',
  title: 'Load a model',
  description:
    'With modelPath: reads a .clf model file, validates all of it (header, shapes, finite weights, checksum) before anything is stored, and saves it in the registry as the next version of its id (or of name). ' +
    'Figures inside a file are its own claims: its accuracy stays unmeasured (accuracy null, reported_accuracy the file\'s figure) until measured here. ' +
    'With modelId: loads that saved version and describes it (layers, parameters, fields, labels, accuracy and where it was measured). ' +
    'modelPath needs a host with files (safla mcp): in the browser (WebMCP) give modelId, and import files on the Models page.',
  inputSchema: {
    type: 'object',
    properties: {
      modelPath: { type: 'string', minLength: 1, maxLength: 4096, description: 'A .clf file to import.' },
      modelId: modelIdParam('A saved model to load instead of a file'),
      version: versionParam,
      name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$', description: 'With modelPath: save under this id instead of the one in the file.' },
    },
    additionalProperties: false,
  },
  async run(input, ctx) {
    if ((input.modelPath === undefined) === (input.modelId === undefined)) throw new ToolInputError('modelPath', 'or modelId: give exactly one (a file to import, or a saved model to load)');
    if (input.modelPath !== undefined) {
      if (input.version !== undefined) throw new ToolInputError('version', 'goes with modelId; an imported file becomes the next version of its id');
      const bytes = await filesOf(ctx, 'modelPath').readModel(input.modelPath);
      const a = decodeClf(bytes);
      const base = input.modelPath.split(/[/\\]/).pop()!;
      const saved = await ctx.engine.call('model_save', { file: bytes, origin: 'imported', description: `loaded from ${base}`, ...(input.name ? { modelId: input.name } : {}) });
      return {
        success: true, modelPath: input.modelPath, modelId: saved.info.modelId, version: saved.info.version, modelType: a.config.type, task: saved.task,
        parameters: paramCount(a.spec), layers: saved.layers, fields: saved.fields, labels: saved.labels, quantized: a.weights.kind === 'int8',
        accuracy: saved.info.accuracy, accuracy_source: saved.info.provenance?.source ?? 'reported_by_file', reported_accuracy: reportedAccuracy(a),
        loaded: true, timestamp: new Date(ctx.wallClock()).toISOString(),
      };
    }
    if (input.name !== undefined) throw new ToolInputError('name', 'goes with modelPath (the id an imported file is saved under)');
    const { info, artifact: a } = await loadVersion(ctx, modelRefOf(input.modelId!, input.version));
    return {
      success: true, modelId: info.modelId, version: info.version, modelType: a.config.type, task: a.schema.target.task, target: a.schema.target.field,
      parameters: paramCount(a.spec), layers: a.spec.layers.map((l) => ({ size: l.size, activation: l.activation })), fields: a.schema.features.map((f) => ({ field: f.field, kind: f.kind })),
      labels: a.schema.target.labels, quantized: a.weights.kind === 'int8', examples: a.examples.length,
      accuracy: info.accuracy, accuracy_source: info.provenance?.source ?? null, measured_on: info.provenance?.measured_on ?? null, reported_accuracy: reportedAccuracy(a),
      size: info.size, description: info.description, loaded: true, timestamp: new Date(ctx.wallClock()).toISOString(),
    };
  },
});

export const modelList = defineTool<{ modelId?: string }>({
  name: 'model_list',
  title: 'List models or versions',
  description:
    'Lists the saved models (newest first: latest version, versions, accuracy with where it was measured, size, last use), or with modelId every version of one model (date, accuracy, size, description, int8 or not).',
  inputSchema: {
    type: 'object',
    properties: { modelId: { type: 'string', pattern: MODEL_ID_PATTERN.replace('(@\\d+\\.\\d+\\.\\d+)?', ''), description: 'List this model\'s versions instead.' } },
    additionalProperties: false,
  },
  readOnly: true,
  async run(input, ctx) {
    if (input.modelId !== undefined) {
      const versions = await ctx.engine.call('model_versions', input.modelId);
      if (versions.length === 0) throw new ToolInputError('modelId', `no model ${input.modelId}: model_list without modelId lists them`);
      return { success: true, modelId: input.modelId, versions, count: versions.length };
    }
    const models = await ctx.engine.call('model_list');
    return {
      success: true,
      models: models.map((m) => ({ ...m, accuracy_source: m.provenance?.source ?? null, measured_on: m.provenance?.measured_on ?? null })),
      count: models.length,
    };
  },
});

export const modelDelete = defineTool<{ modelId: string; version?: string }>({
  name: 'model_delete',
  title: 'Delete a model or a version',
  description:
    'Deletes one version of a saved model (modelId "id@1.2.0", or version) with its training history, or the whole model with every version when none is named. ' +
    'Deleted version numbers are never handed out again. Destructive: where the host can, the user is asked first.',
  inputSchema: {
    type: 'object',
    properties: { modelId: modelIdParam('The model'), version: versionParam },
    required: ['modelId'],
    additionalProperties: false,
  },
  destructive: true,
  async run(input, ctx) {
    const ref = modelRefOf(input.modelId, input.version);
    const versions = await ctx.engine.call('model_versions', ref.modelId);
    if (versions.length === 0) throw new ToolInputError('modelId', `no model ${ref.modelId}: model_list lists the saved models`);
    if (ref.version !== undefined && !versions.some((v) => v.version === ref.version)) {
      throw new ToolInputError(input.version !== undefined ? 'version' : 'modelId', `${ref.modelId} has no version ${ref.version} (it has ${versions.map((v) => v.version).join(', ')})`);
    }
    const removed = await ctx.engine.call('model_delete', ref.version === undefined ? { modelId: ref.modelId } : { modelId: ref.modelId, version: ref.version });
    return { success: true, modelId: ref.modelId, version: ref.version ?? null, deletedVersions: removed.deletedVersions, modelDeleted: removed.modelDeleted, timestamp: new Date(ctx.wallClock()).toISOString() };
  },
});
