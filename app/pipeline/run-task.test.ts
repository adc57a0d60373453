// runTask: each input mistake named by its field before anything runs; the runner picked as asked; node and an unavailable sandbox are 'not-run'.
import { describe, expect, it } from 'vitest';
import { TaskInputError } from '../../core/pipeline/errors';
import { MAX_TIMEOUT_MS } from '../../core/pipeline/limits';
import type { RunOptions, TaskFiles, TaskRunResult, TaskRunner } from '../../core/pipeline/runner';
import { MAX_TASK_FILES, MAX_TASK_TEXT } from '../../core/pipeline/task-files';
import { checkRunTaskInput, runTask } from './run-task';

const FILES = { 'package.json': '{"type":"module"}', 'a.test.js': "import test from 'node:test';\ntest('x', () => {});\n" };

/** A runner that records what it was given and answers with a result naming itself. */
function recorder(name: TaskRunner['name'], ok = true) {
  const calls: { files: TaskFiles; options: RunOptions }[] = [];
  const runner: TaskRunner = {
    name,
    available: async () => (ok ? { ok: true } : { ok: false, reason: `${name} is off` }),
    async run(files, options): Promise<TaskRunResult> {
      calls.push({ files, options });
      return {
        label: { runner: name, engine: 'test', version: '0' },
        test: { status: 'pass', duration_ms: 1, tests: [{ name: 'x', status: 'pass', duration_ms: 1 }] },
        lint: { status: 'pass', duration_ms: 1, messages: [] },
        duration_ms: 2,
      };
    },
  };
  return { runner, calls };
}

function fieldOf(input: unknown): string {
  try {
    checkRunTaskInput(input);
  } catch (e) {
    if (e instanceof TaskInputError) return `${e.field}: ${e.message}`;
    throw e;
  }
  return 'accepted';
}

describe('runTask input', () => {
  const BAD: [string, unknown, string][] = [
    ['not an object', 'files', 'input'],
    ['files missing', {}, 'files'],
    ['files an array', { files: [] }, 'files'],
    ['files empty', { files: {} }, 'files'],
    ['a path climbing out', { files: { ...FILES, '../evil.test.js': '' } }, 'files["../evil.test.js"]'],
    ['an absolute path', { files: { ...FILES, '/etc/passwd': '' } }, 'files["/etc/passwd"]'],
    ['a Windows path', { files: { ...FILES, 'C:\\x.js': '' } }, 'files["C:\\\\x.js"]'],
    ['a dot segment', { files: { ...FILES, 'a/./b.js': '' } }, 'files["a/./b.js"]'],
    ['node_modules', { files: { ...FILES, 'node_modules/x/index.js': '' } }, 'files["node_modules/x/index.js"]'],
    ['a non-string file', { files: { ...FILES, 'b.js': 42 } }, 'files["b.js"]'],
    ['no test file', { files: { 'src/a.js': '' } }, 'files'],
    ['bad package.json', { files: { ...FILES, 'package.json': '{' } }, 'files["package.json"]'],
    ['package.json not an object', { files: { ...FILES, 'package.json': '[]' } }, 'files["package.json"]'],
    ['too many files', { files: Object.fromEntries(Array.from({ length: MAX_TASK_FILES + 1 }, (_, i) => [`t${i}.test.js`, ''])) }, 'files'],
    ['too much text', { files: { ...FILES, 'big.js': 'x'.repeat(MAX_TASK_TEXT) } }, 'files'],
    ['unknown runner', { files: FILES, runner: 'docker' }, 'runner'],
    ['timeout too small', { files: FILES, timeout_ms: 5 }, 'timeout_ms'],
    ['timeout too large', { files: FILES, timeout_ms: 1e9 }, 'timeout_ms'],
    ['timeout not a number', { files: FILES, timeout_ms: '100' }, 'timeout_ms'],
  ];
  for (const [what, input, field] of BAD) {
    it(`names the field: ${what}`, () => {
      expect(fieldOf(input).split(': ')[0]).toBe(field);
    });
  }

  it('takes the timeout bounds every pipeline input shares (core/pipeline/limits.ts)', () => {
    expect(checkRunTaskInput({ files: FILES, timeout_ms: MAX_TIMEOUT_MS }).timeout_ms).toBe(MAX_TIMEOUT_MS);
    expect(fieldOf({ files: FILES, timeout_ms: MAX_TIMEOUT_MS + 1 }).split(': ')[0]).toBe('timeout_ms');
  });

  it('fills in the runner and the timeout', () => {
    expect(checkRunTaskInput({ files: FILES })).toMatchObject({ runner: 'browser-sandbox', timeout_ms: 10_000 });
  });
});

describe('runTask', () => {
  it('runs the sandbox by default, with the timeout given', async () => {
    const sandbox = recorder('browser-sandbox');
    const webcontainer = recorder('webcontainer');
    const r = await runTask({ files: FILES, timeout_ms: 2500 }, { 'browser-sandbox': sandbox.runner, webcontainer: webcontainer.runner });
    expect(r.label.runner).toBe('browser-sandbox');
    expect(sandbox.calls).toEqual([{ files: FILES, options: { timeout_ms: 2500 } }]);
    expect(webcontainer.calls).toEqual([]);
  });

  it('runs webcontainer when asked', async () => {
    const sandbox = recorder('browser-sandbox');
    const webcontainer = recorder('webcontainer');
    const r = await runTask({ files: FILES, runner: 'webcontainer' }, { 'browser-sandbox': sandbox.runner, webcontainer: webcontainer.runner });
    expect(r.label.runner).toBe('webcontainer');
  });

  it('records node as not-run in the browser, with the reason, and runs nothing', async () => {
    const sandbox = recorder('browser-sandbox');
    const r = await runTask({ files: FILES, runner: 'node' }, { 'browser-sandbox': sandbox.runner, webcontainer: recorder('webcontainer').runner });
    expect([r.test.status, r.lint.status, r.label.runner]).toEqual(['not-run', 'not-run', 'node']);
    expect(r.test.reason).toContain('safla CLI');
    expect(sandbox.calls).toEqual([]);
  });

  it('records an unavailable sandbox as not-run with its reason', async () => {
    const r = await runTask({ files: FILES }, { 'browser-sandbox': recorder('browser-sandbox', false).runner, webcontainer: recorder('webcontainer').runner });
    expect([r.test.status, r.test.reason]).toEqual(['not-run', 'browser-sandbox is off']);
  });

  it('runs nothing on bad input', async () => {
    const sandbox = recorder('browser-sandbox');
    await expect(runTask({ files: { 'x.js': '' } }, { 'browser-sandbox': sandbox.runner, webcontainer: recorder('webcontainer').runner })).rejects.toThrow(TaskInputError);
    expect(sandbox.calls).toEqual([]);
  });
});
