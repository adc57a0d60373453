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

export type GemmActivation = Exclude<Activation, 'softmax'>;

/** Buffer lengths a gemm call gets, checked the same way by the reference and the kernel wrapper. */
export interface GemmLengths {
  a: number;
  b: number;
  c: number;
  bias?: number;
}

const FUSED: readonly string[] = ['linear', 'relu', 'leaky_relu', 'sigmoid', 'tanh'];

/** Throws a RangeError naming the first bad dimension, buffer or activation. */
export function checkGemm(args: Omit<GemmArgs, 'bias'>, len: GemmLengths): void {
  const { m, n, k, act = 'linear', alpha = 1 } = args;
  for (const [name, v] of [['m', m], ['n', n], ['k', k]] as const) {
    if (!Number.isInteger(v) || v < 0 || v > 0x7fffffff) throw new RangeError(`gemm: ${name} must be a non-negative integer, got ${v}`);
  }
  if (!FUSED.includes(act)) throw new RangeError(`gemm: activation '${act}' cannot be fused (use the activations op for softmax)`);
  if (typeof alpha !== 'number' || Number.isNaN(alpha)) throw new RangeError(`gemm: alpha must be a number, got ${alpha}`);
  const aShape = args.transA ? `${k}×${m} (transposed)` : `${m}×${k}`;
  const bShape = args.transB ? `${n}×${k} (transposed)` : `${k}×${n}`;
  if (len.a < m * k) throw new RangeError(`gemm: A holds ${len.a} values, needs ${m * k} for ${aShape}`);
  if (len.b < k * n) throw new RangeError(`gemm: B holds ${len.b} values, needs ${k * n} for ${bShape}`);
  if (len.c < m * n) throw new RangeError(`gemm: C holds ${len.c} values, needs ${m * n} for ${m}×${n}`);
  if (len.bias !== undefined && len.bias < n) throw new RangeError(`gemm: bias holds ${len.bias} values, needs ${n}`);
}

export function applyActivation(x: number, act: GemmActivation): number {
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
  checkGemm(args, { a: a.length, b: b.length, c: c.length, bias: bias?.length });
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
