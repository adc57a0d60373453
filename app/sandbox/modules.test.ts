// The sandbox's loader, run in node with data: URLs standing for blob: URLs: rewritten ES imports, CommonJS require, node:test/node:assert, node's errors.
import { runInThisContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { TaskFiles } from '../../core/pipeline/runner';
import { prepareTask } from '../pipeline/prepare';
import { createLoader, joinPath } from './modules';
import { createAssert } from './node-assert';
import { createNodeTest } from './node-test';

let keys = 0;

/** Loads `entry` of `files` and runs its tests; returns 'status name' per test and the shim's API for checks. */
async function load(files: TaskFiles, entry: string): Promise<string[]> {
  const globalKey = `__saflaLoaderTest${keys++}`;
  const out: string[] = [];
  const names = new Map<number, string>();
  const nt = createNodeTest(
    { begin: (id, name) => names.set(id, name), end: (id, status, _ms, error) => out.push(`${status} ${names.get(id)}${error ? `: ${error.split('\n')[0]}` : ''}`) },
    { now: () => performance.now(), setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
    entry,
  );
  const loader = createLoader(prepareTask(files).modules, nt.api, createAssert(), {
    url: (text, type) => `data:${type};base64,${Buffer.from(text).toString('base64')}`,
    runScript: (url) => runInThisContext(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64').toString()),
    importModule: (url) => import(/* @vite-ignore */ url),
    publish: (value) => Object.defineProperty(globalThis, globalKey, { value, configurable: true }),
    globalKey,
  });
  await loader.load(entry);
  await nt.run();
  return out;
}

const ESM = { 'package.json': '{"type":"module"}' };

describe('sandbox loader', () => {
  it('resolves paths inside the task only', () => {
    expect(joinPath('test', '../src/a.js')).toBe('src/a.js');
    expect(joinPath('', './a/./b.js')).toBe('a/b.js');
    expect(joinPath('test', '../../etc/passwd')).toBeNull();
  });

  it('loads ES modules that import each other, the shims and JSON', async () => {
    const files = {
      ...ESM,
      'src/math.js': "import { twice } from './util/twice.js';\nexport const quad = (x) => twice(twice(x));\n",
      'src/util/twice.js': 'export const twice = (x) => x * 2;\n',
      'data/cases.json': '[[1, 4], [2, 8]]',
      'test/math.test.js': [
        "import { describe, it } from 'node:test';",
        "import assert, { strictEqual } from 'node:assert';",
        "import strict from 'assert/strict';",
        "import { quad } from '../src/math.js';",
        "import cases from '../data/cases.json' with { type: 'json' };",
        "describe('quad', () => {",
        '  for (const [x, y] of cases) it(`quad(${x})`, () => strictEqual(quad(x), y));',
        "  it('lazy', async () => { const m = await import('../src/util/twice.js'); assert.equal(m.twice(1), 2); strict.deepEqual([1], [1]); });",
        '});',
      ].join('\n'),
    };
    expect(await load(files, 'test/math.test.js')).toEqual(['pass quad > quad(1)', 'pass quad > quad(2)', 'pass quad > lazy']);
  });

  it('loads CommonJS through require, with module.exports, JSON and index files, and gives ESM importers its names', async () => {
    const files = {
      'lib/index.js': "const data = require('./data.json');\nexports.first = () => data[0];\n",
      'lib/data.json': '["a","b"]',
      'lib/cjs.cjs': 'module.exports = { hello: () => "hi" };\n',
      'test/a.test.js': "const test = require('node:test');\nconst assert = require('assert');\nconst lib = require('../lib');\ntest('first', () => assert.strictEqual(lib.first(), 'a'));\ntest.it('filename', () => assert.ok(__filename.endsWith('test/a.test.js')));\n",
      'test/b.test.mjs': "import { test } from 'node:test';\nimport assert from 'node:assert';\nimport cjs, { hello } from '../lib/cjs.cjs';\ntest('named', () => assert.equal(hello(), cjs.hello()));\n",
    };
    expect(await load(files, 'test/a.test.js')).toEqual(['pass first', 'pass filename']);
    expect(await load(files, 'test/b.test.mjs')).toEqual(['pass named']);
  });

  it('fails to load as node does: a missing file, a module node has and the sandbox lacks, require of ESM, a syntax error', async () => {
    await expect(load({ ...ESM, 't.test.js': "import x from './missing.js';\n" }, 't.test.js')).rejects.toThrow(/Cannot find module '.\/missing.js' imported from t\.test\.js/);
    await expect(load({ 't.test.js': "require('node:fs');\n" }, 't.test.js')).rejects.toThrow(/Cannot find module 'node:fs'.*only node:test and node:assert/);
    await expect(load({ 't.test.js': "require('./e.mjs');\n", 'e.mjs': 'export default 1;\n' }, 't.test.js')).rejects.toThrow(/require\(\) of ES Module e\.mjs/);
    await expect(load({ ...ESM, 't.test.js': 'let = ;\n' }, 't.test.js')).rejects.toThrow(SyntaxError);
  });

  it('refuses cyclic imports between task files with a clear message', async () => {
    const files = { ...ESM, 'a.js': "import './b.js';\n", 'b.js': "import './a.js';\n", 't.test.js': "import './a.js';\n" };
    await expect(load(files, 't.test.js')).rejects.toThrow(/cycle of imports/);
  });
});
