// How the training-pipeline commands print for reading (--json prints the objects themselves): tables, profiles with their improvement rates, recommendations, selection and validation (a run's own wording is core/pipeline/text.ts).
import { improvementText } from '../core/pipeline/api';
import { LEARNING_RATE, type Recommendation, type StrategyProfile } from '../core/pipeline/profiles';
import type { PresetName, Selection, Weights } from '../core/pipeline/selection';
import { ms } from '../core/pipeline/text';
import type { MetricChange, Validation } from '../core/pipeline/validate';

/** Left-aligned columns, two spaces apart. */
export function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd());
}

export function profileLines(profiles: readonly StrategyProfile[]): string[] {
  const rows = profiles.map((p) => [
    `  ${p.strategy}`,
    `success ${(p.successRate * 100).toFixed(1)}%`,
    `score ${p.avgScore.toFixed(1)}`,
    `time ${ms(p.avgExecutionTime)}`,
    `${p.uses} run${p.uses === 1 ? '' : 's'}${p.uses === 0 ? ' (starting values)' : ''}`,
    `improvement ${improvementText(p.improvementRate)}`,
  ]);
  return [`Profiles (moving averages, rate ${LEARNING_RATE}):`, ...table(rows)];
}

export function recommendationLines(recs: readonly Recommendation[]): string[] {
  if (recs.length === 0) return ['Recommendations: none yet (they come from strategies that have run)'];
  return ['Recommendations:', ...recs.map((r) => `  [${r.priority}] ${r.message}`)];
}

export function weightsText(w: Weights): string {
  return `reliability ${w.reliability}, speed ${w.speed}, score ${w.score}`;
}

export function selectionLines(preset: PresetName | 'custom', weights: Weights, sel: Selection, trained: boolean): string[] {
  const ranking = sel.ranking.map((r) => `${r.strategy} ${r.score.toFixed(3)} (${r.uses} run${r.uses === 1 ? '' : 's'})`).join(', ');
  const lines = [`Selected strategy: ${sel.strategy} (${preset === 'custom' ? 'custom weights' : `${preset} preset`}: ${weightsText(weights)}); ranking: ${ranking}`];
  if (!trained) lines.push('  No strategy has run yet: the choice rests on the starting profiles, not on measurements.');
  return lines;
}

function changeText(c: MetricChange): string {
  const unit = c.metric === 'executionTime' ? ' ms' : '';
  const fmt = (x: number) => (c.metric === 'successRate' ? x.toFixed(3) : c.metric === 'executionTime' ? String(Math.round(x)) : x.toFixed(1));
  const delta = c.change.kind === 'relative'
    ? `${c.change.percent >= 0 ? '+' : ''}${c.change.percent.toFixed(1)}%`
    : `${c.change.delta >= 0 ? '+' : ''}${fmt(c.change.delta)}${unit} against a baseline of 0`;
  return `${c.metric} ${fmt(c.before)} → ${fmt(c.after)}${unit} (${delta})`;
}

export function validationLines(v: Validation, indent = '  '): string[] {
  const part = (name: string, list: MetricChange[]) => (list.length === 0 ? [] : [`${indent}${name}: ${list.map(changeText).join('; ')}`]);
  return [
    ...part('improved', v.improved),
    ...part('declined', v.declined),
    ...part('unchanged (within ±5%)', v.unchanged),
    `${indent}overall: ${v.summary.overallImprovement ? 'improved' : 'not improved'} (${v.improved.length} improved, ${v.declined.length} declined)`,
  ];
}
