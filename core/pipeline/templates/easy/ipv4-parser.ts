// Easy template: an IPv4 address parser with a seeded name and a seeded rule on leading zeros.
import type { Rng } from '../../../random';
import type { TaskTemplate } from '../../task';
import { intIn, lit, pick } from '../util';

const NAMES = ['parseIPv4', 'parseIpAddress', 'toOctets', 'readIPv4'];

function address(rng: Rng): number[] {
  return [intIn(rng, 1, 223), intIn(rng, 0, 255), intIn(rng, 0, 255), intIn(rng, 0, 254)];
}

export const ipv4Parser: TaskTemplate = {
  id: 'ipv4-parser',
  complexity: 'easy',
  topic: 'validation',
  generate(rng) {
    const fn = pick(rng, NAMES);
    const allowLeadingZeros = rng.int(2) === 0;
    const valid = Array.from({ length: 5 }, () => address(rng));
    const a = address(rng);
    const invalid = [
      `${a[0]}.${a[1]}.${a[2]}`, `${a.join('.')}.${a[0]}`, `${a[0]}.${a[1]}.${a[2]}.256`, `${intIn(rng, 300, 999)}.${a[1]}.${a[2]}.${a[3]}`,
      `${a[0]}.${a[1]}..${a[3]}`, `${a[0]}.${a[1]}.${a[2]}.${a[3]} `, `${a[0]}.${a[1]}.x.${a[3]}`, `${a[0]}.${a[1]}.${a[2]}.-1`,
      `${a[0]}.${a[1]}.${a[2]}.1234`,
    ];
    const padded = `${a[0]}.0${a[1] % 10}.${a[2]}.${a[3]}`;
    const paddedOctets = [a[0], a[1] % 10, a[2], a[3]];
    const source = String.raw`// IPv4 parser: ${fn} turns a dotted-quad address into its four octets${allowLeadingZeros ? '; leading zeros are allowed' : '; octets with leading zeros are refused'}.
const PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const ALLOW_LEADING_ZEROS = ${allowLeadingZeros};

/**
 * The four octets of an IPv4 address, or null when value is not one.
 * @param {string} value
 * @returns {number[] | null}
 */
export function ${fn}(value) {
  if (typeof value !== 'string') throw new TypeError('value must be a string');
  const match = PATTERN.exec(value);
  if (!match) return null;
  const parts = match.slice(1);
  if (!ALLOW_LEADING_ZEROS && parts.some(hasLeadingZero)) return null;
  const octets = parts.map(Number);
  return octets.every(isOctet) ? octets : null;
}

function hasLeadingZero(part) {
  return part.length > 1 && part.startsWith('0');
}

function isOctet(n) {
  return n >= 0 && n <= 255;
}
`;
    const tests = String.raw`// Tests for ${fn}: well-formed addresses, the octet range, malformed input, leading zeros and non-string input.
import { describe, it } from 'node:test';
import assert from 'node:assert';
import { ${fn} } from '../src/ipv4.js';

describe('${fn}', () => {
  it('parses well-formed addresses', () => {
    for (const octets of ${lit(valid)}) assert.deepStrictEqual(${fn}(octets.join('.')), octets);
  });

  it('parses the lowest and the highest address', () => {
    assert.deepStrictEqual(${fn}('0.0.0.0'), [0, 0, 0, 0]);
    assert.deepStrictEqual(${fn}('255.255.255.255'), [255, 255, 255, 255]);
  });

  it('returns null for malformed addresses', () => {
    for (const text of ${lit(invalid)}) assert.strictEqual(${fn}(text), null, text);
  });

  it('${allowLeadingZeros ? 'accepts' : 'refuses'} octets with leading zeros', () => {
    assert.deepStrictEqual(${fn}(${lit(padded)}), ${allowLeadingZeros ? lit(paddedOctets) : 'null'});
  });

  it('returns null for the empty string', () => {
    assert.strictEqual(${fn}(''), null);
  });

  it('throws a TypeError for input that is not a string', () => {
    assert.throws(() => ${fn}(1234), TypeError);
    assert.throws(() => ${fn}(null), TypeError);
    assert.throws(() => ${fn}(${lit(a)}), TypeError);
  });
});
`;
    return {
      title: 'IPv4 parser',
      description: `${fn}(value) returns the four octets of a dotted-quad IPv4 address or null${allowLeadingZeros ? '' : ' (leading zeros refused)'}; non-strings throw TypeError.`,
      module: 'ipv4',
      source,
      tests,
    };
  },
};
