// Where two runners' verdicts on the same task files differ (per test, per check, lint findings): what the pipeline bench reports in each row.
import type { TaskRunResult } from '../../core/pipeline/runner';

/** What a runner decided, reduced to what must agree between runners (no timings, no wording of messages). */
export interface Verdicts {
  test: string;
  lint: string;
  tests: Map<string, string>;
  lintRules: string[];
}

export function verdicts(r: TaskRunResult): Verdicts {
  const tests = new Map<string, string>();
  for (const t of r.test.tests) {
    // A repeated name keeps every verdict it got, so a duplicate cannot hide a difference.
    tests.set(t.name, tests.has(t.name) ? `${tests.get(t.name)},${t.status}` : t.status);
  }
  const lintRules = r.lint.messages.map((m) => `${m.file}:${m.line}:${m.ruleId ?? 'parse'}`).toSorted();
  return { test: r.test.status, lint: r.lint.status, tests, lintRules };
}

/**
 * Where the two runners' verdicts on the same files differ: the test check's status, each test's status (a test
 * only one side reports counts), the lint check's status and the lint findings (file, line, rule). Empty: they agree.
 */
export function disagreements(a: TaskRunResult, b: TaskRunResult, names: readonly [string, string] = ['sandbox', 'node']): string[] {
  const va = verdicts(a);
  const vb = verdicts(b);
  const out: string[] = [];
  const [na, nb] = names;
  if (va.test !== vb.test) out.push(`tests ${na} ${va.test}${a.test.reason ? ` (${a.test.reason})` : ''}, ${nb} ${vb.test}${b.test.reason ? ` (${b.test.reason})` : ''}`);
  for (const name of new Set([...va.tests.keys(), ...vb.tests.keys()])) {
    const sa = va.tests.get(name) ?? 'missing';
    const sb = vb.tests.get(name) ?? 'missing';
    if (sa !== sb) out.push(`test "${name}": ${na} ${sa}, ${nb} ${sb}`);
  }
  if (va.lint !== vb.lint) out.push(`lint ${na} ${va.lint}${a.lint.reason ? ` (${a.lint.reason})` : ''}, ${nb} ${vb.lint}${b.lint.reason ? ` (${b.lint.reason})` : ''}`);
  if (va.lintRules.join('|') !== vb.lintRules.join('|')) out.push(`lint findings ${na} [${va.lintRules.join(', ')}], ${nb} [${vb.lintRules.join(', ')}]`);
  return out;
}
