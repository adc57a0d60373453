// Reference int8 ops in plain TypeScript, mirroring the kernel's f32 roundings so integer codes match exactly.
// Legend: rows×cols matrices, n rows of d for the dot, m×k activations against n×k weights for gemm.
import type { Activation } from '../../core/nn/spec';
import { quantizeRows, roundHalfEven } from '../../core/nn/quantize';
import { applyActivation } from './gemm';

const f = Math.fround;

/** The quantizer lives in core (models and the memory's vectors use it); the kernel is checked against it. */
export { quantizeRows as quantizeRowsRef, roundHalfEven };

export function dequantizeRowsRef(x: Float32Array, q: Int8Array, scales: Float32Array, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) for (let p = 0; p < cols; p++) x[r * cols + p] = q[r * cols + p] * scales[r];
}

/** scores[i] = (queryScale·rowScales[i])·Σ query[p]·rows[i,p], the sum exact, the two products rounded to f32. */
export function int8DotRowsRef(
  scores: Float32Array, query: Int8Array, queryScale: number, rows: Int8Array, rowScales: Float32Array, n: number, d: number,
): void {
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let p = 0; p < d; p++) acc += query[p] * rows[i * d + p];
    scores[i] = f(f(acc) * f(f(queryScale) * rowScales[i]));
  }
}

/** The exact integer sums Σ_p a[i,p]·b[j,p], c [m×n]: what every flavour must reproduce bit for bit. */
export function int8SumsRef(c: Int32Array, a: Int8Array, b: Int8Array, m: number, n: number, k: number): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let p = 0; p < k; p++) acc += a[i * k + p] * b[j * k + p];
      c[i * n + j] = acc;
    }
  }
}

export interface Int8GemmArgs {
  m: number;
  n: number;
  k: number;
  /** bias[n], added to every row before the activation. */
  bias?: Float32Array;
  act?: Exclude<Activation, 'softmax'>;
}

/** c[i,j] = act((sa[i]·sb[j])·Σ_p a[i,p]·b[j,p] + bias[j]); b is the weights stored transposed [n×k]. */
export function int8GemmRef(
  c: Float32Array, a: Int8Array, sa: Float32Array, b: Int8Array, sb: Float32Array, args: Int8GemmArgs,
): void {
  const { m, n, k, bias, act = 'linear' } = args;
  const sums = new Int32Array(m * n);
  int8SumsRef(sums, a, b, m, n, k);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let v = f(f(sums[i * n + j]) * f(sa[i] * sb[j]));
      if (bias) v = f(v + bias[j]);
      c[i * n + j] = applyActivation(v, act);
    }
  }
}
