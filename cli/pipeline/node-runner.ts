// The `node` task runner: real `npm test` and `npm run lint` in a fresh temporary folder via child_process, stopped at a deadline (the whole process group), the folder removed afterwards.
import { spawn } from 'node:child_process';
import { access, chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import type { AbortLike, CheckResult, LintMessage, RunnerLabel, RunOptions, TaskFiles, TaskRunner, TaskRunResult, TestResult } from '../../core/pipeline/runner';
import { lintMessagesFromEslintJson } from '../../core/pipeline/eslint-report';
import { notRunResult } from '../../core/pipeline/iteration';
import { completeTaskFiles, validateTaskFiles } from '../../core/pipeline/task-files';
import { parseReporterLines, relativeTo, testsFromEvents } from './node-test-events';
import { reporterSource } from './test-reporter';

/** Output kept from each command: enough for an error's reason, bounded whatever a task prints. */
const MAX_OUTPUT = 256 * 1024;

interface Exit {
  code: number | null;
  timedOut: boolean;
  aborted: boolean;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command as the leader of its own process group, so a deadline or a cancel can stop it and everything it started. */
function runCommand(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number, signal?: AbortLike): Promise<Exit> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let aborted = false;
    let settled = false;
    const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => { timedOut = true; killGroup(); }, timeoutMs);
    const onAbort = () => { aborted = true; killGroup(); };
    signal?.addEventListener('abort', onAbort);
    child.stdout.on('data', (b: Buffer) => { if (stdout.length < MAX_OUTPUT) stdout += b.toString('utf8'); });
    child.stderr.on('data', (b: Buffer) => { if (stderr.length < MAX_OUTPUT) stderr += b.toString('utf8'); });
    const finish = (code: number | null, extra = '') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      // The group may still hold processes that outlived the shell (a test that spawned and forgot): stop them too.
      killGroup();
      resolve({ code, timedOut, aborted, stdout, stderr: stderr + extra, ms: performance.now() - t0 });
    };
    child.on('error', (err) => finish(null, `\n${err.message}`));
    child.on('close', (code) => finish(code));
    if (signal?.aborted) onAbort();
  });
}

/** The last lines of a command's output that say something (npm's banner and stack frames left out). */
function tail(text: string, lines = 8): string {
  const useful = text.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '' && !l.startsWith('>') && !/^\s+at /.test(l));
  return useful.slice(-lines).join('\n');
}

export interface NodeRunnerOptions {
  /** The eslint package folder (default: the one this module resolves). */
  eslintDir?: string;
  /** Where the temporary task folders are made (default: the OS's temporary folder). */
  tmpRoot?: string;
}

function findEslint(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('eslint/package.json'));
}

export function createNodeRunner(options: NodeRunnerOptions = {}): TaskRunner {
  const nodeDir = dirname(process.execPath);
  let npmVersion: Promise<{ ok: true; version: string } | { ok: false; reason: string }> | undefined;
  let eslintDir: string | undefined = options.eslintDir;

  const baseEnv = (own: string): NodeJS.ProcessEnv => ({
    // The shim folder puts this package's ESLint on the task's PATH; node's own folder makes `node` and `npm` the ones running us.
    PATH: [join(own, 'bin'), nodeDir, process.env.PATH ?? ''].join(delimiter),
    // A private HOME and npm cache: the user's .npmrc, cache and logs are neither read nor written.
    HOME: own,
    TMPDIR: join(own, 'tmp'),
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    npm_config_cache: join(own, 'npm-cache'),
    npm_config_offline: 'true',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_loglevel: 'warn',
  });

  function npmInfo() {
    npmVersion ??= (async () => {
      const own = await mkdtemp(join(tmpdir(), 'safla-npm-'));
      try {
        await mkdir(join(own, 'tmp'));
        const r = await runCommand('npm', ['--version'], own, baseEnv(own), 30_000);
        const version = r.stdout.trim();
        if (r.code === 0 && version !== '') return { ok: true as const, version };
        return { ok: false as const, reason: `npm did not run (${tail(r.stderr) || `exit ${r.code}`})` };
      } finally {
        await rm(own, { recursive: true, force: true });
      }
    })();
    return npmVersion;
  }

  async function label(): Promise<RunnerLabel> {
    const npm = await npmInfo();
    return { runner: 'node', engine: `node ${process.version}`, version: npm.ok ? `npm ${npm.version}` : 'npm unavailable' };
  }

  async function available(): Promise<{ ok: true } | { ok: false; reason: string }> {
    const npm = await npmInfo();
    if (!npm.ok) return npm;
    try {
      eslintDir ??= findEslint();
      await access(join(eslintDir, 'bin', 'eslint.js'));
    } catch {
      return { ok: false, reason: `eslint is not installed beside safla${eslintDir ? ` (no ${join(eslintDir, 'bin', 'eslint.js')})` : ''}, so \`npm run lint\` cannot run` };
    }
    return { ok: true };
  }

  return {
    name: 'node',
    available,

    async run(files: TaskFiles, runOptions: RunOptions): Promise<TaskRunResult> {
      const t0 = performance.now();
      const task = completeTaskFiles(validateTaskFiles(files));
      const timeout = runOptions.timeout_ms;
      if (!Number.isFinite(timeout) || timeout <= 0) throw new RangeError(`timeout_ms must be a positive number of milliseconds (got ${timeout})`);
      const lbl = await label();
      const avail = await available();
      if (!avail.ok) return notRunResult(lbl, avail.reason);
      const root = await mkdtemp(join(options.tmpRoot ?? tmpdir(), 'safla-task-'));
      try {
        const dir = join(root, 'task');
        const own = join(root, 'runner');
        for (const [path, text] of Object.entries(task)) {
          await mkdir(dirname(join(dir, path)), { recursive: true });
          await writeFile(join(dir, path), text);
        }
        await mkdir(join(own, 'bin'), { recursive: true });
        await mkdir(join(own, 'tmp'));
        const reporter = join(own, 'reporter.mjs');
        const events = join(own, 'events.jsonl');
        const lintOut = join(own, 'lint.json');
        await writeFile(reporter, reporterSource);
        // `eslint` on PATH is this package's ESLint run by this node: nothing is installed into the task folder.
        const shim = join(own, 'bin', 'eslint');
        await writeFile(shim, `#!/bin/sh\nexec "${process.execPath}" "${join(eslintDir!, 'bin', 'eslint.js')}" "$@"\n`);
        await chmod(shim, 0o755);
        const env = baseEnv(own);
        const testEnv = { ...env, NODE_OPTIONS: `--test-reporter="${reporter}" --test-reporter-destination="${events}"` };

        const testExit = await runCommand('npm', ['test'], dir, testEnv, timeout, runOptions.signal);
        const parsed = testsFromEvents(parseReporterLines(await readFile(events, 'utf8').catch(() => '')), dir);
        const test = testCheck(testExit, parsed.tests, parsed.loadErrors, timeout);

        let lint: CheckResult & { messages: LintMessage[] };
        if (runOptions.signal?.aborted) {
          lint = { status: 'error', duration_ms: 0, reason: 'cancelled before lint ran', messages: [] };
        } else {
          const lintExit = await runCommand('npm', ['run', 'lint', '--', '-f', 'json', '-o', lintOut], dir, env, timeout, runOptions.signal);
          const json = await readFile(lintOut, 'utf8').catch(() => undefined);
          lint = lintCheck(lintExit, json, dir, timeout);
        }
        return { label: lbl, test, lint, duration_ms: performance.now() - t0 };
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    },
  };
}

function testCheck(exit: Exit, tests: TestResult[], loadErrors: { file: string; error: string }[], timeout: number): CheckResult & { tests: TestResult[] } {
  const base = { duration_ms: exit.ms, tests };
  if (exit.timedOut) return { ...base, status: 'timeout', reason: `npm test did not finish within ${timeout} ms; its processes were stopped` };
  if (exit.aborted) return { ...base, status: 'error', reason: 'cancelled before npm test finished' };
  if (loadErrors.length > 0) {
    return { ...base, status: 'error', reason: loadErrors.map((e) => `${e.file} could not run: ${e.error}`).join('\n') };
  }
  if (tests.some((t) => t.status === 'fail')) return { ...base, status: 'fail' };
  if (exit.code !== 0) return { ...base, status: 'error', reason: `npm test exited with ${exit.code ?? 'a signal'}: ${tail(exit.stderr + exit.stdout) || 'no output'}` };
  if (tests.length === 0) return { ...base, status: 'error', reason: 'npm test ran no tests (node --test found no test files)' };
  return { ...base, status: 'pass' };
}

function lintCheck(exit: Exit, json: string | undefined, dir: string, timeout: number): CheckResult & { messages: LintMessage[] } {
  let messages: LintMessage[] = [];
  let unreadable = false;
  if (json !== undefined) {
    try {
      messages = lintMessagesFromEslintJson(json, (f) => relativeTo(dir, f));
    } catch {
      unreadable = true;
    }
  }
  const base = { duration_ms: exit.ms, messages };
  if (exit.timedOut) return { ...base, status: 'timeout', reason: `npm run lint did not finish within ${timeout} ms; its processes were stopped` };
  if (exit.aborted) return { ...base, status: 'error', reason: 'cancelled before npm run lint finished' };
  // ESLint: 0 = no errors, 1 = lint errors, 2 = it could not lint (bad config, crash).
  if (exit.code === 0 && json !== undefined && !unreadable) return { ...base, status: 'pass' };
  if (exit.code === 1 && json !== undefined && !unreadable) return { ...base, status: 'fail' };
  return { ...base, status: 'error', reason: `npm run lint exited with ${exit.code ?? 'a signal'}: ${tail(exit.stderr + exit.stdout) || 'no output'}` };
}
