// The examples a trained model keeps fit what its file may hold: fewer for wide feature vectors (dims × examples cap), and within a JSON budget for long records, so every file training writes also loads.
import { describe, expect, it } from 'vitest';
import { referencePort } from '../../kernel/reference/mlp';
import { decodeClf, encodeClf, MAX_EXAMPLE_CELLS, MAX_EXAMPLES_JSON } from '../format/clf';
import { parseModelConfig } from './config';
import { MAX_TEXT_DIM, validateSchema } from './featurizer';
import { sampleExamples, trainModel } from './model-ops';

describe('example caps', () => {
  it('keeps at most MAX_EXAMPLE_CELLS / width examples', () => {
    const schema = validateSchema({ version: 1, features: [{ kind: 'text', field: 't', dim: MAX_TEXT_DIM }], target: { field: 'y', task: 'classification', labels: ['a', 'b'], mean: 0, std: 1, reason: 'test' }, width: MAX_TEXT_DIM });
    const records = Array.from({ length: 3000 }, (_, i) => ({ t: `w${i}`, y: i % 2 ? 'a' : 'b' }));
    expect(sampleExamples(schema, records, 1)).toHaveLength(Math.floor(MAX_EXAMPLE_CELLS / MAX_TEXT_DIM));
    expect(sampleExamples(schema, records, 1, 10)).toHaveLength(10);
  });

  it('keeps long records only up to the JSON budget, so the trained file loads', async () => {
    const long = 'lorem ipsum dolor sit amet '.repeat(400);
    const records = Array.from({ length: 1500 }, (_, i) => ({ x: i % 7, note: `${i} ${long}`, y: i % 2 ? 'a' : 'b' }));
    const config = parseModelConfig({ modelId: 'long', architecture: { layers: [{ type: 'input' }, { type: 'output', activation: 'softmax' }] }, training: { target: 'y', epochs: 2 } });
    const { artifact } = await trainModel(referencePort, config, { trainingData: records }, { now: () => 0, wallClock: () => 0 });
    expect(JSON.stringify(artifact.examples).length).toBeLessThanOrEqual(MAX_EXAMPLES_JSON);
    expect(artifact.examples.length).toBeGreaterThan(100);
    expect(decodeClf(encodeClf(artifact)).examples).toHaveLength(artifact.examples.length);
  });
});
