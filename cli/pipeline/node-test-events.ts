// Turns the reporter's JSON lines (test-reporter.ts) into per-test results: pure, so it is tested on recorded output.
import type { TestResult } from '../../core/pipeline/runner';
import { clipError, testResult } from '../../core/pipeline/test-result';

export interface ReporterEvent {
  type: 'test:start' | 'test:pass' | 'test:fail' | 'test:stderr';
  name?: string;
  nesting?: number;
  file?: string;
  skip?: boolean;
  todo?: boolean;
  suite?: boolean;
  duration_ms?: number;
  failureType?: string;
  error?: string;
  message?: string;
}

export interface ParsedTests {
  tests: TestResult[];
  /** Test files that could not be loaded (syntax error, missing export), with what node printed. */
  loadErrors: { file: string; error: string }[];
}

/** A path relative to the task folder, with forward slashes. */
function normalizePath(p: string): string {
  return p.replace(/\\/g, '/').replace(/\/+$/, '');
}

export function relativeTo(root: string, file: string): string {
  const r = normalizePath(root);
  const f = normalizePath(file);
  return f.startsWith(`${r}/`) ? f.slice(r.length + 1) : f;
}

export function parseReporterLines(text: string): ReporterEvent[] {
  const out: ReporterEvent[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line) as ReporterEvent);
    } catch {
      // A line cut off by a kill at the deadline: the events before it still count.
    }
  }
  return out;
}

/**
 * Leaf tests with their suite path ('suite > sub > test'). Suites are left out unless they failed on their
 * own (a throwing describe body or hook), and a file-level failure with no tests of its own is a load error.
 */
export function testsFromEvents(events: readonly ReporterEvent[], root: string): ParsedTests {
  const paths = new Map<string, string[]>();
  const stderr = new Map<string, string[]>();
  const tests: TestResult[] = [];
  const loadErrors: ParsedTests['loadErrors'] = [];
  for (const e of events) {
    const file = e.file ?? '';
    if (e.type === 'test:stderr') {
      const lines = stderr.get(file) ?? [];
      lines.push(e.message ?? '');
      stderr.set(file, lines);
      continue;
    }
    const nesting = e.nesting ?? 0;
    const name = e.name ?? '(unnamed)';
    const path = paths.get(file) ?? [];
    if (e.type === 'test:start') {
      path.length = nesting;
      path[nesting] = name;
      paths.set(file, path);
      continue;
    }
    const isFileEntry = nesting === 0 && file !== '' && name === file;
    if (isFileEntry) {
      if (e.type === 'test:fail') {
        const printed = (stderr.get(file) ?? []).join('').split('\n').filter((l) => l.trim() !== '' && !/^\s+at /.test(l));
        loadErrors.push({ file: relativeTo(root, file), error: clipError(printed.join('\n') || e.error || 'the test file failed') });
      }
      continue;
    }
    if (e.suite && !(e.type === 'test:fail' && e.failureType !== 'subtestsFailed')) continue;
    tests.push(testResult([...path.slice(0, nesting), name], {
      failed: e.type === 'test:fail', skip: e.skip === true, todo: e.todo === true, duration_ms: e.duration_ms,
      ...(e.error !== undefined ? { error: e.error } : {}),
    }));
  }
  return { tests, loadErrors };
}
