// The Models store against fakes backed by real code: the models API on in-memory SQLite and the compute worker's model functions on the node kernel.
import { createRoot } from 'solid-js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeClf } from '../../core/format/clf';
import { exportOnnx } from '../../core/format/onnx';
import type { RecentFile } from '../storage/ui-state';
import { fakeCompute, fakeEngine, IRIS, irisCsv, textFile } from './test-support';
import { createModelsStore, parsePredictInput, predictTemplate } from './models';

let disposers: (() => void)[] = [];
afterEach(() => {
  for (const d of disposers) d();
  disposers = [];
});

const T0 = 1_700_000_000_000;
const DAY = 86_400_000;
const CONFIG = {
  modelId: 'iris-m',
  architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 16, activation: 'relu' }, { type: 'output', activation: 'softmax' }] },
  training: { target: 'species', learning_rate: 0.01, batch_size: 16, epochs: 60, validation_split: 0.3, seed: 42 },
};
let trained: Uint8Array;
/** Another model under the same id, trained on the same records with other class names. */
let renamed: Uint8Array;
const SETOSA = { sepal_length: 5.0, sepal_width: 3.4, petal_length: 1.5, petal_width: 0.2 };

beforeAll(async () => {
  const api = fakeCompute().api;
  trained = (await api.neural_train({ jobId: 'setup', config: CONFIG, training_data: IRIS })).file;
  renamed = (await api.neural_train({ jobId: 'setup2', config: CONFIG, training_data: IRIS.map((r) => ({ ...r, species: `kind-${String(r.species).slice(0, 3)}` })) })).file;
});

/** A file to import that records what was read of it; `size` may claim more bytes than it holds. */
function binary(name: string, bytes: Uint8Array, size = bytes.length) {
  const reads: string[] = [];
  return {
    name,
    size,
    reads,
    slice: (start: number, end: number) => {
      reads.push(`${start}-${end}`);
      return new Blob([bytes.slice(start, end)]);
    },
    arrayBuffer: async () => {
      reads.push('all');
      return bytes.slice().buffer;
    },
  };
}

async function setup() {
  const clock = { t: T0 };
  const engine = await fakeEngine(() => clock.t);
  const compute = fakeCompute();
  const recent: RecentFile[] = [];
  const downloads: { name: string; bytes: Uint8Array; type: string }[] = [];
  const store = createRoot((dispose) => {
    disposers.push(dispose);
    return createModelsStore({
      engine: engine.client,
      compute,
      settings: { addRecentFile: async (f: RecentFile) => void recent.push(f) },
      download: (name, bytes, type) => downloads.push({ name, bytes, type }),
      loadOnnx: async () => ({ exportOnnx }),
      clock: () => clock.t,
    });
  });
  await engine.client.call('model_save', { file: trained, description: 'from setup', origin: 'trained' });
  await store.refresh();
  return { store, engine, compute, recent, downloads, clock };
}

describe('models store', () => {
  it('lists models and their versions, and describes one', async () => {
    const { store } = await setup();
    expect(store.models().value).toMatchObject([{ modelId: 'iris-m', version: '1.0.0', versions: 1, size: trained.length }]);
    expect(store.models().value![0].accuracy).toBeGreaterThan(0.8);
    expect(store.models().value![0].provenance).toMatchObject({ source: 'measured', origin: 'trained', metric: 'accuracy', measured_on: '45 validation records at training' });
    await store.toggle('iris-m');
    expect(store.expanded()['iris-m'].value).toMatchObject([{ version: '1.0.0', description: 'from setup', quantized: false }]);
    await store.describe({ modelId: 'iris-m', version: '1.0.0' });
    const d = store.described();
    expect(d?.phase.status === 'done' && d.phase.result).toMatchObject({ target: 'species', task: 'classification', labels: ['setosa', 'versicolor', 'virginica'], layers: [4, 16, 3] });
    await store.toggle('iris-m');
    expect(store.expanded()['iris-m']).toBeUndefined();
  });

  it('predicts from a template of the model\'s fields, with reasoning', async () => {
    const { store } = await setup();
    await store.select({ modelId: 'iris-m', version: '1.0.0' });
    const sel = store.selected();
    expect(sel.status).toBe('done');
    const template = JSON.parse(store.predictText()) as Record<string, unknown>;
    expect(Object.keys(template)).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    expect(template).toEqual(predictTemplate(decodeClf(trained)));
    store.setPredictText(JSON.stringify({ sepal_length: 6.9, sepal_width: 3.1, petal_length: 5.4, petal_width: 2.1 }));
    await store.predict();
    const p = store.predicting();
    if (p.status !== 'done') throw new Error(JSON.stringify(p));
    const [pred] = p.result.predictions;
    expect(pred.prediction).toBe('virginica');
    expect(Object.values(pred.probabilities!).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(pred.reasoning).toMatch(/of 9 similar records were 'virginica'/);
    expect(pred.input_warnings).toEqual({ missing: [], unknown: [], unusable: [] });
    // Not silent: a record lacking a field, holding an unknown one and a word in a numeric field says so.
    store.setPredictText(JSON.stringify({ sepal_length: 6.9, petal_length: 'long', petal_width: 2.1, colour: 'blue' }));
    await store.predict();
    const w = store.predicting();
    expect(w.status === 'done' && w.result.predictions[0].input_warnings).toEqual({ missing: ['sepal_width'], unknown: ['colour'], unusable: ['petal_length'] });
    // Values beyond float32 overflow the network: a named error on the page, never null probabilities.
    store.setPredictText(JSON.stringify({ sepal_length: 3e38, sepal_width: -3e38, petal_length: 3e38, petal_width: 3e38 }));
    await store.predict();
    const overflow = store.predicting();
    expect(overflow.status === 'failed' && overflow.message).toMatch(/^The model gave no usable numbers: record 1 holds values beyond float32's range once scaled/);
    store.setPredictText('[1]');
    await store.predict();
    expect(store.predicting()).toEqual({ status: 'failed', message: 'Record 1 must be a JSON object such as {"field": value}.' });
    expect(parsePredictInput('{').error).toMatch(/^The input is not valid JSON/);
  });

  it('quantizes to a new version, with accuracy measured only when data is given', async () => {
    const { store } = await setup();
    await store.quantize({ modelId: 'iris-m', version: '1.0.0' });
    let q = store.quantizing()!.phase;
    if (q.status !== 'done') throw new Error(JSON.stringify(q));
    expect(q.result).toMatchObject({ newVersion: '1.1.0', measuredOn: null, result: { accuracy_before: null, accuracy_after: null } });
    expect(q.result.result.size_after).toBeLessThan(q.result.result.size_before);

    await store.setQuantizeData(textFile('iris.csv', irisCsv()));
    await store.quantize({ modelId: 'iris-m', version: '1.0.0' });
    q = store.quantizing()!.phase;
    if (q.status !== 'done') throw new Error(JSON.stringify(q));
    expect(q.result).toMatchObject({ newVersion: '1.2.0', measuredOn: 'iris.csv', result: { validation_records: 45 } });
    expect(q.result.result.accuracy_after! - q.result.result.accuracy_before!).toBeGreaterThan(-0.1);
    expect(store.expanded()['iris-m']).toBeUndefined();
    await store.toggle('iris-m');
    expect(store.expanded()['iris-m'].value!.map((v) => [v.version, v.quantized, v.description])).toEqual([
      ['1.2.0', true, 'int8 of 1.0.0'],
      ['1.1.0', true, 'int8 of 1.0.0'],
      ['1.0.0', false, 'from setup'],
    ]);
    await store.quantize({ modelId: 'iris-m', version: '1.2.0' });
    expect(store.quantizing()!.phase).toEqual({ status: 'failed', message: 'iris-m@1.2.0 is already int8: quantize a float version.' });
  });

  it('exports .clf and ONNX, imports the .clf back, and refuses a damaged file with nothing stored', async () => {
    const { store, downloads, recent, engine } = await setup();
    await store.exportAs({ modelId: 'iris-m', version: '1.0.0' }, 'clf');
    await store.exportAs({ modelId: 'iris-m', version: '1.0.0' }, 'onnx');
    expect(downloads.map((d) => d.name)).toEqual(['iris-m-1.0.0.clf', 'iris-m-1.0.0.onnx']);
    expect(downloads[0].bytes).toEqual(trained);
    expect(downloads[1].bytes.length).toBeGreaterThan(100);

    await store.importFile(binary('iris-m-1.0.0.clf', downloads[0].bytes));
    expect(store.importing()).toMatchObject({ status: 'done', result: { modelId: 'iris-m', version: '1.1.0' } });
    const damaged = downloads[0].bytes.slice();
    damaged[damaged.length - 5] ^= 0xff;
    const before = engine.calls.length;
    await store.importFile(binary('damaged.clf', damaged));
    const imp = store.importing();
    expect(imp.status === 'failed' && imp.message).toMatch(/^damaged\.clf was refused: model file: .*checksum/);
    // Refused in the page: the engine was not asked to store anything.
    expect(engine.calls.slice(before).filter((c) => c === 'model_save')).toEqual([]);
    expect(store.models().value![0].versions).toBe(2);
    expect(recent.map((r) => `${r.action} ${r.name}`)).toEqual(['exported iris-m-1.0.0.clf', 'imported iris-m-1.0.0.clf']);
  });

  it("builds the predict template from the example's own fields, whatever they are named", () => {
    const a = decodeClf(trained);
    const features = ['__proto__', 'constructor', 'toString', 'meta.prototype'].map((field) => ({ kind: 'boolean' as const, field }));
    const example = JSON.parse('{"__proto__":true,"toString":false,"meta":{"prototype":true}}');
    const t = predictTemplate({ ...a, schema: { ...a.schema, features, width: 4 }, examples: [example] });
    expect(JSON.parse(JSON.stringify(t))).toEqual(JSON.parse('{"__proto__":true,"constructor":null,"toString":false,"meta":{"prototype":true}}'));
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it('refuses a hostile file after reading its length and header only, or nothing when its size alone is too big', async () => {
    const { store, engine } = await setup();
    const before = engine.calls.length;
    const huge = binary('huge.clf', trained, 450 * 1024 * 1024);
    await store.importFile(huge);
    const imp = store.importing();
    expect(imp.status === 'failed' && imp.message).toMatch(/^huge\.clf was refused: model file: the file has 471,859,200 bytes, more than the 83,886,088/);
    expect(huge.reads).toEqual([]);
    const lying = trained.slice();
    new DataView(lying.buffer).setBigUint64(0, BigInt(lying.length), true);
    const claim = binary('lying.clf', lying);
    await store.importFile(claim);
    expect(store.importing().status).toBe('failed');
    expect(claim.reads).toEqual(['0-8']);
    expect(engine.calls.slice(before).filter((c) => c === 'model_save')).toEqual([]);
  });

  it('predicts with an ensemble of models with the same labels, weighted by validation accuracy, and refuses mixed targets', async () => {
    const { store, engine, compute } = await setup();
    const second = await compute.api.neural_train({ jobId: 'e2', config: { ...CONFIG, modelId: 'iris-m2', architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 8, activation: 'tanh' }, { type: 'output', activation: 'softmax' }] } }, training_data: IRIS });
    await engine.client.call('model_save', { file: second.file, origin: 'trained' });
    await store.refresh();
    await store.select({ modelId: 'iris-m', version: '1.0.0' });
    store.setPredictText(JSON.stringify({ sepal_length: 6.9, sepal_width: 3.1, petal_length: 5.4, petal_width: 2.1 }));
    store.toggleEnsemble('iris-m');
    await store.predictEnsemble();
    expect(store.ensembling()).toEqual({ status: 'failed', message: 'Choose at least two models for an ensemble.' });
    store.toggleEnsemble('iris-m2');
    await store.predictEnsemble();
    const e = store.ensembling();
    if (e.status !== 'done') throw new Error(JSON.stringify(e));
    expect(e.result.prediction).toBe('virginica');
    expect(e.result.members.map((m) => m.modelId)).toEqual(['iris-m', 'iris-m2']);
    expect(e.result.weighting).toBe('accuracy');
    expect(e.result.members[1].measured).toBeCloseTo(second.result.accuracy, 6);
    const first = store.models().value!.find((m) => m.modelId === 'iris-m')!.accuracy!;
    expect(e.result.members[1].weight).toBeCloseTo(second.result.accuracy / (first + second.result.accuracy), 6);
    expect(Object.values(e.result.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);

    // A model predicting another target cannot join.
    const regression = await compute.api.neural_train({ jobId: 'e3', config: { ...CONFIG, modelId: 'iris-r', architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 8, activation: 'tanh' }, { type: 'output', activation: 'linear' }] }, training: { ...CONFIG.training, target: 'petal_width' } }, training_data: IRIS });
    await engine.client.call('model_save', { file: regression.file });
    await store.refresh();
    store.toggleEnsemble('iris-r');
    await store.predictEnsemble();
    const bad = store.ensembling();
    expect(bad.status === 'failed' && bad.message).toMatch(/^These models cannot form an ensemble: models\[2\] ensembles average class probabilities: regression models cannot join/);
  });

  it("shows an imported file's accuracy as reported by the file, never weights an ensemble by it, and measures it on data", async () => {
    const { store, engine } = await setup();
    await store.importFile(binary('shared.clf', trained));
    expect(store.importing()).toMatchObject({ status: 'done', result: { modelId: 'iris-m', version: '1.1.0' } });
    await engine.client.call('model_save', { file: trained, modelId: 'iris-import', origin: 'imported' });
    await store.refresh();
    const listed = store.models().value!.find((m) => m.modelId === 'iris-import')!;
    expect(listed.accuracy).toBeNull();
    expect(listed.provenance).toMatchObject({ source: 'reported_by_file', reported: decodeClf(trained).metrics.val_accuracy });

    await store.select({ modelId: 'iris-m', version: '1.0.0' });
    store.setPredictText(JSON.stringify({ sepal_length: 6.9, sepal_width: 3.1, petal_length: 5.4, petal_width: 2.1 }));
    store.toggleEnsemble('iris-m');
    store.toggleEnsemble('iris-import');
    await store.predictEnsemble();
    let e = store.ensembling();
    if (e.status !== 'done') throw new Error(JSON.stringify(e));
    // iris-m's latest version is the import above: a claim too.
    expect(e.result).toMatchObject({ weighting: 'equal', members: [{ modelId: 'iris-m', version: '1.1.0', weight: 0.5, measured: null }, { modelId: 'iris-import', weight: 0.5, measured: null }] });
    expect(e.result.note).toMatch(/^Equal weights: iris-m 1\.1\.0, iris-import 1\.0\.0 have no accuracy measured on this device/);

    // Measuring needs a data file; then the figure is measured here and becomes the weight.
    await store.measure({ modelId: 'iris-import', version: '1.0.0' });
    expect(store.measuring()!.phase).toMatchObject({ status: 'failed', message: expect.stringMatching(/^Choose a data file/) });
    await store.setQuantizeData(textFile('iris.csv', irisCsv()));
    await store.measure({ modelId: 'iris-import', version: '1.0.0' });
    const m = store.measuring()!.phase;
    if (m.status !== 'done') throw new Error(JSON.stringify(m));
    expect(m.result).toMatchObject({ records: 150, skipped: 0, metric: 'accuracy', measuredOn: '150 records of iris.csv' });
    expect(m.result.accuracy).toBeGreaterThan(0.8);
    const after = store.models().value!.find((x) => x.modelId === 'iris-import')!;
    expect(after).toMatchObject({ accuracy: m.result.accuracy, provenance: { source: 'measured', origin: 'imported', records: 150 } });
    await store.predictEnsemble();
    e = store.ensembling();
    expect(e.status === 'done' && e.result.note).toMatch(/^Equal weights: iris-m 1\.1\.0 has no accuracy measured/);
    await store.measure({ modelId: 'iris-m', version: '1.1.0' });
    await store.predictEnsemble();
    e = store.ensembling();
    expect(e.status === 'done' && e.result.weighting).toBe('accuracy');

    // A data file without the target says so instead of recording a NaN.
    await store.setQuantizeData(textFile('features.csv', 'sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n'));
    await store.measure({ modelId: 'iris-import', version: '1.0.0' });
    expect(store.measuring()!.phase).toMatchObject({ status: 'failed', message: expect.stringMatching(/target 'species' cannot be measured: none of the 1 records has a usable 'species'/) });
  });

  it('deletes a version or a model after confirmation, and cleans up unused models', async () => {
    const { store, clock, engine } = await setup();
    await engine.client.call('model_save', { file: trained, description: 'second' });
    await store.toggle('iris-m');
    store.askDelete('iris-m', '1.0.0');
    expect(store.confirming()).toEqual({ modelId: 'iris-m', version: '1.0.0' });
    store.cancelDelete();
    expect(store.confirming()).toBeUndefined();
    store.askDelete('iris-m', '1.0.0');
    await store.confirmDelete();
    expect(store.deleting()).toMatchObject({ status: 'done', result: { deletedVersions: 1, modelDeleted: false } });
    expect(store.expanded()['iris-m'].value!.map((v) => v.version)).toEqual(['1.1.0']);

    await engine.client.call('model_save', { file: trained, modelId: 'other' });
    clock.t += 10 * DAY;
    await store.select({ modelId: 'other', version: '1.0.0' });
    store.setCleanupDays('-1');
    expect(store.cleanupDaysError()).toMatch(/^Days must be a number/);
    store.setCleanupDays('5');
    await store.cleanup();
    expect(store.cleaning()).toEqual({ status: 'done', result: { days: 5, removed: ['iris-m'] } });
    expect(store.models().value!.map((m) => m.modelId)).toEqual(['other']);

    await store.describe({ modelId: 'other', version: '1.0.0' });
    store.askDelete('other');
    await store.confirmDelete();
    expect(store.models().value).toEqual([]);
    // What was deleted is no longer offered: neither for prediction nor as a description.
    expect(store.selected()).toEqual({ status: 'idle' });
    expect(store.described()).toBeUndefined();
  });

  it('predicts a model cleaned up and saved again under its id with its new weights, never the deleted ones', async () => {
    const { store, clock, engine } = await setup();
    await store.select({ modelId: 'iris-m', version: '1.0.0' });
    store.setPredictText(JSON.stringify(SETOSA));
    await store.predict();
    const first = store.predicting();
    expect(first.status === 'done' && first.result.predictions[0].prediction).toBe('setosa');

    clock.t += 40 * DAY;
    store.setCleanupDays('30');
    await store.cleanup();
    expect(store.cleaning()).toMatchObject({ status: 'done', result: { removed: ['iris-m'] } });
    const saved = await engine.client.call('model_save', { file: renamed });
    await store.select({ modelId: 'iris-m', version: saved.info.version });
    store.setPredictText(JSON.stringify(SETOSA));
    await store.predict();
    const second = store.predicting();
    expect(second.status === 'done' && second.result.predictions[0].prediction).toBe('kind-set');
    // And the deleted number was not handed out again.
    expect(saved.info).toMatchObject({ modelId: 'iris-m', version: '1.1.0' });
  });

  it('shows saves and deletes made in another tab without a click, and stops offering a deleted version at once', async () => {
    const { store, engine } = await setup();
    await store.toggle('iris-m');
    await store.select({ modelId: 'iris-m', version: '1.0.0' });
    await store.describe({ modelId: 'iris-m', version: '1.0.0' });
    engine.elsewhere.model_save({ file: trained, modelId: 'iris-elsewhere' });
    engine.elsewhere.model_save({ file: renamed, description: 'retrained elsewhere' });
    engine.emit({ what: 'models', modelIds: ['iris-elsewhere'], deleted: [] });
    engine.emit({ what: 'models', modelIds: ['iris-m'], deleted: [] });
    await expect.poll(() => store.models().value?.map((m) => m.modelId).toSorted()).toEqual(['iris-elsewhere', 'iris-m']);
    await expect.poll(() => store.expanded()['iris-m'].value?.map((v) => v.version)).toEqual(['1.1.0', '1.0.0']);

    engine.elsewhere.model_delete({ modelId: 'iris-m', version: '1.0.0' });
    engine.emit({ what: 'models', modelIds: ['iris-m'], deleted: [{ modelId: 'iris-m', version: '1.0.0' }] });
    expect(store.selected()).toEqual({ status: 'idle' });
    expect(store.described()).toBeUndefined();
    await expect.poll(() => store.expanded()['iris-m'].value?.map((v) => v.version)).toEqual(['1.1.0']);
  });
});
