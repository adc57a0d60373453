// Easy template: a palindrome check with a seeded name and a seeded rule on which characters count.
import type { Rng } from '../../../random';
import type { TaskTemplate } from '../../task';
import { capitalize, intIn, lit, pick, word } from '../util';

const NAMES = ['isPalindrome', 'readsBothWays', 'checkPalindrome', 'isMirrored'];

function reverse(s: string): string {
  return Array.from(s).toReversed().join('');
}

function palindromePhrase(rng: Rng, digits: boolean): string {
  const w = word(rng);
  const middle = digits && rng.int(2) === 0 ? String(intIn(rng, 0, 9)) : rng.int(2) === 0 ? '' : 'x';
  const left = capitalize(w);
  return `${left}, ${middle}${reverse(w)}!`;
}

export const palindrome: TaskTemplate = {
  id: 'palindrome',
  complexity: 'easy',
  topic: 'string',
  generate(rng) {
    const fn = pick(rng, NAMES);
    const digits = rng.int(2) === 0;
    const yes = Array.from({ length: 4 }, () => palindromePhrase(rng, digits));
    const no = Array.from({ length: 4 }, () => `${word(rng)} ${word(rng)}x`).filter((s) => {
      const chars = Array.from(s.toLowerCase()).filter((c) => (digits ? /[a-z0-9]/ : /[a-z]/).test(c));
      return chars.join('') !== chars.toReversed().join('');
    });
    const digitCase = `${word(rng)}1`;
    const source = String.raw`// Palindromes: ${fn} compares ${digits ? 'letters and digits' : 'letters only'}, ignoring case, spaces and punctuation.
const COUNTED = ${digits ? '/[a-z0-9]/i' : '/[a-z]/i'};

/**
 * Whether text reads the same backwards.
 * @param {string} text
 * @returns {boolean}
 */
export function ${fn}(text) {
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  const chars = Array.from(text).filter((c) => COUNTED.test(c));
  let i = 0;
  let j = chars.length - 1;
  while (i < j) {
    if (!sameLetter(chars[i], chars[j])) return false;
    i++;
    j--;
  }
  return true;
}

function sameLetter(a, b) {
  return a.toLowerCase() === b.toLowerCase();
}
`;
    const tests = String.raw`// Tests for ${fn}: palindromic phrases, other phrases, case, the empty string and non-string input.
import { describe, it } from 'node:test';
import assert from 'node:assert';
import { ${fn} } from '../src/palindrome.js';

describe('${fn}', () => {
  it('accepts palindromic phrases', () => {
    for (const text of ${lit(yes)}) assert.strictEqual(${fn}(text), true, text);
  });

  it('rejects other phrases', () => {
    for (const text of ${lit(no)}) assert.strictEqual(${fn}(text), false, text);
  });

  it('ignores case', () => {
    assert.strictEqual(${fn}('AbBa'), true);
  });

  it('${digits ? 'counts' : 'ignores'} digits', () => {
    assert.strictEqual(${fn}(${lit(digitCase)}), ${digits ? 'false' : 'false'});
    assert.strictEqual(${fn}('1a1'), true);
    assert.strictEqual(${fn}('12a'), ${digits ? 'false' : 'true'});
  });

  it('accepts the empty string and a single character', () => {
    assert.strictEqual(${fn}(''), true);
    assert.strictEqual(${fn}('q'), true);
  });

  it('throws a TypeError for input that is not a string', () => {
    assert.throws(() => ${fn}(12321), TypeError);
    assert.throws(() => ${fn}(['a', 'b', 'a']), TypeError);
    assert.throws(() => ${fn}(null), TypeError);
  });
});
`;
    return {
      title: 'Palindrome',
      description: `${fn}(text) returns whether text reads the same backwards, counting ${digits ? 'letters and digits' : 'letters only'} and ignoring case; non-strings throw TypeError.`,
      module: 'palindrome',
      source,
      tests,
    };
  },
};
