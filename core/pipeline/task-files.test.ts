// Task files from users: paths, contents and package.json checked with the field named; node --test's file patterns; missing package.json and ESLint config added.
import { describe, expect, it } from 'vitest';
import { PipelineInputError, TaskInputError } from './errors';
import { eslintConfigSource, lintConfig } from './lint-rules';
import { completeTaskFiles, findTestFiles, MAX_TASK_FILES, validateTaskFiles } from './task-files';

const ok = { 'src/sum.js': 'export const sum = (a, b) => a + b;\n', 'test/sum.test.js': "import test from 'node:test';\n" };

function fieldOf(files: unknown): string {
  try {
    validateTaskFiles(files);
  } catch (e) {
    return `${(e as PipelineInputError).field}: ${(e as PipelineInputError).problem}`;
  }
  return 'accepted';
}

describe('validateTaskFiles', () => {
  it('accepts relative paths with a test file node --test finds', () => {
    expect(validateTaskFiles(ok)).toEqual(ok);
    for (const test of ['sum.test.js', 'lib/sum-test.mjs', 'test-sum.cjs', 'test.js', 'test/deep/x.js']) {
      expect(fieldOf({ 'src/sum.js': '', [test]: '' })).toBe('accepted');
    }
  });

  it('names the file of a bad path or content', () => {
    expect(fieldOf({ ...ok, '../evil.js': '' })).toBe('files["../evil.js"]: must not contain "." or ".." segments');
    expect(fieldOf({ ...ok, '/etc/passwd': '' })).toBe('files["/etc/passwd"]: must be a relative path with / between folders (not absolute)');
    expect(fieldOf({ ...ok, 'C:\\x.js': '' })).toMatch(/^files\["C:\\\\x\.js"\]: must be a relative path/);
    expect(fieldOf({ ...ok, 'a/./b.js': '' })).toBe('files["a/./b.js"]: must not contain "." or ".." segments');
    expect(fieldOf({ ...ok, 'a//b.js': '' })).toMatch(/^files\["a\/\/b\.js"\]/);
    expect(fieldOf({ ...ok, 'node_modules/x/index.js': '' })).toMatch(/must not be under node_modules/);
    expect(fieldOf({ ...ok, 'src/x.js': 42 })).toBe('files["src/x.js"]: must be the file\'s text (got number)');
  });

  it('refuses a task without files, without a test file, or too large', () => {
    expect(fieldOf(null)).toMatch(/^files: must be an object/);
    expect(fieldOf([])).toMatch(/^files: must be an object/);
    expect(fieldOf({})).toMatch(/^files: is empty/);
    expect(fieldOf({ 'src/a.js': '' })).toMatch(/^files: has no test file/);
    expect(fieldOf({ ...ok, 'big.js': 'x'.repeat(1_000_001) })).toMatch(/^files: hold 1000\d+ characters/);
    expect(fieldOf(Object.fromEntries(Array.from({ length: MAX_TASK_FILES + 1 }, (_, i) => [`t${i}.test.js`, ''])))).toMatch(/^files: holds 65 files/);
  });

  it('finds the test files the package.json test script names, as npm test would', () => {
    const spec = { 'src/a.js': '', 'spec/check.js': '', 'package.json': '{"scripts":{"test":"node --test spec/check.js"}}' };
    expect(fieldOf(spec)).toBe('accepted');
    expect(fieldOf({ ...spec, 'package.json': '{"scripts":{"test":"node --test spec/"}}' })).toMatch(/^files: has no test file/);
  });

  it('throws TaskInputError, a PipelineInputError by that name (the console API and the CLI both recognise it)', () => {
    let caught: unknown;
    try {
      validateTaskFiles({});
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(TaskInputError);
    expect(caught).toBeInstanceOf(PipelineInputError);
    expect(caught).toMatchObject({ name: 'TaskInputError', field: 'files', message: 'files is empty: a task needs at least a test file' });
  });

  it('checks package.json: JSON, an object, no dependencies to install', () => {
    expect(fieldOf({ ...ok, 'package.json': '{' })).toMatch(/^files\["package.json"\]: is not valid JSON/);
    expect(fieldOf({ ...ok, 'package.json': '[]' })).toMatch(/must be a JSON object/);
    expect(fieldOf({ ...ok, 'package.json': '{"dependencies":{"left-pad":"1"}}' })).toMatch(/must not declare dependencies/);
  });
});

describe('completeTaskFiles', () => {
  it('adds package.json and eslint.config.mjs when missing, keeping the user\'s own', () => {
    const done = completeTaskFiles(ok);
    expect(JSON.parse(done['package.json']).scripts).toEqual({ test: 'node --test', lint: 'eslint .' });
    expect(done['eslint.config.mjs']).toBe(eslintConfigSource());
    const own = completeTaskFiles({ ...ok, 'package.json': '{"type":"module"}', 'eslint.config.js': 'export default [];' });
    expect(own['package.json']).toBe('{"type":"module"}');
    expect(own['eslint.config.mjs']).toBeUndefined();
  });

  it('leaves the module format to node\'s rules (no "type"), as the browser sandbox reads a task without package.json', () => {
    expect(JSON.parse(completeTaskFiles(ok)['package.json']).type).toBeUndefined();
  });
});

describe('findTestFiles', () => {
  it('matches node 20’s default patterns', () => {
    const paths = ['a.test.js', 'b-test.mjs', 'c_test.cjs', 'test-d.js', 'test.js', 'test/e.js', 'test/deep/f.mjs', 'src/g.js', 'src/test.txt', 'latest.js', 'node_modules/test/h.js', 'testing/i.js'];
    expect(findTestFiles(paths, null)).toEqual(['a.test.js', 'b-test.mjs', 'c_test.cjs', 'test-d.js', 'test.js', 'test/deep/f.mjs', 'test/e.js']);
  });

  it('runs only the files and folders the test script names', () => {
    const paths = ['spec/a.test.js', 'test/b.test.js', 'c.test.js', 'spec/helper.js'];
    expect(findTestFiles(paths, { scripts: { test: 'node --test spec/' } })).toEqual(['spec/a.test.js']);
    expect(findTestFiles(paths, { scripts: { test: 'node --test c.test.js test/b.test.js' } })).toEqual(['c.test.js', 'test/b.test.js']);
    expect(findTestFiles(paths, { scripts: { test: 'node --test' } })).toEqual(['c.test.js', 'spec/a.test.js', 'test/b.test.js']);
  });
});

describe('eslint.config.js', () => {
  it('exports the shared config as data, importing nothing', async () => {
    const src = eslintConfigSource();
    expect(src).not.toMatch(/\bimport\b/);
    const mod = await import(/* @vite-ignore */ `data:text/javascript,${encodeURIComponent(src)}`);
    expect(mod.default).toEqual(lintConfig);
  });
});
