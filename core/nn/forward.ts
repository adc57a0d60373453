// Inference in plain TypeScript, float32 and int8: what a model file means, independent of any kernel (used to verify imports and the kernel).
import type { ParamList } from './port';
import { quantizeRows } from './quantize';
import { LEAKY_RELU_SLOPE, paramShapes, type Activation, type NetworkSpec } from './spec';

export function activate(v: Float32Array, rows: number, cols: number, act: Activation): void {
  if (act === 'softmax') {
    for (let r = 0; r < rows; r++) {
      let m = -Infinity;
      for (let j = 0; j < cols; j++) m = Math.max(m, v[r * cols + j]);
      let s = 0;
      for (let j = 0; j < cols; j++) s += Math.exp(v[r * cols + j] - m);
      for (let j = 0; j < cols; j++) v[r * cols + j] = Math.exp(v[r * cols + j] - m) / s;
    }
    return;
  }
  for (let i = 0; i < rows * cols; i++) {
    const x = v[i];
    v[i] = act === 'relu' ? (x > 0 ? x : 0)
      : act === 'leaky_relu' ? (x > 0 ? x : LEAKY_RELU_SLOPE * x)
      : act === 'sigmoid' ? 1 / (1 + Math.exp(-x))
      : act === 'tanh' ? Math.tanh(x)
      : x;
  }
}

/** Outputs [batch×outputs] of the float network for x [batch×inputs]. */
export function forwardF32(spec: NetworkSpec, params: ParamList, x: Float32Array, batch: number): Float32Array {
  let a = x;
  paramShapes(spec).forEach(({ w: [nIn, nOut] }, l) => {
    const W = params[2 * l];
    const b = params[2 * l + 1];
    const out = new Float32Array(batch * nOut);
    for (let i = 0; i < batch; i++) {
      for (let j = 0; j < nOut; j++) {
        let s = 0;
        for (let p = 0; p < nIn; p++) s += a[i * nIn + p] * W[p * nOut + j];
        out[i * nOut + j] = s + b[j];
      }
    }
    activate(out, batch, nOut, spec.layers[l + 1].activation);
    a = out;
  });
  return a;
}

/** One dense layer quantized per output channel: w [outputs×inputs] int8 (transposed), scales [outputs], bias [outputs]. */
export interface QuantizedLayer {
  w: Int8Array;
  scales: Float32Array;
  bias: Float32Array;
}

/** Quantizes every dense layer's weights per output channel (biases stay float). */
export function quantizeParams(spec: NetworkSpec, params: ParamList): QuantizedLayer[] {
  return paramShapes(spec).map(({ w: [nIn, nOut] }, l) => {
    const W = params[2 * l];
    const t = new Float32Array(nOut * nIn);
    for (let p = 0; p < nIn; p++) for (let j = 0; j < nOut; j++) t[j * nIn + p] = W[p * nOut + j];
    const layer: QuantizedLayer = { w: new Int8Array(nOut * nIn), scales: new Float32Array(nOut), bias: params[2 * l + 1].slice() };
    quantizeRows(layer.w, layer.scales, t, nOut, nIn);
    return layer;
  });
}

/** Outputs of the int8 network: each layer quantizes its input rows, multiplies in integers, rescales, adds bias, activates. */
export function forwardInt8(spec: NetworkSpec, layers: QuantizedLayer[], x: Float32Array, batch: number): Float32Array {
  let a = x;
  paramShapes(spec).forEach(({ w: [nIn, nOut] }, l) => {
    const { w, scales, bias } = layers[l];
    const qa = new Int8Array(batch * nIn);
    const sa = new Float32Array(batch);
    quantizeRows(qa, sa, a, batch, nIn);
    const out = new Float32Array(batch * nOut);
    for (let i = 0; i < batch; i++) {
      for (let j = 0; j < nOut; j++) {
        let s = 0;
        for (let p = 0; p < nIn; p++) s += qa[i * nIn + p] * w[j * nIn + p];
        // float32 at every step, in the kernel's order (kernel/reference/int8.ts): rounding once in double could
        // differ by an ulp, enough to move the next layer's int8 code at a tie.
        out[i * nOut + j] = Math.fround(Math.fround(Math.fround(s) * Math.fround(sa[i] * scales[j])) + bias[j]);
      }
    }
    activate(out, batch, nOut, spec.layers[l + 1].activation);
    a = out;
  });
  return a;
}

/** Bytes of the weights as stored: float32, or int8 plus float32 scales and biases. */
export function weightBytes(spec: NetworkSpec, quantized: boolean): number {
  return paramShapes(spec).reduce((s, { w: [i, o], b }) => s + (quantized ? i * o + 4 * o + 4 * b : 4 * (i * o + b)), 0);
}
