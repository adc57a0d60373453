// Easy template: a slug maker with a seeded name, separator and default length; expected slugs are computed here by the same rules.
import type { Rng } from '../../../random';
import type { TaskTemplate } from '../../task';
import { capitalize, intIn, lit, pick, word } from '../util';

const NAMES = ['slugify', 'toSlug', 'makeSlug', 'urlSlug'];
const PUNCTUATION = [' ', '  ', ', ', ' - ', '! ', ': ', '/', ' & ', '_', '.'];
const ACCENTED: readonly [string, string][] = [['Crème', 'creme'], ['Brûlée', 'brulee'], ['Café', 'cafe'], ['Ñandú', 'nandu'], ['Über', 'uber']];

/** The rules the generated source implements. */
function slug(text: string, sep: string, maxLength: number): string {
  const parts = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().split(/[^a-z0-9]+/).filter((p) => p.length > 0);
  let out = '';
  for (const part of parts) {
    const next = out === '' ? part : out + sep + part;
    if (next.length > maxLength) {
      if (out === '') out = part.slice(0, maxLength);
      break;
    }
    out = next;
  }
  return out;
}

function phrase(rng: Rng): string {
  let p = rng.int(2) === 0 ? capitalize(word(rng)) : word(rng);
  const n = intIn(rng, 1, 4);
  for (let i = 0; i < n; i++) p += pick(rng, PUNCTUATION) + (rng.int(3) === 0 ? String(intIn(rng, 1, 99)) : word(rng));
  return rng.int(3) === 0 ? ` ${p}!` : p;
}

export const slugify: TaskTemplate = {
  id: 'slugify',
  complexity: 'easy',
  topic: 'string',
  generate(rng) {
    const fn = pick(rng, NAMES);
    const sep = pick(rng, ['-', '_']);
    const maxLength = intIn(rng, 24, 60);
    const cases = Array.from({ length: 6 }, () => phrase(rng)).map((p) => [p, slug(p, sep, maxLength)]);
    const [acc, plain] = pick(rng, ACCENTED);
    const accented = `${acc} ${word(rng)}`;
    const long = Array.from({ length: 12 }, () => word(rng)).join(' ');
    const short = intIn(rng, 8, 14);
    const source = String.raw`// Slugs: ${fn} turns text into lower-case ASCII words joined by '${sep}', cut at a word boundary to at most maxLength characters.
const SEPARATOR = '${sep}';

/**
 * The slug of text.
 * @param {string} text
 * @param {integer} [maxLength=${maxLength}]
 * @returns {string}
 */
export function ${fn}(text, maxLength = ${maxLength}) {
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  if (!Number.isInteger(maxLength) || maxLength < 1) throw new RangeError('maxLength must be an integer of at least 1');
  const parts = words(text);
  let slug = '';
  for (const part of parts) {
    const next = slug === '' ? part : slug + SEPARATOR + part;
    if (next.length > maxLength) {
      if (slug === '') slug = part.slice(0, maxLength);
      break;
    }
    slug = next;
  }
  return slug;
}

function words(text) {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().split(/[^a-z0-9]+/).filter((p) => p.length > 0);
}
`;
    const tests = String.raw`// Tests for ${fn}: sample phrases, accents, the length limit, empty input and invalid arguments.
import { describe, it } from 'node:test';
import assert from 'node:assert';
import { ${fn} } from '../src/slug.js';

describe('${fn}', () => {
  it('slugs sample phrases', () => {
    for (const [text, expected] of ${lit(cases)}) assert.strictEqual(${fn}(text), expected, text);
  });

  it('drops accents', () => {
    assert.strictEqual(${fn}(${lit(accented)}).split('${sep}')[0], ${lit(plain)});
  });

  it('cuts at a word boundary within maxLength', () => {
    const result = ${fn}(${lit(long)}, ${short});
    assert.strictEqual(result, ${lit(slug(long, sep, short))});
    assert.ok(result.length <= ${short});
  });

  it('returns the empty string for text without letters or digits', () => {
    assert.strictEqual(${fn}(''), '');
    assert.strictEqual(${fn}(' -- !! '), '');
  });

  it('throws a RangeError for a maxLength below 1 or not whole', () => {
    assert.throws(() => ${fn}('a b', 0), RangeError);
    assert.throws(() => ${fn}('a b', 1.5), RangeError);
  });

  it('throws a TypeError for text that is not a string', () => {
    assert.throws(() => ${fn}(42), TypeError);
    assert.throws(() => ${fn}(undefined), TypeError);
  });
});
`;
    return {
      title: 'Slugify',
      description: `${fn}(text, maxLength = ${maxLength}) makes a lower-case ASCII slug joined by '${sep}', cut at a word boundary; invalid arguments throw TypeError or RangeError.`,
      module: 'slug',
      source,
      tests,
    };
  },
};
