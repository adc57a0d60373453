// neural_explain: per-field attributions computed on the model (permutation importance over its stored examples; for a record, leave-one-field-out effects) and the record's nearest training examples.
import { loadVersion, modelIdParam, modelRefOf, recordParam, versionParam } from './common';
import { occlusionEffects, permutationImportance } from './attributions';
import { ToolInputError } from './errors';
import { jsonRecord } from './schema';
import { defineTool } from './tool';

const NEAREST = 5;
const fmt = (x: number): string => (Math.abs(x) >= 0.001 || x === 0 ? x.toFixed(3) : x.toExponential(1));

export const neuralExplain = defineTool<{ modelId: string; prediction?: Record<string, unknown>; input?: unknown; version?: string; repeats?: number; seed?: number }>({
  name: 'neural_explain',
  title: 'Explain a model or a prediction',
  description:
    'Says which fields a saved model relies on, computed on the model: permutation importance (how much its accuracy, or R², drops when one field\'s values are shuffled across its stored training examples; ' +
    'about 0 for a field it ignores). With a record (prediction or input): the prediction, what leaving each field out does to the predicted class\'s probability (or the predicted value), ' +
    'and the 5 most similar training examples with their labels.',
  inputSchema: {
    type: 'object',
    properties: {
      modelId: modelIdParam('The model'),
      prediction: { type: 'object', description: 'The record whose prediction to explain (the reference\'s parameter name); same as input.' },
      input: recordParam('The record whose prediction to explain'),
      version: versionParam,
      repeats: { type: 'integer', minimum: 1, maximum: 20, default: 5, description: 'Shuffles per field (default 5); more repeats, steadier figures.' },
      seed: { type: 'integer', minimum: 0, maximum: 4294967295, default: 42, description: 'Seeds the shuffles, so an explanation can be repeated.' },
    },
    required: ['modelId'],
    additionalProperties: false,
  },
  readOnly: true,
  async run(input, ctx) {
    if (input.prediction !== undefined && input.input !== undefined) throw new ToolInputError('input', 'and prediction both name a record: give one of them');
    const record = input.input !== undefined ? jsonRecord(input.input, 'input') : input.prediction !== undefined ? jsonRecord(input.prediction, 'prediction') : undefined;
    const { info, file, artifact } = await loadVersion(ctx, modelRefOf(input.modelId, input.version));
    const key = `${info.modelId}@${info.version}`;
    const infer = (records: Record<string, unknown>[]) => ctx.compute.infer(key, file, records);
    if (artifact.examples.length === 0) throw new ToolInputError('modelId', `${key} holds no training examples to compute importances on`);
    const global = await permutationImportance(artifact, artifact.examples, infer, { repeats: input.repeats, seed: input.seed });
    const metricName = global.metric === 'r2' ? 'R²' : 'accuracy';
    const top = global.fields[0];
    const path = [
      `Scored ${key} on its ${global.records} stored training examples: ${metricName} ${fmt(global.baseline)}.`,
      `Shuffled each of its ${global.fields.length} fields ${global.repeats} times: ${top.field} mattered most (${metricName} −${fmt(top.importance)}), ${global.fields.slice(1).map((f) => `${f.field} ${f.importance >= 0 ? '−' : '+'}${fmt(Math.abs(f.importance))}`).join(', ') || 'no other field'}.`,
    ];
    let local: object | undefined;
    if (record) {
      const occ = await occlusionEffects(artifact, record, infer);
      const neighbours = (await ctx.engine.call('model_neighbours', { modelId: info.modelId, version: info.version, inputs: [record], k: NEAREST }))[0];
      const agree = neighbours.filter((n) => n.label === String(occ.prediction)).length;
      const classifier = artifact.schema.target.task === 'classification';
      path.push(classifier
        ? `Ran the network on the record: '${occ.prediction}' with probability ${fmt(occ.score)}.`
        : `Ran the network on the record: ${artifact.schema.target.field} = ${Number(occ.prediction).toPrecision(4)}.`);
      if (occ.effects.length > 0) path.push(`Left each of its ${occ.effects.length} fields out in turn: ${occ.effects.map((e) => `${e.field} ${e.effect >= 0 ? '−' : '+'}${fmt(Math.abs(e.effect))}`).join(', ')} ${classifier ? 'in that probability' : 'in the value'}.`);
      if (neighbours.length > 0) path.push(classifier ? `Found the ${neighbours.length} most similar training examples: ${agree} of them were '${occ.prediction}'.` : `Found the ${neighbours.length} most similar training examples (labels ${neighbours.map((n) => n.label).join(', ')}).`);
      local = {
        prediction: occ.prediction,
        ...(classifier ? { probability: occ.score } : { value: occ.score }),
        input_effects: occ.effects,
        nearest_examples: neighbours.map((n) => ({ label: n.label, similarity: n.score, record: n.record })),
        confidence_breakdown: classifier
          ? { model_probability: occ.score, similar_examples_agreeing: neighbours.length === 0 ? null : agree / neighbours.length }
          : { similar_examples: neighbours.length },
      };
    }
    return {
      success: true,
      modelId: info.modelId,
      version: info.version,
      ...(record ? { prediction: local } : {}),
      explanation: {
        method: global.method,
        metric: global.metric,
        baseline: global.baseline,
        examples: global.records,
        decision_factors: global.fields.map((f) => ({ factor: f.field, importance: f.importance, std: f.std, share: f.share })),
        feature_importance: Object.fromEntries(global.fields.map((f) => [f.field, f.importance])),
        reasoning_path: path,
      },
      timestamp: new Date(ctx.wallClock()).toISOString(),
    };
  },
});
