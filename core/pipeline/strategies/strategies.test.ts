// The strategies as tree transforms: conservative and aggressive change every template and print code that parses; balanced changes nothing; the rules behind each, case by case.
import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import { generateTask } from '../generate';
import { templates } from '../templates/index';
import { applyStrategy, applyStrategyToFiles } from './index';
import { paramDocs } from './jsdoc';
import { PipelineInputError } from '../errors';

const parses = (src: string) => parse(src, { ecmaVersion: 2022, sourceType: 'module' });

describe.each(templates.map((t) => [t.id, t] as const))('template %s', (_id, template) => {
  for (const seed of [11, 12]) {
    const task = generateTask({ complexity: template.complexity, seed, template: template.id });
    const source = task.files[task.sourcePath];

    it(`seed ${seed}: conservative adds checks, and its output parses`, () => {
      const r = applyStrategy('conservative', source);
      expect(r.source).not.toBe(source);
      expect(r.changes.length).toBeGreaterThan(0);
      expect(r.changes.every((c) => c.kind === 'added-check')).toBe(true);
      expect(() => parses(r.source)).not.toThrow();
    });

    it(`seed ${seed}: aggressive removes guards, and its output parses`, () => {
      const r = applyStrategy('aggressive', source);
      expect(r.source).not.toBe(source);
      expect(r.changes.some((c) => c.kind === 'removed-guard')).toBe(true);
      expect(() => parses(r.source)).not.toThrow();
    });

    it(`seed ${seed}: balanced leaves the source as it is`, () => {
      expect(applyStrategy('balanced', source)).toEqual({ source, changes: [] });
    });
  }
});

describe('applyStrategyToFiles', () => {
  it('transforms only the named sources and names the file in each change', () => {
    const task = generateTask({ complexity: 'easy', seed: 5 });
    const { files, changes } = applyStrategyToFiles('aggressive', task.files, [task.sourcePath]);
    expect(files[task.testPath]).toBe(task.files[task.testPath]);
    expect(files['package.json']).toBe(task.files['package.json']);
    expect(changes.every((c) => c.where.startsWith(`${task.sourcePath}: `))).toBe(true);
  });

  it('refuses a source that does not parse, naming the file', () => {
    expect(() => applyStrategyToFiles('conservative', { 'src/a.js': 'export function (' }, ['src/a.js'])).toThrow(PipelineInputError);
    expect(() => applyStrategyToFiles('conservative', { 'src/a.js': 'export function (' }, ['src/a.js'])).toThrow(/files\["src\/a.js"\] does not parse/);
  });
});

describe('conservative', () => {
  it('turns JSDoc types into typeof, Array.isArray, integer and NaN checks, after an arity check', () => {
    const src = `/**
 * @param {string} name
 * @param {number} ratio
 * @param {integer} count
 * @param {number[]} items
 * @param {Function} done
 */
export function f(name, ratio, count, items, done) { return [name, ratio, count, items, done]; }`;
    const out = applyStrategy('conservative', src).source;
    expect(out).toContain('arguments.length < 5');
    expect(out).toContain("typeof name !== 'string'");
    expect(out).toContain("typeof ratio !== 'number'");
    expect(out).toContain('Number.isNaN(ratio)');
    expect(out).toContain('!Number.isInteger(count)');
    expect(out).toContain('!Array.isArray(items)');
    expect(out).toContain("typeof done !== 'function'");
  });

  it('requires undocumented parameters to be present, skips defaulted and `*` ones, and checks optional ones only when given', () => {
    const src = `/**
 * @param {*} anything
 * @param {string} [label]
 */
export function g(anything, label, plain, withDefault = 3) { return [anything, label, plain, withDefault]; }`;
    const r = applyStrategy('conservative', src);
    expect(r.source).toContain('arguments.length < 1');
    expect(r.source).not.toContain('anything === undefined');
    expect(r.source).toContain("label !== undefined && typeof label !== 'string'");
    expect(r.source).toContain('plain === undefined || plain === null');
    expect(r.source).not.toContain('withDefault ===');
  });

  it('does not add a check the function already opens with', () => {
    const src = `/** @param {string} s */
export function h(s) { if (typeof s !== 'string') throw new TypeError('s'); return s; }`;
    const r = applyStrategy('conservative', src);
    expect(r.changes.map((c) => c.detail)).toEqual(['arguments.length < 1 → TypeError']);
  });

  it('checks exported arrows (turning an expression body into a block) and methods of exported classes, after super()', () => {
    const src = `class Base { constructor() { this.x = 1; } }
export const twice = (n) => n * 2;
export class Child extends Base {
  /** @param {string} name */
  constructor(name) { super(); this.name = name; }
  /** @param {integer} k */
  at(k) { return k; }
}
function internal(v) { return v; }
export { internal };`;
    const out = applyStrategy('conservative', src).source;
    expect(out).toMatch(/twice = n => \{\s*if \(n === undefined \|\| n === null\)/);
    expect(out).toMatch(/super\(\);\s*if \(arguments.length < 1\)/);
    expect(out).toContain('!Number.isInteger(k)');
    expect(out).toMatch(/function internal\(v\) \{\s*if \(arguments.length < 1\)/);
    expect(out).not.toMatch(/class Base \{\s*constructor\(\) \{\s*if/);
    expect(() => parses(out)).not.toThrow();
  });

  it('leaves a module without exported functions unchanged', () => {
    expect(applyStrategy('conservative', 'const x = 1;\nexport default x;\n')).toEqual({ source: 'const x = 1;\nexport default x;\n', changes: [] });
  });
});

describe('aggressive', () => {
  it('removes ifs that only throw and early returns on type or null checks, keeping other early returns', () => {
    const src = `export function fib(n, memo) {
  if (typeof n !== 'number') throw new TypeError('n');
  if (n < 0) { throw new RangeError('n'); }
  if (memo === undefined) return fib(n, new Map());
  if (n <= 1) return n;
  if (memo.has(n)) return memo.get(n);
  const v = fib(n - 1, memo) + fib(n - 2, memo);
  memo.set(n, v);
  return v;
}`;
    const r = applyStrategy('aggressive', src);
    expect(r.changes.filter((c) => c.kind === 'removed-guard').map((c) => c.detail)).toEqual([
      "if (typeof n !== 'number')", 'if (n < 0)', 'if (memo === undefined)',
    ]);
    expect(r.source).toContain('if (n <= 1) return n;');
    expect(r.source).toContain('if (memo.has(n)) return memo.get(n);');
  });

  it('keeps the else branch of a removed guard', () => {
    const out = applyStrategy('aggressive', 'export function f(x) { if (x === null) throw new Error(); else { x.y = 1; } return x; }').source;
    expect(out).not.toContain('throw');
    expect(out).toContain('x.y = 1');
  });

  it('inlines a one-return helper called from one place, with precedence kept', () => {
    const src = `function add(a, b) { return a + b; }
export function f(x) { return x * add(x, 1); }`;
    const r = applyStrategy('aggressive', src);
    expect(r.changes).toEqual([{ kind: 'inlined-helper', where: 'add', detail: 'add(a, b) inlined at its only call' }]);
    expect(r.source).not.toContain('function add');
    expect(r.source).toContain('x * (x + 1)');
  });

  it('does not inline helpers called twice, passed as values, exported, or whose names are rebound at the call', () => {
    const cases = [
      'function h(a) { return a + 1; }\nexport function f(x) { return h(x) + h(x); }',
      'function h(a) { return a + 1; }\nexport function f(xs) { return xs.map(h); }',
      'export function h(a) { return a + 1; }\nexport function f(x) { return h(x); }',
      'const k = 2;\nfunction h(a) { return a * k; }\nexport function f(x) { const k = 3; return h(x) + k; }',
      'function h(a) { return a * a; }\nexport function f(x) { return h(x.pop()); }',
    ];
    for (const src of cases) expect(applyStrategy('aggressive', src).changes.filter((c) => c.kind === 'inlined-helper'), src).toEqual([]);
  });

  it('substitutes into shorthand properties and leaves property keys alone', () => {
    const src = `function pack(value) { return { value, other: value.other }; }
export function f(v) { return pack(v); }`;
    const out = applyStrategy('aggressive', src).source;
    expect(out).toMatch(/return \{\s*value: v,\s*other: v\.other\s*\}/);
  });
});

describe('paramDocs', () => {
  it('reads types with nested braces, optional names and defaults', () => {
    const docs = paramDocs(`*
 * @param {{a: number, b: {c: string}}} opts - options
 * @param {string=} maybe
 * @param {number} [n=3]
 * @param rest untyped`);
    expect(docs.get('opts')).toEqual({ name: 'opts', type: '{a: number, b: {c: string}}', optional: false });
    expect(docs.get('maybe')).toEqual({ name: 'maybe', type: 'string', optional: true });
    expect(docs.get('n')).toEqual({ name: 'n', type: 'number', optional: true });
    expect(docs.get('rest')).toEqual({ name: 'rest', type: '*', optional: false });
  });
});
