// Medium template: a bounded FIFO queue on a ring buffer with an async drain, for a seeded class name, capacity and operation sequence.
import type { Rng } from '../../../random';
import type { TaskTemplate } from '../../task';
import { intIn, lit, pick, word } from '../util';

const NAMES = ['BoundedQueue', 'RingQueue', 'TaskQueue', 'JobQueue'];

type Op = ['enqueue', string, boolean] | ['dequeue', string | null];

/** A seeded mix of enqueues and dequeues with the result a FIFO of this capacity gives for each (null: undefined). */
function operations(rng: Rng, capacity: number): { ops: Op[]; rest: string[] } {
  const q: string[] = [];
  const ops: Op[] = [];
  for (let i = 0; i < capacity * 4; i++) {
    if (rng.int(3) < 2) {
      const item = `${word(rng)}${i}`;
      const ok = q.length < capacity;
      if (ok) q.push(item);
      ops.push(['enqueue', item, ok]);
    } else {
      ops.push(['dequeue', q.shift() ?? null]);
    }
  }
  return { ops, rest: q };
}

export const boundedQueue: TaskTemplate = {
  id: 'bounded-queue',
  complexity: 'medium',
  topic: 'data-structure',
  generate(rng) {
    const cls = pick(rng, NAMES);
    const capacity = intIn(rng, 3, 8);
    const { ops, rest } = operations(rng, capacity);
    const fill = Array.from({ length: capacity }, (_, i) => `${word(rng)}-${i}`);
    const source = String.raw`// ${cls}: a first-in first-out queue of at most capacity items on a ring buffer, with an async drain.
export class ${cls} {
  /**
   * @param {integer} capacity - the most items it holds
   */
  constructor(capacity) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be an integer of at least 1');
    this.capacity = capacity;
    this.items = new Array(capacity);
    this.head = 0;
    this.length = 0;
  }

  /**
   * Adds item at the back; false when the queue is full.
   * @param {*} item
   * @returns {boolean}
   */
  enqueue(item) {
    if (item === undefined) throw new TypeError('item must not be undefined');
    if (this.length === this.capacity) return false;
    this.items[slot(this.head, this.length, this.capacity)] = item;
    this.length++;
    return true;
  }

  /** Removes and returns the front item; undefined when empty. */
  dequeue() {
    if (this.length === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.length--;
    return item;
  }

  /** The front item without removing it; undefined when empty. */
  peek() {
    return this.length === 0 ? undefined : this.items[this.head];
  }

  get size() {
    return this.length;
  }

  /** The items from front to back. */
  toArray() {
    const out = [];
    for (let i = 0; i < this.length; i++) out.push(this.items[(this.head + i) % this.capacity]);
    return out;
  }

  /**
   * Takes every item out in order, awaiting handler for each; resolves to how many it took.
   * @param {Function} handler
   * @returns {Promise<number>}
   */
  async drain(handler) {
    if (typeof handler !== 'function') throw new TypeError('handler must be a function');
    let count = 0;
    while (this.length > 0) {
      await handler(this.dequeue());
      count++;
    }
    return count;
  }
}

function slot(head, offset, capacity) {
  return (head + offset) % capacity;
}
`;
    const tests = String.raw`// Tests for ${cls}: FIFO order across the ring's wrap-around, the capacity bound, empty reads, the async drain and invalid arguments.
import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert';
import { ${cls} } from '../src/queue.js';

describe('${cls}', () => {
  let queue;
  beforeEach(() => {
    queue = new ${cls}(${capacity});
  });

  it('keeps first-in first-out order through a mix of operations', () => {
    for (const [op, item, expected] of ${lit(ops.map((o) => (o[0] === 'enqueue' ? o : [o[0], o[1], o[1]])))}) {
      if (op === 'enqueue') assert.strictEqual(queue.enqueue(item), expected, 'enqueue ' + item);
      else assert.strictEqual(queue.dequeue() ?? null, expected);
    }
    assert.deepStrictEqual(queue.toArray(), ${lit(rest)});
    assert.strictEqual(queue.size, ${rest.length});
  });

  it('refuses items beyond its capacity of ${capacity}', () => {
    for (const item of ${lit(fill)}) assert.strictEqual(queue.enqueue(item), true);
    assert.strictEqual(queue.enqueue('one more'), false);
    assert.strictEqual(queue.size, ${capacity});
    assert.strictEqual(queue.peek(), ${lit(fill[0])});
  });

  it('returns undefined from an empty queue', () => {
    assert.strictEqual(queue.dequeue(), undefined);
    assert.strictEqual(queue.peek(), undefined);
    assert.deepStrictEqual(queue.toArray(), []);
  });

  it('drains every item in order', async () => {
    for (const item of ${lit(fill)}) queue.enqueue(item);
    const seen = [];
    const count = await queue.drain(async (item) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      seen.push(item);
    });
    assert.strictEqual(count, ${capacity});
    assert.deepStrictEqual(seen, ${lit(fill)});
    assert.strictEqual(queue.size, 0);
  });

  it('throws a RangeError for a capacity below 1 or not whole', () => {
    assert.throws(() => new ${cls}(0), RangeError);
    assert.throws(() => new ${cls}(-2), RangeError);
    assert.throws(() => new ${cls}(2.5), RangeError);
  });

  it('throws a TypeError for an undefined item and a handler that is not a function', async () => {
    assert.throws(() => queue.enqueue(undefined), TypeError);
    assert.strictEqual(queue.size, 0);
    await assert.rejects(queue.drain('print'), TypeError);
  });
});
`;
    return {
      title: 'Bounded queue',
      description: `${cls}(capacity) is a FIFO queue on a ring buffer: enqueue (false when full), dequeue, peek, size, toArray and async drain(handler); invalid arguments throw RangeError or TypeError.`,
      module: 'queue',
      source,
      tests,
    };
  },
};
