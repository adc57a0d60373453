// Easy template: an email address validator with a seeded name, length bound and minimum top-level-domain length.
import type { Rng } from '../../../random';
import type { TaskTemplate } from '../../task';
import { intIn, lit, pick, word } from '../util';

const NAMES = ['isValidEmail', 'validateEmail', 'checkEmail', 'isEmailAddress'];
const TLDS = ['com', 'org', 'io', 'dev', 'net', 'info', 'museum', 'uk', 'de', 'travel'];

function validAddress(rng: Rng, minTld: number): string {
  const local = rng.int(2) === 0 ? word(rng) : `${word(rng)}.${word(rng)}${intIn(rng, 1, 99)}`;
  const tld = pick(rng, TLDS.filter((t) => t.length >= minTld));
  const domain = rng.int(3) === 0 ? `${word(rng)}.${word(rng)}` : word(rng);
  return `${local}@${domain}.${tld}`;
}

export const emailValidator: TaskTemplate = {
  id: 'email-validator',
  complexity: 'easy',
  topic: 'validation',
  generate(rng) {
    const fn = pick(rng, NAMES);
    const maxLength = intIn(rng, 40, 254);
    const minTld = pick(rng, [2, 3]);
    const valid = Array.from({ length: 4 }, () => validAddress(rng, minTld));
    const a = word(rng);
    const b = word(rng);
    const invalid = [
      `${a}.${b}.com`, `${a}@@${b}.com`, `${a} ${b}@${b}.org`, `${a}@${b}`, `.${a}@${b}.com`,
      `${a}..${b}@${b}.com`, `${a}@${b}.${'x'.repeat(minTld - 1)}`, `${a}@-${b}.com`, `@${b}.com`,
    ];
    const suffix = `@${b}.com`;
    const longest = `${'a'.repeat(maxLength - suffix.length)}${suffix}`;
    const source = `// Email address validator: ${fn} accepts local@domain.tld addresses of at most ${maxLength} characters.
const LOCAL = '[A-Za-z0-9_%+-]+(?:\\\\.[A-Za-z0-9_%+-]+)*';
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const PATTERN = new RegExp('^' + LOCAL + '@(?:' + LABEL + '\\\\.)+[A-Za-z]{${minTld},}$');
const MAX_LENGTH = ${maxLength};

/**
 * Whether value is a well-formed email address.
 * @param {string} value
 * @returns {boolean}
 */
export function ${fn}(value) {
  if (typeof value !== 'string') throw new TypeError('value must be a string');
  if (isTooLong(value)) return false;
  return PATTERN.test(value);
}

function isTooLong(text) {
  return text.length > MAX_LENGTH;
}
`;
    const tests = `// Tests for ${fn}: well-formed and malformed addresses, the ${maxLength}-character bound and non-string input.
import { describe, it } from 'node:test';
import assert from 'node:assert';
import { ${fn} } from '../src/email.js';

describe('${fn}', () => {
  it('accepts well-formed addresses', () => {
    for (const address of ${lit(valid)}) assert.strictEqual(${fn}(address), true, address);
  });

  it('rejects malformed addresses', () => {
    for (const address of ${lit(invalid)}) assert.strictEqual(${fn}(address), false, address);
  });

  it('rejects the empty string', () => {
    assert.strictEqual(${fn}(''), false);
  });

  it('accepts ${maxLength} characters and rejects ${maxLength + 1}', () => {
    const longest = ${lit(longest)};
    assert.strictEqual(longest.length, ${maxLength});
    assert.strictEqual(${fn}(longest), true);
    assert.strictEqual(${fn}('a' + longest), false);
  });

  it('throws a TypeError for input that is not a string', () => {
    assert.throws(() => ${fn}(42), TypeError);
    assert.throws(() => ${fn}(null), TypeError);
    assert.throws(() => ${fn}(undefined), TypeError);
    assert.throws(() => ${fn}(['${a}@${b}.com']), TypeError);
  });
});
`;
    return {
      title: 'Email validator',
      description: `${fn}(value) returns whether value is a well-formed email address of at most ${maxLength} characters with a top-level domain of at least ${minTld} letters; non-strings throw TypeError.`,
      module: 'email',
      source,
      tests,
    };
  },
};
