// The reference's validation of a run's before/after metrics with its ±5% rule, made safe for a zero baseline (the reference printed "+4900%" there).
import { PipelineInputError } from './errors';
import type { StrategyProfile } from './profiles';
import type { ScoredRun } from './scoring';

export interface PipelineMetrics {
  /** 0 to 1. */
  successRate: number;
  /** ms; lower is better. */
  executionTime: number;
  /** 0 to 100. */
  score: number;
}

export const METRICS = ['successRate', 'executionTime', 'score'] as const;
export type MetricName = (typeof METRICS)[number];
/** A change beyond ±5% of the baseline counts. */
export const THRESHOLD_PERCENT = 5;

export interface MetricChange {
  metric: MetricName;
  before: number;
  after: number;
  /** 'relative' against a baseline above 0; 'absolute' (after − before, in the metric's unit) when the baseline is 0. */
  change: { kind: 'relative'; percent: number } | { kind: 'absolute'; delta: number };
}

export interface Validation {
  improved: MetricChange[];
  declined: MetricChange[];
  unchanged: MetricChange[];
  summary: { overallImprovement: boolean };
}

function checked(m: unknown, field: string): PipelineMetrics {
  if (typeof m !== 'object' || m === null) throw new PipelineInputError(field, 'must be an object with successRate, executionTime and score');
  const r = m as Record<string, unknown>;
  for (const k of METRICS) {
    const v = r[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new PipelineInputError(`${field}.${k}`, `must be a finite number of at least 0 (got ${String(v)})`);
  }
  return { successRate: r.successRate as number, executionTime: r.executionTime as number, score: r.score as number };
}

/**
 * Each metric is improved, declined or unchanged. Against a baseline above 0 the change is a percentage and
 * counts beyond ±5%; against a baseline of 0 any change counts (a percentage would be infinite) and is
 * reported as the absolute difference. Execution time improves when it falls.
 */
export function validateImprovements(beforeMetrics: unknown, afterMetrics: unknown): Validation {
  const before = checked(beforeMetrics, 'before');
  const after = checked(afterMetrics, 'after');
  const out: Validation = { improved: [], declined: [], unchanged: [], summary: { overallImprovement: false } };
  for (const metric of METRICS) {
    const b = before[metric];
    const a = after[metric];
    const lowerIsBetter = metric === 'executionTime';
    let direction: -1 | 0 | 1;
    let change: MetricChange['change'];
    if (b === 0) {
      change = { kind: 'absolute', delta: a - b };
      direction = a === b ? 0 : a > b ? 1 : -1;
    } else {
      const percent = ((a - b) / b) * 100;
      change = { kind: 'relative', percent };
      direction = percent > THRESHOLD_PERCENT ? 1 : percent < -THRESHOLD_PERCENT ? -1 : 0;
    }
    const entry: MetricChange = { metric, before: b, after: a, change };
    const better = lowerIsBetter ? -direction : direction;
    if (better > 0) out.improved.push(entry);
    else if (better < 0) out.declined.push(entry);
    else out.unchanged.push(entry);
  }
  out.summary.overallImprovement = out.improved.length > out.declined.length;
  return out;
}

/** Means of scored runs (e.g. one iteration's), or null when there are none to average. */
export function metricsOfRuns(runs: readonly ScoredRun[]): PipelineMetrics | null {
  if (runs.length === 0) return null;
  const mean = (f: (r: ScoredRun) => number) => runs.reduce((s, r) => s + f(r), 0) / runs.length;
  return { successRate: mean((r) => r.successRate), executionTime: mean((r) => r.executionMs), score: mean((r) => r.score) };
}

/** Means of the profiles that have run, or null when none has. */
export function metricsOfProfiles(profiles: readonly StrategyProfile[]): PipelineMetrics | null {
  const used = profiles.filter((p) => p.uses > 0);
  if (used.length === 0) return null;
  const mean = (f: (p: StrategyProfile) => number) => used.reduce((s, p) => s + f(p), 0) / used.length;
  return { successRate: mean((p) => p.successRate), executionTime: mean((p) => p.avgExecutionTime), score: mean((p) => p.avgScore) };
}
