// Medium template: a least-recently-used cache over a Map's insertion order, for a seeded class name, capacity and access sequence.
import type { Rng } from '../../../random';
import type { TaskTemplate } from '../../task';
import { intIn, lit, pick, sample, WORDS } from '../util';

const NAMES = ['LruCache', 'RecentCache', 'BoundedCache', 'MemoCache'];

type Step = ['set', string, number, string | null] | ['get', string, number | null];

/** A seeded sequence of sets and gets over a few keys, with what an LRU cache of this capacity answers. */
function steps(rng: Rng, capacity: number): { steps: Step[]; keys: string[] } {
  const keys = sample(rng, WORDS, capacity + 3);
  const map = new Map<string, number>();
  const out: Step[] = [];
  for (let i = 0; i < capacity * 6; i++) {
    const key = keys[rng.int(keys.length)];
    if (rng.int(2) === 0) {
      let evicted: string | null = null;
      if (map.has(key)) map.delete(key);
      else if (map.size === capacity) {
        evicted = map.keys().next().value as string;
        map.delete(evicted);
      }
      map.set(key, i);
      out.push(['set', key, i, evicted]);
    } else {
      const v = map.get(key);
      if (v !== undefined) {
        map.delete(key);
        map.set(key, v);
      }
      out.push(['get', key, v ?? null]);
    }
  }
  return { steps: out, keys: [...map.keys()] };
}

export const lruCache: TaskTemplate = {
  id: 'lru-cache',
  complexity: 'medium',
  topic: 'data-structure',
  generate(rng) {
    const cls = pick(rng, NAMES);
    const capacity = intIn(rng, 2, 5);
    const run = steps(rng, capacity);
    const source = String.raw`// ${cls}: keeps at most capacity entries and evicts the least recently used one (a Map keeps insertion order; a read moves the key to the end).
export class ${cls} {
  /**
   * @param {integer} capacity
   */
  constructor(capacity) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be an integer of at least 1');
    this.capacity = capacity;
    this.map = new Map();
  }

  /**
   * The value under key, marking it most recently used; undefined when absent.
   * @param {string} key
   * @returns {*}
   */
  get(key) {
    if (typeof key !== 'string') throw new TypeError('key must be a string');
    if (!this.map.has(key)) return undefined;
    const value = this.map.get(key);
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }

  /**
   * Stores value under key; returns the key it evicted to make room, or undefined.
   * @param {string} key
   * @param {*} value
   * @returns {string|undefined}
   */
  set(key, value) {
    if (typeof key !== 'string') throw new TypeError('key must be a string');
    let evicted;
    if (this.map.has(key)) {
      this.map.delete(key);
    } else if (this.map.size === this.capacity) {
      evicted = oldest(this.map);
      this.map.delete(evicted);
    }
    this.map.set(key, value);
    return evicted;
  }

  /**
   * Whether key is cached, without marking it used.
   * @param {string} key
   * @returns {boolean}
   */
  has(key) {
    return this.map.has(key);
  }

  get size() {
    return this.map.size;
  }

  /** Keys from least to most recently used. */
  keys() {
    return [...this.map.keys()];
  }
}

function oldest(map) {
  return map.keys().next().value;
}
`;
    const [a, b, c] = sample(rng, WORDS, 3);
    const tests = String.raw`// Tests for ${cls}: a seeded sequence of reads and writes, eviction order, has without touching, capacity 1 and invalid arguments.
import { describe, it } from 'node:test';
import assert from 'node:assert';
import { ${cls} } from '../src/cache.js';

describe('${cls}', () => {
  it('answers a sequence of reads and writes like an LRU cache of ${capacity}', () => {
    const cache = new ${cls}(${capacity});
    for (const [op, key, value, expected] of ${lit(run.steps)}) {
      if (op === 'set') assert.strictEqual(cache.set(key, value) ?? null, expected, 'set ' + key);
      else assert.strictEqual(cache.get(key) ?? null, value, 'get ' + key);
    }
    assert.deepStrictEqual(cache.keys(), ${lit(run.keys)});
  });

  it('evicts the least recently used key', () => {
    const cache = new ${cls}(2);
    cache.set('${a}', 1);
    cache.set('${b}', 2);
    assert.strictEqual(cache.get('${a}'), 1);
    assert.strictEqual(cache.set('${c}', 3), '${b}');
    assert.deepStrictEqual(cache.keys(), ['${a}', '${c}']);
  });

  it('does not mark a key used on has()', () => {
    const cache = new ${cls}(2);
    cache.set('${a}', 1);
    cache.set('${b}', 2);
    assert.strictEqual(cache.has('${a}'), true);
    cache.set('${c}', 3);
    assert.strictEqual(cache.has('${a}'), false);
  });

  it('keeps one entry with capacity 1 and overwrites in place', () => {
    const cache = new ${cls}(1);
    cache.set('${a}', 1);
    assert.strictEqual(cache.set('${a}', 5), undefined);
    assert.strictEqual(cache.get('${a}'), 5);
    assert.strictEqual(cache.set('${b}', 2), '${a}');
    assert.strictEqual(cache.size, 1);
  });

  it('returns undefined for a missing key', () => {
    assert.strictEqual(new ${cls}(3).get('missing'), undefined);
  });

  it('throws a RangeError for a capacity below 1 or not whole', () => {
    assert.throws(() => new ${cls}(0), RangeError);
    assert.throws(() => new ${cls}(1.5), RangeError);
  });

  it('throws a TypeError for keys that are not strings', () => {
    const cache = new ${cls}(2);
    assert.throws(() => cache.set(1, 'x'), TypeError);
    assert.throws(() => cache.get(null), TypeError);
    assert.strictEqual(cache.size, 0);
  });
});
`;
    return {
      title: 'LRU cache',
      description: `${cls}(capacity) caches string keys and evicts the least recently used: get (marks used), set (returns the evicted key), has, size, keys; invalid arguments throw RangeError or TypeError.`,
      module: 'cache',
      source,
      tests,
    };
  },
};
