// ensemble_create: a named ensemble of saved versions, each weighed by an accuracy measured here (on the data given, or recorded at training here; never a figure an imported file claims), persisted and ready to predict.
import { ENSEMBLE_NAME, ensembleAccuracy, ensemblePredictions, sharedValidation, weighMember, type LoadedMember } from '../models/ensembles';
import { checkCancelled } from './call';
import { loadVersion, MODEL_ID_PATTERN, modelRefOf, trainDataOf, trainingDataParam } from './common';
import { rehome, ToolInputError } from './errors';
import { jsonRecord, jsonValue } from './schema';
import { defineTool } from './tool';

export const MAX_MEMBERS = 16;

export const ensembleCreate = defineTool<{ models: string[]; strategy?: string; name?: string; training_data?: unknown; input?: unknown }>({
  name: 'ensemble_create',
  title: 'Create a weighted ensemble',
  description:
    'Combines saved classifiers that predict the same classes into a named ensemble, kept in the registry\'s database: their class probabilities are averaged, each weighted by its measured accuracy. ' +
    'With training_data each member is measured on its own validation records of that data, and the ensemble on the records every member held out (combined_accuracy); ' +
    'without it each member\'s accuracy measured at training here is used, and a member with none measured (an imported file) is refused. Give input to predict with it at once.',
  inputSchema: {
    type: 'object',
    properties: {
      models: { type: 'array', minItems: 2, maxItems: MAX_MEMBERS, items: { type: 'string', pattern: MODEL_ID_PATTERN }, description: 'The members: registry ids, "id@1.2.0" for a version (latest otherwise).' },
      strategy: { type: 'string', enum: ['weighted_voting'], default: 'weighted_voting', description: 'How members are combined: class probabilities averaged with accuracy weights (the only strategy).' },
      name: { type: 'string', pattern: ENSEMBLE_NAME.source, description: 'Saved under this name (replacing one of the same name); default: the members joined with "+".' },
      training_data: trainingDataParam('Data to measure the members and the ensemble on (optional)'),
      input: { type: ['object', 'array', 'string'], description: 'A record, or an array of records (or its JSON text), to predict with the ensemble.' },
    },
    required: ['models'],
    additionalProperties: false,
  },
  async run(input, ctx, call) {
    const data = input.training_data === undefined ? undefined : trainDataOf(input.training_data, 'training_data');
    let inputs: Record<string, unknown>[] | undefined;
    if (input.input !== undefined) {
      const v = jsonValue(input.input, 'input');
      inputs = Array.isArray(v) ? v.map((r, i) => jsonRecord(r, `input[${i}]`)) : [jsonRecord(v, 'input')];
    }
    const members: LoadedMember[] = [];
    for (const [i, ref] of input.models.entries()) {
      const { info, artifact } = await loadVersion(ctx, modelRefOf(ref, undefined, `models[${i}]`), `models[${i}]`);
      const weighed = await rehome((f) => f ?? `models[${i}]`, () => weighMember(artifact, info, data, { member: `models[${i}]`, data: 'training_data', dataLabel: 'the given training_data' }));
      members.push({ info: weighed, artifact });
    }
    const seen = new Set<string>();
    members.forEach((m, i) => {
      const id = `${m.info.modelId}@${m.info.version}`;
      if (seen.has(id)) throw new ToolInputError(`models[${i}]`, `${id} is already a member`);
      seen.add(id);
    });
    // The checks a prediction makes (same task, same labels) on an empty record, before anything is saved.
    await rehome((f) => f ?? 'models', () => ensemblePredictions(members, [{}]));
    const predictions = inputs ? await rehome((f) => f ?? 'input', () => ensemblePredictions(members, inputs)) : undefined;
    const combined = data ? ensembleAccuracy(members, sharedValidation(members, data)) : null;
    checkCancelled(call, 'the ensemble was measured but not saved');
    const saved = await ctx.engine.call('ensemble_save', {
      name: input.name ?? members.map((m) => `${m.info.modelId}@${m.info.version}`).join('+').slice(0, 256),
      members: members.map((m) => m.info),
      labels: members[0].artifact.schema.target.labels,
      created_at: Math.floor(ctx.wallClock()),
    });
    const total = members.reduce((s, m) => s + m.info.weight, 0);
    return {
      success: true,
      ensemble_id: saved.name,
      models: saved.members.map((m) => `${m.modelId}@${m.version}`),
      strategy: 'weighted_voting',
      members: saved.members,
      model_weights: members.map((m) => m.info.weight / total),
      ensemble_metrics: {
        total_models: members.length,
        labels: saved.labels,
        combined_accuracy: combined?.accuracy ?? null,
        combined_accuracy_records: combined?.n ?? 0,
        combined_accuracy_note: combined ? `measured on ${combined.n} records no member trained on` : data ? 'not measured: no record of the data was held out by every member' : 'not measured: give training_data to measure the ensemble',
      },
      ...(predictions ? { predictions } : {}),
      persisted: true,
      timestamp: new Date(ctx.wallClock()).toISOString(),
    };
  },
});
