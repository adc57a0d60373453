// How the pipeline words a run for people, the same in the CLI, on the Pipeline page, in the pipeline log and in tool progress: runner labels, check outcomes, times, scores.
import type { ProgressEvent, StrategyRun } from './iteration';
import type { RunnerLabel, TaskRunResult } from './runner';
import type { RunScore } from './scoring';

/** 'browser-sandbox (Chromium 156 worker, 1.0.0)' */
export const labelText = (l: RunnerLabel): string => `${l.runner} (${l.engine}, ${l.version})`;

/** '812 ms', '12.3 s' */
export const ms = (x: number): string => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`);

/** 'pass (7/7 passed)', 'fail (5/7 passed)'; the bare status ('timeout', 'not-run') when no test reported. */
export function testsText(r: Pick<TaskRunResult, 'test'>): string {
  const t = r.test.tests;
  const passed = t.filter((x) => x.status === 'pass').length;
  return t.length === 0 ? r.test.status : `${r.test.status} (${passed}/${t.length} passed)`;
}

/** 'pass (0 messages)', 'fail (2 messages)'; the bare status when ESLint gave no verdict. */
export function lintText(r: Pick<TaskRunResult, 'lint'>): string {
  const n = r.lint.messages.length;
  return r.lint.status === 'pass' || r.lint.status === 'fail' ? `${r.lint.status} (${n} message${n === 1 ? '' : 's'})` : r.lint.status;
}

export const scoreText = (s: RunScore): string => (s.scored ? s.score.toFixed(1) : 'not scored');

/** ', asked for webcontainer: <why>' when another runner ran instead; '' otherwise. */
const fallbackText = (r: TaskRunResult): string => (r.fallback ? `, asked for ${r.fallback.requested}: ${r.fallback.reason}` : '');

/** 'tests pass (7/7 passed), lint pass (0 messages), 812 ms on <label>': a run's outcome, the time of both checks, and where it ran. */
export function runText(r: TaskRunResult): string {
  return `tests ${testsText(r)}, lint ${lintText(r)}, ${ms(r.test.duration_ms + r.lint.duration_ms)} on ${labelText(r.label)}${fallbackText(r)}`;
}

/** '<strategy>: tests …, lint …, 812 ms, score 80.0 on <label>', or '<strategy>: not run on <label>: <why>'. */
export function strategyRunText(run: StrategyRun): string {
  const r = run.result;
  if (!run.score.scored) return `${run.strategy}: not run on ${labelText(r.label)}${fallbackText(r)}: ${run.score.reason}`;
  return `${run.strategy}: tests ${testsText(r)}, lint ${lintText(r)}, ${ms(r.test.duration_ms + r.lint.duration_ms)}, score ${scoreText(run.score)} on ${labelText(r.label)}${fallbackText(r)}`;
}

/** A progress message for an iteration's event (iteration is 0-based): the task as it starts, each strategy run as it ends; undefined for the rest. */
export function progressText(e: ProgressEvent, iteration: number, iterations: number): string | undefined {
  if (e.type === 'task') return `iteration ${iteration + 1}/${iterations}: ${e.task.title} (${e.task.id})`;
  if (e.type === 'strategy-done') return strategyRunText(e.run);
  return undefined;
}
