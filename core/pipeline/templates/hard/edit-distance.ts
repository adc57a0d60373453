// Hard template: weighted edit distance by dynamic programming (two rows) and a closest-match helper, with seeded costs, a length bound and word pairs.
import type { TaskTemplate } from '../../task';
import { intIn, lit, pick, sample, word, WORDS } from '../util';

const NAMES = [['editDistance', 'closest'], ['levenshtein', 'nearest'], ['distance', 'bestMatch'], ['transformCost', 'mostSimilar']];

function distance(a: string, b: string, ins: number, del: number, sub: number): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j * ins);
  for (let i = 1; i <= a.length; i++) {
    const row = [i * del];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + del, row[j - 1] + ins, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : sub));
    }
    prev = row;
  }
  return prev[b.length];
}

export const editDistance: TaskTemplate = {
  id: 'edit-distance',
  complexity: 'hard',
  topic: 'dynamic-programming',
  generate(rng) {
    const [fn, closest] = pick(rng, NAMES);
    const ins = intIn(rng, 1, 2);
    const del = intIn(rng, 1, 2);
    const sub = intIn(rng, 1, 3);
    const maxLength = intIn(rng, 40, 120);
    const d = (a: string, b: string) => distance(a, b, ins, del, sub);
    const pairs = Array.from({ length: 6 }, () => [word(rng), `${word(rng)}${rng.int(2) === 0 ? word(rng).slice(0, 3) : ''}`]).map(([a, b]) => [a, b, d(a, b)]);
    const target = word(rng);
    const candidates = sample(rng, WORDS, 6);
    let best = candidates[0];
    for (const c of candidates) if (d(target, c) < d(target, best)) best = c;
    const source = String.raw`// Dynamic programming: ${fn} is the least cost of edits turning one string into another (insert ${ins}, delete ${del}, substitute ${sub}), in two rows of the table.
const INSERT = ${ins};
const DELETE = ${del};
const SUBSTITUTE = ${sub};
const MAX_LENGTH = ${maxLength};

/**
 * The least total cost of insertions, deletions and substitutions that turn a into b.
 * @param {string} a
 * @param {string} b
 * @returns {number}
 */
export function ${fn}(a, b) {
  if (typeof a !== 'string' || typeof b !== 'string') throw new TypeError('a and b must be strings');
  if (a.length > MAX_LENGTH || b.length > MAX_LENGTH) throw new RangeError('strings longer than ' + MAX_LENGTH + ' characters are refused');
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j * INSERT);
  for (let i = 1; i <= a.length; i++) {
    const row = [i * DELETE];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + DELETE, row[j - 1] + INSERT, previous[j - 1] + cost(a[i - 1], b[j - 1]));
    }
    previous = row;
  }
  return previous[b.length];
}

function cost(x, y) {
  return x === y ? 0 : SUBSTITUTE;
}

/**
 * The candidate nearest to word by ${fn} (the first one on ties).
 * @param {string} word
 * @param {string[]} candidates
 * @returns {string}
 */
export function ${closest}(word, candidates) {
  if (!Array.isArray(candidates)) throw new TypeError('candidates must be an array');
  if (candidates.length === 0) throw new RangeError('candidates must not be empty');
  let best = candidates[0];
  let bestCost = ${fn}(word, best);
  for (const candidate of candidates.slice(1)) {
    const c = ${fn}(word, candidate);
    if (c < bestCost) {
      best = candidate;
      bestCost = c;
    }
  }
  return best;
}
`;
    const tests = String.raw`// Tests for ${fn} and ${closest}: seeded word pairs, empty and equal strings, the length bound and invalid arguments.
import { describe, it } from 'node:test';
import assert from 'node:assert';
import { ${fn}, ${closest} } from '../src/distance.js';

describe('${fn}', () => {
  it('computes seeded word pairs (insert ${ins}, delete ${del}, substitute ${sub})', () => {
    for (const [a, b, expected] of ${lit(pairs)}) assert.strictEqual(${fn}(a, b), expected, a + ' -> ' + b);
  });

  it('costs nothing for equal strings and only inserts or deletes against the empty string', () => {
    assert.strictEqual(${fn}('${target}', '${target}'), 0);
    assert.strictEqual(${fn}('', '${target}'), ${target.length * ins});
    assert.strictEqual(${fn}('${target}', ''), ${target.length * del});
    assert.strictEqual(${fn}('', ''), 0);
  });

  it('accepts ${maxLength} characters and refuses ${maxLength + 1}', () => {
    assert.strictEqual(${fn}('a'.repeat(${maxLength}), 'a'.repeat(${maxLength})), 0);
    assert.throws(() => ${fn}('a'.repeat(${maxLength + 1}), 'a'), RangeError);
  });

  it('throws a TypeError for arguments that are not strings', () => {
    assert.throws(() => ${fn}(12, 'ab'), TypeError);
    assert.throws(() => ${fn}('ab', ['a', 'b']), TypeError);
  });
});

describe('${closest}', () => {
  it('picks the nearest candidate', () => {
    assert.strictEqual(${closest}('${target}', ${lit(candidates)}), ${lit(best)});
    assert.strictEqual(${closest}('${target}', ['${target}x', '${target}']), '${target}');
  });

  it('throws for an empty or missing candidate list', () => {
    assert.throws(() => ${closest}('${target}', []), RangeError);
    assert.throws(() => ${closest}('${target}', '${target}'), TypeError);
  });
});
`;
    return {
      title: 'Edit distance',
      description: `${fn}(a, b) returns the weighted edit distance (insert ${ins}, delete ${del}, substitute ${sub}) of strings up to ${maxLength} characters by dynamic programming, ${closest}(word, candidates) the nearest candidate; invalid arguments throw TypeError or RangeError.`,
      module: 'distance',
      source,
      tests,
    };
  },
};
