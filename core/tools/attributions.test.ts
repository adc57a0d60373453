// Attributions against models whose answer is known: a target that depends on one field only gets (nearly) all the importance, fields the target ignores get about none, and leaving the deciding field out moves the prediction most.
import { beforeAll, describe, expect, it } from 'vitest';
import { referencePort } from '../../kernel/reference/mlp';
import type { ModelArtifact } from '../format/clf';
import { parseModelConfig } from '../models/config';
import { featurize } from '../models/featurizer';
import { inferPlain, trainModel } from '../models/model-ops';
import { createRng } from '../random';
import { occlusionEffects, permutationImportance, type InferRecords } from './attributions';

const plain = (a: ModelArtifact): InferRecords => async (rows) => {
  const w = a.schema.width;
  const x = new Float32Array(rows.length * w);
  rows.forEach((r, i) => featurize(a.schema, r, x.subarray(i * w, (i + 1) * w)));
  return inferPlain(a, x, rows.length);
};

function records(n: number, target: (r: { a: number; b: number; c: number; colour: string }) => unknown) {
  const rng = createRng(7);
  const colours = ['red', 'green', 'blue'];
  return Array.from({ length: n }, () => {
    const r = { a: rng.next() * 2 - 1, b: rng.next() * 2 - 1, c: rng.next() * 2 - 1, colour: colours[Math.floor(rng.next() * 3)] };
    return { ...r, y: target(r) };
  });
}

const config = (task: 'classification' | 'regression') => parseModelConfig({
  modelId: `known-${task}`,
  architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 16, activation: 'relu' }, { type: 'output', activation: task === 'regression' ? 'linear' : 'softmax' }] },
  training: { target: 'y', task, epochs: 80, learning_rate: 0.02, batch_size: 16, seed: 3 },
});

let classifier: ModelArtifact;
let regressor: ModelArtifact;

beforeAll(async () => {
  const hooks = { now: () => 0, wallClock: () => 0 };
  classifier = (await trainModel(referencePort, config('classification'), { trainingData: records(400, (r) => (r.b > 0 ? 'up' : 'down')) }, hooks)).artifact;
  regressor = (await trainModel(referencePort, config('regression'), { trainingData: records(400, (r) => 3 * r.c) }, hooks)).artifact;
}, 60_000);

describe('permutationImportance', () => {
  it('gives a classifier whose class depends on b alone almost all its importance to b', async () => {
    const p = await permutationImportance(classifier, classifier.examples, plain(classifier), { repeats: 5, seed: 1 });
    expect(p.metric).toBe('accuracy');
    expect(p.baseline).toBeGreaterThan(0.95);
    expect(p.fields[0].field).toBe('b');
    expect(p.fields[0].importance).toBeGreaterThan(0.3);
    expect(p.fields[0].share).toBeGreaterThan(0.85);
    for (const f of p.fields.slice(1)) expect(Math.abs(f.importance)).toBeLessThan(0.05);
    expect(p.fields.map((f) => f.field).toSorted()).toEqual(['a', 'b', 'c', 'colour']);
    expect(p.records).toBe(classifier.examples.length);
  });

  it('gives a regression on c (R² drop) to c, and repeats exactly with the same seed', async () => {
    const p = await permutationImportance(regressor, regressor.examples, plain(regressor), { repeats: 3, seed: 9 });
    expect(p.metric).toBe('r2');
    expect(p.baseline).toBeGreaterThan(0.9);
    expect(p.fields[0].field).toBe('c');
    expect(p.fields[0].importance).toBeGreaterThan(1);
    for (const f of p.fields.slice(1)) expect(Math.abs(f.importance)).toBeLessThan(0.1);
    expect(await permutationImportance(regressor, regressor.examples, plain(regressor), { repeats: 3, seed: 9 })).toEqual(p);
  });

  it('samples the examples (seeded) when shuffling all of them would be too many rows', async () => {
    const many = Array.from({ length: 30 }, () => classifier.examples).flat();
    const p = await permutationImportance(classifier, many, plain(classifier), { repeats: 20, seed: 1 });
    expect(p.records).toBeLessThan(many.length);
    expect(p.records * (1 + 4 * 20)).toBeLessThanOrEqual(60_000);
    expect(p.fields[0].field).toBe('b');
  });
});

describe('occlusionEffects', () => {
  it('moves the predicted class most when the deciding field is left out', async () => {
    const o = await occlusionEffects(classifier, { a: 0.1, b: 0.9, c: -0.4, colour: 'red' }, plain(classifier));
    expect(o.prediction).toBe('up');
    expect(o.score).toBeGreaterThan(0.9);
    expect(o.effects[0].field).toBe('b');
    expect(o.effects[0].effect).toBeGreaterThan(0.2);
    expect(o.effects.map((e) => e.field).toSorted()).toEqual(['a', 'b', 'c', 'colour']);
  });

  it('leaves out only the fields the record has', async () => {
    const o = await occlusionEffects(regressor, { c: 0.5 }, plain(regressor));
    expect(o.effects.map((e) => e.field)).toEqual(['c']);
    // Without c the network sees c's training mean (about 0): the prediction falls by about 3 × 0.5.
    expect(o.effects[0].effect).toBeGreaterThan(1);
  });
});
