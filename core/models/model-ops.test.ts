// Whole-model operations: training yields the reference's result with measured fields, quantization measures accuracy on the same validation split, predictions explain themselves.
import { irisRecords } from '../datasets/iris.fixture';
import { beforeAll, describe, expect, it } from 'vitest';
import { referencePort } from '../../kernel/reference/mlp';
import { decodeClf, encodeClf } from '../format/clf';
import { weightBytes } from '../nn/forward';
import { parseModelConfig } from './config';
import { improvementRate, NonFiniteOutputError } from './lab';
import { fitFeaturizer, tableOfRecords } from './featurizer';
import { accuracyOn, predictRecords, quantizeModel, sampleExamples, sampleTableExamples, trainModel, validationRecords, type TrainedModel } from './model-ops';

const iris = irisRecords();
let trained: TrainedModel;
let clock = 0;

beforeAll(async () => {
  const config = parseModelConfig({
    architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 16, activation: 'relu' }, { type: 'output', activation: 'softmax' }] },
    training: { pattern_type: 'prediction', target: 'species', learning_rate: 0.01, epochs: 120, validation_split: 0.3, seed: 42 },
  });
  trained = await trainModel(referencePort, config, { trainingData: iris }, { now: () => (clock += 5), wallClock: () => 1_764_000_000_000 });
});

describe('trainModel', () => {
  it("returns the reference's shape with measured values", () => {
    const r = trained.result;
    expect(r).toMatchObject({ success: true, modelId: 'model_prediction_1764000000000', pattern_type: 'prediction', epochs: 120, status: 'completed', timestamp: new Date(1_764_000_000_000).toISOString() });
    expect(r.accuracy).toBe(trained.outcome.validation.accuracy);
    expect(r.training_time).toBeCloseTo(trained.outcome.trainingTimeMs / 1000, 9);
    // This run's val_loss rises over its last 24 epochs while the training loss rises too: it is not "converged".
    expect(r.improvement_rate).toBe(improvementRate(trained.outcome.history, 'completed'));
    expect(r.improvement_rate).toBe('unstable');
    expect(r.metric).toBe('accuracy');
    expect(r.details).toMatchObject({ target: 'species', validation_records: 45, train_records: 105, task: 'classification', kept_epoch: 120 });
    expect(r.details.validation_unseen).toEqual({ labels: 0, categories: {}, non_numeric: {} });
    expect(r.details.best_epoch).toBe(trained.outcome.bestEpoch);
  });

  it('re-derives the validation records train() held out, so accuracy can be measured again later', () => {
    const val = validationRecords(trained.artifact, { trainingData: iris });
    expect(val).toHaveLength(45);
    expect(accuracyOn(trained.artifact, val).accuracy).toBeCloseTo(trained.result.accuracy, 9);
  });

  it('finds the same validation rows when some records lack the target (they are set aside before the split)', async () => {
    const data = iris.flatMap((r, i) => (i % 10 === 0 ? [r, { sepal_length: 5, sepal_width: 3, petal_length: 1, petal_width: 0.2 }] : [r]));
    const config = parseModelConfig({ architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 8 }, { type: 'output', activation: 'softmax' }] }, training: { target: 'species', epochs: 20, learning_rate: 0.02, validation_split: 0.3, seed: 3 } });
    const t = await trainModel(referencePort, config, { trainingData: data }, { now: () => 0, wallClock: () => 0 });
    expect(t.result.details.skipped_records).toBe(15);
    const val = validationRecords(t.artifact, { trainingData: data });
    expect(val).toHaveLength(t.result.details.validation_records);
    expect(accuracyOn(t.artifact, val).accuracy).toBeCloseTo(t.result.accuracy, 9);
  });

  it('refuses to score records that lack the target instead of answering NaN', () => {
    const noTarget = iris.map((r) => ({ sepal_length: r.sepal_length, sepal_width: r.sepal_width, petal_length: r.petal_length, petal_width: r.petal_width }));
    expect(() => accuracyOn(trained.artifact, noTarget)).toThrow(/target 'species' cannot be measured: none of the 150 records has a usable 'species' \(no 'species'\)/);
    expect(() => accuracyOn(trained.artifact, [])).toThrow(/no records were given/);
    expect(() => quantizeModel(trained.artifact, validationRecords(trained.artifact, { trainingData: noTarget }))).toThrow(/cannot be measured/);
  });

  it('keeps a sample of examples, capped and seeded', () => {
    expect(trained.artifact.examples).toHaveLength(150);
    const capped = sampleExamples(trained.artifact.schema, iris, 1, 30);
    expect(capped).toHaveLength(30);
    expect(sampleExamples(trained.artifact.schema, iris, 1, 30)).toEqual(capped);
  });

  it('samples the same records from records as from their table: a nested target (a.b) is found, a NaN one is missing', () => {
    const records = Array.from({ length: 60 }, (_, i) => ({ x: i, meta: { kind: i % 3 === 0 ? Number.NaN : i % 2 ? 'a' : 'b' } }));
    const schema = fitFeaturizer(records, { target: 'meta.kind', task: null, patternType: null });
    const fromRecords = sampleExamples(schema, records, 1, 30);
    expect(fromRecords).toHaveLength(30);
    expect(fromRecords.map((r) => r.x)).toEqual(sampleTableExamples(schema, tableOfRecords(records, 'trainingData'), 1, 30).map((r) => r.x));
  });
});

describe('quantizeModel', () => {
  it("is about 75% smaller for the reference's example network (float scales and biases weigh more in tiny ones)", () => {
    const spec = { layers: [128, 64, 32, 10].map((size) => ({ size, activation: 'relu' as const })), loss: 'mse' as const, optimizer: { type: 'adam' as const, learningRate: 0.001 } };
    expect(1 - weightBytes(spec, true) / weightBytes(spec, false)).toBeCloseTo(1 - 11_408 / 42_664, 9);
  });

  it('measures accuracy before and after on the validation records and stores the int8 weights', () => {
    const val = validationRecords(trained.artifact, { trainingData: iris });
    const { artifact, result } = quantizeModel(trained.artifact, val);
    // 4→16→3: 112 int8 weights + 19 float scales + 19 float biases against 131 floats.
    expect(result).toMatchObject({ size_before: 524, size_after: 264 });
    expect(result.accuracy_before).toBeCloseTo(trained.result.accuracy, 9);
    expect(result.accuracy_after).toBeGreaterThanOrEqual(result.accuracy_before! - 0.05);
    expect(result.validation_records).toBe(45);
    const back = decodeClf(encodeClf(artifact));
    expect(back.weights.kind).toBe('int8');
    expect(accuracyOn(back, val).accuracy).toBe(result.accuracy_after);
    expect(() => quantizeModel(artifact)).toThrow(/already quantized/);
  });
});

describe('predictRecords', () => {
  it('predicts with the probability as confidence and explains with similar examples', () => {
    const [p] = predictRecords(trained.artifact, [{ sepal_length: 6.9, sepal_width: 3.1, petal_length: 5.4, petal_width: 2.1 }]);
    expect(p.prediction).toBe('virginica');
    expect(p.confidence).toBe(Math.max(...Object.values(p.probabilities!)));
    expect(p.reasoning).toMatch(/^\d of 9 similar records were 'virginica'/);
    expect(p.input_warnings).toEqual({ missing: [], unknown: [], unusable: [] });
  });

  it('says which fields a record lacks, which it holds that the model does not read, and which it cannot use', () => {
    const [p] = predictRecords(trained.artifact, [{ sepal_length: 6.9, petal_length: 'long', petal_width: 2.1, colour: 'blue' }]);
    expect(p.input_warnings).toEqual({ missing: ['sepal_width'], unknown: ['colour'], unusable: ['petal_length'] });
  });

  it('raises NonFiniteOutputError instead of answering null probabilities when outputs overflow', () => {
    // Finite weights, but 1e20 per layer: the hidden units reach ~1e20 and the logits overflow float32.
    const f32 = trained.artifact.weights as { kind: 'f32'; params: Float32Array[] };
    const huge = { ...trained.artifact, weights: { kind: 'f32' as const, params: f32.params.map((p) => p.map((v) => (v === 0 ? 1e20 : Math.sign(v) * 1e20))) } };
    expect(huge.weights.params.every((p) => p.every(Number.isFinite))).toBe(true);
    const flower = { sepal_length: 6.9, sepal_width: 3.1, petal_length: 5.4, petal_width: 2.1 };
    expect(() => predictRecords(huge, [flower, flower])).toThrow(NonFiniteOutputError);
    expect(() => predictRecords(huge, [flower])).toThrow(/record 1 are not finite numbers/);
    expect(() => accuracyOn(huge, iris)).toThrow(NonFiniteOutputError);
    // A sound model fed a value beyond float32's range once scaled is refused before inference, naming the record and field
    // (the float path would give NaN, the int8 path finite garbage).
    expect(() => predictRecords(trained.artifact, [flower, { ...flower, sepal_length: 1e39 }])).toThrow(NonFiniteOutputError);
    expect(() => predictRecords(trained.artifact, [flower, { ...flower, sepal_length: 1e39 }])).toThrow(/^record 2 holds values beyond float32's range once scaled \(sepal_length\)/);
    expect(() => accuracyOn(trained.artifact, [iris[0], { ...iris[1], petal_width: -1e39 }])).toThrow(/record 2 holds values beyond float32's range once scaled \(petal_width\)/);
  });
});
