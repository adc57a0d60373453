// The `webcontainer` runner: real `npm test` and `npm run lint` in a StackBlitz WebContainer, only on a cross-origin isolated page that is online; boot raced against a timeout.
import { lintMessagesFromEslintJson } from '../../core/pipeline/eslint-report';
import type { CheckResult, LintMessage, RunOptions, RunnerLabel, TaskFiles, TaskRunResult, TaskRunner } from '../../core/pipeline/runner';
import { completeTaskFiles } from '../../core/pipeline/task-files';
import { RunnerUnavailableError } from './fallback';
import { parseTap } from './tap';

/** package.json pins @webcontainer/api to this (webcontainer-runner.test.ts checks). */
export const WEBCONTAINER_API_VERSION = '1.6.4';
/** The ESLint the container installs for `npm run lint`: the same release as the CLI's and the sandbox's. */
const ESLINT_SPEC = 'eslint@10.11.0';
export const BOOT_TIMEOUT_MS = 20_000;

/** What the runner uses of a booted WebContainer (the real one is adapted in bootWebContainer; tests pass a fake). */
export interface Container {
  /** Writes the files under `folder`. */
  write(folder: string, files: TaskFiles): Promise<void>;
  spawn(command: string, args: string[], cwd: string): { output: ReadableStream<string>; exit: Promise<number>; kill(): void };
  remove(folder: string): Promise<void>;
}

export interface WebContainerDeps {
  boot?: () => Promise<Container>;
  /** Whether the page is cross-origin isolated and the browser online (read each run). */
  env?: () => { isolated: boolean; online: boolean };
  bootTimeoutMs?: number;
}

type Tree = Record<string, { file: { contents: string } } | { directory: Tree }>;

function toTree(files: TaskFiles): Tree {
  const root: Tree = {};
  for (const [path, contents] of Object.entries(files)) {
    const parts = path.split('/');
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      const next = (dir[part] ??= { directory: {} });
      if (!('directory' in next)) throw new Error(`${path}: ${part} is a file, not a folder`);
      dir = next.directory;
    }
    dir[parts[parts.length - 1]] = { file: { contents } };
  }
  return root;
}

/** The real WebContainer, loaded on first use so @webcontainer/api stays out of the app's main bundle. */
async function bootWebContainer(): Promise<Container> {
  const { WebContainer } = await import('@webcontainer/api');
  const wc = await WebContainer.boot({ coep: 'require-corp', workdirName: 'safla-tasks' });
  return {
    write: (folder, files) => wc.mount(toTree(files), { mountPoint: folder }),
    spawn(command, args, cwd) {
      const started = wc.spawn(command, args, { cwd, output: true });
      // spawn() resolves to the process; expose it as a stream and an exit code without waiting here.
      let proc: Awaited<typeof started> | null = null;
      const output = new ReadableStream<string>({
        async start(controller) {
          const p = await started;
          proc = p;
          await p.output.pipeTo(new WritableStream({ write: (chunk) => controller.enqueue(chunk) }));
          controller.close();
        },
      });
      return { output, exit: started.then((p) => p.exit), kill: () => proc?.kill() };
    },
    remove: (folder) => wc.fs.rm(folder, { recursive: true, force: true }),
  };
}

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g; // eslint-disable-line no-control-regex

/** Runs a command to its end or the deadline; the output with terminal escapes removed. */
async function exec(c: Container, command: string, args: string[], cwd: string, timeoutMs: number): Promise<{ code: number | 'timeout'; output: string; ms: number }> {
  const start = performance.now();
  const p = c.spawn(command, args, cwd);
  let output = '';
  const reading = p.output.pipeTo(new WritableStream({ write: (chunk) => void (output += chunk) })).catch(() => {});
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  const code = await Promise.race([p.exit, deadline]);
  clearTimeout(timer);
  if (code === 'timeout') p.kill();
  else await reading;
  return { code, output: output.replace(ANSI, ''), ms: performance.now() - start };
}

function tail(s: string): string {
  const t = s.trim();
  return t.length > 600 ? `…${t.slice(-600)}` : t;
}

function testCheck(r: Awaited<ReturnType<typeof exec>>, timeoutMs: number): TaskRunResult['test'] {
  const tests = parseTap(r.output);
  if (r.code === 'timeout') return { status: 'timeout', duration_ms: r.ms, tests, reason: `npm test did not finish within ${timeoutMs} ms` };
  if (tests.length === 0) return { status: 'error', duration_ms: r.ms, tests, reason: `npm test reported no tests (exit ${r.code}): ${tail(r.output)}` };
  const failed = tests.some((t) => t.status === 'fail');
  if (!failed && r.code !== 0) return { status: 'error', duration_ms: r.ms, tests, reason: `npm test exited with ${r.code} although every test passed: ${tail(r.output)}` };
  return { status: failed ? 'fail' : 'pass', duration_ms: r.ms, tests };
}

function lintCheck(r: Awaited<ReturnType<typeof exec>>, folder: string, timeoutMs: number): CheckResult & { messages: LintMessage[] } {
  if (r.code === 'timeout') return { status: 'timeout', duration_ms: r.ms, messages: [], reason: `npm run lint did not finish within ${timeoutMs} ms` };
  const json = r.output.split('\n').find((l) => l.trim().startsWith('['));
  let messages: LintMessage[];
  try {
    messages = lintMessagesFromEslintJson(json ?? '', (path) => {
      const at = path.indexOf(`/${folder}/`);
      return at >= 0 ? path.slice(at + folder.length + 2) : path;
    });
  } catch {
    return { status: 'error', duration_ms: r.ms, messages: [], reason: `npm run lint printed no ESLint report (exit ${r.code}): ${tail(r.output)}` };
  }
  return { status: messages.some((m) => m.severity === 2) ? 'fail' : 'pass', duration_ms: r.ms, messages };
}

export function createWebContainerRunner(deps: WebContainerDeps = {}): TaskRunner {
  const boot = deps.boot ?? bootWebContainer;
  const env = deps.env ?? (() => ({ isolated: globalThis.crossOriginIsolated === true, online: globalThis.navigator?.onLine !== false }));
  const bootTimeoutMs = deps.bootTimeoutMs ?? BOOT_TIMEOUT_MS;
  let container: Promise<Container> | null = null;
  let engine = 'WebContainer';
  /** Once boot has failed or hung, WebContainer keeps that boot pending: later runs fall back at once, saying why. */
  let bootFailure: string | null = null;
  let runs = 0;

  async function booted(): Promise<Container> {
    if (bootFailure) throw new RunnerUnavailableError(bootFailure);
    container ??= (async () => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new RunnerUnavailableError(`WebContainer did not boot within ${bootTimeoutMs} ms (it loads StackBlitz's hosted runtime)`)), bootTimeoutMs);
      });
      try {
        const c = await Promise.race([boot(), timeout]);
        const v = await exec(c, 'node', ['--version'], '.', 10_000);
        if (typeof v.code === 'number' && v.code === 0) engine = `WebContainer node ${v.output.trim()}`;
        return c;
      } catch (err) {
        bootFailure = err instanceof RunnerUnavailableError ? err.message : `WebContainer failed to boot: ${err instanceof Error ? err.message : String(err)}`;
        container = null;
        throw new RunnerUnavailableError(bootFailure);
      } finally {
        clearTimeout(timer);
      }
    })();
    return container;
  }

  return {
    name: 'webcontainer',
    async available() {
      const e = env();
      if (!e.isolated) return { ok: false, reason: 'WebContainer needs a cross-origin isolated page (COOP/COEP headers)' };
      if (!e.online) return { ok: false, reason: 'WebContainer needs the network (it loads StackBlitz’s hosted runtime); the browser is offline' };
      if (bootFailure) return { ok: false, reason: bootFailure };
      return { ok: true };
    },
    async run(files: TaskFiles, options: RunOptions): Promise<TaskRunResult> {
      const start = performance.now();
      const c = await booted();
      const folder = `task-${++runs}`;
      try {
        await c.write(folder, completeTaskFiles(files));
        const test = testCheck(await exec(c, 'npm', ['test', '--', '--test-reporter=tap'], folder, options.timeout_ms), options.timeout_ms);
        const install = await exec(c, 'npm', ['install', '--no-save', '--no-audit', '--no-fund', ESLINT_SPEC], folder, Math.max(options.timeout_ms, 120_000));
        const lint =
          install.code === 0
            ? lintCheck(await exec(c, 'npm', ['run', 'lint', '--', '--format', 'json'], folder, options.timeout_ms), folder, options.timeout_ms)
            : { status: 'error' as const, duration_ms: install.ms, messages: [], reason: `installing ESLint in the container failed: ${tail(install.output)}` };
        const label: RunnerLabel = { runner: 'webcontainer', engine, version: `@webcontainer/api ${WEBCONTAINER_API_VERSION}` };
        return { label, test, lint, duration_ms: performance.now() - start };
      } finally {
        await c.remove(folder).catch(() => {});
      }
    },
  };
}
