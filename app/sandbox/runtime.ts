// The sandbox worker's script (a classic worker made from a blob in the sandbox document): runs one test file on the shims, or lints files with ESLint.
import { lockdown } from './harden';
import { errorText } from './inspect';
import { createLoader } from './modules';
import { createAssert } from './node-assert';
import { createNodeTest } from './node-test';
import { SHIM_KEY, type LintJob, type LintStart, type ShimEvent, type TestJob } from './protocol';

interface WorkerScope {
  importScripts(...urls: string[]): void;
  addEventListener(type: 'message', fn: (e: MessageEvent) => void): void;
  removeEventListener(type: 'message', fn: (e: MessageEvent) => void): void;
  addEventListener(type: 'error', fn: (e: ErrorEvent) => void): void;
  addEventListener(type: 'unhandledrejection', fn: (e: PromiseRejectionEvent) => void): void;
  eslint?: { Linter: new (options: { configType: 'flat' }) => { verify(code: string, config: unknown, options: { filename: string }): EslintMessage[] } };
}
interface EslintMessage {
  line?: number;
  column?: number;
  ruleId: string | null;
  severity: number;
  message: string;
}

const scope = globalThis as unknown as WorkerScope & Record<string, unknown>;

// Captured now, before any task code exists in this worker: what the report path and the loader call later.
const now = performance.now.bind(performance);
const setTimer = setTimeout.bind(globalThis);
const clearTimer = clearTimeout.bind(globalThis);
const createUrl = URL.createObjectURL.bind(URL);
const importScriptsNow = scope.importScripts.bind(scope);
const BlobCtor = Blob;

const MAX_TEXT = 4000;
const clip = (s: string) => (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}…` : s);
const blobUrl = (text: string, type: string) => createUrl(new BlobCtor([text], { type }));

/** What node gives every script that the tasks may touch: `global`, a small `process`, setImmediate. */
function nodeGlobals(): void {
  scope.global = globalThis;
  scope.setImmediate ??= (fn: (...a: unknown[]) => void, ...args: unknown[]) => setTimer(() => fn(...args), 0);
  scope.process ??= {
    env: {},
    argv: ['node'],
    platform: 'browser',
    nextTick: (fn: (...a: unknown[]) => void, ...args: unknown[]) => queueMicrotask(() => fn(...args)),
    exitCode: undefined,
  };
}

async function runTests(job: TestJob, send: (e: ShimEvent) => void): Promise<void> {
  const nt = createNodeTest(
    {
      begin: (id, name) => send({ t: 'begin', id, name: clip(name) }),
      end: (id, status, duration_ms, error) => send(error === undefined ? { t: 'end', id, status, duration_ms } : { t: 'end', id, status, duration_ms, error: clip(error) }),
    },
    { now, setTimeout: setTimer, clearTimeout: (h) => clearTimer(h as number) },
    job.entry,
  );
  // Uncaught errors fail the running test (or the file), as in node; handled here so they do not also surface as the worker's error.
  scope.addEventListener('error', (e) => {
    e.preventDefault();
    nt.uncaught(e.error ?? new Error(e.message));
  });
  scope.addEventListener('unhandledrejection', (e) => {
    e.preventDefault();
    nt.uncaught(e.reason);
  });
  nodeGlobals();
  const loader = createLoader(job.modules, nt.api, createAssert(), {
    url: blobUrl,
    runScript: (url) => importScriptsNow(url),
    importModule: (url) => import(/* @vite-ignore */ url),
    publish: (value) => Object.defineProperty(globalThis, SHIM_KEY, { value, writable: false, configurable: false, enumerable: false }),
    globalKey: SHIM_KEY,
  });
  lockdown(scope);
  try {
    await loader.load(job.entry);
  } catch (e) {
    const text = errorText(e);
    send({ t: 'file-error', message: clip(text.includes(job.entry) ? text : `${job.entry}: ${text}`) });
    return;
  }
  await nt.run();
  send({ t: 'done' });
}

function lint(job: LintJob, send: (e: ShimEvent) => void): void {
  const Linter = scope.eslint?.Linter;
  if (!Linter) throw new Error('ESLint did not load in the sandbox');
  const linter = new Linter({ configType: 'flat' });
  const messages: Extract<ShimEvent, { t: 'lint' }>['messages'] = [];
  for (const f of job.files) {
    for (const m of linter.verify(f.code, job.config, { filename: f.path })) {
      messages.push({ file: f.path, line: m.line ?? 0, column: m.column ?? 0, ruleId: m.ruleId ?? null, severity: m.severity === 1 ? 1 : 2, message: clip(m.message) });
    }
  }
  send({ t: 'lint', messages });
}

function onStart(e: MessageEvent): void {
  // One start message per worker; later ones (task code posting to itself) are not jobs.
  scope.removeEventListener('message', onStart);
  const port = e.ports[0];
  const { job, eslint } = e.data as { job: TestJob | LintStart; eslint?: string };
  // Bound once, here: task code never sees this port, and rewriting MessagePort.prototype later changes nothing.
  const post = port.postMessage.bind(port) as (m: ShimEvent) => void;
  const fatal = (err: unknown) => post({ t: 'fatal', message: clip(errorText(err)) });
  if (job.kind === 'test') {
    runTests(job, post).catch(fatal);
    return;
  }
  try {
    importScriptsNow(blobUrl(eslint ?? '', 'text/javascript'));
    post({ t: 'ready' });
  } catch (err) {
    fatal(err);
    return;
  }
  // A lint worker stays for the next lint jobs (nothing it runs is task code); they come over the same port.
  port.addEventListener('message', (m: MessageEvent) => {
    try {
      lint(m.data as LintJob, post);
    } catch (err) {
      fatal(err);
    }
  });
  port.start();
}

scope.addEventListener('message', onStart);
