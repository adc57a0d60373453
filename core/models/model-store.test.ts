// ModelsApi over SQLite: a trained file saves as a version with its summary, a damaged file is refused with nothing stored, quantized copies record their measured accuracy.
import { irisRecords } from '../datasets/iris.fixture';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { referencePort } from '../../kernel/reference/mlp';
import { openMemoryDb, type SqliteDb } from '../../workers/engine/sqlite-db';
import { migrate } from '../db/migrations';
import { encodeClf } from '../format/clf';
import { parseModelConfig } from './config';
import { quantizeModel, trainModel } from './model-ops';
import { createModelStore } from './model-store';
import { createPlainVectorIndex } from '../memory/plain-vector-index';
import type { VectorIndex } from '../memory/vector-index';

const iris = irisRecords();
let file: Uint8Array;
let qfile: Uint8Array;
/** Another model with the same id and fields but other labels: what a retrained or re-imported `iris` could be. */
let renamed: Uint8Array;
let db: SqliteDb;

beforeAll(async () => {
  const config = parseModelConfig({ modelId: 'iris', architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 8 }, { type: 'output', activation: 'softmax' }] }, training: { target: 'species', epochs: 30, learning_rate: 0.02 } });
  const { artifact } = await trainModel(referencePort, config, { trainingData: iris }, { now: () => 0, wallClock: () => 0 });
  file = encodeClf(artifact);
  qfile = encodeClf(quantizeModel(artifact, iris).artifact);
  const other = iris.map((r) => ({ ...r, species: `kind-${String(r.species).slice(0, 3)}` }));
  renamed = encodeClf((await trainModel(referencePort, config, { trainingData: other }, { now: () => 0, wallClock: () => 0 })).artifact);
});

/** The plain index, counting what is built and what is freed. */
function countingIndexes() {
  const counts = { built: 0, disposed: 0 };
  const factory = (dim: number): VectorIndex => {
    const index = createPlainVectorIndex(dim);
    counts.built++;
    return Object.assign(Object.create(index) as VectorIndex, { dispose: () => (counts.disposed++, index.dispose()) });
  };
  return { counts, factory };
}

const VIRGINICA = { sepal_length: 6.9, sepal_width: 3.1, petal_length: 5.4, petal_width: 2.1 };

beforeEach(async () => {
  db = await openMemoryDb();
  migrate(db);
});

describe('model store', () => {
  it('saves versions with a summary read from the file and loads them back', () => {
    const store = createModelStore(db, () => 1000);
    const s = store.model_save({ file, description: 'first', origin: 'trained' });
    expect(s).toMatchObject({ info: { modelId: 'iris', version: '1.0.0', size: file.length, quantized: false, description: 'first' }, labels: ['setosa', 'versicolor', 'virginica'], target: 'species', layers: [4, 8, 3], fields: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'] });
    expect(s.info.accuracy).toBe(s.metrics.val_accuracy);
    expect(s.info.provenance).toEqual({ source: 'measured', origin: 'trained', metric: 'accuracy', measured_on: '30 validation records at training', records: 30, reported: s.metrics.val_accuracy });
    const q = store.model_save({ file: qfile, description: 'int8', origin: 'quantized' });
    expect(q.info).toMatchObject({ version: '1.1.0', quantized: true });
    expect(q.info.accuracy).toBe((q.metrics.quantized as { accuracy_after: number }).accuracy_after);
    expect(store.model_load({ modelId: 'iris', version: '1.0.0' }).file).toEqual(file);
    expect(store.model_describe({ modelId: 'iris' }).info.version).toBe('1.1.0');
    expect(store.model_save({ file, modelId: 'iris-copy' }).info.modelId).toBe('iris-copy');
    expect(store.model_list().map((m) => m.modelId).toSorted()).toEqual(['iris', 'iris-copy']);
  });

  it("keeps an imported file's accuracy as its claim until it is measured here", () => {
    const store = createModelStore(db, () => 1000);
    const claimed = store.model_save({ file, origin: 'imported' });
    const reported = claimed.metrics.val_accuracy as number;
    expect(claimed.info.accuracy).toBeNull();
    expect(claimed.info.provenance).toEqual({ source: 'reported_by_file', origin: 'imported', metric: 'accuracy', measured_on: null, records: null, reported });
    expect(store.model_save({ file, modelId: 'iris-default' }).info.accuracy).toBeNull(); // no origin: a claim
    expect(store.model_list().find((m) => m.modelId === 'iris')).toMatchObject({ accuracy: null, provenance: { source: 'reported_by_file', reported } });
    const v = store.model_record_accuracy({ modelId: 'iris', version: '1.0.0', accuracy: 0.9, records: 150, measured_on: 'records of iris.json' });
    expect(v).toMatchObject({ accuracy: 0.9, provenance: { source: 'measured', origin: 'imported', measured_on: 'records of iris.json', records: 150, reported } });
    expect(store.model_list().find((m) => m.modelId === 'iris')).toMatchObject({ accuracy: 0.9, provenance: { source: 'measured' } });
    expect(store.model_load({ modelId: 'iris' }).info.provenance?.source).toBe('measured');
    expect(() => store.model_record_accuracy({ modelId: 'iris', version: '1.0.0', accuracy: Number.NaN, records: 1, measured_on: 'x' })).toThrow(/accuracy must be a finite fraction/);
    expect(() => store.model_record_accuracy({ modelId: 'iris', version: '9.0.0', accuracy: 0.5, records: 1, measured_on: 'x' })).toThrow(/has no version 9\.0\.0/);
  });

  it('refuses a damaged file and stores nothing', () => {
    const store = createModelStore(db);
    const bad = file.slice();
    bad[bad.length - 1] ^= 0xff;
    expect(() => store.model_save({ file: bad })).toThrow(/checksum/);
    expect(store.model_list()).toEqual([]);
  });
});

describe('model_neighbours', () => {
  it("finds each input's most similar training examples in the model's feature space, with their labels", async () => {
    const store = createModelStore(db, () => 1000);
    store.model_save({ file });
    const [near] = store.model_neighbours({ modelId: 'iris', inputs: [{ sepal_length: 6.9, sepal_width: 3.1, petal_length: 5.4, petal_width: 2.1 }], k: 5 });
    expect(near).toHaveLength(5);
    expect(near.map((n) => n.label)).toEqual(Array(5).fill('virginica'));
    expect(near[0].score).toBeGreaterThanOrEqual(near[4].score);
    expect(near[0].record).toHaveProperty('species', 'virginica');
    expect(() => store.model_neighbours({ modelId: 'iris', inputs: [5 as never] })).toThrow(/inputs\[0\] must be a record/);
    expect(() => store.model_neighbours({ modelId: 'iris', inputs: [], k: 0 })).toThrow(/k must be an integer/);
    store.model_delete({ modelId: 'iris' });
    expect(() => store.model_neighbours({ modelId: 'iris', inputs: [{}] })).toThrow(/no model iris/);
  });
});

describe('example indexes', () => {
  it('are freed when their model is deleted or cleaned up, and a model created again under the id is answered from its own examples', () => {
    let t = 1000;
    const { counts, factory } = countingIndexes();
    const store = createModelStore(db, () => t, factory);
    store.model_save({ file });
    expect(store.model_neighbours({ modelId: 'iris', inputs: [VIRGINICA], k: 3 })[0].map((n) => n.label)).toEqual(Array(3).fill('virginica'));
    t += 40 * 86_400_000;
    expect(store.model_cleanup({ unusedDays: 30 })).toEqual(['iris']);
    expect(counts).toEqual({ built: 1, disposed: 1 });

    const again = store.model_save({ file: renamed });
    expect(again.info.version).toBe('1.1.0');
    expect(store.model_neighbours({ modelId: 'iris', inputs: [VIRGINICA], k: 3 })[0].map((n) => n.label)).toEqual(Array(3).fill('kind-vir'));
    store.model_delete({ modelId: 'iris', version: '1.1.0' });
    expect(counts).toEqual({ built: 2, disposed: 2 });
  });

  it('are keyed by the bytes: the same file under two ids is indexed once', () => {
    const { counts, factory } = countingIndexes();
    const store = createModelStore(db, () => 1000, factory);
    store.model_save({ file });
    store.model_save({ file, modelId: 'iris-copy' });
    store.model_neighbours({ modelId: 'iris', inputs: [VIRGINICA] });
    store.model_neighbours({ modelId: 'iris-copy', inputs: [VIRGINICA] });
    expect(counts.built).toBe(1);
  });
});
