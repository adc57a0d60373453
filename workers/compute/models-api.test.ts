// The compute worker's model functions in node on the real kernel: streamed epochs, cancel, cached predictions, quantization measured on the kernel.
import { irisRecords } from '../../core/datasets/iris.fixture';
import { describe, expect, it } from 'vitest';
import { decodeClf } from '../../core/format/clf';
import { loadKernelNode } from '../../kernel/js/node';
import { parseModelConfig } from '../../core/models/config';
import { prepareOptionsOf } from '../../core/training/train';
import { createDataApi, transferables } from '../data/data-api';
import { createModelsApi } from './models-api';

const iris = irisRecords();
const config = {
  modelId: 'iris-worker',
  architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 16, activation: 'relu' }, { type: 'output', activation: 'softmax' }] },
  training: { target: 'species', learning_rate: 0.01, batch_size: 16, epochs: 100, validation_split: 0.3, seed: 42 },
};

function api() {
  return createModelsApi({ kernel: () => loadKernelNode(), now: () => performance.now(), wallClock: () => Date.now(), yieldToEvents: () => new Promise((r) => setTimeout(r, 0)) });
}

describe('models api', () => {
  it('trains with streamed epochs, then predicts from the cache and quantizes with kernel-measured accuracy', async () => {
    const m = api();
    const epochs: number[] = [];
    const res = await m.neural_train({ jobId: 'j1', config, training_data: { trainingData: iris } }, (e) => epochs.push(e.epoch));
    expect(epochs).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(res.result.accuracy).toBeGreaterThanOrEqual(0.93);
    expect(res.kernel).toMatch(/^wasm-/);
    expect(decodeClf(res.file).config.modelId).toBe('iris-worker');

    const { predictions, path } = await m.neural_predict_batch('iris-worker@1', res.file, [{ sepal_length: 5.0, sepal_width: 3.4, petal_length: 1.5, petal_width: 0.2 }, { sepal_length: 6.9, sepal_width: 3.1, petal_length: 5.4, petal_width: 2.1 }]);
    expect(predictions.map((p) => p.prediction)).toEqual(['setosa', 'virginica']);
    expect(path).toMatch(/^wasm-/);
    await m.neural_predict_batch('iris-worker@1', res.file, [{ sepal_length: 5, sepal_width: 3, petal_length: 1, petal_width: 0 }]);
    expect(m.modelCacheStats()).toMatchObject({ models: 1, hits: 1, misses: 1 });

    const q = await m.neural_quantize(res.file, iris.slice(0, 60));
    expect(q.result.accuracy_before).not.toBeNull();
    expect(q.result.accuracy_after! - q.result.accuracy_before!).toBeGreaterThan(-0.05);
    const qp = await m.neural_predict_batch('iris-worker@1q', q.file, [{ sepal_length: 6.9, sepal_width: 3.1, petal_length: 5.4, petal_width: 2.1 }]);
    expect(qp.path).toMatch(/-int8$/);
    expect(qp.predictions[0].prediction).toBe('virginica');

    // Overflowing outputs on the kernel paths (float and int8) are a typed error, never null probabilities.
    const huge = [{ sepal_length: 3e38, sepal_width: -3e38, petal_length: 3e38, petal_width: 3e38 }];
    await expect(m.neural_predict_batch('iris-worker@1', res.file, huge)).rejects.toMatchObject({ name: 'NonFiniteOutputError' });
    await expect(m.neural_predict_batch('iris-worker@1q', q.file, huge)).rejects.toMatchObject({ name: 'NonFiniteOutputError' });
  });

  it('stops a job when cancelled and says so in the result', async () => {
    const m = api();
    let seen = 0;
    const res = await m.neural_train({ jobId: 'j2', config, training_data: { trainingData: iris } }, () => {
      seen++;
      if (seen === 3) expect(m.cancelTraining('j2')).toBe(true);
    });
    expect(res.result.status).toBe('cancelled');
    expect(res.history).toHaveLength(3);
    expect(m.cancelTraining('j2')).toBe(false);
  });

  it('fine-tunes a saved model with frozen layers as a cancellable job (transfer_learn in the browser)', async () => {
    const m = api();
    const source = await m.neural_train({ jobId: 'f0', config, training_data: { trainingData: iris } });
    const swapped = iris.map((r) => ({ ...r, species: r.species === 'setosa' ? 'virginica' : r.species === 'virginica' ? 'setosa' : r.species }));
    const epochs: number[] = [];
    const tuned = await m.neural_fine_tune({ jobId: 'f1', file: source.file, data: { trainingData: swapped }, options: { source: 'iris-worker@1.0.0', epochs: 80, learning_rate: 0.05 } }, (e) => epochs.push(e.epoch));
    expect(tuned.result).toMatchObject({ sourceModel: 'iris-worker@1.0.0', status: 'completed', transfer_results: { frozen_layers: [1], trained_layers: [2] } });
    expect(tuned.result.transfer_results.accuracy_before).toBeLessThan(0.5);
    expect(tuned.result.transfer_results.accuracy_after).toBeGreaterThan(0.85);
    expect(tuned.kernel).toMatch(/^wasm-/);
    expect(tuned.history.map((h) => h.epoch)).toEqual(epochs);
    const [a, b] = [decodeClf(source.file).weights, decodeClf(tuned.file).weights];
    if (a.kind !== 'f32' || b.kind !== 'f32') throw new Error('float weights expected');
    expect(b.params[0]).toEqual(a.params[0]);
    expect(b.params[2]).not.toEqual(a.params[2]);
    let seen = 0;
    const stopped = await m.neural_fine_tune({ jobId: 'f2', file: source.file, data: { trainingData: swapped }, options: { source: 'iris-worker@1.0.0', epochs: 80 } }, () => {
      if (++seen === 2) expect(m.cancelTraining('f2')).toBe(true);
    });
    expect([stopped.result.status, stopped.history.length]).toEqual(['cancelled', 2]);
    await expect(m.neural_fine_tune({ jobId: 'f3', file: source.file, data: { trainingData: swapped }, options: { source: 'iris-worker@1.0.0', epochs: 5, freeze_layers: [1, 2] } })).rejects.toThrow(/nothing would be trained/);
  });

  it('answers with the weights of the file it is given, never a cached model that had the same name, and forgets deleted models', async () => {
    const m = api();
    const setosa = { sepal_length: 5.0, sepal_width: 3.4, petal_length: 1.5, petal_width: 0.2 };
    const first = await m.neural_train({ jobId: 'j4', config: { ...config, training: { ...config.training, epochs: 40 } }, training_data: { trainingData: iris } });
    expect((await m.neural_predict_batch('iris-worker@1.0.0', first.file, [setosa])).predictions[0].prediction).toBe('setosa');
    // Deleted, then a different model saved under the same id (and, were numbers reused, the same version).
    const renamed = iris.map((r) => ({ ...r, species: `kind-${String(r.species).slice(0, 3)}` }));
    const second = await m.neural_train({ jobId: 'j5', config: { ...config, training: { ...config.training, epochs: 40 } }, training_data: { trainingData: renamed } });
    expect((await m.neural_predict_batch('iris-worker@1.0.0', second.file, [setosa])).predictions[0].prediction).toBe('kind-set');
    // The same bytes under another name (a copy saved under another id) share one loaded model.
    expect(Array.from(await m.infer('iris-worker@1.0.0', first.file, [setosa]))).toEqual(Array.from(await m.infer('copy@1.0.0', first.file, [setosa])));
    expect(m.modelCacheStats()).toMatchObject({ models: 2, misses: 2, hits: 2 });

    // Deleting a version or a model unloads what was loaded under its name, unless another name still uses it.
    expect(m.forgetModels([{ modelId: 'iris-worker', version: '9.9.9' }])).toBe(0);
    expect(m.forgetModels([{ modelId: 'iris-worker', version: null }])).toBe(1);
    expect(m.modelCacheStats().models).toBe(1);
    expect(m.forgetModels([{ modelId: 'copy', version: '1.0.0' }])).toBe(1);
    expect(m.modelCacheStats().models).toBe(0);
  });

  it('trains on data prepared by the data worker (buffers transferred) to the same weights as on the records, with the confusion matrix measured on the kernel', async () => {
    const m = api();
    const data = createDataApi({ now: () => performance.now(), budget: () => ({ bytes: 1e9, source: 'test' }) });
    const csv = ['sepal_length,sepal_width,petal_length,petal_width,species', ...iris.map((r) => Object.values(r).join(','))].join('\n');
    const { id } = await data.load(new Blob([csv]), 'iris.csv', prepareOptionsOf(parseModelConfig(config)));
    const run = data.prepare(id, prepareOptionsOf(parseModelConfig(config)));
    // As postMessage delivers it with the buffers in the transfer list: moved, not copied.
    const moved = structuredClone(run, { transfer: transferables(run) });
    expect(run.prepared.train.x.length).toBe(0);
    const epochs: number[] = [];
    const res = await m.neural_train_prepared({ jobId: 'p1', config, epochs: 30, ...moved }, (e) => epochs.push(e.epoch));
    const ref = await m.neural_train({ jobId: 'p2', config, training_data: { trainingData: iris }, epochs: 30 });
    expect(epochs).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const [a, b] = [decodeClf(res.file), decodeClf(ref.file)];
    expect(a.weights).toEqual(b.weights);
    expect(a.schema).toEqual(b.schema);
    expect(res.result.accuracy).toBe(ref.result.accuracy);
    expect(res.result.details).toEqual(ref.result.details);
    expect(a.examples.length).toBe(b.examples.length);
    expect(res.confusion).toMatchObject({ labels: ['setosa', 'versicolor', 'virginica'], n: 45 });
    expect(res.confusion!.matrix.flat().reduce((x, y) => x + y, 0)).toBe(45);
    expect(res.confusion!.accuracy).toBeCloseTo(res.result.accuracy, 6);
    expect(m.cancelTraining('p1')).toBe(false);
  });

  it('finds every kind of job for a cancel sent right after the request, while the kernel still loads', async () => {
    const source = await api().neural_train({ jobId: 'c0', config: { ...config, training: { ...config.training, epochs: 5 } }, training_data: { trainingData: iris } });
    const data = createDataApi({ now: () => performance.now(), budget: () => ({ bytes: 1e9, source: 'test' }) });
    const csv = ['sepal_length,sepal_width,petal_length,petal_width,species', ...iris.map((r) => Object.values(r).join(','))].join('\n');
    const options = prepareOptionsOf(parseModelConfig(config));
    const { id } = await data.load(new Blob([csv]), 'iris.csv', options);
    // A kernel that takes a while to load: the cancel arrives during each job's first await.
    const m = createModelsApi({ kernel: () => new Promise((r) => setTimeout(r, 20)).then(() => loadKernelNode()), now: () => performance.now(), wallClock: () => Date.now(), yieldToEvents: () => new Promise((r) => setTimeout(r, 0)) });
    const starts: [string, () => Promise<unknown>][] = [
      ['c1', () => m.neural_train({ jobId: 'c1', config, training_data: { trainingData: iris } })],
      ['c2', () => m.neural_train_prepared({ jobId: 'c2', config, epochs: 30, ...data.prepare(id, options) })],
      ['c3', () => m.neural_fine_tune({ jobId: 'c3', file: source.file, data: { trainingData: iris }, options: { source: 'iris-worker@1.0.0', epochs: 30 } })],
    ];
    for (const [jobId, start] of starts) {
      const done = start();
      expect(m.cancelTraining(jobId), jobId).toBe(true);
      // Stopped before its first epoch: no model to return (core's runEpochs), and the job is gone.
      await expect(done, jobId).rejects.toMatchObject({ name: 'TrainingError', message: expect.stringMatching(/cancelled before the first epoch/) });
      expect(m.cancelTraining(jobId), jobId).toBe(false);
    }
  });

  it('names bad requests', async () => {
    const m = api();
    await expect(m.neural_train({ jobId: 'j3', training_data: iris })).rejects.toThrow(/pattern_type is required/);
    await expect(m.neural_train({ jobId: 'j3', pattern_type: 'prediction', training_data: { one: 1 } })).rejects.toThrow(/single record/);
  });
});
