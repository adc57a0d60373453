// Transfer learning keeps the model's featurizer: new data that does not fit its feature schema is refused naming the field, the default freezes all but the output, and the result's figures are the fine-tune's own.
import { beforeAll, describe, expect, it } from 'vitest';
import { referencePort } from '../../kernel/reference/mlp';
import { irisRecords } from '../datasets/iris.fixture';
import type { ModelArtifact } from '../format/clf';
import { parseModelConfig } from './config';
import { LabInputError } from './lab';
import { quantizeModel, trainModel } from './model-ops';
import { checkTransferData, transferModel } from './transfer';

const iris = irisRecords();
let model: ModelArtifact;
let regression: ModelArtifact;
const hooks = { now: () => 0, wallClock: () => Date.UTC(2026, 0, 1) };

const layers = (out: string) => [{ type: 'input' }, { type: 'hidden', size: 8, activation: 'relu' }, { type: 'output', activation: out }];

beforeAll(async () => {
  model = (await trainModel(referencePort, parseModelConfig({ modelId: 'iris', architecture: { layers: layers('softmax') }, training: { target: 'species', epochs: 40, learning_rate: 0.03 } }), { trainingData: iris }, hooks)).artifact;
  regression = (await trainModel(referencePort, parseModelConfig({ modelId: 'petal', architecture: { layers: layers('linear') }, training: { target: 'petal_length', epochs: 20 } }), { trainingData: iris }, hooks)).artifact;
});

function refused(a: ModelArtifact, records: unknown[]): string {
  try {
    checkTransferData(a, records, 'training_data.trainingData');
  } catch (e) {
    if (e instanceof LabInputError) return e.message;
    throw e;
  }
  return 'accepted';
}

describe('checkTransferData', () => {
  it('refuses data that does not fit the model, naming the field', () => {
    expect(refused(model, [])).toBe('training_data.trainingData must hold at least one record');
    expect(refused(model, [[1]])).toBe('training_data.trainingData[0] must be an object (a record)');
    expect(refused(model, iris.map(({ species: _s, ...r }) => r))).toBe("training_data.trainingData has no record with 'species', the field iris predicts");
    expect(refused(model, iris.map(({ sepal_width: _w, ...r }) => r))).toMatch(/^training_data\.trainingData\.sepal_width is in none of the records, but iris reads it/);
    expect(refused(model, iris.map((r) => ({ ...r, sepal_width: 'wide' })))).toBe('training_data.trainingData.sepal_width holds no numbers, but iris reads it as a number');
    expect(refused(model, [...iris, { ...iris[0], species: 'rose' }])).toMatch(/^training_data\.trainingData\.species holds "rose", not among iris's classes \(setosa, versicolor, virginica\)/);
    expect(refused(regression, [...iris, { ...iris[0], petal_length: 'long' }])).toBe('training_data.trainingData.petal_length must be a number in every record that has it: petal is a regression model');
  });

  it('returns the fields the model does not read', () => {
    expect(checkTransferData(model, iris.map((r) => ({ ...r, garden: 'kew' })), 'x')).toEqual(['garden']);
  });
});

describe('transferModel', () => {
  it('freezes every layer but the output by default and reports what it measured', async () => {
    const { artifact, result, outcome } = await transferModel(referencePort, model, { trainingData: iris }, { epochs: 5, source: 'iris@1.0.0', targetDomain: 'same garden' }, hooks);
    expect(result.transfer_results).toMatchObject({ frozen_layers: [1], trained_layers: [2], frozen_parameters: 4 * 8 + 8, trained_parameters: 8 * 3 + 3, epochs_run: 5, validation_records: 30, train_records: 120 });
    expect(result.transfer_results.accuracy_before).toBe(outcome.before.accuracy);
    expect(result.transfer_results.accuracy_after).toBe(outcome.validation.accuracy);
    expect(result).toMatchObject({ sourceModel: 'iris@1.0.0', targetDomain: 'same garden', new_model_id: null, status: 'completed', timestamp: '2026-01-01T00:00:00.000Z' });
    expect(artifact.schema).toBe(model.schema);
    expect(artifact.metrics).toMatchObject({ val_accuracy: outcome.validation.accuracy, counts: { validation: 30 }, transfer: { from: 'iris@1.0.0', frozen_layers: [1] } });
    // A trained model's metrics (runMetrics), with what the fine-tune adds.
    expect(Object.keys(artifact.metrics).toSorted()).toEqual([...Object.keys(model.metrics), 'transfer'].toSorted());
  });

  it('refuses an int8 model', async () => {
    await expect(transferModel(referencePort, quantizeModel(model).artifact, { trainingData: iris }, { epochs: 5, source: 'iris@1.1.0' }, hooks)).rejects.toThrow(/^sourceModel iris@1\.1\.0 is int8/);
  });
});
