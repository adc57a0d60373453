// The Lab store against fakes backed by real code: the models API on in-memory SQLite, the data worker's readers on real Blobs, the compute worker's model functions on the node kernel, a pool running them.
import { createRoot } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecentFile } from '../storage/ui-state';
import { fakeCompute, fakeData, fakeEngine, IRIS, irisCsv, textFile } from './test-support';
import { checkConfig, createLabStore, nonNumericNote, type LabPool, type LabStore, type Run } from './lab';

let disposers: (() => void)[] = [];
afterEach(() => {
  for (const d of disposers) d();
  disposers = [];
});

async function setup() {
  const engine = await fakeEngine();
  const compute = fakeCompute();
  disposers.push(() => compute.pool.terminate());
  const data = fakeData();
  const recent: RecentFile[] = [];
  const settings = { addRecentFile: async (f: RecentFile) => void recent.push(f) };
  const store = createRoot((dispose) => {
    disposers.push(dispose);
    return createLabStore({ pool: compute.pool, data, engine: engine.client, settings, tickMs: 10 });
  });
  return { store, engine, compute, data, recent };
}

async function settled(run: Run): Promise<void> {
  await expect.poll(() => run.state(), { timeout: 30_000 }).toMatch(/^(done|cancelled|failed)$/);
  await expect.poll(() => run.confusion().status === 'running' || run.confusion().status === 'idle', { timeout: 30_000 }).toBe(run.state() === 'failed');
}

/** The dataset view once the data worker answered for the current dataset and options. */
async function settledView(store: LabStore) {
  await expect.poll(() => store.view().pending).toBeFalsy();
  return store.view();
}

async function withIris(store: LabStore) {
  await store.loadDataset(textFile('iris.csv', irisCsv()));
  expect(store.datasetError()).toBeUndefined();
  await settledView(store);
}

describe('config checking', () => {
  it('lists JSON syntax and every config problem by path', () => {
    const bad = checkConfig('{"modelId": ');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.issues[0].path).toBe('(json)');
    const issues = checkConfig(JSON.stringify({ architecture: { layers: [{ type: 'input' }, { type: 'hidden' }, { type: 'output', activation: 'nope' }] }, training: { learning_rate: -1 } }));
    expect(!issues.ok && issues.issues.map((i) => i.path)).toEqual(['architecture.layers[1].size', 'architecture.layers[2].activation', 'training.learning_rate']);
  });

  it('accepts every preset', async () => {
    const { store } = await setup();
    for (const p of store.presets) {
      store.choosePreset(p.id);
      expect(store.config().ok, p.id).toBe(true);
    }
    store.setConfigText('{}');
    expect(store.presetId()).toBeNull();
  });
});

describe('datasets', () => {
  it('reads CSV and JSON in the data worker, with the counts training will use and the chosen target with its reason', async () => {
    const { store } = await setup();
    await withIris(store);
    expect(store.dataset()).toMatchObject({ name: 'iris.csv', format: 'csv', rows: 150, fields: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species'] });
    const v = (await settledView(store)).value!;
    expect(v.schema.target).toMatchObject({ field: 'species', reason: expect.stringMatching(/last field/) });
    // 30% of each of three classes of 50 held out by the small preset: 15 each.
    expect(v.counts).toEqual({ train: 105, validation: 45, skipped: 0, source: 'split' });
    store.choosePreset('regression');
    await store.loadDataset(textFile('d.json', JSON.stringify({ trainingData: IRIS.slice(0, 100), validationData: IRIS.slice(100) })));
    store.setTarget('sepal_length');
    const json = (await settledView(store)).value!;
    expect(json.counts).toEqual({ train: 100, validation: 50, skipped: 0, source: 'validationData' });
    expect(json.schema.target).toMatchObject({ task: 'regression', reason: 'named by training.target' });
  });

  it('fits the view on the training part only, reports non-numbers in numeric columns, and lets the page choose a column kind', async () => {
    const { store } = await setup();
    // One 'n/a' among numbers: a CSV column of strings, read as numbers with the marker reported.
    const rows = IRIS.map((r, i) => ({ ...r, petal_width: i === 7 ? 'n/a' : r.petal_width }));
    const csv = ['sepal_length,sepal_width,petal_length,petal_width,species', ...rows.map((r) => Object.values(r).join(','))].join('\n');
    await store.loadDataset(textFile('iris-na.csv', csv));
    const v = (await settledView(store)).value!;
    expect(v.schema.features.map((c) => c.kind)).toEqual(['numeric', 'numeric', 'numeric', 'numeric']);
    expect(v.report.columns[3]).toEqual({ field: 'petal_width', kind: 'numeric', source: 'inferred', non_numeric: { count: 1, examples: ['n/a'] } });
    expect(nonNumericNote(v.report.columns[3])).toBe('1 value not a number (e.g. "n/a"): treated as missing');
    store.setKind('petal_width', 'text');
    expect((await settledView(store)).value!.report.columns[3]).toMatchObject({ kind: 'text', source: 'configured' });
    store.setEpochs('3');
    const run = store.startRun()!;
    await settled(run);
    expect(run.result()!.details.configured_kinds).toEqual({ petal_width: 'text' });
    store.setKind('petal_width', null);
    const run2 = store.startRun()!;
    await settled(run2);
    expect(run2.result()!.details.non_numeric_values).toEqual([{ field: 'petal_width', count: 1, examples: ['n/a'] }]);
    expect(run2.metric).toBe('accuracy');
  });

  it('shows a 0/1 numeric target with a softmax output as two classes, as training takes it (details.target_inference)', async () => {
    const { store } = await setup();
    const rows = IRIS.map((r) => `${r.sepal_length},${r.sepal_width},${r.petal_length},${r.petal_width},${r.species === 'setosa' ? 1 : 0}`);
    await store.loadDataset(textFile('setosa.csv', ['sepal_length,sepal_width,petal_length,petal_width,is_setosa', ...rows].join('\n')));
    await expect.poll(() => store.view().value?.schema.target.task).toBe('classification');
    expect(store.view().value!.schema.target.labels).toEqual(['0', '1']);
    expect(store.view().value!.inference.reason).toMatch(/2 distinct whole numbers \(0, 1\) and the output layer is softmax: taken as 2 classes/);
    // The regression preset (linear output) keeps the number.
    store.choosePreset('regression');
    await expect.poll(() => store.view().value?.schema.target.task).toBe('regression');
  });

  it('names the problem in a bad file and keeps the previous dataset', async () => {
    const { store } = await setup();
    await withIris(store);
    await store.loadDataset(textFile('broken.csv', 'a,b\n1,2\n3\n'));
    expect(store.datasetError()).toBe('broken.csv: CSV line 3: 1 fields, the header has 2.');
    await store.loadDataset(textFile('one.json', '{"a": 1, "b": 2}'));
    expect(store.datasetError()).toMatch(/^one\.json: training_data is a single record/);
    await store.loadDataset(textFile('bad.json', '[{"a": 1},'));
    expect(store.datasetError()).toMatch(/^bad\.json is not valid JSON/);
    expect(store.dataset()?.name).toBe('iris.csv');
    // Editing a setting the split does not depend on keeps the fitted view; the split fraction refits it.
    const before = await settledView(store);
    expect(before.value?.counts.validation).toBe(45);
    store.setConfigText(store.configText().replace('"learning_rate": 0.01', '"learning_rate": 0.02'));
    expect(store.view()).toBe(before);
    store.setConfigText(store.configText().replace('"validation_split": 0.3', '"validation_split": 0.2'));
    expect(store.view().pending).toBe(true);
    expect((await settledView(store)).value?.counts.validation).toBe(30);
    // A number that is not a class with a softmax output: the card says why, and which target it is.
    store.setTarget('petal_width');
    const refused = await settledView(store);
    expect(refused.error).toMatch(/^The data or config was refused: data: target 'petal_width' holds numbers that are not whole/);
    expect(refused.target).toEqual({ field: 'petal_width', reason: 'named by training.target' });
    store.choosePreset('regression');
    expect((await settledView(store)).value?.schema.target.task).toBe('regression');
  });

  it('shows progress and the columns while a file streams in, and Cancel keeps the previous dataset', async () => {
    const { store, data } = await setup();
    await withIris(store);
    const lines = ['a,b,c,label'];
    for (let i = 0; i < 120_000; i++) lines.push(`${i % 97},${(i * 7) % 13},${(i * 3) % 11},${i % 2}`);
    const big = textFile('big.csv', lines.join('\n'));
    const seen: { rows: number; fields: string[] | undefined; target: string | undefined }[] = [];
    let cancelled = false;
    data.tap(() => {
      const l = store.loading()!;
      seen.push({ rows: l.progress!.rows, fields: l.preview?.fields, target: l.preview?.view?.schema.target.field });
      if (l.preview?.view && !cancelled) {
        cancelled = true;
        store.cancelLoad();
      }
    });
    await store.loadDataset(big);
    data.tap(undefined);
    expect(cancelled).toBe(true);
    expect(seen.some((p) => p.fields?.join() === 'a,b,c,label' && p.target === 'label' && p.rows < 120_000)).toBe(true);
    expect(store.loading()).toBeUndefined();
    expect(store.datasetError()).toBeUndefined();
    expect(store.datasetNote()).toBe('Reading big.csv was cancelled; still using iris.csv.');
    expect(store.dataset()?.name).toBe('iris.csv');
    expect((await settledView(store)).value?.counts.train).toBe(105);
    // Read to the end, it replaces iris.
    await store.loadDataset(big);
    expect(store.dataset()).toMatchObject({ name: 'big.csv', rows: 120_000 });
    expect((await settledView(store)).value?.schema.target).toMatchObject({ field: 'label', task: 'classification' });
  });
});

describe('training runs', () => {
  it('trains with streamed epochs, measures the confusion matrix on the validation records, and saves the model with its history', async () => {
    const { store, engine, recent } = await setup();
    await withIris(store);
    store.setEpochs('40');
    const run = store.startRun()!;
    expect(run).toBeDefined();
    await settled(run);
    expect(run.state()).toBe('done');
    expect(run.history().map((m) => m.epoch)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const result = run.result()!;
    expect(result).toMatchObject({ success: true, modelId: 'small-classifier', epochs: 40, status: 'completed' });
    expect(result.accuracy).toBeGreaterThan(0.8);
    const c = run.confusion();
    expect(c.status).toBe('done');
    if (c.status !== 'done' || !c.result) throw new Error('no confusion matrix');
    expect(c.result.labels).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(c.result.n).toBe(result.details.validation_records);
    // 30% of each of three classes of 50 held out by the preset's split.
    expect(c.result.matrix.flat().reduce((a, b) => a + b, 0)).toBe(45);
    // Measured again through the compute worker's kernel path: the same accuracy the trainer reported.
    expect(c.result.accuracy).toBeCloseTo(result.accuracy, 6);

    await run.save('iris from the lab');
    expect(run.saving()).toEqual({ status: 'done', result: { modelId: 'small-classifier', version: '1.0.0', historyRows: 40 } });
    expect(engine.calls).toEqual(['model_save', 'model_record_history']);
    const versions = await engine.client.call('model_versions', 'small-classifier');
    expect(versions[0]).toMatchObject({ version: '1.0.0', description: 'iris from the lab', quantized: false, accuracy: result.accuracy, provenance: { source: 'measured', origin: 'trained' } });
    expect(await engine.client.call('model_history', { modelId: 'small-classifier' })).toHaveLength(40);
    expect(recent).toMatchObject([{ kind: 'dataset', name: 'iris.csv', action: 'imported' }]);
  });

  it('runs several at once, stops one, and sends the chosen target and epochs', async () => {
    const { store } = await setup();
    await withIris(store);
    store.setEpochs('300');
    const a = store.startRun()!;
    store.choosePreset('two-layers');
    store.setEpochs('15');
    const b = store.startRun()!;
    expect(store.runs().map((r) => r.id)).toEqual([b.id, a.id]);
    await expect.poll(() => a.history().length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    a.stop();
    await settled(a);
    await settled(b);
    expect(a.state()).toBe('cancelled');
    expect(a.result()?.status).toBe('cancelled');
    expect(a.history().length).toBeLessThan(300);
    expect(b.state()).toBe('done');
    expect(b.history()).toHaveLength(15);

    store.setTarget('petal_width');
    store.choosePreset('regression');
    store.setEpochs('5');
    const r = store.startRun()!;
    await settled(r);
    expect(r.result()?.details).toMatchObject({ target: 'petal_width', task: 'regression' });
    // A regression score is R², and says so.
    expect(r.result()?.metric).toBe('r2');
    expect(r.metric).toBe('r2');
    expect(r.confusion()).toEqual({ status: 'done', result: null });
  });

  it("shows the run's whole history even when its last streamed epochs arrive after the result (another message port)", async () => {
    const { compute, data, engine } = await setup();
    // A pool that settles first and delivers its last streamed epochs afterwards, as comlink's callback port may.
    const late: LabPool = {
      trainPrepared(request, payload, onEpoch) {
        const job = compute.pool.trainPrepared(request, payload);
        const done = job.done.then((res) => {
          res.history.slice(0, -3).forEach((m) => onEpoch?.(m));
          setTimeout(() => res.history.slice(-3).forEach((m) => onEpoch?.(m)), 20);
          return res;
        });
        return { ...job, done };
      },
    };
    const lateStore = createRoot((dispose) => {
      disposers.push(dispose);
      return createLabStore({ pool: late, data, engine: engine.client, settings: { addRecentFile: async () => undefined }, tickMs: 10 });
    });
    await withIris(lateStore);
    lateStore.setEpochs('12');
    const run = lateStore.startRun()!;
    await settled(run);
    expect(run.history().map((m) => m.epoch)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    await new Promise((r) => setTimeout(r, 60));
    expect(run.history().map((m) => m.epoch)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('says a run stopped before its first epoch finished was stopped, not refused', async () => {
    const { data, engine } = await setup();
    // As the pool ends such a job: cancelled, and rejected by core's training (no epoch, so no model).
    const pool: LabPool = {
      trainPrepared() {
        let state: 'running' | 'cancelled' = 'running';
        let reject!: (e: unknown) => void;
        const done = new Promise<never>((_, r) => (reject = r));
        const cancel = () => {
          state = 'cancelled';
          reject(Object.assign(new Error('training was cancelled before the first epoch finished'), { name: 'TrainingError', field: 'epochs' }));
        };
        return { id: 'j', state: () => state, done, cancel };
      },
    };
    const store = createRoot((dispose) => {
      disposers.push(dispose);
      return createLabStore({ pool, data, engine: engine.client, settings: { addRecentFile: async () => undefined }, tickMs: 10 });
    });
    await withIris(store);
    const run = store.startRun()!;
    run.stop();
    await expect.poll(() => run.state()).toBe('cancelled');
    expect([run.state(), run.error()]).toEqual(['cancelled', 'Training was cancelled before the first epoch finished.']);
  });

  it('refuses to start without a dataset or with a bad config, and shows training errors', async () => {
    const { store } = await setup();
    expect(store.startRun()).toBeUndefined();
    expect(store.startError()).toBe('Choose a dataset first.');
    await withIris(store);
    store.setConfigText('{"architecture": 3}');
    expect(store.startRun()).toBeUndefined();
    expect(store.startError()).toMatch(/^The config has 1 problem/);
    store.choosePreset('reference');
    const run = store.startRun()!;
    await settled(run);
    expect(run.state()).toBe('failed');
    expect(run.error()).toMatch(/architecture\.layers\[0\]\.size is 128 but the data has 4 features/);
    store.choosePreset('small');
    store.setConfigText(store.configText().replace('"learning_rate": 0.01', '"learning_rate": 9'));
    store.setEpochs('50');
    const diverged = store.startRun()!;
    await settled(diverged);
    // A huge learning rate either diverges (named) or trains badly; it never passes silently as a good model.
    if (diverged.state() === 'failed') expect(diverged.error()).toMatch(/^Training diverged/);
    else expect(diverged.result()!.accuracy).toBeLessThan(0.99);
  });
});
