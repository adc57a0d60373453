// neural_status: what this host holds and runs, all read from it: models with their versions and measured accuracies, running jobs, the kernel build, memory figures.
import { modelIdParam, modelRefOf } from './common';
import { ToolInputError } from './errors';
import { defineTool } from './tool';

export const neuralStatus = defineTool<{ modelId?: string }>({
  name: 'neural_status',
  title: 'Models, jobs, kernel and memory',
  description:
    'Reports what is here now: every saved model (latest version, number of versions, accuracy with where it was measured, size, last use), saved ensembles, ' +
    'training and pipeline calls running in this server, the kernel build training runs on (SIMD or not), memory rows per tier and the storage and process memory figures. ' +
    'With modelId: that model\'s versions and the per-epoch history of its latest (or named) version.',
  inputSchema: {
    type: 'object',
    properties: { modelId: modelIdParam('One model to describe in detail (optional)') },
    additionalProperties: false,
  },
  readOnly: true,
  async run(input, ctx) {
    const [models, ensembles, memory, kernel, figures] = await Promise.all([
      ctx.engine.call('model_list'),
      ctx.engine.call('ensemble_list'),
      ctx.engine.call('memory_stats'),
      ctx.system.kernel(),
      ctx.system.figures(),
    ]);
    let model: object | undefined;
    if (input.modelId !== undefined) {
      const ref = modelRefOf(input.modelId, undefined);
      const versions = await ctx.engine.call('model_versions', ref.modelId);
      if (versions.length === 0) throw new ToolInputError('modelId', `no model ${ref.modelId}: model_list lists the saved models`);
      const version = ref.version ?? versions[0].version;
      if (!versions.some((v) => v.version === version)) throw new ToolInputError('modelId', `${ref.modelId} has no version ${version} (it has ${versions.map((v) => v.version).join(', ')})`);
      const [describe, history] = await Promise.all([
        ctx.engine.call('model_describe', { modelId: ref.modelId, version }),
        ctx.engine.call('model_history', { modelId: ref.modelId, version }),
      ]);
      const last = history[history.length - 1] ?? null;
      model = {
        modelId: ref.modelId, version, task: describe.task, target: describe.target, labels: describe.labels, layers: describe.layers, fields: describe.fields,
        versions, history: { epochs: history.length, last, per_epoch: history },
      };
    }
    return {
      success: true,
      host: ctx.host.kind,
      state: ctx.host.state,
      kernel,
      models: {
        count: models.length,
        versions: models.reduce((s, m) => s + m.versions, 0),
        bytes: models.reduce((s, m) => s + m.size, 0),
        list: models.map((m) => ({
          modelId: m.modelId, version: m.version, versions: m.versions, accuracy: m.accuracy,
          accuracy_source: m.provenance?.source ?? null, metric: m.provenance?.metric ?? null, measured_on: m.provenance?.measured_on ?? null,
          type: m.type, size: m.size, updated_at: m.updated_at, last_used_at: m.last_used_at,
        })),
      },
      ...(model ? { model } : {}),
      ensembles: ensembles.map((e) => ({ name: e.name, members: e.members.map((m) => `${m.modelId}@${m.version}`) })),
      running_jobs: ctx.jobs.list(),
      memory: {
        entries: memory.entries.rows,
        namespaces: memory.entries.namespaces,
        tiers: Object.fromEntries(memory.tiers.map((t) => [t.tier, { rows: t.rows, bytes: t.bytes }])),
        database_bytes: memory.databaseBytes,
        storage: figures.storage,
        process: figures.process,
      },
      timestamp: new Date(ctx.wallClock()).toISOString(),
    };
  },
});
