// The sandbox's node:test reports the same tests, names and verdicts as node's own runner (`node --test`, TAP) on the same files.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestResult } from '../../core/pipeline/runner';
import { parseTap } from '../pipeline/tap';
import { createAssert } from './node-assert';
import { createNodeTest, type NodeTest } from './node-test';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Fixture = (nt: any, assert: any) => void;

// Each fixture is written out as a real test file for node and run on the shim in this process; both must agree.
const FIXTURES: Record<string, Fixture> = {
  'suites, skip, todo, subtests': (nt, assert) => {
    nt.describe('suite', () => {
      nt.before(() => {});
      nt.it('passes', () => assert.equal(1, 1));
      nt.it('fails', () => assert.strictEqual(1, 2));
      nt.it.skip('skipped', () => {});
      nt.it('skip option', { skip: 'not today' }, () => {});
      nt.describe('inner', () => {
        nt.it('deep', async () => {});
      });
    });
    nt.test('top with sub', async (t: any) => {
      await t.test('sub a', () => {});
      await t.test('sub b', () => {
        throw new Error('bad');
      });
    });
    nt.test('todo one', { todo: true }, () => {
      throw new Error('x');
    });
    nt.it.todo('todo passing', () => {});
    nt.test.only('only runs like any other', () => {});
  },
  'hooks run in node order': (nt, assert) => {
    const log: string[] = [];
    nt.before(() => log.push('before'));
    nt.beforeEach(() => log.push('root-each'));
    nt.afterEach(() => log.push('root-after-each'));
    nt.describe('outer', () => {
      nt.beforeEach(() => log.push('outer-each'));
      nt.afterEach(() => log.push('outer-after-each'));
      nt.it('a', () => log.push('a'));
      nt.describe('inner', () => {
        nt.beforeEach(() => log.push('inner-each'));
        nt.it('b', () => log.push('b'));
      });
    });
    nt.test('order', () => {
      assert.deepStrictEqual(log, [
        'before',
        'root-each', 'outer-each', 'a', 'outer-after-each', 'root-after-each',
        'root-each', 'outer-each', 'inner-each', 'b', 'outer-after-each', 'root-after-each',
        'root-each',
      ]);
    });
  },
  'async, callbacks, rejections, timeouts': (nt, assert) => {
    nt.test('async passes', async () => {
      await new Promise((r) => setTimeout(r, 2));
      assert.ok(true);
    });
    nt.test('async rejects', async () => {
      await Promise.resolve();
      throw new TypeError('nope');
    });
    nt.test('returns a rejected promise', () => Promise.reject(new Error('rejected')));
    nt.test('callback done', (_t: any, done: any) => {
      setTimeout(() => done(), 1);
    });
    nt.test('callback done with error', (_t: any, done: any) => {
      setTimeout(() => done(new Error('cb error')), 1);
    });
    nt.test('times out', { timeout: 20 }, async () => {
      await new Promise((r) => setTimeout(r, 200));
    });
    nt.test('t.skip at run time', (t: any) => {
      t.skip('later');
    });
    nt.test('rejects assertion', async () => {
      await assert.rejects(Promise.resolve(1));
    });
  },
  'failing hooks and bodies': (nt, assert) => {
    nt.describe('bad before', () => {
      nt.before(() => {
        throw new Error('setup broke');
      });
      nt.it('never runs', () => {});
      nt.it('never runs either', () => {});
    });
    nt.describe('bad afterEach', () => {
      nt.afterEach(() => {
        throw new Error('teardown broke');
      });
      nt.it('passes but its afterEach fails', () => assert.ok(1));
    });
    nt.describe.skip('skipped suite', () => {
      nt.it('x', () => {});
    });
    nt.test('after all that', () => {});
  },
};

function nodeSource(fixture: Fixture): string {
  return `import * as nt from 'node:test';\nimport assert from 'node:assert';\n(${fixture.toString()})(nt, assert);\n`;
}

async function runInNode(fixture: Fixture): Promise<TestResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'safla-nodetest-'));
  try {
    const file = join(dir, 'fixture.test.mjs');
    await writeFile(file, nodeSource(fixture));
    const stdout = await new Promise<string>((resolve) => {
      execFile(process.execPath, ['--test', '--test-reporter=tap', file], { cwd: dir, timeout: 30_000 }, (_err, out) => resolve(out));
    });
    return parseTap(stdout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function runInShim(fixture: Fixture): Promise<TestResult[]> {
  const open = new Map<number, string>();
  const results: TestResult[] = [];
  const reporter = {
    begin: (id: number, name: string) => open.set(id, name),
    end: (id: number, status: TestResult['status'], duration_ms: number, error?: string) => {
      results.push({ name: open.get(id) ?? `#${id}`, status, duration_ms, ...(error === undefined ? {} : { error }) });
    },
  };
  const clock = { now: () => performance.now(), setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout) };
  const nt = createNodeTest(reporter, clock, 'fixture.test.mjs');
  fixture(nt.api as NodeTest, createAssert());
  await nt.run();
  return results;
}

const verdicts = (rs: TestResult[]) => rs.map((r) => `${r.status} ${r.name}`);

describe('sandbox node:test', () => {
  for (const [title, fixture] of Object.entries(FIXTURES)) {
    it(`${title}: same tests and verdicts as node --test`, async () => {
      const [node, shim] = await Promise.all([runInNode(fixture), runInShim(fixture)]);
      expect(node.length).toBeGreaterThan(0);
      expect(verdicts(shim)).toEqual(verdicts(node));
    });
  }

  it('counts a todo as skipped whether its body passed or failed, as node does (and the other runners read)', async () => {
    const results = await runInShim(FIXTURES['suites, skip, todo, subtests']);
    expect(results.filter((r) => r.name.startsWith('todo')).map((r) => `${r.status} ${r.name} ${r.error ?? ''}`.trim())).toEqual(['skip todo one todo: Error: x', 'skip todo passing']);
  });

  it('says why a test failed', async () => {
    const results = await runInShim((nt, assert) => nt.test('x', () => assert.strictEqual(1, 2)));
    expect(results[0].error).toMatch(/AssertionError: Expected values to be strictly equal:[\s\S]*1 !== 2/);
  });
});
