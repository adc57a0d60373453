// WebContainer: when it may run, its boot raced against a timeout, its output read into results, and every way it cannot run falling back to the sandbox with the reason.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TaskFiles, TaskRunResult, TaskRunner } from '../../core/pipeline/runner';
import { withFallback } from './fallback';
import { createWebContainerRunner, WEBCONTAINER_API_VERSION, type Container } from './webcontainer-runner';

const FILES: TaskFiles = { 'package.json': '{"type":"module","scripts":{"test":"node --test","lint":"eslint ."}}', 'a.test.js': "import test from 'node:test';\ntest('x', () => {});\n" };

const sandbox: TaskRunner = {
  name: 'browser-sandbox',
  available: async () => ({ ok: true }),
  run: async (): Promise<TaskRunResult> => ({
    label: { runner: 'browser-sandbox', engine: 'Chromium 156 worker', version: '1.0.0' },
    test: { status: 'pass', duration_ms: 1, tests: [{ name: 'x', status: 'pass', duration_ms: 1 }] },
    lint: { status: 'pass', duration_ms: 1, messages: [] },
    duration_ms: 2,
  }),
};

const ONLINE = () => ({ isolated: true, online: true });

const TAP = `
> safla-task@ test
> node --test --test-reporter=tap

TAP version 13
# Subtest: adds
ok 1 - adds
  ---
  duration_ms: 0.4
  ...
# Subtest: rejects negatives
not ok 2 - rejects negatives
  ---
  duration_ms: 0.8
  error: 'Expected values to be strictly equal'
  code: 'ERR_ASSERTION'
  ...
1..2
`;
const ESLINT_JSON = `
> safla-task@ lint
> eslint . --format json

[{"filePath":"/home/projects/safla-tasks/task-1/src/a.js","messages":[{"ruleId":"prefer-const","severity":2,"message":"'x' is never reassigned.","line":1,"column":5}]}]
`;

function stream(text: string): ReadableStream<string> {
  return new ReadableStream({
    start(c) {
      c.enqueue(text);
      c.close();
    },
  });
}

/** A container whose commands print what a real one printed; records what ran. */
function fakeContainer(outputs: Record<string, { code: number; out: string } | 'hang'>) {
  const ran: string[] = [];
  const written: Record<string, TaskFiles> = {};
  const removed: string[] = [];
  const c: Container = {
    write: async (folder, files) => void (written[folder] = files),
    remove: async (folder) => void removed.push(folder),
    spawn(command, args, cwd) {
      const line = `${command} ${args.join(' ')}`;
      ran.push(`${cwd}: ${line}`);
      const o = outputs[Object.keys(outputs).find((k) => line.startsWith(k)) ?? ''] ?? { code: 0, out: '' };
      if (o === 'hang') return { output: stream(''), exit: new Promise<number>(() => {}), kill: () => ran.push('killed') };
      return { output: stream(o.out), exit: Promise.resolve(o.code), kill: () => {} };
    },
  };
  return { c, ran, written, removed };
}

describe('webcontainer runner', () => {
  it('pins the @webcontainer/api version it reports', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies['@webcontainer/api']).toBe(WEBCONTAINER_API_VERSION);
  });

  it('runs npm test and npm run lint in the container and reads their output', async () => {
    const fake = fakeContainer({
      'node --version': { code: 0, out: 'v20.19.1\n' },
      'npm test': { code: 1, out: TAP },
      'npm install': { code: 0, out: 'added 90 packages' },
      'npm run lint': { code: 1, out: ESLINT_JSON },
    });
    const r = await createWebContainerRunner({ boot: async () => fake.c, env: ONLINE }).run(FILES, { timeout_ms: 5000 });
    expect(r.label).toEqual({ runner: 'webcontainer', engine: 'WebContainer node v20.19.1', version: '@webcontainer/api 1.6.4' });
    expect(r.test.status).toBe('fail');
    expect(r.test.tests.map((t) => `${t.status} ${t.name}`)).toEqual(['pass adds', 'fail rejects negatives']);
    expect(r.lint).toMatchObject({ status: 'fail', messages: [{ file: 'src/a.js', line: 1, column: 5, ruleId: 'prefer-const', severity: 2 }] });
    expect(fake.ran).toEqual(['.: node --version', 'task-1: npm test -- --test-reporter=tap', 'task-1: npm install --no-save --no-audit --no-fund eslint@10.11.0', 'task-1: npm run lint -- --format json']);
    // The shared ESLint config is added when the task has none; the folder is removed afterwards.
    expect(fake.written['task-1']['eslint.config.mjs']).toContain('prefer-const');
    expect(fake.removed).toEqual(['task-1']);
  });

  it('stops a command at the deadline and says timeout', async () => {
    const fake = fakeContainer({ 'npm test': 'hang' });
    const r = await createWebContainerRunner({ boot: async () => fake.c, env: ONLINE }).run(FILES, { timeout_ms: 50 });
    expect([r.test.status, r.test.reason]).toEqual(['timeout', 'npm test did not finish within 50 ms']);
    expect(fake.ran).toContain('killed');
  });

  it('does not pass a run whose output holds no tests', async () => {
    const fake = fakeContainer({ 'npm test': { code: 0, out: 'npm ERR! missing script: test' } });
    const r = await createWebContainerRunner({ boot: async () => fake.c, env: ONLINE }).run(FILES, { timeout_ms: 1000 });
    expect(r.test.status).toBe('error');
    expect(r.test.reason).toContain('no tests');
  });
});

async function viaFallback(deps: Parameters<typeof createWebContainerRunner>[0]) {
  const runner = withFallback(createWebContainerRunner(deps), sandbox);
  return { runner, result: await runner.run(FILES, { timeout_ms: 1000 }) };
}

describe('webcontainer falls back to the sandbox', () => {
  it('on a page that is not cross-origin isolated, without booting', async () => {
    let booted = false;
    const { result } = await viaFallback({ boot: async () => ((booted = true), fakeContainer({}).c), env: () => ({ isolated: false, online: true }) });
    expect(result.label.runner).toBe('browser-sandbox');
    expect(result.fallback).toEqual({ requested: 'webcontainer', reason: expect.stringContaining('cross-origin isolated') });
    expect(booted).toBe(false);
  });

  it('offline, without booting', async () => {
    const { result } = await viaFallback({ boot: () => new Promise(() => {}), env: () => ({ isolated: true, online: false }) });
    expect(result.fallback?.reason).toContain('offline');
  });

  it('when boot never settles (what it does offline), at the boot timeout; later runs fall back at once', async () => {
    let boots = 0;
    const { runner, result } = await viaFallback({
      boot: () => {
        boots++;
        return new Promise(() => {});
      },
      env: ONLINE,
      bootTimeoutMs: 30,
    });
    expect(result.label.runner).toBe('browser-sandbox');
    expect(result.fallback).toEqual({ requested: 'webcontainer', reason: 'WebContainer did not boot within 30 ms (it loads StackBlitz\'s hosted runtime)' });
    const again = await runner.run(FILES, { timeout_ms: 1000 });
    expect(again.fallback?.reason).toContain('did not boot within 30 ms');
    expect(boots).toBe(1);
  });

  it('when boot fails, with its error', async () => {
    const { result } = await viaFallback({ boot: () => Promise.reject(new Error('Unable to create more instances')), env: ONLINE });
    expect(result.fallback?.reason).toBe('WebContainer failed to boot: Unable to create more instances');
  });

  it('when the container breaks mid-run', async () => {
    const fake = fakeContainer({});
    fake.c.write = () => Promise.reject(new Error('mount failed'));
    const { result } = await viaFallback({ boot: async () => fake.c, env: ONLINE });
    expect(result.fallback?.reason).toBe('mount failed');
  });

  it('reports itself available only when it could boot, else through its fallback', async () => {
    const runner = withFallback(createWebContainerRunner({ env: () => ({ isolated: false, online: true }) }), sandbox);
    expect(await runner.available()).toEqual({ ok: true });
    const alone = createWebContainerRunner({ env: () => ({ isolated: true, online: false }) });
    expect(await alone.available()).toEqual({ ok: false, reason: expect.stringContaining('offline') });
  });
});
