// The ONNX export runs in onnxruntime-web under node and gives the same outputs as our own inference within 1e-4 (float and int8 models).
import { irisRecords } from '../datasets/iris.fixture';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { referencePort } from '../../kernel/reference/mlp';
import { parseModelConfig } from '../models/config';
import { encodeRecords } from '../models/featurizer';
import { forwardF32, forwardInt8, quantizeParams } from '../nn/forward';
import type { ParamList } from '../nn/port';
import { train } from '../training/train';
import type { ModelArtifact } from './clf';
import { exportOnnx, ONNX_INPUT, ONNX_OUTPUT } from './onnx';

const iris = irisRecords();

let model: ModelArtifact;
let params: ParamList;
let x: Float32Array;
let n: number;

beforeAll(async () => {
  ort.env.wasm.numThreads = 1;
  const config = parseModelConfig({
    modelId: 'iris-onnx',
    architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 12, activation: 'tanh' }, { type: 'hidden', size: 8, activation: 'leaky_relu' }, { type: 'output', activation: 'softmax' }] },
    training: { target: 'species', learning_rate: 0.02, epochs: 30, seed: 5 },
  });
  const out = await train(referencePort, config, { trainingData: iris }, { now: () => 0 });
  params = out.params;
  model = { config, spec: out.spec, schema: out.schema, weights: { kind: 'f32', params }, metrics: {}, examples: [] };
  const enc = encodeRecords(out.schema, iris);
  x = enc.x;
  n = enc.n;
});

async function runOnnx(bytes: Uint8Array): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  const result = await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', x, [n, model.spec.layers[0].size]) });
  await session.release();
  return result[ONNX_OUTPUT].data as Float32Array;
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('ONNX export', () => {
  it('matches our float inference within 1e-4 in onnxruntime-web', async () => {
    const got = await runOnnx(exportOnnx(model));
    expect(maxDiff(got, forwardF32(model.spec, params, x, n))).toBeLessThan(1e-4);
  });

  it('exports an int8 model dequantized; onnxruntime agrees with the dequantized float network', async () => {
    const layers = quantizeParams(model.spec, params);
    const q: ModelArtifact = { ...model, weights: { kind: 'int8', layers } };
    const got = await runOnnx(exportOnnx(q));
    const deq = layers.flatMap((l, i) => {
      const [nIn, nOut] = [model.spec.layers[i].size, model.spec.layers[i + 1].size];
      const w = new Float32Array(nIn * nOut);
      for (let j = 0; j < nOut; j++) for (let p = 0; p < nIn; p++) w[p * nOut + j] = l.w[j * nIn + p] * l.scales[j];
      return [w, l.bias];
    });
    expect(maxDiff(got, forwardF32(model.spec, deq, x, n))).toBeLessThan(1e-4);
    // The int8 path also quantizes activations, so it differs a little more from the exported float graph.
    expect(maxDiff(got, forwardInt8(model.spec, layers, x, n))).toBeLessThan(0.05);
  });
});
