/*
 * The `browser-sandbox` runner: a task's tests and lint in sandboxed iframes, offline, with the verdict decided here.
 *
 * Threat model. The task's files (generated, transformed by a strategy, or typed in by a user) are hostile code.
 * Assets: the app's storage (IndexedDB, OPFS, Cache Storage, Web Locks, the engine's BroadcastChannel), the app's
 * windows and workers, the network, the next task's run, and the honesty of the verdict.
 *
 * - Where task code runs: only in a classic blob worker inside an `<iframe sandbox="allow-scripts" srcdoc>`. The
 *   iframe has an opaque origin, so every storage API refuses it and it can name none of the app's; it cannot
 *   navigate the top page (no allow-top-navigation), submit forms, or open popups. Its CSP is default-src 'none'
 *   plus its own script (by hash) and blob: scripts and workers, so fetch, XHR, WebSocket, EventSource,
 *   sendBeacon, images and import() of a URL are refused before any request leaves. The app page's frame-src
 *   (index.html) stops the sandbox document from navigating itself to a URL that would carry data away.
 * - Each test run gets a fresh iframe, so a fresh origin, global object and timers; the watchdog removes the iframe
 *   at the deadline (which ends its workers and any loop), and a heartbeat notices when a memory bomb has killed the
 *   sandbox's process. Lint runs in a separate, long-lived sandbox that only parses the files, never runs them.
 * - The channel: the app hands the sandbox document a MessagePort once (the one window message it accepts, from its
 *   parent only); the document gives each worker a port of its own. The shim binds that port's postMessage before
 *   any task code exists and keeps it in a closure, and the worker locks the built-ins the shim uses (harden.ts)
 *   before it loads the task, so task code can neither reach the port nor rewrite what the shim calls. What task
 *   code posts to `self` (the only other way out) lands on the Worker object, which the document ignores.
 * - The verdict: the document stamps every relayed report with a nonce the app made for this sandbox (it lives in
 *   the document's realm, never in the worker's), and the app drops anything without it. The ledger (ledger.ts)
 *   then accepts a report only in order: each test begins once and ends once, the file ends with 'done', and any
 *   gap, duplicate, unknown kind or early exit makes the check 'error', never 'pass'. So a task that fails its
 *   tests cannot report itself passing, only fail, time out or be marked in error.
 * Residual: a task can still defeat its own assertions as it could under node (e.g. a source file that returns
 * what the tests expect only when called from a test); the sandbox guarantees the report, not the test's wisdom.
 * The sandbox shares a renderer process with the app only if the browser does not isolate sandboxed iframes
 * (Chromium does: a memory bomb ends the sandbox's process, not the app's).
 */
import eslintUrl from 'eslint-linter-browserify/linter.min.js?url';
import { lintConfig } from '../../core/pipeline/lint-rules';
import type { CheckResult, LintMessage, RunOptions, RunnerLabel, TaskFiles, TaskRunResult, TaskRunner } from '../../core/pipeline/runner';
import { SHIM_VERSION, type ShimEvent } from '../sandbox/protocol';
import { FileLedger, testVerdict, type FileOutcome, type Interruption } from './ledger';
import { prepareTask, type PreparedTask } from './prepare';
import { SandboxHost } from './sandbox-host';

const LINT_DEAD = 'the lint sandbox stopped responding';

/** ESLint's first load in a fresh lint sandbox (parsing 1.3 MB of script); not counted against a task's deadline. */
const LINT_LOAD_MS = 30_000;

export function browserEngine(): string {
  const brands = (navigator as Navigator & { userAgentData?: { brands: { brand: string; version: string }[] } }).userAgentData?.brands ?? [];
  const chromium = brands.find((b) => b.brand === 'Chromium');
  if (chromium) return `Chromium ${chromium.version} worker`;
  const m = /(Chrome|Firefox|Version)\/(\d+)/.exec(navigator.userAgent);
  const name = m?.[1] === 'Chrome' ? 'Chromium' : m?.[1] === 'Version' ? 'Safari' : (m?.[1] ?? 'browser');
  return `${name} ${m?.[2] ?? ''} worker`.replace('  ', ' ');
}

export function sandboxLabel(): RunnerLabel {
  return { runner: 'browser-sandbox', engine: browserEngine(), version: SHIM_VERSION };
}

function abortError(): Error {
  return new DOMException('The run was cancelled', 'AbortError');
}

let eslintText: Promise<string> | null = null;
function loadEslint(): Promise<string> {
  // Same-origin and precached: served by the service worker offline.
  eslintText ??= fetch(eslintUrl).then((r) => {
    if (!r.ok) throw new Error(`ESLint could not be loaded (${r.status})`);
    return r.text();
  });
  eslintText.catch(() => (eslintText = null));
  return eslintText;
}

/** Runs the test files one after another, each in a new worker of one fresh sandbox, until done or the deadline. */
async function runTests(prepared: PreparedTask, timeoutMs: number, signal?: RunOptions['signal']): Promise<TaskRunResult['test']> {
  const start = performance.now();
  const outcomes: FileOutcome[] = [];
  if (prepared.testFiles.length === 0) return { status: 'error', duration_ms: 0, tests: [], reason: 'no test files: node --test would find none' };
  let host: SandboxHost | null = null;
  let settle: ((i?: Interruption) => void) | null = null;
  let ledger: FileLedger | null = null;
  let currentId = -1;
  let stopped: Interruption | null = null;
  const stop = (i: Interruption) => {
    stopped ??= i;
    host?.destroy();
    settle?.(i);
  };
  const watchdog = setTimeout(() => stop({ kind: 'timeout' }), timeoutMs);
  const onAbort = () => stop({ kind: 'start-failed', message: 'cancelled' });
  signal?.addEventListener('abort', onAbort);
  try {
    if (signal?.aborted) throw abortError();
    try {
      host = await SandboxHost.create('test');
    } catch (err) {
      if (stopped) return testVerdict([{ ledger: new FileLedger(prepared.testFiles[0]), interruption: stopped }], timeoutMs, performance.now() - start);
      return { status: 'error', duration_ms: performance.now() - start, tests: [], reason: (err as Error).message };
    }
    if (stopped) host.destroy();
    host.listen({
      event: (id, e: ShimEvent) => {
        if (id !== currentId || !ledger) return;
        ledger.accept(e);
        if (ledger.finished) settle?.();
      },
      workerError: (id, message) => {
        if (id === currentId) settle?.({ kind: 'worker-error', message });
      },
      crash: () => stop({ kind: 'crash' }),
    });
    for (const path of prepared.testFiles) {
      if (stopped) break;
      const fileLedger = new FileLedger(path);
      ledger = fileLedger;
      const interruption = await new Promise<Interruption | undefined>((resolve) => {
        settle = resolve;
        currentId = host!.spawn({ kind: 'test', modules: prepared.modules, entry: path });
      });
      settle = null;
      host.kill(currentId);
      outcomes.push(interruption ? { ledger: fileLedger, interruption } : { ledger: fileLedger });
      if (interruption) break;
    }
  } finally {
    clearTimeout(watchdog);
    signal?.removeEventListener('abort', onAbort);
    host?.destroy();
  }
  if (signal?.aborted) throw abortError();
  // Stopped before the first file got going (the deadline fell while the sandbox was starting): say so, not "no tests".
  if (stopped && outcomes.length === 0) outcomes.push({ ledger: new FileLedger(prepared.testFiles[0]), interruption: stopped });
  return testVerdict(outcomes, timeoutMs, performance.now() - start);
}

/** ESLint in a long-lived sandbox of its own: it only parses task files, so it can serve every task; it is replaced when it times out or dies. */
class LintSandbox {
  #ready: Promise<{ host: SandboxHost; id: number }> | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #pending: ((e: ShimEvent | { t: 'dead'; why: string }) => void) | null = null;

  #start(): Promise<{ host: SandboxHost; id: number }> {
    const ready = (async () => {
      const [host, eslint] = await Promise.all([SandboxHost.create('lint'), loadEslint()]);
      const loaded = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('ESLint did not load in the sandbox')), LINT_LOAD_MS);
        this.#pending = (e) => {
          clearTimeout(timer);
          if (e.t === 'ready') resolve();
          else reject(new Error(e.t === 'fatal' ? e.message : e.t === 'dead' ? e.why : 'ESLint did not load in the sandbox'));
        };
      });
      // Death between jobs (its document replaced, its process gone) is noticed here, so the next job gets a new sandbox.
      const dead = (why: string) => {
        host.destroy();
        if (this.#ready === ready) this.#ready = null;
        this.#pending?.({ t: 'dead', why });
      };
      host.listen({
        event: (_id, e) => this.#pending?.(e),
        workerError: (_id, message) => dead(message),
        crash: () => dead(LINT_DEAD),
      });
      const id = host.spawn({ kind: 'lint-start' }, eslint);
      try {
        await loaded;
      } catch (err) {
        host.destroy();
        throw err;
      }
      return { host, id };
    })();
    ready.catch(() => {
      if (this.#ready === ready) this.#ready = null;
    });
    return ready;
  }

  lint(files: PreparedTask['lintFiles'], timeoutMs: number): Promise<CheckResult & { messages: LintMessage[] }> {
    // A lint sandbox only parses files, so its death is never the task's doing: one retry on a new sandbox.
    const run = this.#queue.then(async () => {
      const first = await this.#lintNow(files, timeoutMs);
      return first.status === 'error' && first.reason === LINT_DEAD ? this.#lintNow(files, timeoutMs) : first;
    });
    this.#queue = run.catch(() => {});
    return run;
  }

  async #lintNow(files: PreparedTask['lintFiles'], timeoutMs: number): Promise<CheckResult & { messages: LintMessage[] }> {
    let sandbox: { host: SandboxHost; id: number };
    try {
      this.#ready ??= this.#start();
      sandbox = await this.#ready;
      if (!sandbox.host.alive) {
        this.#ready = this.#start();
        sandbox = await this.#ready;
      }
    } catch (err) {
      return { status: 'error', duration_ms: 0, messages: [], reason: (err as Error).message };
    }
    const start = performance.now();
    const reply = await new Promise<ShimEvent | { t: 'dead'; why: string } | { t: 'timeout' }>((resolve) => {
      const timer = setTimeout(() => resolve({ t: 'timeout' }), timeoutMs);
      this.#pending = (e) => {
        clearTimeout(timer);
        resolve(e);
      };
      sandbox.host.job(sandbox.id, { kind: 'lint', files, config: lintConfig });
    });
    this.#pending = null;
    const duration_ms = performance.now() - start;
    if (reply.t === 'lint') {
      const messages = reply.messages;
      return { status: messages.some((m) => m.severity === 2) ? 'fail' : 'pass', duration_ms, messages };
    }
    // Anything else leaves this sandbox in doubt: the next lint starts a new one.
    sandbox.host.destroy();
    this.#ready = null;
    if (reply.t === 'timeout') return { status: 'timeout', duration_ms, messages: [], reason: `ESLint did not finish within ${timeoutMs} ms` };
    const why = reply.t === 'fatal' ? reply.message : reply.t === 'dead' ? reply.why : `an unexpected report (${reply.t})`;
    return { status: 'error', duration_ms, messages: [], reason: why };
  }

  /** Starts the lint sandbox and loads ESLint ahead of the first task. */
  async warm(): Promise<void> {
    this.#ready ??= this.#start();
    await this.#ready;
  }
}

export interface SandboxRunner extends TaskRunner {
  /** Starts the lint sandbox now, so the first task does not wait for ESLint to load. */
  warm(): Promise<void>;
}

/** The runner. Lint first, then tests: one sandbox crashing cannot cost the other check its result. */
export function createSandboxRunner(): SandboxRunner {
  const linter = new LintSandbox();
  return {
    name: 'browser-sandbox',
    async available() {
      if (typeof document === 'undefined' || typeof Worker === 'undefined') return { ok: false, reason: 'the browser sandbox needs a page with Web Workers' };
      if (!globalThis.crypto?.subtle) return { ok: false, reason: 'the browser sandbox needs a secure context (https or localhost)' };
      return { ok: true };
    },
    warm: () => linter.warm(),
    async run(files: TaskFiles, options: RunOptions): Promise<TaskRunResult> {
      const start = performance.now();
      if (options.signal?.aborted) throw abortError();
      const prepared = prepareTask(files);
      const lint = await linter.lint(prepared.lintFiles, options.timeout_ms);
      if (options.signal?.aborted) throw abortError();
      const test = await runTests(prepared, options.timeout_ms, options.signal);
      return { label: sandboxLabel(), test, lint, duration_ms: performance.now() - start };
    },
  };
}
