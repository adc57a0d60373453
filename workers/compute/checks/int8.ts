// Self-check cases for int8: per-row quantization (codes and scales exact), dequantization, int8 dot rows, and the int8 gemm with bias and activation, also with non-negative activations (the relaxed 7-bit dot).
import { dequantizeRows, int8DotRows, int8Gemm, quantizeRows } from '../../../kernel/js/ops/int8';
import { dequantizeRowsRef, int8DotRowsRef, int8GemmRef, quantizeRowsRef } from '../../../kernel/reference/int8';
import { seeded, withBuffers, type SelfCheckCase } from './case';

// Legend: m×k activations against n×k weights (stored transposed), per-row scales.
const M = 7;
const N = 13;
const K = 101;

function quantized(rows: number, cols: number, seed: number): { q: Int8Array; scales: Float32Array } {
  const q = new Int8Array(rows * cols);
  const scales = new Float32Array(rows);
  quantizeRowsRef(q, scales, seeded(rows * cols, seed), rows, cols);
  return { q, scales };
}

export const INT8_CHECKS: readonly SelfCheckCase[] = [
  {
    op: 'int8 quantize rows',
    shape: `${N}×${K}`,
    // The reference mirrors the kernel's f32 roundings: codes and scales must be identical.
    tolerance: 0,
    run(kernel) {
      const x = seeded(N * K, 61);
      x.fill(0, 0, K); // a zero row gets scale 0
      const want = { q: new Int8Array(N * K), scales: new Float32Array(N) };
      quantizeRowsRef(want.q, want.scales, x, N, K);
      const [kx, kq, ks] = [kernel.f32(x), kernel.i8(N * K), kernel.f32(N)];
      return withBuffers([kx, kq, ks], () => {
        quantizeRows(kernel, kq, ks, kx, N, K);
        return { ours: [...kq.toArray(), ...ks.toArray()], reference: [...want.q, ...want.scales] };
      });
    },
  },
  {
    op: 'int8 dequantize rows',
    shape: `${N}×${K}`,
    // codes × scale: one f32 rounding each, as in the reference.
    tolerance: 0,
    run(kernel) {
      const { q, scales } = quantized(N, K, 68);
      const reference = new Float32Array(N * K);
      dequantizeRowsRef(reference, q, scales, N, K);
      const [kq, ks, kx] = [kernel.i8(q), kernel.f32(scales), kernel.f32(N * K)];
      return withBuffers([kq, ks, kx], () => {
        dequantizeRows(kernel, kx, kq, ks, N, K);
        return { ours: kx.toArray(), reference };
      });
    },
  },
  {
    op: 'int8 dot rows',
    shape: `${N}×${K}`,
    // Integer sums are exact; only the final scaling rounds.
    tolerance: 1e-5,
    run(kernel) {
      const rows = quantized(N, K, 69);
      const query = quantized(1, K, 70);
      const reference = new Float32Array(N);
      int8DotRowsRef(reference, query.q, query.scales[0], rows.q, rows.scales, N, K);
      const [kq, kr, ks, kout] = [kernel.i8(query.q), kernel.i8(rows.q), kernel.f32(rows.scales), kernel.f32(N)];
      return withBuffers([kq, kr, ks, kout], () => {
        int8DotRows(kernel, kout, kq, query.scales[0], kr, ks, N, K);
        return { ours: kout.toArray(), reference };
      });
    },
  },
  {
    op: 'int8 gemm A·Bᵀ + bias → relu',
    shape: `${M}×${K} · ${K}×${N}`,
    // Integer sums are exact; only the final scale, bias and activation round, as in the reference. Slack of a few ulps.
    tolerance: 1e-5,
    run(kernel) {
      const a = quantized(M, K, 62);
      const b = quantized(N, K, 63);
      const bias = seeded(N, 64);
      const reference = new Float32Array(M * N);
      int8GemmRef(reference, a.q, a.scales, b.q, b.scales, { m: M, n: N, k: K, bias, act: 'relu' });
      const bufs = [kernel.i8(a.q), kernel.f32(a.scales), kernel.i8(b.q), kernel.f32(b.scales), kernel.f32(bias), kernel.f32(M * N)] as const;
      const [ka, ksa, kb, ksb, kbias, kc] = bufs;
      return withBuffers([...bufs], () => {
        int8Gemm(kernel, kc, ka, ksa, kb, ksb, { m: M, n: N, k: K, bias: kbias, act: 'relu' });
        return { ours: kc.toArray(), reference };
      });
    },
  },
  {
    op: 'int8 gemm, activations ≥ 0 (7-bit dot)',
    shape: `${M}×${K} · ${K}×${N}`,
    // The relaxed build's 7-bit dot product is exact for codes in [0, 127]: the same sums as int8 gemm.
    tolerance: 1e-5,
    run(kernel) {
      // Inputs out of a relu: quantizing non-negative values gives codes in [0, 127].
      const x = seeded(M * K, 65).map(Math.abs);
      const a = { q: new Int8Array(M * K), scales: new Float32Array(M) };
      quantizeRowsRef(a.q, a.scales, x, M, K);
      const b = quantized(N, K, 66);
      const bias = seeded(N, 67);
      const reference = new Float32Array(M * N);
      int8GemmRef(reference, a.q, a.scales, b.q, b.scales, { m: M, n: N, k: K, bias, act: 'linear' });
      const bufs = [kernel.i8(a.q), kernel.f32(a.scales), kernel.i8(b.q), kernel.f32(b.scales), kernel.f32(bias), kernel.f32(M * N)] as const;
      const [ka, ksa, kb, ksb, kbias, kc] = bufs;
      return withBuffers([...bufs], () => {
        int8Gemm(kernel, kc, ka, ksa, kb, ksb, { m: M, n: N, k: K, bias: kbias, nonNegativeA: true });
        return { ours: kc.toArray(), reference };
      });
    },
  },
];
