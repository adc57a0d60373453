// Preparing a task for the sandbox: node's module formats, every import specifier found and resolved (node --test's file patterns: core/pipeline/task-files.test.ts).
import { describe, expect, it } from 'vitest';
import { formatOf, prepareTask } from './prepare';

const ESM = { 'package.json': '{"type":"module"}' };

describe('prepareTask', () => {
  it('gives each file node’s module format', () => {
    expect(formatOf('a.mjs', undefined)).toBe('esm');
    expect(formatOf('a.cjs', 'module')).toBe('cjs');
    expect(formatOf('a.js', 'module')).toBe('esm');
    expect(formatOf('a.js', undefined)).toBe('cjs');
    expect(formatOf('d.json', undefined)).toBe('json');
    expect(formatOf('README.md', 'module')).toBeNull();
  });

  it('locates and resolves every import specifier, static and dynamic', () => {
    const code = [
      "import { test } from 'node:test';",
      "import assert from 'assert';",
      "import strict from 'node:assert/strict';",
      "import { sum } from '../src/sum.js';",
      "export * from './helpers.js';",
      "const later = () => import('../src/sum.js');",
      "import missing from './nope.js';",
      "import fs from 'node:fs';",
      "import lodash from 'lodash';",
    ].join('\n');
    const files = { ...ESM, 'test/a.test.js': code, 'test/helpers.js': '', 'src/sum.js': 'export const sum = 1;' };
    const m = prepareTask(files).modules['test/a.test.js'];
    const found = m.imports.map((i) => [code.slice(i.start, i.end), i.dynamic, i.target]);
    expect(found).toEqual([
      ["'node:test'", false, { builtin: 'node:test' }],
      ["'assert'", false, { builtin: 'node:assert' }],
      ["'node:assert/strict'", false, { builtin: 'node:assert/strict' }],
      ["'../src/sum.js'", false, { path: 'src/sum.js' }],
      ["'./helpers.js'", false, { path: 'test/helpers.js' }],
      ["'../src/sum.js'", true, { path: 'src/sum.js' }],
      ["'./nope.js'", false, { error: expect.stringContaining("Cannot find module './nope.js'") }],
      ["'node:fs'", false, { error: expect.stringContaining('only node:test and node:assert') }],
      ["'lodash'", false, { error: expect.stringContaining('install nothing') }],
    ]);
  });

  it('marks a JSON import’s attributes for removal, since the sandbox loads JSON as a JS module', () => {
    const code = "import data from './d.json' with { type: 'json' };\n";
    const m = prepareTask({ ...ESM, 'a.test.js': code, 'd.json': '{"a":1}' }).modules['a.test.js'];
    expect(code.slice(m.imports[0].start, m.imports[0].dropTo)).toBe("'./d.json' with { type: 'json' }");
  });

  it('finds the names a CommonJS file exports, as node’s lexer does', () => {
    const cjs = 'exports.a = 1;\nmodule.exports.b = 2;\nmodule.exports = { c, d: 4, "e": 5, default: 6, class: 7 };\n';
    expect(prepareTask({ 'lib.cjs': cjs, 'x.test.cjs': '' }).modules['lib.cjs'].cjsExports.toSorted()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('records a syntax error with the file, the position and a hint for ESM syntax in a CommonJS file', () => {
    const task = prepareTask({ 'a.test.js': "import test from 'node:test';\n", 'b.test.mjs': 'let = ;', 'd.json': '{' });
    expect(task.modules['a.test.js'].syntaxError).toMatch(/^a\.test\.js: 'import' and 'export' may appear only .*\(1:0\).*"type": "module"/);
    expect(task.modules['b.test.mjs'].syntaxError).toMatch(/^b\.test\.mjs: .*\(1:/);
    expect(task.modules['d.json'].syntaxError).toMatch(/^d\.json: /);
  });

  it('lists the files to lint: scripts, not data or node_modules', () => {
    const task = prepareTask({ ...ESM, 'a.js': '', 'b.cjs': '', 'c.json': '{}', 'node_modules/x/i.js': '', 'x.test.mjs': '' });
    expect(task.lintFiles.map((f) => f.path)).toEqual(['a.js', 'b.cjs', 'x.test.mjs']);
  });
});
