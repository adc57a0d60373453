// The node runner for real: npm test and npm run lint in a temporary folder outside the repo, per-test and lint results, timeouts that stop every process, cancel, and the folder removed every time.
import { mkdtemp, readdir, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PipelineInputError } from '../../core/pipeline/errors';
import { createNodeRunner } from './node-runner';

let tmpRoot: string;

beforeAll(async () => {
  tmpRoot = await mkdtemp(join(tmpdir(), 'safla-runner-test-'));
});

afterAll(async () => {
  await rm(tmpRoot, { recursive: true, force: true });
});

/** Processes whose working folder is under root (node --test's children run in the task folder). */
async function processesUnder(root: string): Promise<number[]> {
  const out: number[] = [];
  for (const pid of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(pid)) continue;
    const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => '');
    if (cwd.startsWith(root)) out.push(Number(pid));
  }
  return out;
}

const sum = 'export function sum(a, b) {\n  if (typeof a !== \'number\') throw new TypeError(\'a\');\n  return a + b;\n}\n';
const sumTests = `import { describe, it } from 'node:test';
import assert from 'node:assert';
import { sum } from '../src/sum.js';

describe('sum', () => {
  it('adds', () => {
    assert.strictEqual(sum(1, 2), 3);
  });
  it('refuses strings', () => {
    assert.throws(() => sum('1', 2), TypeError);
  });
});
`;

describe('node runner', () => {
  const runner = createNodeRunner({ tmpRoot: undefined });

  it('is available here and labels its results with node and npm versions', async () => {
    expect(await runner.available()).toEqual({ ok: true });
    const r = await createNodeRunner({ tmpRoot }).run({ 'src/sum.js': sum, 'test/sum.test.js': sumTests }, { timeout_ms: 30_000 });
    expect(r.label).toEqual({ runner: 'node', engine: `node ${process.version}`, version: expect.stringMatching(/^npm \d+\.\d+\.\d+$/) });
  });

  it('runs npm test and npm run lint from a folder outside the repo, with ESLint found without installing', async () => {
    const r = await createNodeRunner({ tmpRoot }).run({ 'src/sum.js': sum, 'test/sum.test.js': sumTests }, { timeout_ms: 30_000 });
    expect(tmpRoot.startsWith(process.cwd())).toBe(false);
    expect(r.test.status).toBe('pass');
    expect(r.test.tests.map((t) => [t.name, t.status])).toEqual([['sum > adds', 'pass'], ['sum > refuses strings', 'pass']]);
    expect(r.lint).toMatchObject({ status: 'pass', messages: [] });
    expect(await readdir(tmpRoot)).toEqual([]);
  });

  it('reports failing tests with their messages and lint errors with their rules', async () => {
    const files = {
      'src/sum.js': 'export function sum(a, b) {\n  let c = a + b + 1;\n  return c;\n}\n',
      'test/sum.test.js': sumTests,
    };
    const r = await createNodeRunner({ tmpRoot }).run(files, { timeout_ms: 30_000 });
    expect(r.test.status).toBe('fail');
    expect(r.test.tests).toEqual([
      expect.objectContaining({ name: 'sum > adds', status: 'fail', error: expect.stringContaining('4 !== 3') }),
      expect.objectContaining({ name: 'sum > refuses strings', status: 'fail', error: expect.stringMatching(/Missing expected exception/) }),
    ]);
    expect(r.lint.status).toBe('fail');
    expect(r.lint.messages).toEqual([{ file: 'src/sum.js', line: 2, column: 7, ruleId: 'prefer-const', severity: 2, message: "'c' is never reassigned. Use 'const' instead." }]);
  });

  it('says a test file could not run when the source does not parse', async () => {
    const r = await createNodeRunner({ tmpRoot }).run({ 'src/sum.js': 'export function sum(a, b) {', 'test/sum.test.js': sumTests }, { timeout_ms: 30_000 });
    expect(r.test.status).toBe('error');
    expect(r.test.reason).toMatch(/^test\/sum\.test\.js could not run: [\s\S]*SyntaxError/);
    expect(r.lint.status).toBe('fail');
    expect(r.lint.messages[0]).toMatchObject({ file: 'src/sum.js', ruleId: null, message: expect.stringMatching(/^Parsing error/) });
  });

  it('stops a task that never ends at its deadline, with every process it started, and runs the next one', async () => {
    const files = {
      'src/spin.js': 'export function spin() {\n  for (;;) {\n    // never returns\n  }\n}\n',
      'test/spin.test.js': "import { it } from 'node:test';\nimport { spin } from '../src/spin.js';\n\nit('spins', () => spin());\n",
    };
    const r = await createNodeRunner({ tmpRoot }).run(files, { timeout_ms: 3000 });
    expect(r.test.status).toBe('timeout');
    expect(r.test.reason).toBe('npm test did not finish within 3000 ms; its processes were stopped');
    expect(await processesUnder(tmpRoot)).toEqual([]);
    expect(await readdir(tmpRoot)).toEqual([]);
    const next = await createNodeRunner({ tmpRoot }).run({ 'src/sum.js': sum, 'test/sum.test.js': sumTests }, { timeout_ms: 30_000 });
    expect(next.test.status).toBe('pass');
  });

  it('stops when cancelled and removes the folder', async () => {
    const ctrl = new AbortController();
    const files = {
      'src/spin.js': 'export function spin() {\n  for (;;) {\n    // never returns\n  }\n}\n',
      'test/spin.test.js': "import { it } from 'node:test';\nimport { spin } from '../src/spin.js';\n\nit('spins', () => spin());\n",
    };
    const pending = createNodeRunner({ tmpRoot }).run(files, { timeout_ms: 60_000, signal: ctrl.signal });
    setTimeout(() => ctrl.abort(), 1500);
    const r = await pending;
    expect(r.test).toMatchObject({ status: 'error', reason: 'cancelled before npm test finished' });
    expect(r.lint).toMatchObject({ status: 'error', reason: 'cancelled before lint ran' });
    expect(await processesUnder(tmpRoot)).toEqual([]);
    expect(await readdir(tmpRoot)).toEqual([]);
  });

  it('reports a lint script that is missing as an error, not a pass or a fail', async () => {
    const pkg = JSON.stringify({ name: 't', type: 'module', scripts: { test: 'node --test' } });
    const r = await createNodeRunner({ tmpRoot }).run({ 'package.json': pkg, 'src/sum.js': sum, 'test/sum.test.js': sumTests }, { timeout_ms: 30_000 });
    expect(r.test.status).toBe('pass');
    expect(r.lint.status).toBe('error');
    expect(r.lint.reason).toMatch(/Missing script: "?lint/);
  });

  it('records not-run with the reason when ESLint cannot be found', async () => {
    const broken = createNodeRunner({ tmpRoot, eslintDir: join(tmpRoot, 'no-eslint') });
    const avail = await broken.available();
    expect(avail.ok).toBe(false);
    const r = await broken.run({ 'src/sum.js': sum, 'test/sum.test.js': sumTests }, { timeout_ms: 30_000 });
    expect(r.test).toMatchObject({ status: 'not-run', reason: expect.stringMatching(/^eslint is not installed/) });
    expect(r.lint.status).toBe('not-run');
  });

  it('refuses malformed files before touching the disk, naming the field', async () => {
    await expect(runner.run({ '../x.js': '', 'test/a.test.js': '' }, { timeout_ms: 1000 })).rejects.toThrow(PipelineInputError);
    await expect(runner.run({ 'src/a.js': '' }, { timeout_ms: 1000 })).rejects.toThrow(/^files has no test file/);
  });
});
