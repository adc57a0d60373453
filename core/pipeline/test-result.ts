// One test's result from what node:test says of it, the same for every runner's reader (the node runner's events, WebContainer's TAP): suite path joined with ' > ', skip and todo as node counts them, the error bounded.
import type { TestResult } from './runner';

/** What a runner read about one test. */
export interface TestOutcome {
  failed: boolean;
  skip?: boolean;
  todo?: boolean;
  /** Whatever the report held: anything but a finite number reads as 0. */
  duration_ms?: unknown;
  /** The failure's message. */
  error?: string;
}

const MAX_ERROR = 2000;

/** A failure's text cut to 2,000 characters: what a runner keeps of whatever a test printed. */
export function clipError(s: string): string {
  return s.length > MAX_ERROR ? `${s.slice(0, MAX_ERROR - 1)}…` : s;
}

/**
 * node counts a skipped or todo test as neither passed nor failed (`# skipped`, `# todo`): both are 'skip' here,
 * whether the todo's body passed or not; a todo that failed keeps why, as 'todo: …'.
 */
export function testResult(path: readonly string[], o: TestOutcome): TestResult {
  const name = path.join(' > ');
  const duration_ms = typeof o.duration_ms === 'number' && Number.isFinite(o.duration_ms) ? o.duration_ms : 0;
  if (o.skip) return { name, status: 'skip', duration_ms };
  if (o.todo) return o.failed ? { name, status: 'skip', duration_ms, error: clipError(`todo: ${o.error ?? 'failed'}`) } : { name, status: 'skip', duration_ms };
  return o.failed ? { name, status: 'fail', duration_ms, error: clipError(o.error ?? 'failed') } : { name, status: 'pass', duration_ms };
}
