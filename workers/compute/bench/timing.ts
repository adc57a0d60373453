// Timing helpers for the suite: warm-up until wasm has tiered up, calibrated repetitions, medians.
import type { BenchTask } from './peer';

export interface TimingPlan {
  /** Warm-up lasts at least this long and at least `warmupCalls` calls (wasm runs 2–4× slower before tier-up). */
  warmupMs: number;
  warmupCalls: number;
  /** Each sample repeats the task until it lasts about this long, so short tasks rise above timer resolution. */
  sampleMs: number;
  /** Samples per contestant; the figure is their median. */
  runs: number;
}

export const now = (): number => performance.now();

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError('median of no values');
  const s = xs.toSorted((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Runs the task `reps` times back to back; returns milliseconds per call. */
export async function timeCalls(task: Pick<BenchTask, 'run'>, reps: number): Promise<number> {
  const t0 = now();
  for (let i = 0; i < reps; i++) {
    const r = task.run();
    if (r instanceof Promise) await r;
  }
  return (now() - t0) / reps;
}

/** Warms the task up and returns how many calls make one sample of about plan.sampleMs. */
export async function warmUp(task: Pick<BenchTask, 'run'>, plan: TimingPlan, signal?: AbortSignal): Promise<number> {
  const starts: number[] = [];
  const t0 = now();
  while (starts.length < plan.warmupCalls || now() - t0 < plan.warmupMs) {
    signal?.throwIfAborted();
    starts.push(now());
    await timeCalls(task, 1);
  }
  // Size a sample from the second half of the warm-up (tiered up), summed so timer resolution does not matter.
  const from = starts.length >> 1;
  const perCall = (now() - starts[from]) / (starts.length - from);
  return Math.max(1, Math.round(plan.sampleMs / Math.max(perCall, 1e-4)));
}
