// Medium template: a sliding-window rate limiter per key, for a seeded class name, limit, window and request timeline; expected decisions are computed here by the same rule.
import type { Rng } from '../../../random';
import type { TaskTemplate } from '../../task';
import { intIn, lit, pick, sample, WORDS } from '../util';

const NAMES = ['RateLimiter', 'SlidingWindowLimiter', 'RequestThrottle', 'WindowLimiter'];

/** Requests (key, time) in time order and whether a limiter allowing `limit` per `windowMs` lets each through. */
function timeline(rng: Rng, keys: string[], limit: number, windowMs: number): [string, number, boolean][] {
  const log = new Map<string, number[]>();
  const out: [string, number, boolean][] = [];
  let now = intIn(rng, 0, 1000);
  for (let i = 0; i < limit * 6; i++) {
    now += rng.int(3) === 0 ? intIn(rng, windowMs / 2, windowMs) : intIn(rng, 0, Math.floor(windowMs / limit));
    const key = keys[rng.int(keys.length)];
    const times = (log.get(key) ?? []).filter((t) => t > now - windowMs);
    const ok = times.length < limit;
    if (ok) times.push(now);
    log.set(key, times);
    out.push([key, now, ok]);
  }
  return out;
}

export const rateLimiter: TaskTemplate = {
  id: 'rate-limiter',
  complexity: 'medium',
  topic: 'api',
  generate(rng) {
    const cls = pick(rng, NAMES);
    const limit = intIn(rng, 2, 5);
    const windowMs = pick(rng, [500, 1000, 2000, 5000]);
    const keys = sample(rng, WORDS, 2);
    const requests = timeline(rng, keys, limit, windowMs);
    const source = String.raw`// ${cls}: allows at most limit requests per key within any windowMs milliseconds (a sliding window over the times of allowed requests).
export class ${cls} {
  /**
   * @param {integer} limit - requests allowed per window
   * @param {number} windowMs - window length in milliseconds
   */
  constructor(limit, windowMs) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be an integer of at least 1');
    if (typeof windowMs !== 'number') throw new TypeError('windowMs must be a number');
    if (!Number.isFinite(windowMs) || windowMs <= 0) throw new RangeError('windowMs must be a positive finite number');
    this.limit = limit;
    this.windowMs = windowMs;
    this.log = new Map();
  }

  /**
   * Records a request for key at time now if it is allowed; returns whether it was.
   * @param {string} key
   * @param {number} now - milliseconds
   * @returns {boolean}
   */
  tryAcquire(key, now) {
    if (typeof key !== 'string') throw new TypeError('key must be a string');
    if (typeof now !== 'number') throw new TypeError('now must be a number');
    if (!Number.isFinite(now)) throw new RangeError('now must be finite');
    const times = this.recent(key, now);
    if (times.length >= this.limit) return false;
    times.push(now);
    return true;
  }

  /**
   * How many more requests key may make at time now.
   * @param {string} key
   * @param {number} now
   * @returns {number}
   */
  remaining(key, now) {
    if (typeof key !== 'string') throw new TypeError('key must be a string');
    return this.limit - this.recent(key, now).length;
  }

  /**
   * The times of key's allowed requests still inside the window ending at now (older ones are dropped).
   * @param {string} key
   * @param {number} now
   * @returns {number[]}
   */
  recent(key, now) {
    const times = (this.log.get(key) ?? []).filter((t) => t > now - this.windowMs);
    this.log.set(key, times);
    return times;
  }
}
`;
    const [k] = keys;
    const tests = String.raw`// Tests for ${cls}: a seeded timeline of requests, the window sliding, keys kept apart, remaining counts and invalid arguments.
import { describe, it } from 'node:test';
import assert from 'node:assert';
import { ${cls} } from '../src/limiter.js';

describe('${cls}', () => {
  it('decides a timeline of requests (${limit} per ${windowMs} ms)', () => {
    const limiter = new ${cls}(${limit}, ${windowMs});
    for (const [key, now, allowed] of ${lit(requests)}) assert.strictEqual(limiter.tryAcquire(key, now), allowed, key + ' at ' + now);
  });

  it('allows again once the window has slid past', () => {
    const limiter = new ${cls}(${limit}, ${windowMs});
    for (let i = 0; i < ${limit}; i++) assert.strictEqual(limiter.tryAcquire('${k}', 100 + i), true);
    assert.strictEqual(limiter.tryAcquire('${k}', 100 + ${limit}), false);
    assert.strictEqual(limiter.tryAcquire('${k}', 100 + ${windowMs - 1}), false);
    assert.strictEqual(limiter.tryAcquire('${k}', 100 + ${windowMs}), true);
  });

  it('keeps keys apart and counts what remains', () => {
    const limiter = new ${cls}(${limit}, ${windowMs});
    assert.strictEqual(limiter.remaining('${k}', 0), ${limit});
    limiter.tryAcquire('${k}', 0);
    assert.strictEqual(limiter.remaining('${k}', 1), ${limit - 1});
    assert.strictEqual(limiter.remaining('other', 1), ${limit});
    assert.strictEqual(limiter.remaining('${k}', ${windowMs}), ${limit});
  });

  it('throws a RangeError for a limit below 1 or a window that is not positive', () => {
    assert.throws(() => new ${cls}(0, ${windowMs}), RangeError);
    assert.throws(() => new ${cls}(1.5, ${windowMs}), RangeError);
    assert.throws(() => new ${cls}(${limit}, 0), RangeError);
    assert.throws(() => new ${cls}(${limit}, -5), RangeError);
    assert.throws(() => new ${cls}(${limit}, NaN), RangeError);
  });

  it('throws for a time that is not a finite number', () => {
    const limiter = new ${cls}(${limit}, ${windowMs});
    assert.throws(() => limiter.tryAcquire('${k}', '5'), TypeError);
    assert.throws(() => limiter.tryAcquire('${k}', NaN), RangeError);
    assert.throws(() => limiter.tryAcquire('${k}', Infinity), RangeError);
    assert.strictEqual(limiter.remaining('${k}', 0), ${limit});
  });

  it('throws a TypeError for a key that is not a string', () => {
    const limiter = new ${cls}(${limit}, ${windowMs});
    assert.throws(() => limiter.tryAcquire(7, 0), TypeError);
    assert.throws(() => limiter.remaining(null, 0), TypeError);
  });
});
`;
    return {
      title: 'Rate limiter',
      description: `${cls}(limit, windowMs) allows at most limit requests per key in any sliding window of windowMs milliseconds: tryAcquire(key, now) and remaining(key, now); invalid arguments throw RangeError or TypeError.`,
      module: 'limiter',
      source,
      tests,
    };
  },
};
