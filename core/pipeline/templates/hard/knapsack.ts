// Hard template: 0/1 knapsack by dynamic programming with the chosen items traced back, for seeded names, items and capacities; expected values are checked here against brute force.
import type { Rng } from '../../../random';
import type { TaskTemplate } from '../../task';
import { intIn, lit, pick } from '../util';

const NAMES = ['knapsack', 'bestLoad', 'packItems', 'maxValueFit'];

interface Item { weight: number; value: number }

/** The table and trace-back the generated source implements. */
function solve(items: Item[], capacity: number): { value: number; picked: number[] } {
  const best: number[][] = [Array.from({ length: capacity + 1 }, () => 0)];
  for (let i = 1; i <= items.length; i++) {
    const { weight, value } = items[i - 1];
    const row = best[i - 1].slice();
    for (let c = weight; c <= capacity; c++) row[c] = Math.max(best[i - 1][c], best[i - 1][c - weight] + value);
    best.push(row);
  }
  const picked: number[] = [];
  let c = capacity;
  for (let i = items.length; i >= 1; i--) {
    if (best[i][c] !== best[i - 1][c]) {
      picked.push(i - 1);
      c -= items[i - 1].weight;
    }
  }
  return { value: best[items.length][capacity], picked: picked.toReversed() };
}

/** The best value over every subset: an independent check of the table above. */
function bruteForce(items: Item[], capacity: number): number {
  let best = 0;
  for (let mask = 0; mask < 1 << items.length; mask++) {
    let w = 0;
    let v = 0;
    for (let i = 0; i < items.length; i++) if (mask & (1 << i)) { w += items[i].weight; v += items[i].value; }
    if (w <= capacity) best = Math.max(best, v);
  }
  return best;
}

function instance(rng: Rng): { items: Item[]; capacity: number; expected: { value: number; picked: number[] } } {
  const items = Array.from({ length: intIn(rng, 5, 10) }, () => ({ weight: intIn(rng, 1, 15), value: intIn(rng, 1, 60) }));
  const capacity = intIn(rng, 8, 40);
  const expected = solve(items, capacity);
  if (expected.value !== bruteForce(items, capacity)) throw new Error('knapsack template: table and brute force disagree');
  return { items, capacity, expected };
}

export const knapsack: TaskTemplate = {
  id: 'knapsack',
  complexity: 'hard',
  topic: 'dynamic-programming',
  generate(rng) {
    const fn = pick(rng, NAMES);
    const maxCapacity = pick(rng, [1000, 5000, 10000]);
    const cases = [instance(rng), instance(rng), instance(rng)];
    const source = String.raw`// Dynamic programming: ${fn} solves the 0/1 knapsack (each item at most once) with a table of best values per capacity, then traces back which items it took.
const MAX_CAPACITY = ${maxCapacity};

/**
 * The best total value of items whose weights fit in capacity, and the indices of the items taken (ascending).
 * @param {{weight: number, value: number}[]} items - weights are whole numbers of at least 1, values at least 0
 * @param {integer} capacity
 * @returns {{value: number, picked: number[]}}
 */
export function ${fn}(items, capacity) {
  if (!Array.isArray(items)) throw new TypeError('items must be an array');
  if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError('capacity must be an integer of at least 0');
  if (capacity > MAX_CAPACITY) throw new RangeError('capacity above ' + MAX_CAPACITY + ' is refused');
  for (const item of items) {
    if (!Number.isInteger(item.weight) || item.weight < 1) throw new RangeError('each weight must be an integer of at least 1');
    if (typeof item.value !== 'number' || !(item.value >= 0)) throw new RangeError('each value must be a number of at least 0');
  }
  const best = [new Array(capacity + 1).fill(0)];
  for (let i = 1; i <= items.length; i++) {
    const { weight, value } = items[i - 1];
    const row = best[i - 1].slice();
    for (let c = weight; c <= capacity; c++) row[c] = Math.max(best[i - 1][c], best[i - 1][c - weight] + value);
    best.push(row);
  }
  return { value: best[items.length][capacity], picked: traceBack(best, items, capacity) };
}

function traceBack(best, items, capacity) {
  const picked = [];
  let c = capacity;
  for (let i = items.length; i >= 1; i--) {
    if (best[i][c] !== best[i - 1][c]) {
      picked.push(i - 1);
      c -= items[i - 1].weight;
    }
  }
  return picked.reverse();
}
`;
    const tests = String.raw`// Tests for ${fn}: seeded instances (checked against brute force when generated), zero capacity, no items, everything fitting and invalid arguments.
import { describe, it } from 'node:test';
import assert from 'node:assert';
import { ${fn} } from '../src/knapsack.js';

const CASES = ${lit(cases)};

describe('${fn}', () => {
  it('finds the best value of seeded instances and the items that make it', () => {
    for (const { items, capacity, expected } of CASES) {
      const result = ${fn}(items, capacity);
      assert.deepStrictEqual(result, expected);
      const weight = result.picked.reduce((sum, i) => sum + items[i].weight, 0);
      const value = result.picked.reduce((sum, i) => sum + items[i].value, 0);
      assert.ok(weight <= capacity);
      assert.strictEqual(value, result.value);
    }
  });

  it('takes nothing with capacity 0 or no items', () => {
    assert.deepStrictEqual(${fn}(CASES[0].items, 0), { value: 0, picked: [] });
    assert.deepStrictEqual(${fn}([], 10), { value: 0, picked: [] });
  });

  it('takes everything when everything fits', () => {
    const items = [{ weight: 2, value: 3 }, { weight: 3, value: 4 }];
    assert.deepStrictEqual(${fn}(items, 5), { value: 7, picked: [0, 1] });
  });

  it('throws a RangeError for a capacity below 0, not whole or above ${maxCapacity}', () => {
    assert.throws(() => ${fn}([], -1), RangeError);
    assert.throws(() => ${fn}([], 2.5), RangeError);
    assert.throws(() => ${fn}([], ${maxCapacity + 1}), RangeError);
  });

  it('throws a RangeError for weights below 1 and negative values', () => {
    assert.throws(() => ${fn}([{ weight: 0, value: 5 }], 10), RangeError);
    assert.throws(() => ${fn}([{ weight: 2, value: -1 }], 10), RangeError);
  });

  it('throws a TypeError for items that are not an array', () => {
    assert.throws(() => ${fn}('items', 10), TypeError);
  });
});
`;
    return {
      title: 'Knapsack',
      description: `${fn}(items, capacity) solves the 0/1 knapsack for capacities up to ${maxCapacity} by dynamic programming and returns the best value and the items taken; invalid arguments throw TypeError or RangeError.`,
      module: 'knapsack',
      source,
      tests,
    };
  },
};
