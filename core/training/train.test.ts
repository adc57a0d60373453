// The training loop on the reference port and the wasm kernel: iris accuracy, determinism, early stopping, divergence, cancel, bad sizes.
import { irisRecords } from '../datasets/iris.fixture';
import { describe, expect, it } from 'vitest';
import { loadKernelNode } from '../../kernel/js/node';
import { createWasmPort } from '../../kernel/js/network';
import { referencePort } from '../../kernel/reference/mlp';
import { parseModelConfig } from '../models/config';
import { DivergenceError, train, TrainingError } from './train';
import { splitIndices } from './split';

const iris = irisRecords();

function irisConfig(training: Record<string, unknown> = {}) {
  return parseModelConfig({
    modelId: 'iris',
    architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 16, activation: 'relu' }, { type: 'output', activation: 'softmax' }] },
    training: { target: 'species', learning_rate: 0.01, batch_size: 16, epochs: 150, optimizer: 'adam', validation_split: 0.3, seed: 42, ...training },
  });
}

let clock = 0;
const hooks = { now: () => (clock += 1) };

describe('splitIndices', () => {
  it('stratifies: each class contributes its share to validation, deterministically', () => {
    const labels = Int32Array.from({ length: 150 }, (_, i) => Math.floor(i / 50));
    const a = splitIndices(150, 0.3, 1, labels);
    expect(a.validation.length).toBe(45);
    expect([0, 1, 2].map((c) => a.validation.filter((i) => labels[i] === c).length)).toEqual([15, 15, 15]);
    expect(splitIndices(150, 0.3, 1, labels)).toEqual(a);
    expect(splitIndices(150, 0.3, 2, labels)).not.toEqual(a);
    expect(new Set([...a.train, ...a.validation]).size).toBe(150);
  });
});

const SPECIES = ['setosa', 'versicolor', 'virginica'];

/** The validation indices of iris under a config's seed, as the stratified split picks them (class order = sorted species). */
function irisValidation(seed: number, fraction = 0.3): Set<number> {
  return new Set(splitIndices(iris.length, fraction, seed, Int32Array.from(iris, (r) => SPECIES.indexOf(r.species))).validation);
}

describe('no leakage: the featurizer is fitted on the training rows only', () => {
  const gardens = ['north', 'south', 'east'];
  const withGarden = iris.map((r, i) => ({ ...r, garden: gardens[i % 3] }));

  it('changing the held-out rows’ feature values leaves the fitted schema byte-identical, and their unseen categories are counted', async () => {
    const val = irisValidation(42);
    const changed = withGarden.map((r, i) => (val.has(i) ? { ...r, sepal_length: r.sepal_length * 100, petal_width: -50, garden: i % 2 ? 'west' : 'moon' } : r));
    const cfg = irisConfig({ epochs: 1 });
    const a = await train(referencePort, cfg, { trainingData: withGarden }, hooks);
    const b = await train(referencePort, cfg, { trainingData: changed }, hooks);
    expect(b.counts).toEqual(a.counts);
    expect(JSON.stringify(b.schema)).toBe(JSON.stringify(a.schema));
    expect(b.params).toEqual(a.params);
    expect(a.unseen).toEqual({ labels: 0, categories: {}, non_numeric: {} });
    expect(b.unseen.categories).toEqual({ garden: 45 });
  });

  it('changing the held-out rows’ regression targets leaves the target statistics unchanged', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({ x: i / 10, z: (i * 7) % 11, y: 3 * (i / 10) + 1 }));
    const val = new Set(splitIndices(rows.length, 0.25, 5).validation);
    const changed = rows.map((r, i) => (val.has(i) ? { x: 1000 + i, z: -i, y: 1e6 * i } : r));
    const cfg = parseModelConfig({
      architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 4, activation: 'tanh' }, { type: 'output', activation: 'linear' }] },
      training: { target: 'y', epochs: 1, validation_split: 0.25, seed: 5 },
    });
    const a = await train(referencePort, cfg, { trainingData: rows }, hooks);
    const b = await train(referencePort, cfg, { trainingData: changed }, hooks);
    expect(b.counts.validation).toBe(15);
    expect(JSON.stringify(b.schema)).toBe(JSON.stringify(a.schema));
  });

  it('skips validationData rows of a class training never saw, and counts them', async () => {
    const validationData = [...iris.slice(120), { ...iris[0], species: 'unicorn' }, { ...iris[1], species: 'unicorn' }];
    const out = await train(referencePort, irisConfig({ epochs: 1 }), { trainingData: iris.slice(0, 120), validationData }, hooks);
    expect(out.counts).toMatchObject({ validation: 30, skippedValidation: 2 });
    expect(out.unseen.labels).toBe(2);
  });
});

describe('train', () => {
  it('reaches ≥ 0.93 validation accuracy on iris (stratified 70/30, seed 42) on the wasm kernel', async () => {
    const port = createWasmPort(await loadKernelNode());
    const out = await train(port, irisConfig(), { trainingData: iris }, hooks);
    expect(out.validationSource).toBe('split');
    expect(out.counts).toMatchObject({ train: 105, validation: 45 });
    expect(out.validation.accuracy).toBeGreaterThanOrEqual(0.93);
    expect(out.history).toHaveLength(150);
    expect(out.history[149].loss).toBeLessThan(out.history[0].loss);
    expect(out.schema.target).toMatchObject({ field: 'species', labels: ['setosa', 'versicolor', 'virginica'] });
  });

  it('averages ≥ 0.93 validation accuracy over 20 other split/initialisation seeds (the bar is not one lucky seed)', async () => {
    const port = createWasmPort(await loadKernelNode());
    const accs: number[] = [];
    for (let seed = 1; seed <= 20; seed++) accs.push((await train(port, irisConfig({ seed }), { trainingData: iris }, hooks)).validation.accuracy);
    expect(accs.reduce((a, b) => a + b, 0) / accs.length).toBeGreaterThanOrEqual(0.93);
  });

  it('gives the same weights and curve for the same seed, and different ones for another seed', async () => {
    const cfg = irisConfig({ epochs: 5 });
    const a = await train(referencePort, cfg, { trainingData: iris }, hooks);
    const b = await train(referencePort, cfg, { trainingData: iris }, hooks);
    expect(b.params).toEqual(a.params);
    expect(b.history.map((h) => h.loss)).toEqual(a.history.map((h) => h.loss));
    const c = await train(referencePort, irisConfig({ epochs: 5, seed: 8 }), { trainingData: iris }, hooks);
    expect(c.params[0]).not.toEqual(a.params[0]);
  });

  it('uses validationData when given, and applies the learning-rate schedule per epoch', async () => {
    const cfg = irisConfig({ epochs: 4, lr_schedule: { type: 'step_decay', step_size: 2, gamma: 0.5 } });
    const out = await train(referencePort, cfg, { trainingData: iris.slice(0, 120), validationData: iris.slice(120) }, hooks);
    expect(out.validationSource).toBe('validationData');
    expect(out.counts.validation).toBe(30);
    expect(out.history.map((h) => h.learning_rate)).toEqual([0.01, 0.01, 0.005, 0.005]);
  });

  it('stops early after `patience` epochs without improvement and restores the best weights', async () => {
    // A tiny learning rate on a plateau-free schedule would keep improving; a huge one oscillates and stalls.
    const cfg = irisConfig({ epochs: 300, learning_rate: 0.05, early_stopping: { patience: 5, min_delta: 0.01 } });
    const out = await train(referencePort, cfg, { trainingData: iris }, hooks);
    expect(out.stopped).toBe('early_stopped');
    expect(out.history.length).toBeLessThan(300);
    // keptEpoch is the epoch early stopping restored (improvements under min_delta do not count); bestEpoch the lowest val_loss.
    expect(out.history.length - out.keptEpoch).toBe(5);
    expect(out.validation.loss).toBeCloseTo(out.history[out.keptEpoch - 1].val_loss, 5);
    expect(out.history[out.bestEpoch - 1].val_loss).toBe(Math.min(...out.history.map((h) => h.val_loss)));
  });

  it('keeps the last epoch without early stopping, and says so', async () => {
    const out = await train(referencePort, irisConfig({ epochs: 30 }), { trainingData: iris }, hooks);
    expect(out.keptEpoch).toBe(30);
    expect(out.validation.loss).toBeCloseTo(out.history[29].val_loss, 6);
  });

  it('stops with a DivergenceError naming the epoch when the loss blows up', async () => {
    const cfg = irisConfig({ optimizer: 'sgd', learning_rate: 9, epochs: 50 });
    await expect(train(referencePort, cfg, { trainingData: iris.map((r) => ({ ...r, sepal_length: r.sepal_length * 1e6 })) }, hooks)).rejects.toThrow(DivergenceError);
  });

  it('honours cancel between epochs', async () => {
    let epochs = 0;
    const out = await train(referencePort, irisConfig({ epochs: 100 }), { trainingData: iris }, { ...hooks, onEpoch: () => epochs++, shouldStop: () => epochs >= 3 });
    expect(out.stopped).toBe('cancelled');
    expect(out.history).toHaveLength(3);
  });

  it('names the layer when the config disagrees with the data', async () => {
    const cfg = parseModelConfig({ architecture: { layers: [{ type: 'input', size: 128 }, { type: 'output', activation: 'softmax' }] }, training: { target: 'species' } });
    await expect(train(referencePort, cfg, { trainingData: iris }, hooks)).rejects.toThrow(/layers\[0\]\.size is 128 but the data has 4 features/);
    const cfg2 = parseModelConfig({ architecture: { layers: [{ type: 'input' }, { type: 'output', size: 10, activation: 'softmax' }] }, training: { target: 'species' } });
    await expect(train(referencePort, cfg2, { trainingData: iris }, hooks)).rejects.toThrow(TrainingError);
  });
});
