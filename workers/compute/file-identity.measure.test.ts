// Measures the compute worker's cache identity (sha256 of the model file through crypto.subtle), paid on every predict; `npm run measure -- file-identity` prints, never asserts, timings.
import { describe, it } from 'vitest';
import { irisRecords } from '../../core/datasets/iris.fixture';
import { loadKernelNode } from '../../kernel/js/node';
import { createModelsApi, fileIdentity } from './models-api';

async function perCall(bytes: Uint8Array, runs: number): Promise<number> {
  for (let i = 0; i < 20; i++) await fileIdentity(bytes);
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) await fileIdentity(bytes);
  return ((performance.now() - t0) * 1000) / runs;
}

describe('file identity', () => {
  it('sha256 of an iris model file, and of 1 MiB and 16 MiB', async () => {
    const api = createModelsApi({ kernel: () => loadKernelNode(), now: () => performance.now(), wallClock: () => Date.now(), yieldToEvents: async () => {} });
    const config = { modelId: 'iris', architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 16, activation: 'relu' }, { type: 'output', activation: 'softmax' }] }, training: { target: 'species', epochs: 5 } };
    const { file } = await api.neural_train({ jobId: 'm', config, training_data: irisRecords() });
    const record = [{ sepal_length: 5, sepal_width: 3.4, petal_length: 1.5, petal_width: 0.2 }];
    await api.neural_predict_batch('iris@1.0.0', file, record);
    const t0 = performance.now();
    for (let i = 0; i < 2000; i++) await api.neural_predict_batch('iris@1.0.0', file, record, 9, [[]]);
    const predict = ((performance.now() - t0) * 1000) / 2000;
    console.log(`iris model file (${file.length} bytes): ${(await perCall(file, 5000)).toFixed(1)} µs per hash; a cached one-record predict, hash included: ${predict.toFixed(1)} µs`);
    for (const mib of [1, 16]) {
      const bytes = new Uint8Array(mib << 20).map((_, i) => i * 31);
      console.log(`${mib} MiB: ${(await perCall(bytes, mib === 1 ? 200 : 20)).toFixed(0)} µs per hash`);
    }
  });
});
