// Hard template: recursion over nested arrays (flatten to a depth, nesting depth) with cycle detection, for seeded names and seeded nested data.
import type { Rng } from '../../../random';
import type { TaskTemplate } from '../../task';
import { intIn, lit, pick } from '../util';

const NAMES = [['flatten', 'nestingDepth'], ['flattenDeep', 'depthOf'], ['unnest', 'maxDepth'], ['spread', 'levels']];

type Nested = (number | Nested)[];

function nested(rng: Rng, depth: number): Nested {
  const n = intIn(rng, 1, 4);
  return Array.from({ length: n }, () => (depth > 0 && rng.int(3) === 0 ? nested(rng, depth - 1) : intIn(rng, 0, 99)));
}

function flat(value: Nested, depth: number): (number | Nested)[] {
  const out: (number | Nested)[] = [];
  for (const item of value) {
    if (Array.isArray(item) && depth > 0) out.push(...flat(item, depth - 1));
    else out.push(item);
  }
  return out;
}

function levels(value: Nested): number {
  let max = 0;
  for (const item of value) if (Array.isArray(item)) max = Math.max(max, levels(item));
  return max + 1;
}

export const flatten: TaskTemplate = {
  id: 'flatten',
  complexity: 'hard',
  topic: 'recursion',
  generate(rng) {
    const [fn, depthFn] = pick(rng, NAMES);
    const samples = Array.from({ length: 3 }, () => nested(rng, intIn(rng, 2, 4)));
    samples.push([[intIn(rng, 0, 9), [intIn(rng, 0, 9), [intIn(rng, 0, 9), [intIn(rng, 0, 9)]]]]]);
    const all = samples.map((s) => flat(s, Infinity));
    const one = samples.map((s) => flat(s, 1));
    const depths = samples.map((s) => levels(s));
    const source = String.raw`// Recursion: ${fn} flattens nested arrays to a given depth and ${depthFn} measures how deep they nest; arrays that contain themselves are refused.

/**
 * The items of value with nested arrays spread in place, down to depth levels.
 * @param {Array} value
 * @param {number} [depth=Infinity]
 * @returns {Array}
 */
export function ${fn}(value, depth = Infinity) {
  if (!Array.isArray(value)) throw new TypeError('value must be an array');
  if (typeof depth !== 'number') throw new TypeError('depth must be a number');
  if (!(depth >= 0) || (!Number.isInteger(depth) && depth !== Infinity)) throw new RangeError('depth must be a whole number of at least 0, or Infinity');
  return flattenInto([], value, depth, new Set());
}

function flattenInto(out, value, depth, open) {
  if (open.has(value)) throw new RangeError('the array contains itself');
  open.add(value);
  for (const item of value) {
    if (Array.isArray(item) && depth > 0) flattenInto(out, item, depth - 1, open);
    else out.push(item);
  }
  open.delete(value);
  return out;
}

/**
 * How many levels of arrays value has: 1 for a flat array.
 * @param {Array} value
 * @returns {number}
 */
export function ${depthFn}(value) {
  if (!Array.isArray(value)) throw new TypeError('value must be an array');
  return levelsOf(value, new Set());
}

function levelsOf(value, open) {
  if (open.has(value)) throw new RangeError('the array contains itself');
  open.add(value);
  let deepest = 0;
  for (const item of value) {
    if (Array.isArray(item)) deepest = Math.max(deepest, levelsOf(item, open));
  }
  open.delete(value);
  return deepest + 1;
}
`;
    const tests = String.raw`// Tests for ${fn} and ${depthFn}: seeded nested arrays, a limited depth, empty arrays, arrays that contain themselves and invalid arguments.
import { describe, it } from 'node:test';
import assert from 'node:assert';
import { ${fn}, ${depthFn} } from '../src/flatten.js';

const SAMPLES = ${lit(samples)};

describe('${fn}', () => {
  it('flattens seeded nested arrays completely', () => {
    const expected = ${lit(all)};
    SAMPLES.forEach((sample, i) => assert.deepStrictEqual(${fn}(sample), expected[i]));
  });

  it('flattens one level with depth 1 and none with depth 0', () => {
    const expected = ${lit(one)};
    SAMPLES.forEach((sample, i) => assert.deepStrictEqual(${fn}(sample, 1), expected[i]));
    assert.deepStrictEqual(${fn}(SAMPLES[0], 0), SAMPLES[0]);
  });

  it('handles empty arrays at any level', () => {
    assert.deepStrictEqual(${fn}([]), []);
    assert.deepStrictEqual(${fn}([[], [[]], 1]), [1]);
  });

  it('refuses an array that contains itself', () => {
    const loop = [1, 2];
    loop.push([3, loop]);
    assert.throws(() => ${fn}(loop), RangeError);
    assert.throws(() => ${depthFn}(loop), RangeError);
  });

  it('throws for a depth below 0, not whole, or not a number', () => {
    assert.throws(() => ${fn}([1, [2]], -1), RangeError);
    assert.throws(() => ${fn}([1, [2]], 1.5), RangeError);
    assert.throws(() => ${fn}([1, [2]], NaN), RangeError);
    assert.throws(() => ${fn}([1, [2]], '1'), TypeError);
  });

  it('throws a TypeError for a value that is not an array', () => {
    assert.throws(() => ${fn}('abc'), TypeError);
    assert.throws(() => ${depthFn}('abc'), TypeError);
    assert.throws(() => ${fn}(null), TypeError);
  });
});

describe('${depthFn}', () => {
  it('measures seeded nesting depths', () => {
    assert.deepStrictEqual(SAMPLES.map((s) => ${depthFn}(s)), ${lit(depths)});
    assert.strictEqual(${depthFn}([]), 1);
  });
});
`;
    return {
      title: 'Flatten (recursion)',
      description: `${fn}(value, depth = Infinity) flattens nested arrays recursively and ${depthFn}(value) counts their levels; arrays containing themselves throw RangeError, invalid arguments TypeError or RangeError.`,
      module: 'flatten',
      source,
      tests,
    };
  },
};
