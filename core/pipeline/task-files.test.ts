// Task files from users: paths, contents and package.json checked with the field named; missing package.json and eslint.config.js added.
import { describe, expect, it } from 'vitest';
import { PipelineInputError } from './errors';
import { eslintConfigSource, lintConfig } from './lint-rules';
import { completeTaskFiles, validateTaskFiles } from './task-files';

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
    expect(fieldOf({ ...ok, '../evil.js': '' })).toMatch(/^files\["\.\.\/evil\.js"\]: must be a relative path/);
    expect(fieldOf({ ...ok, '/etc/passwd': '' })).toMatch(/^files\["\/etc\/passwd"\]/);
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
  });

  it('checks package.json: JSON, an object, no dependencies to install', () => {
    expect(fieldOf({ ...ok, 'package.json': '{' })).toMatch(/^files\["package.json"\]: is not valid JSON/);
    expect(fieldOf({ ...ok, 'package.json': '[]' })).toMatch(/must be a JSON object/);
    expect(fieldOf({ ...ok, 'package.json': '{"dependencies":{"left-pad":"1"}}' })).toMatch(/must not declare dependencies/);
  });
});

describe('completeTaskFiles', () => {
  it('adds package.json and eslint.config.js when missing, keeping the user\'s own', () => {
    const done = completeTaskFiles(ok);
    expect(JSON.parse(done['package.json']).scripts).toEqual({ test: 'node --test', lint: 'eslint .' });
    expect(done['eslint.config.js']).toBe(eslintConfigSource());
    const own = completeTaskFiles({ ...ok, 'package.json': '{"type":"module"}', 'eslint.config.mjs': 'export default [];' });
    expect(own['package.json']).toBe('{"type":"module"}');
    expect(own['eslint.config.js']).toBeUndefined();
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
