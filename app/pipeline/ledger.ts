// The app's own account of a sandboxed test run: it checks every report from the shim (each test begins once and ends once, then 'done') and alone decides the verdict.
import type { CheckResult, TestResult } from '../../core/pipeline/runner';

/** More tests than this in one task is treated as a runaway report, not a result. */
export const MAX_TESTS = 10_000;

const STATUSES = new Set(['pass', 'fail', 'skip']);
const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isText = (v: unknown): v is string => typeof v === 'string';

/** One test file's reports, as they arrive. Anything out of order or malformed makes the file's outcome 'inconsistent', never a pass. */
export class FileLedger {
  readonly results: TestResult[] = [];
  #open = new Map<number, string>();
  #seen = new Set<number>();
  done = false;
  loadError: string | null = null;
  problem: string | null = null;

  constructor(readonly path: string) {}

  get finished(): boolean {
    return this.done || this.loadError !== null || this.problem !== null;
  }

  #fail(why: string): void {
    this.problem ??= why;
  }

  accept(event: unknown): void {
    if (this.finished) return this.#fail('a report came after the file had finished');
    const e = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
    switch (e.t) {
      case 'begin':
        if (!isId(e.id) || !isText(e.name)) return this.#fail('a malformed test start');
        if (this.#seen.has(e.id)) return this.#fail(`test #${e.id} started twice`);
        if (this.#seen.size >= MAX_TESTS) return this.#fail(`more than ${MAX_TESTS} tests`);
        this.#seen.add(e.id);
        this.#open.set(e.id, e.name);
        return;
      case 'end': {
        if (!isId(e.id) || !STATUSES.has(e.status as string) || typeof e.duration_ms !== 'number' || !(e.duration_ms >= 0) || (e.error !== undefined && !isText(e.error))) {
          return this.#fail('a malformed test result');
        }
        const name = this.#open.get(e.id);
        if (name === undefined) return this.#fail(`a result for test #${e.id}, which had not started or had already ended`);
        this.#open.delete(e.id);
        const r: TestResult = { name, status: e.status as TestResult['status'], duration_ms: e.duration_ms };
        if (e.error !== undefined) r.error = e.error as string;
        this.results.push(r);
        return;
      }
      case 'file-error':
        this.loadError = isText(e.message) ? e.message : `${this.path} failed to load`;
        return;
      case 'done':
        if (this.#open.size > 0) return this.#fail(`${this.#open.size} test(s) started and never ended (${[...this.#open.values()].slice(0, 3).join(', ')})`);
        this.done = true;
        return;
      case 'fatal':
        return this.#fail(`the sandbox runtime failed: ${isText(e.message) ? e.message : 'no message'}`);
      default:
        return this.#fail('a report of an unknown kind');
    }
  }
}

/** How a file's run ended when it did not end with its own 'done'. */
export type Interruption = { kind: 'timeout' } | { kind: 'crash' } | { kind: 'worker-error'; message: string } | { kind: 'start-failed'; message: string };

export interface FileOutcome {
  ledger: FileLedger;
  interruption?: Interruption;
}

/** The test check's verdict from the files' ledgers: pass only when every file reported 'done' consistently, at least one test ran, and none failed. */
export function testVerdict(files: FileOutcome[], timeoutMs: number, durationMs: number): CheckResult & { tests: TestResult[] } {
  const tests = files.flatMap((f) => f.ledger.results);
  const base = { duration_ms: durationMs, tests };
  for (const { ledger, interruption } of files) {
    if (interruption?.kind === 'timeout') return { ...base, status: 'timeout', reason: `the tests did not finish within ${timeoutMs} ms (stopped in ${ledger.path})` };
    if (interruption?.kind === 'crash') return { ...base, status: 'error', reason: `the sandbox stopped responding while running ${ledger.path}: its process ended (out of memory, or it crashed)` };
    if (interruption?.kind === 'worker-error') return { ...base, status: 'error', reason: `${ledger.path}: ${interruption.message}` };
    if (interruption?.kind === 'start-failed') return { ...base, status: 'error', reason: interruption.message };
    if (ledger.loadError !== null) return { ...base, status: 'error', reason: ledger.loadError };
    if (ledger.problem !== null) return { ...base, status: 'error', reason: `${ledger.path}: the test report was inconsistent: ${ledger.problem}` };
    if (!ledger.done) return { ...base, status: 'error', reason: `${ledger.path} ended without finishing its tests` };
  }
  if (tests.length === 0) return { ...base, status: 'error', reason: 'the test files define no tests' };
  return { ...base, status: tests.some((t) => t.status === 'fail') ? 'fail' : 'pass' };
}
