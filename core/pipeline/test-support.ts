// Helpers shared by the pipeline's tests (pure): run results built from statuses and times, a finiteness walk.
import type { CheckStatus, TaskRunResult } from './runner';

/** A runner result with the given check statuses and durations (what a runner reports; the scoring reads nothing else). */
function reason(s: CheckStatus): { reason?: string } {
  return s === 'pass' || s === 'fail' ? {} : { reason: `${s} for the test` };
}

export function resultOf(test: CheckStatus, lint: CheckStatus, testMs = 100, lintMs = 100): TaskRunResult {
  return {
    label: { runner: 'node', engine: 'node v20', version: 'npm 11' },
    test: { status: test, duration_ms: testMs, tests: [], ...reason(test) },
    lint: { status: lint, duration_ms: lintMs, messages: [], ...reason(lint) },
    duration_ms: testMs + lintMs,
  };
}

/** Paths of every number in a value that is NaN or ±Infinity (and of every string that spells one). */
export function nonFinite(value: unknown, path = '$'): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${path} = ${value}`];
  if (typeof value === 'string') return /^(-?Infinity|NaN)%?$|Infinity%|NaN%/.test(value) ? [`${path} = "${value}"`] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => nonFinite(v, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => nonFinite(v, `${path}.${k}`));
  return [];
}
