// Measures how far onnxruntime's run of an int8 ONNX export lands from our int8 inference over 20,000 random rows per network; `npm run measure -- onnx` prints, never asserts, the figures.
import * as ort from 'onnxruntime-web';
import { describe, it } from 'vitest';
import { irisRecords } from '../datasets/iris.fixture';
import { createWasmPort } from '../../kernel/js/network';
import { loadKernelNode } from '../../kernel/js/node';
import { referencePort } from '../../kernel/reference/mlp';
import { loadOnKernel } from '../../workers/compute/model-runtime';
import { parseModelConfig } from '../models/config';
import { forwardInt8, quantizeParams } from '../nn/forward';
import { createRng } from '../random';
import { train } from '../training/train';
import type { ModelArtifact } from './clf';
import { exportOnnx, ONNX_INPUT, ONNX_OUTPUT } from './onnx';

const ROWS = 20_000;
const NETS: { size: number; activation: string }[][] = [
  [{ size: 12, activation: 'relu' }, { size: 8, activation: 'leaky_relu' }],
  [{ size: 64, activation: 'relu' }],
  [{ size: 10, activation: 'tanh' }, { size: 6, activation: 'sigmoid' }],
  [{ size: 32, activation: 'leaky_relu' }, { size: 32, activation: 'linear' }],
];

function compare(a: Float32Array, b: Float32Array): string {
  let max = 0;
  let differing = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (d > 0) differing++;
    max = Math.max(max, d);
  }
  return `max |Δ| ${max.toExponential(2)}, ${differing} of ${a.length} outputs differ`;
}

describe('int8 ONNX export against our int8 inference', () => {
  it(`${ROWS} random rows per network`, async () => {
    ort.env.wasm.numThreads = 1;
    const kernel = await loadKernelNode('simd');
    for (const hidden of NETS) {
      const config = parseModelConfig({
        modelId: 'measure',
        architecture: { layers: [{ type: 'input' }, ...hidden.map((h) => ({ type: 'hidden', ...h })), { type: 'output', activation: 'softmax' }] },
        training: { target: 'species', learning_rate: 0.02, epochs: 30, seed: 7 },
      });
      const out = await train(referencePort, config, { trainingData: irisRecords() }, { now: () => 0 });
      const layers = quantizeParams(out.spec, out.params);
      const model: ModelArtifact = { config, spec: out.spec, schema: out.schema, weights: { kind: 'int8', layers }, metrics: {}, examples: [] };
      const width = out.spec.layers[0].size;
      const rng = createRng(3);
      const x = new Float32Array(ROWS * width);
      for (let i = 0; i < x.length; i++) x[i] = rng.normal() * (i % 5 === 0 ? 30 : 1);
      const session = await ort.InferenceSession.create(exportOnnx(model), { executionProviders: ['wasm'] });
      const onnx = (await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', x, [ROWS, width]) }))[ONNX_OUTPUT].data as Float32Array;
      await session.release();
      const loaded = loadOnKernel(kernel, createWasmPort(kernel), model);
      const onKernel = loaded.infer(x, ROWS);
      loaded.dispose();
      const name = hidden.map((h) => `${h.size} ${h.activation}`).join(' → ');
      console.log(`${name}: ONNX vs forwardInt8 ${compare(onnx, forwardInt8(out.spec, layers, x, ROWS))}; ONNX vs kernel (${kernel.flavor}) ${compare(onnx, onKernel)}`);
    }
  });
});
