// Medium template: a shopping cart in integer cents with quantity limits and seeded discount codes; expected totals are computed here.
import type { Rng } from '../../../random';
import type { TaskTemplate } from '../../task';
import { intIn, lit, pick, sample, WORDS } from '../util';

const NAMES = ['Cart', 'ShoppingCart', 'Basket', 'OrderDraft'];

function codes(rng: Rng): Record<string, number> {
  const out: Record<string, number> = {};
  for (const w of sample(rng, WORDS, 2)) out[`${w.toUpperCase()}${intIn(rng, 5, 50)}`] = pick(rng, [5, 10, 15, 20, 25, 50]);
  return out;
}

export const shoppingCart: TaskTemplate = {
  id: 'shopping-cart',
  complexity: 'medium',
  topic: 'api',
  generate(rng) {
    const cls = pick(rng, NAMES);
    const maxQuantity = intIn(rng, 5, 20);
    const discounts = codes(rng);
    const lines = sample(rng, WORDS, 4).map((w) => ({ sku: `${w.toUpperCase()}-${intIn(rng, 1, 99)}`, price: intIn(rng, 50, 5000), qty: intIn(rng, 1, maxQuantity) }));
    const subtotal = lines.reduce((s, l) => s + l.price * l.qty, 0);
    const [code, percent] = Object.entries(discounts)[0];
    const discounted = subtotal - Math.round((subtotal * percent) / 100);
    const first = lines[0];
    const source = String.raw`// ${cls}: lines of sku, unit price in cents and quantity (1 to ${maxQuantity} per sku); totals in cents, optionally with a discount code.
const MAX_QUANTITY = ${maxQuantity};
const DISCOUNTS = ${lit(discounts)};

export class ${cls} {
  constructor() {
    this.lines = new Map();
  }

  /**
   * Adds quantity of sku at priceCents each; adding a sku again adds to its quantity.
   * @param {string} sku
   * @param {integer} priceCents
   * @param {integer} [quantity=1]
   * @returns {number} the sku's quantity now
   */
  add(sku, priceCents, quantity = 1) {
    if (typeof sku !== 'string' || sku === '') throw new TypeError('sku must be a non-empty string');
    if (!Number.isInteger(priceCents) || priceCents < 0) throw new RangeError('priceCents must be a whole number of cents, at least 0');
    if (!Number.isInteger(quantity) || quantity < 1) throw new RangeError('quantity must be an integer of at least 1');
    const line = this.lines.get(sku);
    const total = (line ? line.quantity : 0) + quantity;
    if (total > MAX_QUANTITY) throw new RangeError('at most ' + MAX_QUANTITY + ' of one sku');
    this.lines.set(sku, { sku, priceCents, quantity: total });
    return total;
  }

  /**
   * Removes quantity of sku (all of it when quantity is left out); returns what is left.
   * @param {string} sku
   * @param {integer} [quantity]
   * @returns {number}
   */
  remove(sku, quantity) {
    const line = this.lines.get(sku);
    if (!line) return 0;
    const left = quantity === undefined ? 0 : Math.max(0, line.quantity - quantity);
    if (left === 0) this.lines.delete(sku);
    else line.quantity = left;
    return left;
  }

  /**
   * The total in cents, less the discount of code when one is given.
   * @param {string} [code]
   * @returns {number}
   */
  total(code) {
    let subtotal = 0;
    for (const line of this.lines.values()) subtotal += line.priceCents * line.quantity;
    if (code === undefined) return subtotal;
    if (!Object.hasOwn(DISCOUNTS, code)) throw new RangeError('unknown discount code ' + code);
    return subtotal - discount(subtotal, DISCOUNTS[code]);
  }

  get count() {
    let n = 0;
    for (const line of this.lines.values()) n += line.quantity;
    return n;
  }
}

function discount(cents, percent) {
  return Math.round((cents * percent) / 100);
}
`;
    const tests = String.raw`// Tests for ${cls}: totals, discount codes, adding and removing quantities, the empty cart and invalid arguments.
import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert';
import { ${cls} } from '../src/cart.js';

const LINES = ${lit(lines)};

describe('${cls}', () => {
  let cart;
  beforeEach(() => {
    cart = new ${cls}();
    for (const line of LINES) cart.add(line.sku, line.price, line.qty);
  });

  it('totals its lines in cents', () => {
    assert.strictEqual(cart.total(), ${subtotal});
    assert.strictEqual(cart.count, ${lines.reduce((s, l) => s + l.qty, 0)});
  });

  it('applies a discount code', () => {
    assert.strictEqual(cart.total(${lit(code)}), ${discounted});
  });

  it('adds to and removes from a line', () => {
    assert.strictEqual(cart.remove(${lit(first.sku)}, 1), ${first.qty - 1});
    assert.strictEqual(cart.remove(${lit(first.sku)}), 0);
    assert.strictEqual(cart.remove('missing'), 0);
    assert.strictEqual(cart.total(), ${subtotal - first.price * first.qty});
  });

  it('totals an empty cart as 0', () => {
    assert.strictEqual(new ${cls}().total(), 0);
    assert.strictEqual(new ${cls}().total(${lit(code)}), 0);
  });

  it('refuses more than ${maxQuantity} of one sku, negative prices and quantities below 1', () => {
    const fresh = new ${cls}();
    assert.throws(() => fresh.add('A-1', 100, ${maxQuantity + 1}), RangeError);
    assert.strictEqual(fresh.add('A-1', 100, ${maxQuantity}), ${maxQuantity});
    assert.throws(() => fresh.add('A-1', 100, 1), RangeError);
    assert.throws(() => fresh.add('B-2', -1), RangeError);
    assert.throws(() => fresh.add('B-2', 2.5), RangeError);
    assert.throws(() => fresh.add('B-2', 100, 0), RangeError);
    assert.strictEqual(fresh.count, ${maxQuantity});
  });

  it('throws for an unknown discount code and a sku that is not a non-empty string', () => {
    assert.throws(() => cart.total('NOPE'), RangeError);
    assert.throws(() => cart.total('toString'), RangeError);
    assert.throws(() => cart.add('', 100), TypeError);
    assert.throws(() => cart.add(42, 100), TypeError);
  });
});
`;
    return {
      title: 'Shopping cart',
      description: `${cls} keeps lines of sku, price in cents and quantity (at most ${maxQuantity} per sku): add, remove, total(code?) with discount codes ${Object.keys(discounts).join(', ')}, count; invalid arguments throw TypeError or RangeError.`,
      module: 'cart',
      source,
      tests,
    };
  },
};
