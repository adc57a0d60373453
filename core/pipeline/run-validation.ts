// A run's validation (`train-pipeline run --validate`, saflaLab.train_pipeline_run({validate})): the reference's before/after validation (±5% rule) of the strategy profiles, per strategy that ran and over them together, each baseline saying whether it was learned or the starting values.
import type { StrategyProfile } from './profiles';
import type { Strategy } from './strategies/types';
import { THRESHOLD_PERCENT, validateImprovements, type PipelineMetrics, type Validation } from './validate';

/** 'learned': the profile had scored runs before this command; 'starting-values': it had none, so "before" is the reference's defaults, not a measurement. */
export type Baseline = 'learned' | 'starting-values';

export interface StrategyValidation {
  strategy: Strategy;
  baseline: Baseline;
  before: PipelineMetrics;
  after: PipelineMetrics;
  validation: Validation;
}

export interface RunValidation {
  rule: string;
  /** Each strategy that scored at least one run in this command. */
  strategies: StrategyValidation[];
  /** The means over those strategies, before and after (the same strategies on both sides); null when none scored. */
  overall: { baseline: Baseline | 'mixed'; before: PipelineMetrics; after: PipelineMetrics; validation: Validation } | null;
  note: string;
}

const metricsOf = (p: StrategyProfile): PipelineMetrics => ({ successRate: p.successRate, executionTime: p.avgExecutionTime, score: p.avgScore });

function meanMetrics(list: readonly PipelineMetrics[]): PipelineMetrics {
  const mean = (f: (m: PipelineMetrics) => number) => list.reduce((s, m) => s + f(m), 0) / list.length;
  return { successRate: mean((m) => m.successRate), executionTime: mean((m) => m.executionTime), score: mean((m) => m.score) };
}

/** Compares the profiles before a run with those after it; only strategies whose profile changed (scored runs) are compared. */
export function validateRun(before: readonly StrategyProfile[], after: readonly StrategyProfile[]): RunValidation {
  const was = new Map(before.map((p) => [p.strategy, p]));
  const strategies: StrategyValidation[] = [];
  for (const now of after) {
    const then = was.get(now.strategy);
    if (!then || now.uses === then.uses) continue;
    const b = metricsOf(then);
    const a = metricsOf(now);
    strategies.push({ strategy: now.strategy, baseline: then.uses > 0 ? 'learned' : 'starting-values', before: b, after: a, validation: validateImprovements(b, a) });
  }
  const rule = `a metric counts as improved or declined when it moves more than ${THRESHOLD_PERCENT}% from its baseline (execution time improves when it falls); against a baseline of 0 any change counts and is given as a difference, not a percentage`;
  if (strategies.length === 0) return { rule, strategies, overall: null, note: 'No strategy scored a run, so there is nothing to compare.' };
  const kinds = new Set(strategies.map((s) => s.baseline));
  const baseline = kinds.size === 1 ? strategies[0].baseline : 'mixed';
  const b = meanMetrics(strategies.map((s) => s.before));
  const a = meanMetrics(strategies.map((s) => s.after));
  const note = baseline === 'learned'
    ? 'Baselines are the profiles learned before this run.'
    : baseline === 'starting-values'
      ? 'No strategy had run before: the baselines are the starting values (0.5, 50, the expected time), not measurements; run again to validate against learned profiles.'
      : 'Some strategies had run before (learned baselines) and some had not (starting values); each strategy says which.';
  return { rule, strategies, overall: { baseline, before: b, after: a, validation: validateImprovements(b, a) }, note };
}
