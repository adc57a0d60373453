// Keys and values from files and inputs never reach String() or inherited lookups: example targets like {"toString":1,"valueOf":1}, field names, labels and categories named __proto__/constructor/prototype/toString, and overflowing numbers, through predict, explain and the engine's neighbour index.
/* oxlint-disable no-underscore-dangle -- safetensors names its metadata entry __metadata__ */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { referencePort } from '../../kernel/reference/mlp';
import { openMemoryDb, type SqliteDb } from '../../workers/engine/sqlite-db';
import { irisRecords } from '../datasets/iris.fixture';
import { migrate } from '../db/migrations';
import { decodeClf, encodeClf, type ModelArtifact } from '../format/clf';
import { withExamples } from '../format/clf-test-support';
import { parseModelConfig } from './config';
import { labelOf } from './featurizer';
import { explain, exampleVector } from './lab';
import { predictRecords, trainModel } from './model-ops';
import { createModelStore } from './model-store';

const iris = irisRecords();
let irisFile: Uint8Array;
let db: SqliteDb;

beforeAll(async () => {
  const config = parseModelConfig({ modelId: 'iris', architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 8 }, { type: 'output', activation: 'softmax' }] }, training: { target: 'species', epochs: 20, learning_rate: 0.02 } });
  irisFile = encodeClf((await trainModel(referencePort, config, { trainingData: iris }, { now: () => 0, wallClock: () => 0 })).artifact);
});

beforeEach(async () => {
  db = await openMemoryDb();
  migrate(db);
});

describe('untrusted keys and values', () => {
  it('predicts and explains when an example target is {"toString":1,"valueOf":1}', () => {
    // In an array: an object value would be flattened (species.toString, …), as the featurizer reads records, leaving no target.
    const evil = JSON.stringify(iris.slice(0, 30)).replace('"species":"setosa"', '"species":[{"toString":1,"valueOf":1}]');
    const a = decodeClf(withExamples(irisFile, evil));
    const [p] = predictRecords(a, [{ sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 }], { k: 30 });
    expect(p.reasoning).toContain('{"toString":1,"valueOf":1}');
    const store = createModelStore(db, () => 1000);
    store.model_save({ file: withExamples(irisFile, evil) });
    const [hits] = store.model_neighbours({ modelId: 'iris', inputs: [{ sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 }], k: 30 });
    expect(hits.map((h) => h.label)).toContain('[{"toString":1,"valueOf":1}]');
  });

  it('labels an example without its target as missing, not as the inherited Object function', () => {
    const config = parseModelConfig({ modelId: 'ctor', architecture: { layers: [{ type: 'input' }, { type: 'output', activation: 'softmax' }] }, training: { target: 'constructor' } });
    const records = JSON.parse('[{"x":1,"constructor":"a"},{"x":2,"constructor":"b"},{"x":1.5,"constructor":"a"},{"x":2.5,"constructor":"b"}]');
    return trainModel(referencePort, config, { trainingData: records }, { now: () => 0, wallClock: () => 0 }).then(({ artifact }) => {
      const a = decodeClf(withExamples(encodeClf(artifact), '[{"x":1},{"x":2,"constructor":"b"}]'));
      const [p] = predictRecords(a, [{ x: 1 }], { k: 2 });
      expect(p.reasoning).not.toMatch(/function|native code/);
      expect(p.reasoning).toContain("'(missing)'");
    });
  });

  it('trains, saves, loads and explains a model whose fields, labels and categories are __proto__, constructor, prototype and toString', async () => {
    const names = ['__proto__', 'constructor', 'prototype', 'toString'];
    // JSON.parse makes "__proto__" an own key, as a data file would; an object literal would set the prototype instead.
    const records = JSON.parse(JSON.stringify(Array.from({ length: 40 }, (_, i) => ({ p: i % 4, c: names[i % 4], t: names[(i + 1) % 4] })))
      .replaceAll('"p"', '"prototype"').replaceAll('"c"', '"constructor"').replaceAll('"t"', '"__proto__"'));
    expect(Object.prototype.hasOwnProperty.call(records[0], '__proto__')).toBe(true);
    const config = parseModelConfig({ modelId: 'evil-names', architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 8 }, { type: 'output', activation: 'softmax' }] }, training: { target: '__proto__', epochs: 60, learning_rate: 0.05 } });
    const { artifact } = await trainModel(referencePort, config, { trainingData: records }, { now: () => 0, wallClock: () => 0 });
    expect(artifact.schema.target.labels).toEqual(names.toSorted());
    const file = encodeClf(artifact);
    const store = createModelStore(db, () => 1000);
    store.model_save({ file });
    const a: ModelArtifact = decodeClf(file);
    const input = JSON.parse('{"prototype":1,"constructor":"constructor"}');
    const neighbours = store.model_neighbours({ modelId: 'evil-names', inputs: [input], k: 5 })[0];
    const [p] = predictRecords(a, [input], { neighbours: () => neighbours });
    expect(Object.keys(p.probabilities!).toSorted()).toEqual(names.toSorted());
    expect(Object.values(p.probabilities!).every(Number.isFinite)).toBe(true);
    expect(names).toContain(p.prediction);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it('chooses a target when the pattern type is named like an Object.prototype member', async () => {
    for (const type of ['constructor', 'toString', '__proto__']) {
      const config = parseModelConfig({ modelId: 'typed', type, architecture: { layers: [{ type: 'input' }, { type: 'output', activation: 'softmax' }] }, training: { epochs: 2, pattern_type: type } });
      const records = Array.from({ length: 20 }, (_, i) => ({ x: i, label: i % 2 ? 'odd' : 'even' }));
      const { artifact } = await trainModel(referencePort, config, { trainingData: records }, { now: () => 0, wallClock: () => 0 });
      expect(artifact.schema.target.field).toBe('label');
    }
  });

  it('writes files it can read back when the config or the records hold prototype-named keys or deep nesting', async () => {
    const config = parseModelConfig(JSON.parse('{"modelId":"extra","constructor":1,"specialization":{"prototype":2,"domain":"security"},"architecture":{"layers":[{"type":"input"},{"type":"output","activation":"softmax"}]},"training":{"target":"y","epochs":2}}'));
    // Arrays of arrays featurize as multi-hot items (their JSON), so a record may nest deeper than a file's JSON may.
    let deep: unknown = 'leaf';
    for (let i = 0; i < 80; i++) deep = [deep];
    const records = Array.from({ length: 20 }, (_, i) => ({ x: i, y: i % 2 ? 'a' : 'b', tags: i === 3 ? [deep] : ['t'] }));
    const { artifact } = await trainModel(referencePort, config, { trainingData: records }, { now: () => 0, wallClock: () => 0 });
    const back = decodeClf(encodeClf(artifact));
    expect(back.config.extra).toEqual({ specialization: { domain: 'security' } });
    expect(back.examples).toHaveLength(19);
  });

  it('explains inputs whose values cannot be turned into strings', () => {
    const a = decodeClf(irisFile);
    const schema = { ...a.schema, features: [{ kind: 'categorical' as const, field: 'color', categories: ['red', 'blue'] }], width: 2 };
    const neighbours = ['red', 'red', 'red'].map((color) => ({ label: 'setosa', score: 1, record: { color } }));
    const odd = JSON.parse('{"color":[{"toString":1,"valueOf":1}]}');
    const out = explain(schema, odd, 'setosa', neighbours);
    expect(out.recommendations[0]).toContain('{"toString":1,"valueOf":1}');
    let deep: unknown = 1;
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expect(labelOf(deep)).toBe('(unreadable value)');
    expect(labelOf(undefined)).toBe('undefined');
  });

  it('keeps explanation vectors finite when a number overflows float32 (example or input)', () => {
    const a = decodeClf(withExamples(irisFile, JSON.stringify([{ ...iris[0], sepal_length: 1e308 }, iris[60], iris[120]])));
    const v = exampleVector(a.schema, { sepal_length: -1e308, sepal_width: 3 });
    expect(v.every(Number.isFinite)).toBe(true);
    expect(v[0]).toBe(-1);
    const store = createModelStore(db, () => 1000);
    store.model_save({ file: withExamples(irisFile, JSON.stringify([{ ...iris[0], sepal_length: 1e308 }, iris[60], iris[120]])) });
    const [hits] = store.model_neighbours({ modelId: 'iris', inputs: [{ sepal_length: 1e308 }], k: 3 });
    expect(hits[0].record.sepal_length).toBe(1e308);
    expect(hits.every((h) => Number.isFinite(h.score))).toBe(true);
    const [p] = predictRecords(a, [{ sepal_length: 6, sepal_width: 3, petal_length: 4, petal_width: 1.3 }], { k: 3 });
    expect(p.reasoning).toMatch(/of 3 similar records/);
  });
});
