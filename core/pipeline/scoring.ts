// The reference's score of one strategy run (tests and lint, time, strategy bonus), computed only from runs that really ran.
import type { TaskRunResult } from './runner';
import type { Strategy } from './strategies/types';

/** Each check counts equally: `npm test` and `npm run lint`. */
export const CHECKS_PER_RUN = 2;
/** Time at or beyond which the speed part of the score is 0. */
export const SPEED_HORIZON_MS = 5000;

export interface ScoredRun {
  scored: true;
  /** Fraction of the two checks that passed: 0, 0.5 or 1. */
  successRate: number;
  /** Time the two checks took (tests + lint), ms. */
  executionMs: number;
  bonus: number;
  /** 0 to 100. */
  score: number;
}

export interface UnscoredRun {
  scored: false;
  /** Why there is no score: the run did not happen (no runner, cancelled). */
  reason: string;
}

export type RunScore = ScoredRun | UnscoredRun;

/**
 * The reference's strategy bonus:
 *   aggressive   0.2  when the run took < 1000 ms
 *   conservative 0.3  when both checks passed (successRate = 1)
 *   balanced     0.25 when successRate > 0.5 and the run took < 2000 ms
 */
export function strategyBonus(strategy: Strategy, successRate: number, ms: number): number {
  switch (strategy) {
    case 'aggressive': return ms < 1000 ? 0.2 : 0;
    case 'conservative': return successRate === 1 ? 0.3 : 0;
    case 'balanced': return successRate > 0.5 && ms < 2000 ? 0.25 : 0;
  }
}

function finiteMs(v: number): number {
  return Number.isFinite(v) && v > 0 ? v : 0;
}

/**
 * The reference's score:
 *   successRate = (checks passed) / 2                      (a timeout or an error is not a pass)
 *   score       = successRate·60 + max(0, 1 − ms/5000)·20 + bonus·20
 * so 0 ≤ score ≤ 100 - successRate weighs 60, speed 20, the strategy bonus up to 6.
 * A run with a 'not-run' check is not scored at all: it is neither a pass nor a fail.
 */
export function scoreRun(strategy: Strategy, result: TaskRunResult): RunScore {
  const notRun = [result.test, result.lint].find((c) => c.status === 'not-run');
  if (notRun) return { scored: false, reason: notRun.reason ?? 'the runner did not run this task' };
  const passed = (result.test.status === 'pass' ? 1 : 0) + (result.lint.status === 'pass' ? 1 : 0);
  const successRate = passed / CHECKS_PER_RUN;
  const executionMs = finiteMs(result.test.duration_ms) + finiteMs(result.lint.duration_ms);
  const bonus = strategyBonus(strategy, successRate, executionMs);
  const score = successRate * 60 + Math.max(0, 1 - executionMs / SPEED_HORIZON_MS) * 20 + bonus * 20;
  return { scored: true, successRate, executionMs, bonus, score };
}
