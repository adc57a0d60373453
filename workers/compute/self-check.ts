// Kernel self-check: each case runs one op in the loaded wasm build and compares it with the plain-TS reference.
import { createRng } from '../../core/random';
import { gemm } from '../../kernel/js/ops/gemm';
import type { Kernel } from '../../kernel/js/kernel';
import { gemmRef, type GemmArgs } from '../../kernel/reference/gemm';

/** One compared result: the largest absolute difference between the kernel and the reference. */
export interface SelfCheckRow {
  op: string;
  shape: string;
  maxAbsError: number;
  tolerance: number;
  pass: boolean;
  /** Set when the op threw instead of producing a result (e.g. an export missing from this build). */
  error?: string;
}

/** A check case: runs the op on the kernel and on the reference and returns both outputs. */
export interface SelfCheckCase {
  op: string;
  shape: string;
  tolerance: number;
  run(kernel: Kernel): { ours: Float32Array; reference: Float32Array };
}

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    // NaN anywhere must fail the check, so it counts as infinitely wrong.
    if (!(d <= worst)) worst = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
  }
  return worst;
}

function seeded(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.next() * 2 - 1;
  return out;
}

/** gemm with bias and activation fused, on odd shapes so that every SIMD tail path runs. */
function gemmCase(m: number, n: number, k: number, transA: boolean, transB: boolean, act: NonNullable<GemmArgs['act']>, seed: number): SelfCheckCase {
  const a = seeded(m * k, seed);
  const b = seeded(k * n, seed + 1);
  const bias = seeded(n, seed + 2);
  const c0 = seeded(m * n, seed + 3);
  const args: GemmArgs = { m, n, k, transA, transB, act, accumulate: true, alpha: 0.75 };
  const name = `gemm ${transA ? 'Aᵀ' : 'A'}·${transB ? 'Bᵀ' : 'B'} + bias → ${act}`;
  return {
    op: name,
    shape: `${m}×${k} · ${k}×${n}`,
    // Inputs lie in [-1, 1]: a k-term f32 dot product is off by at most about k·2⁻²³ per term; this allows 8×.
    tolerance: 8 * k * 2 ** -23 + 1e-6,
    run(kernel) {
      const reference = c0.slice();
      gemmRef(reference, a, b, { ...args, bias });
      const ka = kernel.f32(a), kb = kernel.f32(b), kbias = kernel.f32(bias), kc = kernel.f32(c0);
      try {
        gemm(kernel, kc, ka, kb, { ...args, bias: kbias });
        return { ours: kc.toArray(), reference };
      } finally {
        for (const buf of [ka, kb, kbias, kc]) buf.free();
      }
    },
  };
}

/** Every case the self-check runs, in order; new ops add their cases here. */
export const SELF_CHECKS: readonly SelfCheckCase[] = [
  gemmCase(7, 13, 29, false, false, 'relu', 11),
  gemmCase(7, 13, 29, true, false, 'sigmoid', 12),
  gemmCase(7, 13, 29, false, true, 'tanh', 13),
  gemmCase(7, 13, 29, true, true, 'leaky_relu', 14),
  gemmCase(33, 67, 101, false, false, 'linear', 21),
  gemmCase(33, 67, 101, true, false, 'relu', 22),
  gemmCase(33, 67, 101, false, true, 'leaky_relu', 23),
  gemmCase(33, 67, 101, true, true, 'tanh', 24),
];

export function runSelfChecks(kernel: Kernel, cases: readonly SelfCheckCase[] = SELF_CHECKS): SelfCheckRow[] {
  return cases.map((c) => {
    try {
      const { ours, reference } = c.run(kernel);
      const maxAbsError = maxAbsDiff(ours, reference);
      return { op: c.op, shape: c.shape, maxAbsError, tolerance: c.tolerance, pass: maxAbsError <= c.tolerance };
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      return { op: c.op, shape: c.shape, maxAbsError: Number.NaN, tolerance: c.tolerance, pass: false, error };
    }
  });
}
