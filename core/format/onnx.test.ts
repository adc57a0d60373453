// The ONNX export runs in onnxruntime-web under node and gives our own outputs: float models within 1e-4, int8 models as our int8 inference computes them (forwardInt8 and the kernel's int8 path), ties included.
import { irisRecords } from '../datasets/iris.fixture';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { createWasmPort } from '../../kernel/js/network';
import { loadKernelNode } from '../../kernel/js/node';
import { referencePort } from '../../kernel/reference/mlp';
import { loadOnKernel } from '../../workers/compute/model-runtime';
import { parseModelConfig } from '../models/config';
import { encodeRecords } from '../models/featurizer';
import { forwardF32, forwardInt8, quantizeParams } from '../nn/forward';
import type { NetworkSpec } from '../nn/spec';
import { createRng, uniformArray } from '../random';
import { train } from '../training/train';
import type { ModelArtifact } from './clf';
import { exportOnnx, INT8_EXPORT_NOTE, ONNX_INPUT, ONNX_OUTPUT } from './onnx';

const iris = irisRecords();

async function trained(hidden: { size: number; activation: string }[], seed: number): Promise<{ model: ModelArtifact; x: Float32Array; n: number }> {
  const config = parseModelConfig({
    modelId: 'iris-onnx',
    architecture: { layers: [{ type: 'input' }, ...hidden.map((h) => ({ type: 'hidden', ...h })), { type: 'output', activation: 'softmax' }] },
    training: { target: 'species', learning_rate: 0.02, epochs: 30, seed },
  });
  const out = await train(referencePort, config, { trainingData: iris }, { now: () => 0 });
  const model: ModelArtifact = { config, spec: out.spec, schema: out.schema, weights: { kind: 'f32', params: out.params }, metrics: {}, examples: [] };
  const { x, n } = encodeRecords(out.schema, iris);
  return { model, x, n };
}

function quantized(model: ModelArtifact): ModelArtifact {
  if (model.weights.kind !== 'f32') throw new Error('already int8');
  return { ...model, weights: { kind: 'int8', layers: quantizeParams(model.spec, model.weights.params) } };
}

async function runOnnx(bytes: Uint8Array, x: Float32Array, n: number, width: number, graphOptimizationLevel: 'all' | 'disabled' = 'all'): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel });
  const result = await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', x, [n, width]) });
  await session.release();
  return result[ONNX_OUTPUT].data as Float32Array;
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** The fraction of rows whose every output is within tol. */
function rowsWithin(a: Float32Array, b: Float32Array, n: number, tol: number): number {
  const k = a.length / n;
  let ok = 0;
  for (let i = 0; i < n; i++) {
    let row = true;
    for (let j = 0; j < k; j++) if (Math.abs(a[i * k + j] - b[i * k + j]) > tol) row = false;
    if (row) ok++;
  }
  return ok / n;
}

/** Our int8 inference both ways: the plain-TS forwardInt8 and the kernel's int8 layers (the compute worker's path). */
async function ours(model: ModelArtifact, x: Float32Array, n: number): Promise<{ plain: Float32Array; kernel: Float32Array }> {
  if (model.weights.kind !== 'int8') throw new Error('int8 only');
  const kernel = await loadKernelNode('simd');
  const loaded = loadOnKernel(kernel, createWasmPort(kernel), model);
  try {
    return { plain: forwardInt8(model.spec, model.weights.layers, x, n), kernel: loaded.infer(x, n) };
  } finally {
    loaded.dispose();
  }
}

/** n rows of width values: standard normal, some scaled far up or down, one all zero. */
function randomRows(n: number, width: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const x = new Float32Array(n * width);
  for (let r = 0; r < n; r++) {
    const scale = r % 7 === 0 ? 1e3 : r % 11 === 0 ? 1e-3 : 1;
    for (let c = 0; c < width; c++) x[r * width + c] = r === 3 ? 0 : rng.normal() * scale;
  }
  return x;
}

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
});

describe('ONNX export, float models', () => {
  it('matches our float inference within 1e-4 in onnxruntime-web', async () => {
    const { model, x, n } = await trained([{ size: 12, activation: 'tanh' }, { size: 8, activation: 'leaky_relu' }], 5);
    const got = await runOnnx(exportOnnx(model), x, n, model.spec.layers[0].size);
    expect(maxDiff(got, forwardF32(model.spec, (model.weights as { params: Float32Array[] }).params, x, n))).toBeLessThan(1e-4);
  });
});

describe('ONNX export, int8 models', () => {
  const nets: [string, { size: number; activation: string }[]][] = [
    ['relu → leaky_relu', [{ size: 12, activation: 'relu' }, { size: 8, activation: 'leaky_relu' }]],
    ['wide relu', [{ size: 64, activation: 'relu' }]],
    ['tanh → sigmoid', [{ size: 10, activation: 'tanh' }, { size: 6, activation: 'sigmoid' }]],
  ];
  for (const [name, hidden] of nets) {
    it(`${name}: onnxruntime gives our int8 outputs within 1e-4 on iris and on random rows (default and no graph optimization; after tanh/sigmoid, ≥ 99% of rows)`, async () => {
      const base = await trained(hidden, 7);
      const smooth = hidden.some((l) => l.activation === 'tanh' || l.activation === 'sigmoid');
      const model = quantized(base.model);
      const width = model.spec.layers[0].size;
      const bytes = exportOnnx(model);
      for (const [x, n] of [[base.x, base.n], [randomRows(400, width, 11), 400]] as const) {
        const { plain, kernel } = await ours(model, x, n);
        for (const level of ['all', 'disabled'] as const) {
          const got = await runOnnx(bytes, x, n, width, level);
          if (!smooth) {
            expect(maxDiff(got, plain)).toBeLessThanOrEqual(1e-4);
            expect(maxDiff(got, kernel)).toBeLessThanOrEqual(1e-4);
            continue;
          }
          // tanh/sigmoid are the runtime's own: an ulp apart, a value on a rounding boundary of the next layer's int8
          // code moves it by one step (INT8_EXPORT_NOTE says so). Nearly every row still agrees within 1e-4, and no
          // row by more than one such step makes.
          for (const mine of [plain, kernel]) {
            expect(rowsWithin(got, mine, n, 1e-4)).toBeGreaterThanOrEqual(0.99);
            expect(maxDiff(got, mine)).toBeLessThanOrEqual(5e-3);
          }
        }
      }
    });
  }

  it('rounds ties half to even, handles zero rows and subnormal maxima as our int8 path does', async () => {
    // One input-width-8 layer of hand-made weights, identity-like so every activation code shows in the output.
    const spec: NetworkSpec = { layers: [{ size: 8, activation: 'linear' }, { size: 8, activation: 'linear' }], loss: 'mse', optimizer: { type: 'sgd', learningRate: 0.1 } };
    const w = new Float32Array(64);
    for (let i = 0; i < 8; i++) w[i * 8 + i] = 1;
    const layers = quantizeParams(spec, [w, new Float32Array(8)]);
    // Rows whose max is 127 scale by exactly 1: x·1 lands on .5 ties (half-away-from-zero rounding would give 1, 3, -1, -3, 127).
    const rows = [
      [127, 0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 126.5],
      [-127, 3.5, 4.5, -3.5, -4.5, 0.49999997, 100.5, 101.5],
      [0, 0, 0, 0, 0, 0, 0, 0],
      [1e-40, -1e-40, 5e-41, 0, 0, 0, 0, 0],
    ];
    const x = new Float32Array(rows.flat());
    const model: ModelArtifact = {
      config: parseModelConfig({ modelId: 'ties', architecture: { layers: [{ type: 'input', size: 8 }, { type: 'output', size: 8, activation: 'linear' }] } }),
      spec,
      schema: (await trained([{ size: 2, activation: 'relu' }], 1)).model.schema,
      weights: { kind: 'int8', layers },
      metrics: {},
      examples: [],
    };
    const got = await runOnnx(exportOnnx(model), x, rows.length, 8);
    const plain = forwardInt8(spec, layers, x, rows.length);
    expect(Array.from(got)).toEqual(Array.from(plain));
    // The row scale is 1 and each weight is 127 codes of 1/127, so the outputs are the input codes: 0.5 → 0, 1.5 → 2, 2.5 → 2, 126.5 → 126.
    expect(Array.from(got.subarray(0, 16)).map((v) => Math.round(v) + 0)).toEqual([127, 0, 2, 2, 0, -2, -2, 126, -127, 4, 4, -4, -4, 0, 100, 102]);
    expect(Array.from(got.subarray(16, 24))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(got.every(Number.isFinite)).toBe(true);
  });

  it('a 1,500-wide input: int32 sums past float32\'s exact integers still match', async () => {
    const width = 1500;
    const spec: NetworkSpec = { layers: [{ size: width, activation: 'linear' }, { size: 8, activation: 'relu' }, { size: 3, activation: 'softmax' }], loss: 'softmax_cross_entropy', optimizer: { type: 'sgd', learningRate: 0.1 } };
    const params = [uniformArray(width * 8, 1), uniformArray(8, 2), uniformArray(24, 3), uniformArray(3, 4)];
    const base = await trained([{ size: 2, activation: 'relu' }], 1);
    const model: ModelArtifact = { ...base.model, spec, weights: { kind: 'int8', layers: quantizeParams(spec, params) } };
    // Same-signed inputs and weights of one sign make the sums large (up to 1500·127·127 ≈ 2.4e7 > 2^24).
    const x = randomRows(50, width, 5).map((v, i) => (i % 3 === 0 ? Math.abs(v) : v));
    const got = await runOnnx(exportOnnx(model), x, 50, width);
    const { plain, kernel } = await ours(model, x, 50);
    expect(maxDiff(got, plain)).toBeLessThanOrEqual(1e-4);
    expect(maxDiff(got, kernel)).toBeLessThanOrEqual(1e-4);
  });

  it('says what it computes in the doc string', async () => {
    const { model } = await trained([{ size: 4, activation: 'relu' }], 3);
    const text = new TextDecoder().decode(exportOnnx(quantized(model)));
    expect(text).toContain(INT8_EXPORT_NOTE);
  });
});
