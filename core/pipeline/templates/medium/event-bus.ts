// Medium template: an event emitter (on, once, off, emit) with a per-event listener limit, for a seeded class name, limit and event names.
import type { TaskTemplate } from '../../task';
import { intIn, lit, pick, sample, WORDS } from '../util';

const NAMES = ['EventBus', 'Emitter', 'SignalHub', 'EventChannel'];

export const eventBus: TaskTemplate = {
  id: 'event-bus',
  complexity: 'medium',
  topic: 'data-structure',
  generate(rng) {
    const cls = pick(rng, NAMES);
    const maxListeners = intIn(rng, 2, 6);
    const [ev, other] = sample(rng, WORDS, 2);
    const payload = { id: intIn(rng, 1, 999), name: pick(rng, WORDS) };
    const source = String.raw`// ${cls}: listeners per event name, called in the order they were added; once-listeners are removed after their first call; at most maxListeners per event.
export class ${cls} {
  /**
   * @param {integer} [maxListeners=${maxListeners}]
   */
  constructor(maxListeners = ${maxListeners}) {
    if (!Number.isInteger(maxListeners) || maxListeners < 1) throw new RangeError('maxListeners must be an integer of at least 1');
    this.maxListeners = maxListeners;
    this.listeners = new Map();
  }

  /**
   * Adds listener for event; returns a function that removes it.
   * @param {string} event
   * @param {Function} listener
   * @returns {Function}
   */
  on(event, listener) {
    return this.add(event, listener, false);
  }

  /**
   * Adds listener for the next emit of event only.
   * @param {string} event
   * @param {Function} listener
   * @returns {Function}
   */
  once(event, listener) {
    return this.add(event, listener, true);
  }

  /**
   * Removes the first registration of listener for event; whether there was one.
   * @param {string} event
   * @param {Function} listener
   * @returns {boolean}
   */
  off(event, listener) {
    const list = this.listeners.get(event) ?? [];
    const i = list.findIndex((entry) => entry.listener === listener);
    if (i < 0) return false;
    list.splice(i, 1);
    return true;
  }

  /**
   * Calls event's listeners with args in order; returns how many were called.
   * @param {string} event
   * @param {...*} args
   * @returns {number}
   */
  emit(event, ...args) {
    if (typeof event !== 'string') throw new TypeError('event must be a string');
    const list = this.listeners.get(event) ?? [];
    const current = list.slice();
    this.listeners.set(event, list.filter((entry) => !entry.once));
    for (const entry of current) entry.listener(...args);
    return current.length;
  }

  /**
   * @param {string} event
   * @returns {number}
   */
  listenerCount(event) {
    return (this.listeners.get(event) ?? []).length;
  }

  /**
   * @param {string} event
   * @param {Function} listener
   * @param {boolean} once
   * @returns {Function}
   */
  add(event, listener, once) {
    if (typeof event !== 'string' || event === '') throw new TypeError('event must be a non-empty string');
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const list = this.listeners.get(event) ?? [];
    if (list.length >= this.maxListeners) throw new RangeError('more than ' + this.maxListeners + ' listeners for ' + event);
    list.push({ listener, once });
    this.listeners.set(event, list);
    return () => this.off(event, listener);
  }
}
`;
    const tests = String.raw`// Tests for ${cls}: call order and arguments, once, off and unsubscribe, emits without listeners, the listener limit and invalid arguments.
import { describe, it } from 'node:test';
import assert from 'node:assert';
import { ${cls} } from '../src/events.js';

describe('${cls}', () => {
  it('calls listeners in order with the emitted arguments', () => {
    const bus = new ${cls}();
    const calls = [];
    bus.on('${ev}', (p, n) => calls.push(['first', p, n]));
    bus.on('${ev}', (p) => calls.push(['second', p]));
    assert.strictEqual(bus.emit('${ev}', ${lit(payload)}, 3), 2);
    assert.deepStrictEqual(calls, [['first', ${lit(payload)}, 3], ['second', ${lit(payload)}]]);
  });

  it('calls a once-listener a single time', () => {
    const bus = new ${cls}();
    let count = 0;
    bus.once('${ev}', () => count++);
    bus.emit('${ev}');
    bus.emit('${ev}');
    assert.strictEqual(count, 1);
    assert.strictEqual(bus.listenerCount('${ev}'), 0);
  });

  it('removes listeners with off and with the returned function', () => {
    const bus = new ${cls}();
    const seen = [];
    const a = () => seen.push('a');
    const unsubscribe = bus.on('${ev}', () => seen.push('b'));
    bus.on('${ev}', a);
    assert.strictEqual(bus.off('${ev}', a), true);
    assert.strictEqual(bus.off('${ev}', a), false);
    unsubscribe();
    assert.strictEqual(bus.emit('${ev}'), 0);
    assert.deepStrictEqual(seen, []);
  });

  it('returns 0 for an event nobody listens to', () => {
    const bus = new ${cls}();
    bus.on('${ev}', () => {});
    assert.strictEqual(bus.emit('${other}'), 0);
  });

  it('refuses more than ${maxListeners} listeners for one event', () => {
    const bus = new ${cls}();
    for (let i = 0; i < ${maxListeners}; i++) bus.on('${ev}', () => i);
    assert.throws(() => bus.on('${ev}', () => 0), RangeError);
    assert.strictEqual(bus.listenerCount('${ev}'), ${maxListeners});
    assert.throws(() => new ${cls}(0), RangeError);
  });

  it('throws a TypeError for a listener that is not a function or an empty event name', () => {
    const bus = new ${cls}();
    assert.throws(() => bus.on('${ev}', 'handler'), TypeError);
    assert.throws(() => bus.once('${ev}', null), TypeError);
    assert.throws(() => bus.on('', () => {}), TypeError);
    assert.strictEqual(bus.listenerCount('${ev}'), 0);
  });
});
`;
    return {
      title: 'Event bus',
      description: `${cls}(maxListeners = ${maxListeners}) with on, once, off, emit (returns how many listeners ran) and listenerCount; invalid arguments throw TypeError or RangeError.`,
      module: 'events',
      source,
      tests,
    };
  },
};
