// The contract every task runner meets (browser sandbox, WebContainer, node): what a task is, what a run returns, and how each result names its runner.

/** A task as files: paths relative to the task folder ('src/index.js', 'test/index.test.js', 'package.json'). */
export interface TaskFiles {
  [path: string]: string;
}

export type RunnerName = 'browser-sandbox' | 'webcontainer' | 'node';

/** Which runner produced a result, on what engine: shown beside every result, never left out. */
export interface RunnerLabel {
  runner: RunnerName;
  /** e.g. 'Chromium 156 dedicated worker', 'WebContainer', 'node v20.20.2'. */
  engine: string;
  /** Version of the runner itself (the shim, @webcontainer/api, npm). */
  version: string;
}

export type TestStatus = 'pass' | 'fail' | 'skip';

export interface TestResult {
  /** Full name: suites joined with ' > ', then the test's name. */
  name: string;
  status: TestStatus;
  duration_ms: number;
  /** The assertion or error message of a failing test. */
  error?: string;
}

export interface LintMessage {
  file: string;
  line: number;
  column: number;
  ruleId: string | null;
  severity: 1 | 2;
  message: string;
}

/**
 * How a check (tests or lint) ended. 'timeout': the watchdog stopped it at its deadline; 'error': it could
 * not run to a verdict (crash, syntax error, memory exhausted); 'not-run': no runner was available (reason says why).
 */
export type CheckStatus = 'pass' | 'fail' | 'timeout' | 'error' | 'not-run';

export interface CheckResult {
  status: CheckStatus;
  duration_ms: number;
  /** For 'error', 'timeout' and 'not-run': what happened, in words a user understands. */
  reason?: string;
}

export interface TaskRunResult {
  label: RunnerLabel;
  /** `npm test`: node:test results. */
  test: CheckResult & { tests: TestResult[] };
  /** `npm run lint`: ESLint with the shared rules (core/pipeline/lint-rules.ts). */
  lint: CheckResult & { messages: LintMessage[] };
  /** When another runner was asked for and this one ran instead (e.g. WebContainer unavailable → sandbox). */
  fallback?: { requested: RunnerName; reason: string };
  duration_ms: number;
}

export interface RunOptions {
  /** Deadline for each check; the runner stops the task at timeout_ms (the sandbox within +250 ms). */
  timeout_ms: number;
  /** An AbortSignal (core has no DOM types, so only what runners use of it). */
  signal?: AbortLike;
}

export interface AbortLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface TaskRunner {
  readonly name: RunnerName;
  /** Whether this runner can run here and now; when not, why (recorded with a 'not-run' result). */
  available(): Promise<{ ok: true } | { ok: false; reason: string }>;
  run(files: TaskFiles, options: RunOptions): Promise<TaskRunResult>;
}
