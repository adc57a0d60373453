// Easy template: a password strength rater with a seeded name, default minimum length and labels; the expected ratings are computed here by the same rules.
import type { Rng } from '../../../random';
import type { TaskTemplate } from '../../task';
import { capitalize, intIn, lit, pick, word } from '../util';

const NAMES = ['passwordStrength', 'ratePassword', 'scorePassword', 'checkPasswordStrength'];
const LABEL_SETS = [
  ['very weak', 'weak', 'fair', 'good', 'strong'],
  ['none', 'low', 'medium', 'high', 'excellent'],
  ['F', 'D', 'C', 'B', 'A'],
];
const SYMBOLS = ['!', '#', '$', '%', '&', '*', '?', '@'];

/** The rules the generated source implements, for the tests' expected values. */
function rate(password: string, minLength: number): number {
  let score = 0;
  if (password.length >= minLength) score++;
  if (/[a-z]/.test(password) && /[A-Z]/.test(password)) score++;
  if (/[0-9]/.test(password)) score++;
  if (/[^A-Za-z0-9]/.test(password)) score++;
  return score;
}

function candidate(rng: Rng): string {
  let p = word(rng);
  if (rng.int(2) === 0) p = capitalize(p);
  if (rng.int(2) === 0) p += word(rng);
  if (rng.int(2) === 0) p += String(intIn(rng, 0, 999));
  if (rng.int(2) === 0) p += pick(rng, SYMBOLS);
  return p;
}

export const passwordStrength: TaskTemplate = {
  id: 'password-strength',
  complexity: 'easy',
  topic: 'validation',
  generate(rng) {
    const fn = pick(rng, NAMES);
    const labels = pick(rng, LABEL_SETS);
    const minLength = intIn(rng, 8, 14);
    const cases = Array.from({ length: 8 }, () => candidate(rng)).map((p) => [p, rate(p, minLength)] as const);
    const strong = `${capitalize(word(rng))}${word(rng)}${intIn(rng, 10, 99)}${pick(rng, SYMBOLS)}`.padEnd(minLength, 'x');
    const source = String.raw`// Password strength: ${fn} rates a password from 0 to 4, one point each for length, mixed case, a digit and a symbol.
const LABELS = ${lit(labels)};

/**
 * The password's score (0-4) and its label.
 * @param {string} password
 * @param {integer} [minLength=${minLength}] - length that earns the length point
 * @returns {{score: number, label: string}}
 */
export function ${fn}(password, minLength = ${minLength}) {
  if (typeof password !== 'string') throw new TypeError('password must be a string');
  if (!Number.isInteger(minLength) || minLength < 1) throw new RangeError('minLength must be an integer of at least 1');
  let score = 0;
  if (password.length >= minLength) score++;
  if (/[a-z]/.test(password) && /[A-Z]/.test(password)) score++;
  if (/[0-9]/.test(password)) score++;
  if (/[^A-Za-z0-9]/.test(password)) score++;
  return { score, label: LABELS[score] };
}
`;
    const tests = String.raw`// Tests for ${fn}: scores of sample passwords, the extremes, the length rule and invalid arguments.
import { describe, it } from 'node:test';
import assert from 'node:assert';
import { ${fn} } from '../src/password.js';

const LABELS = ${lit(labels)};

describe('${fn}', () => {
  it('scores sample passwords', () => {
    for (const [password, score] of ${lit(cases)}) {
      assert.deepStrictEqual(${fn}(password), { score, label: LABELS[score] }, password);
    }
  });

  it('gives the empty password 0', () => {
    assert.deepStrictEqual(${fn}(''), { score: 0, label: LABELS[0] });
  });

  it('gives a long mixed password 4', () => {
    assert.strictEqual(${fn}(${lit(strong)}).score, 4);
  });

  it('counts length from minLength', () => {
    assert.strictEqual(${fn}('abcd', 4).score, 1);
    assert.strictEqual(${fn}('abc', 4).score, 0);
    assert.strictEqual(${fn}('a'.repeat(${minLength - 1})).score, 0);
    assert.strictEqual(${fn}('a'.repeat(${minLength})).score, 1);
  });

  it('throws a RangeError for a minLength below 1 or not whole', () => {
    assert.throws(() => ${fn}('secret', 0), RangeError);
    assert.throws(() => ${fn}('secret', -3), RangeError);
    assert.throws(() => ${fn}('secret', 2.5), RangeError);
  });

  it('throws a TypeError for a password that is not a string', () => {
    assert.throws(() => ${fn}(12345678), TypeError);
    assert.throws(() => ${fn}(null), TypeError);
  });
});
`;
    return {
      title: 'Password strength',
      description: `${fn}(password, minLength = ${minLength}) scores a password 0-4 (length, mixed case, digit, symbol) with labels ${labels.join(' / ')}; invalid arguments throw TypeError or RangeError.`,
      module: 'password',
      source,
      tests,
    };
  },
};
