// Lab API helpers: training_data parsing, improvement_rate from curves, output reading, reasoning from neighbours, ensembles.
import { describe, expect, it } from 'vitest';
import type { EpochMetrics } from '../training/train';
import { fitFeaturizer } from './featurizer';
import { defaultConfig, ensemblePredict, explain, exampleLabel, exampleVector, improvementRate, LabInputError, modelIdFor, NonFiniteOutputError, parseTrainingData, readOutput } from './lab';

const curve = (losses: number[], trainLosses = losses): EpochMetrics[] =>
  losses.map((val_loss, i) => ({ epoch: i + 1, loss: trainLosses[i], accuracy: 0, val_loss, val_accuracy: 0, learning_rate: 0.01, time_ms: 1 }));

const records = [
  { strategy: 'balanced', agents: 3, topology: 'mesh', outcome: 'success' },
  { strategy: 'balanced', agents: 4, topology: 'mesh', outcome: 'success' },
  { strategy: 'aggressive', agents: 2, topology: 'star', outcome: 'failure' },
  { strategy: 'balanced', agents: 3, topology: 'star', outcome: 'success' },
];

describe('parseTrainingData', () => {
  it('accepts arrays, {trainingData, validationData}, and their JSON text', () => {
    expect(parseTrainingData(records).trainingData).toHaveLength(4);
    expect(parseTrainingData(JSON.stringify({ trainingData: records, validationData: records.slice(0, 1) }))).toMatchObject({ validationData: [records[0]] });
  });
  it('refuses a single record, bad JSON and wrong types, naming the field', () => {
    expect(() => parseTrainingData({ architecture: 'mesh', success: true })).toThrow(/single record/);
    expect(() => parseTrainingData('{oops')).toThrow(/training_data is not valid JSON/);
    expect(() => parseTrainingData({ trainingData: 'x' })).toThrow(/training_data.trainingData must be an array/);
    expect(() => parseTrainingData(5)).toThrow(LabInputError);
  });
});

describe('improvementRate', () => {
  it('reads the end of the validation curve', () => {
    expect(improvementRate(curve([1, 0.5, 0.3, 0.2, 0.2, 0.2, 0.2, 0.2]), 'completed')).toBe('converged');
    expect(improvementRate(curve([1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3]), 'completed')).toBe('improving');
    expect(improvementRate(curve([1, 0.9]), 'completed')).toBe('improving');
    expect(improvementRate(curve([1, 0.9, 0.9, 0.9]), 'early_stopped')).toBe('early_stopped');
  });

  it('says overfitting when val_loss rises while the training loss falls, never converged', () => {
    const val = [1, 0.5, 0.3, 0.2, 0.2, 0.25, 0.3, 0.4];
    const trainLoss = [1, 0.5, 0.3, 0.2, 0.15, 0.1, 0.07, 0.05];
    expect(improvementRate(curve(val, trainLoss), 'completed')).toBe('overfitting');
    // A rise of 0.5% is within the 1% band: a plateau.
    expect(improvementRate(curve([1, 0.5, 0.3, 0.2, 0.2, 0.2, 0.2, 0.201], trainLoss), 'completed')).toBe('converged');
  });

  it('says unstable when val_loss and the training loss both rise, and too_short for one epoch', () => {
    expect(improvementRate(curve([1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.5, 0.8]), 'completed')).toBe('unstable');
    expect(improvementRate(curve([0.5, 0.6]), 'cancelled')).toBe('unstable');
    expect(improvementRate(curve([0.5]), 'completed')).toBe('too_short');
  });
});

describe('prediction helpers', () => {
  const schema = fitFeaturizer(records, { target: null, task: null, patternType: 'prediction' });

  it('picks the target by pattern type and reads probabilities', () => {
    expect(schema.target).toMatchObject({ field: 'outcome', labels: ['failure', 'success'] });
    expect(readOutput(schema, Float32Array.of(0.2, 0.8))).toMatchObject({ prediction: 'success', confidence: expect.closeTo(0.8, 6) });
  });

  it('explains with counts of similar records and recommends what agreeing records share', () => {
    const neighbours = [
      { label: 'success', score: 0.97, record: records[0] },
      { label: 'success', score: 0.91, record: records[1] },
      { label: 'failure', score: 0.85, record: records[2] },
      { label: 'success', score: 0.8, record: records[3] },
    ];
    const input = { strategy: 'aggressive', agents: 3, topology: 'mesh' };
    const { reasoning, recommendations } = explain(schema, input, 'success', neighbours);
    expect(reasoning).toBe("3 of 4 similar records were 'success'; 1 were 'failure' (nearest similarity 0.97).");
    expect(recommendations).toEqual(['strategy = balanced: 3 of 3 similar \'success\' records had it (100%); this input has "aggressive"']);
    expect(explain(schema, input, 'success', []).reasoning).toMatch(/No similar examples/);
  });

  it('reads nested fields of examples and inputs as the featurizer names them (a.b)', () => {
    const nested = records.map(({ strategy, outcome, ...r }) => ({ ...r, plan: { strategy }, result: { outcome } }));
    const s = fitFeaturizer(nested, { target: 'result.outcome', task: null, patternType: null });
    const neighbours = nested.slice(0, 4).map((record, i) => ({ label: exampleLabel(s, record), score: 1 - i / 10, record }));
    expect(neighbours.map((n) => n.label)).toEqual(['success', 'success', 'failure', 'success']);
    expect(exampleLabel(s, { result: { outcome: Number.NaN } })).toBe('(missing)');
    const { recommendations } = explain(s, { plan: { strategy: 'aggressive' }, agents: 3, topology: 'mesh' }, 'success', neighbours);
    expect(recommendations).toEqual(['plan.strategy = balanced: 3 of 3 similar \'success\' records had it (100%); this input has "aggressive"']);
  });

  it('builds unit-length example vectors', () => {
    expect(Math.hypot(...exampleVector(schema, records[0]))).toBeCloseTo(1, 6);
  });

  it('averages ensemble probabilities weighted by validation accuracy and refuses mismatched labels', () => {
    const a = { schema, weight: 0.9, infer: () => Float32Array.of(0.1, 0.9) };
    const b = { schema, weight: 0.6, infer: () => Float32Array.of(0.7, 0.3) };
    const r = ensemblePredict([a, b], {});
    expect(r.probabilities.success).toBeCloseTo((0.9 * 0.9 + 0.6 * 0.3) / 1.5, 6);
    expect(r.prediction).toBe('success');
    expect(r).toMatchObject({ weighting: 'accuracy', weights: [expect.closeTo(0.6, 9), expect.closeTo(0.4, 9)] });
    const other = fitFeaturizer(records.map((x) => ({ ...x, outcome: x.outcome === 'success' ? 'ok' : 'bad' })), { target: 'outcome', task: null, patternType: null });
    expect(() => ensemblePredict([a, { ...b, schema: other }], {})).toThrow(/models\[1\] predicts bad, ok/);
  });

  it('never weights by a claim: a member without measured accuracy makes every weight equal', () => {
    const measured = { schema, weight: 0.99, infer: () => Float32Array.of(0.1, 0.9) };
    const claimed = { schema, weight: null, infer: () => Float32Array.of(0.7, 0.3) };
    const r = ensemblePredict([measured, claimed], {});
    expect(r).toMatchObject({ weighting: 'equal', weights: [0.5, 0.5] });
    expect(r.probabilities.success).toBeCloseTo(0.6, 6);
  });

  it('refuses to read NaN or Infinity outputs as a prediction', () => {
    expect(() => readOutput(schema, Float32Array.of(Number.NaN, 0.5))).toThrow(NonFiniteOutputError);
    expect(() => readOutput(schema, Float32Array.of(Number.POSITIVE_INFINITY, 0), 2)).toThrow(/record 3 are not finite numbers/);
    const reg = fitFeaturizer([{ a: 1, y: 1 }, { a: 2, y: 3 }], { target: 'y', task: null, patternType: null });
    expect(() => readOutput(reg, Float32Array.of(Number.NEGATIVE_INFINITY))).toThrow(NonFiniteOutputError);
    expect(() => ensemblePredict([{ schema, weight: 1, infer: () => Float32Array.of(Number.NaN, Number.NaN) }], {})).toThrow(NonFiniteOutputError);
  });

  it('names models the reference way and refuses unknown pattern types', () => {
    expect(modelIdFor('coordination', 1729052400000.7)).toBe('model_coordination_1729052400000');
    expect(defaultConfig('prediction', 30).training.epochs).toBe(30);
    expect(() => defaultConfig('critical', 10)).toThrow(/pattern_type must be one of/);
  });
});
