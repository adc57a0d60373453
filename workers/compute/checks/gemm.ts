// Self-check cases for gemm: all four transpositions, with accumulate, alpha, bias and a fused activation.
import { gemm } from '../../../kernel/js/ops/gemm';
import { gemmRef, type GemmArgs } from '../../../kernel/reference/gemm';
import { EPS, seeded, withBuffers, type SelfCheckCase } from './case';

/** Odd shapes, so that every SIMD tail path runs. */
function gemmCase(m: number, n: number, k: number, transA: boolean, transB: boolean, act: NonNullable<GemmArgs['act']>, seed: number): SelfCheckCase {
  const a = seeded(m * k, seed);
  const b = seeded(k * n, seed + 1);
  const bias = seeded(n, seed + 2);
  const c0 = seeded(m * n, seed + 3);
  const args: GemmArgs = { m, n, k, transA, transB, act, accumulate: true, alpha: 0.75 };
  return {
    op: `gemm ${transA ? 'Aᵀ' : 'A'}·${transB ? 'Bᵀ' : 'B'} + bias → ${act}`,
    shape: `${m}×${k} · ${k}×${n}`,
    // Inputs lie in [-1, 1]: a k-term f32 dot product is off by at most about k·ε; this allows 8×.
    tolerance: 8 * k * EPS + 1e-6,
    run(kernel) {
      const reference = c0.slice();
      gemmRef(reference, a, b, { ...args, bias });
      const [ka, kb, kbias, kc] = [kernel.f32(a), kernel.f32(b), kernel.f32(bias), kernel.f32(c0)];
      return withBuffers([ka, kb, kbias, kc], () => {
        gemm(kernel, kc, ka, kb, { ...args, bias: kbias });
        return { ours: kc.toArray(), reference };
      });
    },
  };
}

export const GEMM_CHECKS: readonly SelfCheckCase[] = [
  gemmCase(7, 13, 29, false, false, 'relu', 11),
  gemmCase(7, 13, 29, true, false, 'sigmoid', 12),
  gemmCase(7, 13, 29, false, true, 'tanh', 13),
  gemmCase(7, 13, 29, true, true, 'leaky_relu', 14),
  gemmCase(33, 67, 101, false, false, 'linear', 21),
  gemmCase(33, 67, 101, true, false, 'relu', 22),
  gemmCase(33, 67, 101, false, true, 'leaky_relu', 23),
  gemmCase(33, 67, 101, true, true, 'tanh', 24),
];
