// Kernel self-check: each case runs one op in the loaded wasm build and compares it with the plain-TS reference.
import type { Kernel } from '../../kernel/js/kernel';
import { ACTIVATION_CHECKS } from './checks/activations';
import { GEMM_CHECKS } from './checks/gemm';
import { INT8_CHECKS } from './checks/int8';
import { LOSS_CHECKS } from './checks/losses';
import { MLP_CHECKS } from './checks/mlp';
import { OPTIMIZER_CHECKS } from './checks/optimizers';
import { TOPK_CHECKS } from './checks/topk';
import { VECTOR_CHECKS } from './checks/vector';
import type { SelfCheckCase } from './checks/case';

export type { SelfCheckCase };

/** One compared result: the largest absolute difference between the kernel and the reference. */
export interface SelfCheckRow {
  op: string;
  shape: string;
  maxAbsError: number;
  tolerance: number;
  pass: boolean;
  /** Set when the op threw instead of producing a result (e.g. an export missing from this build). */
  error?: string;
  /** Set for a kernel op the self-check does not run: why (from SELF_CHECK_SKIPS). Such a row never passes. */
  skipped?: string;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    // NaN anywhere must fail the check, so it counts as infinitely wrong.
    if (!(d <= worst)) worst = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
  }
  return worst;
}

/** Every case the self-check runs, in order: the registration list (new op families add their cases here). */
export const SELF_CHECKS: readonly SelfCheckCase[] = [
  ...GEMM_CHECKS,
  ...ACTIVATION_CHECKS,
  ...LOSS_CHECKS,
  ...OPTIMIZER_CHECKS,
  ...VECTOR_CHECKS,
  ...TOPK_CHECKS,
  ...INT8_CHECKS,
  ...MLP_CHECKS,
];

/**
 * Kernel exports the self-check does not run, each with the reason the System page shows as a row. Empty: it runs
 * every op the kernel exports (self-check.test.ts fails when an export is neither run nor listed here).
 */
export const SELF_CHECK_SKIPS: readonly { op: string; reason: string }[] = [];

export function runSelfChecks(kernel: Kernel, cases: readonly SelfCheckCase[] = SELF_CHECKS): SelfCheckRow[] {
  const skips: SelfCheckRow[] = cases === SELF_CHECKS ? SELF_CHECK_SKIPS.map((s) => ({ op: s.op, shape: '—', maxAbsError: Number.NaN, tolerance: Number.NaN, pass: false, skipped: s.reason })) : [];
  return [...cases.map((c) => {
    try {
      const { ours, reference } = c.run(kernel);
      const maxAbsError = maxAbsDiff(ours, reference);
      return { op: c.op, shape: c.shape, maxAbsError, tolerance: c.tolerance, pass: maxAbsError <= c.tolerance };
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      return { op: c.op, shape: c.shape, maxAbsError: Number.NaN, tolerance: c.tolerance, pass: false, error };
    }
  }), ...skips];
}
