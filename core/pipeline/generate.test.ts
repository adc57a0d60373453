// The task generator: six or more templates per level, real parseable source and node:test files with at least five cases, seeded and reproducible.
import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import { generateTask } from './generate';
import { walk, type Node } from './js-ast';
import { COMPLEXITIES } from './task';
import { templates, templatesOf } from './templates/index';
import { PipelineInputError } from './errors';

function err(f: () => unknown): PipelineInputError {
  try {
    f();
  } catch (e) {
    return e as PipelineInputError;
  }
  throw new Error('nothing thrown');
}

const SEEDS = [1, 2, 3, 1234, 2 ** 31 + 7];

/** Calls of it()/test() in a test file: the cases node --test will run. */
function testCases(source: string): string[] {
  const names: string[] = [];
  walk(parse(source, { ecmaVersion: 2022, sourceType: 'module' }) as Node, (n) => {
    if (n.type === 'CallExpression' && n.callee.type === 'Identifier' && (n.callee.name === 'it' || n.callee.name === 'test')) {
      const first = n.arguments[0];
      names.push(first.type === 'Literal' ? String(first.value) : '(computed)');
    }
  });
  return names;
}

describe('templates', () => {
  it('has at least six templates per level, with unique ids', () => {
    for (const level of COMPLEXITIES) expect(templatesOf(level).length).toBeGreaterThanOrEqual(6);
    expect(new Set(templates.map((t) => t.id)).size).toBe(templates.length);
  });

  describe.each(templates.map((t) => [t.id, t] as const))('%s', (_id, template) => {
    it('writes a task folder: package.json (node --test, eslint .), eslint.config.js, source and tests that parse', () => {
      for (const seed of SEEDS) {
        const task = generateTask({ complexity: template.complexity, seed, template: template.id });
        expect(Object.keys(task.files).toSorted()).toEqual(['eslint.config.js', 'package.json', task.sourcePath, task.testPath].toSorted());
        const pkg = JSON.parse(task.files['package.json']);
        expect(pkg).toMatchObject({ type: 'module', scripts: { test: 'node --test', lint: 'eslint .' } });
        expect(pkg.dependencies).toBeUndefined();
        expect(task.testPath).toMatch(/^test\/[a-z0-9-]+\.test\.js$/);
        for (const path of [task.sourcePath, task.testPath, 'eslint.config.js']) {
          expect(() => parse(task.files[path], { ecmaVersion: 2022, sourceType: 'module' }), path).not.toThrow();
        }
        expect(task.files[task.testPath]).toContain("from 'node:test'");
        expect(task.files[task.testPath]).toContain("from 'node:assert'");
        expect(task.files[task.testPath]).toContain(`'../${task.sourcePath}'`);
      }
    });

    it('has at least five test cases, edge cases among them (assert.throws / rejects)', () => {
      for (const seed of SEEDS) {
        const task = generateTask({ complexity: template.complexity, seed, template: template.id });
        const cases = testCases(task.files[task.testPath]);
        expect(cases.length).toBeGreaterThanOrEqual(5);
        expect(new Set(cases).size).toBe(cases.length);
        expect(task.files[task.testPath]).toMatch(/assert\.(throws|rejects)\(/);
      }
    });

    it('gives identical files for the same seed and different files for different seeds', () => {
      const files = SEEDS.map((seed) => generateTask({ complexity: template.complexity, seed, template: template.id }).files);
      expect(generateTask({ complexity: template.complexity, seed: SEEDS[0], template: template.id }).files).toEqual(files[0]);
      const texts = files.map((f) => JSON.stringify(f));
      expect(new Set(texts).size).toBe(SEEDS.length);
    });
  });
});

describe('generateTask', () => {
  it('picks among the level\'s templates by seed, reaching each of them', () => {
    for (const level of COMPLEXITIES) {
      const seen = new Set<string>();
      for (let seed = 0; seed < 200; seed++) seen.add(generateTask({ complexity: level, seed }).template);
      expect([...seen].toSorted()).toEqual(templatesOf(level).map((t) => t.id).toSorted());
    }
  });

  it('names the task after its template and seed', () => {
    const t = generateTask({ complexity: 'hard', seed: 42 });
    expect(t.id).toBe(`${t.template}-42`);
    expect(t.complexity).toBe('hard');
    expect(t.description.length).toBeGreaterThan(20);
  });

  it('refuses a bad complexity, seed or template, naming the field', () => {
    expect(err(() => generateTask({ complexity: 'extreme' as never, seed: 1 })).field).toBe('complexity');
    expect(err(() => generateTask({ complexity: 'easy', seed: 1.5 })).field).toBe('seed');
    expect(err(() => generateTask({ complexity: 'easy', seed: 1, template: 'nope' })).field).toBe('template');
    expect(err(() => generateTask({ complexity: 'easy', seed: 1, template: 'dijkstra' })).message).toMatch(/hard template/);
  });
});
