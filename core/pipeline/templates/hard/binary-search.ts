// Hard template: binary search (leftmost match) and lower bound over a sorted array that is checked first, with seeded data and names.
import type { TaskTemplate } from '../../task';
import { intIn, ints, lit, pick } from '../util';

const NAMES = [['binarySearch', 'lowerBound'], ['indexOfSorted', 'insertionPoint'], ['findSorted', 'firstNotBelow'], ['search', 'bisectLeft']];

function lowerBound(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export const binarySearch: TaskTemplate = {
  id: 'binary-search',
  complexity: 'hard',
  topic: 'searching',
  generate(rng) {
    const [fn, lb] = pick(rng, NAMES);
    const data = ints(rng, intIn(rng, 25, 60), -200, 200).toSorted((a, b) => a - b);
    const present = Array.from({ length: 6 }, () => data[rng.int(data.length)]);
    const absent = ints(rng, 8, -260, 260).filter((x) => !data.includes(x));
    const probes = [...present, ...absent, data[0] - 1, data[data.length - 1] + 1];
    const hits = present.map((x) => [x, data.indexOf(x)]);
    const bounds = probes.map((x) => [x, lowerBound(data, x)]);
    const source = String.raw`// Searching: ${fn} finds the leftmost index of a value in an ascending array, ${lb} where it would be inserted; both refuse unsorted input.

/**
 * The index of the first element equal to target, or -1.
 * @param {number[]} sorted - ascending
 * @param {number} target
 * @returns {number}
 */
export function ${fn}(sorted, target) {
  const i = ${lb}(sorted, target);
  return i < sorted.length && sorted[i] === target ? i : -1;
}

/**
 * The index of the first element not below target (sorted.length when there is none).
 * @param {number[]} sorted - ascending
 * @param {number} target
 * @returns {number}
 */
export function ${lb}(sorted, target) {
  if (!Array.isArray(sorted)) throw new TypeError('sorted must be an array');
  if (typeof target !== 'number') throw new TypeError('target must be a number');
  if (Number.isNaN(target)) throw new RangeError('target must not be NaN');
  if (!isAscending(sorted)) throw new RangeError('sorted must be in ascending order');
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = midpoint(lo, hi);
    if (sorted[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function isAscending(items) {
  for (let i = 1; i < items.length; i++) {
    if (!(items[i - 1] <= items[i])) return false;
  }
  return true;
}

function midpoint(lo, hi) {
  return lo + ((hi - lo) >> 1);
}
`;
    const tests = String.raw`// Tests for ${fn} and ${lb}: present and absent values in seeded data, duplicates, the ends, empty arrays and invalid arguments.
import { describe, it } from 'node:test';
import assert from 'node:assert';
import { ${fn}, ${lb} } from '../src/search.js';

const DATA = ${lit(data)};

describe('${fn}', () => {
  it('finds the leftmost index of present values', () => {
    for (const [x, i] of ${lit(hits)}) assert.strictEqual(${fn}(DATA, x), i, 'value ' + x);
  });

  it('returns -1 for absent values and for an empty array', () => {
    for (const x of ${lit(absent)}) assert.strictEqual(${fn}(DATA, x), -1, 'value ' + x);
    assert.strictEqual(${fn}([], 3), -1);
  });

  it('finds the first of duplicates', () => {
    assert.strictEqual(${fn}([1, 2, 2, 2, 3], 2), 1);
    assert.strictEqual(${fn}([4, 4, 4], 4), 0);
  });
});

describe('${lb}', () => {
  it('gives insertion points, including before the first and after the last element', () => {
    for (const [x, i] of ${lit(bounds)}) assert.strictEqual(${lb}(DATA, x), i, 'value ' + x);
  });

  it('refuses an array that is not ascending', () => {
    assert.throws(() => ${lb}([3, 1, 2], 2), RangeError);
    assert.throws(() => ${fn}([1, 5, 4, 9], 9), RangeError);
  });

  it('throws for a target that is not a number, NaN or a non-array', () => {
    assert.throws(() => ${fn}(DATA, '5'), TypeError);
    assert.throws(() => ${fn}(DATA, NaN), RangeError);
    assert.throws(() => ${lb}('1,2,3', 2), TypeError);
  });
});
`;
    return {
      title: 'Binary search',
      description: `${fn}(sorted, target) returns the leftmost index of target or -1 and ${lb}(sorted, target) its insertion point, in O(log n) after checking the array is ascending; invalid arguments throw TypeError or RangeError.`,
      module: 'search',
      source,
      tests,
    };
  },
};
