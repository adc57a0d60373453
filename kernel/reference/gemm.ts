// Reference gemm in plain TypeScript: C[m×n] = alpha·op(A)·op(B) (+C) (+bias), then activation. Slow and obvious.
import { LEAKY_RELU_SLOPE, type Activation } from '../../core/nn/spec';

export interface GemmArgs {
  m: number;
  n: number;
  k: number;
  /** A is stored [k×m] and used transposed. */
  transA?: boolean;
  /** B is stored [n×k] and used transposed. */
  transB?: boolean;
  /** Add into C instead of overwriting it. */
  accumulate?: boolean;
  /** bias[n], added to every row. */
  bias?: Float32Array;
  /** Elementwise activation fused after the bias; softmax is not allowed here (see activations). */
  act?: Exclude<Activation, 'softmax'>;
  alpha?: number;
}

export function applyActivation(x: number, act: Exclude<Activation, 'softmax'>): number {
  switch (act) {
    case 'linear': return x;
    case 'relu': return x > 0 ? x : 0;
    case 'leaky_relu': return x > 0 ? x : LEAKY_RELU_SLOPE * x;
    case 'sigmoid': return 1 / (1 + Math.exp(-x));
    case 'tanh': return Math.tanh(x);
  }
}

export function gemmRef(c: Float32Array, a: Float32Array, b: Float32Array, args: GemmArgs): void {
  const { m, n, k, transA = false, transB = false, accumulate = false, bias, act = 'linear', alpha = 1 } = args;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const av = transA ? a[p * m + i] : a[i * k + p];
        const bv = transB ? b[j * k + p] : b[p * n + j];
        s += av * bv;
      }
      s *= alpha;
      if (accumulate) s += c[i * n + j];
      if (bias) s += bias[j];
      c[i * n + j] = applyActivation(s, act);
    }
  }
}
