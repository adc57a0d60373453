// How the Pipeline page words results: runner labels, check outcomes, scores and times, the same way in every card.
import type { RunnerLabel, TaskRunResult, CheckStatus } from '../../../core/pipeline/runner';
import type { RunScore } from '../../../core/pipeline/scoring';

export function labelText(l: RunnerLabel): string {
  return `${l.runner} (${l.engine}, ${l.version})`;
}

export function ms(v: number): string {
  return v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`;
}

export function testsText(r: Pick<TaskRunResult, 'test'>): string {
  const t = r.test.tests;
  const passed = t.filter((x) => x.status === 'pass').length;
  return t.length === 0 ? r.test.status : `${r.test.status} (${passed}/${t.length} passed)`;
}

export function lintText(r: Pick<TaskRunResult, 'lint'>): string {
  const n = r.lint.messages.length;
  return `${r.lint.status} (${n} message${n === 1 ? '' : 's'})`;
}

export function scoreText(s: RunScore): string {
  return s.scored ? s.score.toFixed(1) : 'not scored';
}

/** pass → ok, fail/timeout/error → bad, not-run/skip → neutral. */
export function statusBadge(status: CheckStatus | 'skip'): string {
  return status === 'pass' ? 'badge badge--ok' : status === 'not-run' || status === 'skip' ? 'badge badge--neutral' : 'badge badge--bad';
}

export function when(t: number): string {
  return new Date(t).toLocaleString();
}
