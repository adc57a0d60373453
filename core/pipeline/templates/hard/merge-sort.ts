// Hard template: a stable merge sort (insertion sort below a seeded run length) with an optional comparator; expected orders come from a reference sort here.
import type { TaskTemplate } from '../../task';
import { intIn, ints, lit, pick, word } from '../util';

const NAMES = ['mergeSort', 'stableSort', 'sortStable', 'orderBy'];

export const mergeSort: TaskTemplate = {
  id: 'merge-sort',
  complexity: 'hard',
  topic: 'sorting',
  generate(rng) {
    const fn = pick(rng, NAMES);
    const run = intIn(rng, 1, 8);
    const arrays = [ints(rng, intIn(rng, 20, 60), -500, 500), ints(rng, intIn(rng, 10, 30), 0, 5), ints(rng, intIn(rng, 2, 9), -9, 9)];
    const sorted = arrays.map((a) => a.toSorted((x, y) => x - y));
    const records = Array.from({ length: 12 }, (_, i) => ({ key: intIn(rng, 1, 4), order: i }));
    const stable = records.toSorted((a, b) => a.key - b.key || a.order - b.order);
    const strings = Array.from({ length: 8 }, () => word(rng));
    const source = String.raw`// Sorting: ${fn} is a stable merge sort that returns a new array; runs of ${run} or fewer items are insertion-sorted.
const RUN = ${run};

/**
 * The items in order by compare, equal items keeping their input order; items is left unchanged.
 * @param {Array} items
 * @param {Function} [compare] - negative when a goes first; default: ascending numbers or strings
 * @returns {Array}
 */
export function ${fn}(items, compare = ascending) {
  if (!Array.isArray(items)) throw new TypeError('items must be an array');
  if (typeof compare !== 'function') throw new TypeError('compare must be a function');
  return sortRange(items.slice(), compare);
}

function sortRange(items, compare) {
  if (items.length <= RUN) return insertionSort(items, compare);
  const middle = items.length >> 1;
  return merge(sortRange(items.slice(0, middle), compare), sortRange(items.slice(middle), compare), compare);
}

function insertionSort(items, compare) {
  for (let i = 1; i < items.length; i++) {
    const item = items[i];
    let j = i - 1;
    while (j >= 0 && compare(items[j], item) > 0) {
      items[j + 1] = items[j];
      j--;
    }
    items[j + 1] = item;
  }
  return items;
}

function merge(left, right, compare) {
  const out = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    // <= keeps equal items in input order: the left run came first.
    if (compare(left[i], right[j]) <= 0) out.push(left[i++]);
    else out.push(right[j++]);
  }
  while (i < left.length) out.push(left[i++]);
  while (j < right.length) out.push(right[j++]);
  return out;
}

function ascending(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
`;
    const tests = String.raw`// Tests for ${fn}: seeded arrays against a reference order, duplicates, stability, a custom comparator, edge sizes and invalid arguments.
import { describe, it } from 'node:test';
import assert from 'node:assert';
import { ${fn} } from '../src/sort.js';

describe('${fn}', () => {
  it('sorts seeded arrays of numbers, duplicates included', () => {
    const inputs = ${lit(arrays)};
    const expected = ${lit(sorted)};
    inputs.forEach((input, i) => assert.deepStrictEqual(${fn}(input), expected[i]));
  });

  it('keeps equal items in their input order', () => {
    const records = ${lit(records)};
    assert.deepStrictEqual(${fn}(records, (a, b) => a.key - b.key), ${lit(stable)});
  });

  it('sorts strings and follows a descending comparator', () => {
    const words = ${lit(strings)};
    assert.deepStrictEqual(${fn}(words), ${lit(strings.toSorted())});
    assert.deepStrictEqual(${fn}([3, 1, 2], (a, b) => b - a), [3, 2, 1]);
  });

  it('handles empty and one-item arrays and leaves the input unchanged', () => {
    assert.deepStrictEqual(${fn}([]), []);
    assert.deepStrictEqual(${fn}([7]), [7]);
    const input = [2, 1];
    const out = ${fn}(input);
    assert.deepStrictEqual(input, [2, 1]);
    assert.notStrictEqual(out, input);
  });

  it('throws a TypeError for items that are not an array', () => {
    assert.throws(() => ${fn}('dcba'), TypeError);
    assert.throws(() => ${fn}({ length: 2, 0: 'b', 1: 'a' }), TypeError);
    assert.throws(() => ${fn}(null), TypeError);
  });

  it('throws a TypeError for a comparator that is not a function', () => {
    assert.throws(() => ${fn}([], 'desc'), TypeError);
    assert.throws(() => ${fn}([], null), TypeError);
  });
});
`;
    return {
      title: 'Merge sort',
      description: `${fn}(items, compare?) returns a new stably sorted array (merge sort, insertion sort for runs of ${run} or fewer); non-arrays and non-function comparators throw TypeError.`,
      module: 'sort',
      source,
      tests,
    };
  },
};
