// The quantized-inference case: the reference's example network (128 → 64 relu → 32 relu → 10 softmax), seeded weights, int8 per output channel.
import type { ModelArtifact } from '../../core/format/clf';
import { parseModelConfig } from '../../core/models/config';
import type { FeatureSchema } from '../../core/models/featurizer';
import { forwardInt8, quantizeParams, weightBytes } from '../../core/nn/forward';
import { initParams } from '../../core/nn/init';
import type { NetworkSpec } from '../../core/nn/spec';
import { uniformArray } from '../../core/random';
import type { MlpCase } from '../../workers/compute/bench/peer';

export const QUANT_LAYERS = [128, 64, 32, 10];
export const QUANT_ROWS = 1024;
// Fixed seeds: every contestant and every run sees the same weights and rows.
const SEED_WEIGHTS = 41;
const SEED_X = 42;

export const QUANT_SPEC: NetworkSpec = {
  layers: [
    { size: QUANT_LAYERS[0], activation: 'linear' },
    { size: QUANT_LAYERS[1], activation: 'relu' },
    { size: QUANT_LAYERS[2], activation: 'relu' },
    { size: QUANT_LAYERS[3], activation: 'softmax' },
  ],
  loss: 'softmax_cross_entropy',
  optimizer: { type: 'adam', learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
};

export interface QuantCase {
  /** The float network and the batch, as an MlpCase (what the tfjs peer's prepareMlp takes; y is unused zeros). */
  mlp: MlpCase;
  /** The same network as model artifacts, float and int8 (what the compute worker loads with loadOnKernel). */
  float: ModelArtifact;
  int8: ModelArtifact;
  weightBytes: { float: number; int8: number };
}

/** A schema for 128 numeric inputs (already standardised) and 10 classes: the artifact's metadata, unused by inference. */
function schemaFor(inputs: number, classes: number): FeatureSchema {
  return {
    version: 1,
    features: Array.from({ length: inputs }, (_, i) => ({ kind: 'numeric' as const, field: `x${i}`, mean: 0, std: 1, missingFlag: false })),
    target: { field: 'class', task: 'classification', labels: Array.from({ length: classes }, (_, i) => `c${i}`), mean: 0, std: 1, reason: 'named by training.target' },
    width: inputs,
  };
}

export function quantCase(): QuantCase {
  const [inputs, h1, h2, classes] = QUANT_LAYERS;
  const params = initParams(QUANT_SPEC, SEED_WEIGHTS);
  const config = parseModelConfig({
    modelId: 'bench-128-64-32-10',
    type: 'classifier',
    architecture: { layers: [{ type: 'input', size: inputs }, { type: 'hidden', size: h1, activation: 'relu' }, { type: 'hidden', size: h2, activation: 'relu' }, { type: 'output', size: classes, activation: 'softmax' }] },
    training: { target: 'class', seed: SEED_WEIGHTS },
  });
  const float: ModelArtifact = { config, spec: QUANT_SPEC, schema: schemaFor(inputs, classes), weights: { kind: 'f32', params }, metrics: {}, examples: [] };
  const int8: ModelArtifact = { ...float, weights: { kind: 'int8', layers: quantizeParams(QUANT_SPEC, params) } };
  return {
    mlp: {
      spec: QUANT_SPEC, seed: SEED_WEIGHTS, params,
      x: uniformArray(QUANT_ROWS * inputs, SEED_X),
      y: new Float32Array(QUANT_ROWS * classes),
      samples: QUANT_ROWS, batch: QUANT_ROWS,
    },
    float, int8,
    weightBytes: { float: weightBytes(QUANT_SPEC, false), int8: weightBytes(QUANT_SPEC, true) },
  };
}

/** The plain-JS int8 path: core's forwardInt8 (quantize each layer's input rows, integer dot products, rescale). */
export function plainInt8(c: QuantCase, rows: number): Float32Array {
  if (c.int8.weights.kind !== 'int8') throw new Error('plainInt8: float weights');
  return forwardInt8(c.int8.spec, c.int8.weights.layers, c.mlp.x.subarray(0, rows * c.mlp.spec.layers[0].size), rows);
}

/** Largest |a − b| and the fraction of rows whose arg-max (predicted class) agrees. */
export function outputAgreement(a: Float32Array, b: Float32Array, cols: number): { maxAbsDiff: number; argmaxAgreement: number } {
  if (a.length !== b.length || a.length % cols !== 0) throw new RangeError(`outputAgreement: lengths ${a.length} and ${b.length} for ${cols} columns`);
  let d = 0;
  let same = 0;
  const rows = a.length / cols;
  for (let r = 0; r < rows; r++) {
    let ia = 0;
    let ib = 0;
    for (let j = 0; j < cols; j++) {
      const i = r * cols + j;
      d = Math.max(d, Math.abs(a[i] - b[i]));
      if (a[i] > a[r * cols + ia]) ia = j;
      if (b[i] > b[r * cols + ib]) ib = j;
    }
    if (ia === ib) same++;
  }
  return { maxAbsDiff: d, argmaxAgreement: rows ? same / rows : Number.NaN };
}
