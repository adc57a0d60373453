// Classification or regression as the data and the output layer mean it: a 0/1 label with a softmax output is two classes, a linear output keeps regression, training.task overrides, and a mismatch explains itself.
import { describe, expect, it } from 'vitest';
import { referencePort } from '../../kernel/reference/mlp';
import { parseModelConfig } from '../models/config';
import { DataError } from '../models/featurizer';
import { createRng } from '../random';
import { train } from './train';

function config(output: 'softmax' | 'sigmoid' | 'linear', training: Record<string, unknown> = {}) {
  return parseModelConfig({
    modelId: 'infer',
    architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 8, activation: 'relu' }, { type: 'output', activation: output }] },
    training: { learning_rate: 0.02, batch_size: 16, epochs: 30, optimizer: 'adam', seed: 3, ...training },
  });
}

/** x0, x1 and a target that is a function of them: 0/1, or a count 0..k-1, or a real number. */
function rows(n: number, target: (a: number, b: number) => number): Record<string, number>[] {
  const rng = createRng(9);
  return Array.from({ length: n }, () => {
    const a = rng.normal();
    const b = rng.normal();
    return { x0: a, x1: b, label: target(a, b) };
  });
}

let clock = 0;
const hooks = { now: () => (clock += 1) };

describe('task inference', () => {
  it('takes a numeric 0/1 label with a softmax output as two classes, trains them, and says why', async () => {
    const out = await train(referencePort, config('softmax'), { trainingData: rows(400, (a, b) => (a + b > 0 ? 1 : 0)) }, hooks);
    expect(out.schema.target).toMatchObject({ field: 'label', task: 'classification', labels: ['0', '1'] });
    expect(out.spec.loss).toBe('softmax_cross_entropy');
    expect(out.validation.accuracy).toBeGreaterThan(0.9);
    expect(out.inference.task).toBe('classification');
    expect(out.inference.reason).toMatch(/2 distinct whole numbers \(0, 1\) and the output layer is softmax: taken as 2 classes/);
  });

  it('a sigmoid output with a 0/1 label is binary classification', async () => {
    const out = await train(referencePort, config('sigmoid'), { trainingData: rows(300, (a) => (a > 0 ? 1 : 0)) }, hooks);
    expect(out.spec.loss).toBe('binary_cross_entropy');
    expect(out.schema.target.labels).toEqual(['0', '1']);
  });

  it('a few whole numbers (0..4) with softmax are five classes', async () => {
    const out = await train(referencePort, config('softmax', { epochs: 3 }), { trainingData: rows(300, (a) => Math.min(4, Math.max(0, Math.round(a + 2)))) }, hooks);
    expect(out.schema.target.labels).toEqual(['0', '1', '2', '3', '4']);
  });

  it('keeps regression with a linear output, even for a 0/1 target', async () => {
    const out = await train(referencePort, config('linear', { epochs: 3 }), { trainingData: rows(200, (a) => (a > 0 ? 1 : 0)) }, hooks);
    expect(out.schema.target.task).toBe('regression');
    expect(out.inference.reason).toMatch(/holds numbers and the output layer is linear: regression/);
  });

  it('training.task overrides the inference both ways', async () => {
    const many = rows(300, (a, b) => Math.round((a + b) * 20));
    const cls = await train(referencePort, config('softmax', { task: 'classification', epochs: 2 }), { trainingData: many }, hooks);
    expect(cls.schema.target.task).toBe('classification');
    expect(cls.schema.target.labels.length).toBeGreaterThan(20);
    expect(cls.inference.reason).toBe('set by training.task');
    await expect(train(referencePort, config('softmax', { task: 'regression' }), { trainingData: rows(50, (a) => (a > 0 ? 1 : 0)) }, hooks)).rejects.toThrow(/a regression target \('label'\) needs a linear output \(got softmax\)/);
  });

  it('explains a numeric target that a softmax output cannot take as classes without asking', async () => {
    const many = train(referencePort, config('softmax'), { trainingData: rows(300, (a, b) => Math.round((a + b) * 20)) }, hooks);
    await expect(many).rejects.toThrow(DataError);
    await expect(many).rejects.toThrow(/target 'label' holds more than 20 distinct whole numbers, but the output layer is softmax, which predicts classes: use a linear output layer to predict the number \(regression\), or set training.task to 'classification'/);
    const real = train(referencePort, config('sigmoid'), { trainingData: rows(100, (a) => a * 0.5) }, hooks);
    await expect(real).rejects.toThrow(/target 'label' holds numbers that are not whole \(e\.g\. -?\d\.\d+\), but the output layer is sigmoid/);
  });
});
