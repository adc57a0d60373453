// Easy template: a URL validator with a seeded name and set of allowed protocols, checking host names and the port range.
import type { TaskTemplate } from '../../task';
import { intIn, lit, pick, word } from '../util';

const NAMES = ['isValidUrl', 'validateUrl', 'checkUrl', 'isUrl'];
const PROTOCOL_SETS = [['http', 'https'], ['https'], ['http', 'https', 'ftp'], ['https', 'wss']];
const TLDS = ['com', 'org', 'io', 'dev', 'net'];

export const urlValidator: TaskTemplate = {
  id: 'url-validator',
  complexity: 'easy',
  topic: 'validation',
  generate(rng) {
    const fn = pick(rng, NAMES);
    const protocols = pick(rng, PROTOCOL_SETS);
    const refused = ['ftp', 'mailto', 'file', 'gopher', 'http', 'wss'].filter((p) => !protocols.includes(p));
    const host = () => `${word(rng)}.${pick(rng, TLDS)}`;
    const valid = [
      `${pick(rng, protocols)}://${host()}`,
      `${pick(rng, protocols)}://${word(rng)}.${host()}/${word(rng)}/${word(rng)}`,
      `${pick(rng, protocols)}://${host()}:${intIn(rng, 1, 65535)}/${word(rng)}?q=${word(rng)}`,
      `${pick(rng, protocols)}://${word(rng)}-${word(rng)}.${pick(rng, TLDS)}/#${word(rng)}`,
      `${pick(rng, protocols)}://localhost:${intIn(rng, 1024, 9999)}`,
    ];
    const w = word(rng);
    const p = protocols[0];
    const invalid = [
      `${w}.com`, `${p}//${w}.com`, `${p}://`, `${p}://${w} ${w}.com`, `${p}://-${w}.com`, `${p}://${w}-.com`,
      `${pick(rng, refused)}://${w}.com`, `${p}://${w}.com:0`, `${p}://${w}.com:65536`, `${p}://${w}.com:${intIn(rng, 70000, 99999)}`,
    ];
    const source = String.raw`// URL validator: ${fn} accepts ${protocols.join(', ')} URLs with a host name, an optional port from 1 to 65535, a path, a query and a fragment.
const PROTOCOLS = new Set(${lit(protocols)});
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const PATTERN = new RegExp('^([a-z][a-z0-9+.-]*)://(' + LABEL + '(?:\\.' + LABEL + ')*)(?::([0-9]{1,5}))?(/[^\\s?#]*)?(\\?[^\\s#]*)?(#\\S*)?$');
const MAX_PORT = 65535;

/**
 * Whether value is a URL with an allowed protocol, a host and, when a port is given, a port in range.
 * @param {string} value
 * @returns {boolean}
 */
export function ${fn}(value) {
  if (typeof value !== 'string') throw new TypeError('value must be a string');
  const match = PATTERN.exec(value);
  if (!match) return false;
  if (!PROTOCOLS.has(match[1])) return false;
  return match[3] === undefined || isPortInRange(Number(match[3]));
}

function isPortInRange(port) {
  return port >= 1 && port <= MAX_PORT;
}
`;
    const tests = String.raw`// Tests for ${fn}: allowed and refused protocols, malformed hosts, the port range and non-string input.
import { describe, it } from 'node:test';
import assert from 'node:assert';
import { ${fn} } from '../src/url.js';

describe('${fn}', () => {
  it('accepts URLs with an allowed protocol', () => {
    for (const url of ${lit(valid)}) assert.strictEqual(${fn}(url), true, url);
  });

  it('rejects malformed URLs and refused protocols', () => {
    for (const url of ${lit(invalid)}) assert.strictEqual(${fn}(url), false, url);
  });

  it('accepts the first and the last port', () => {
    assert.strictEqual(${fn}(${lit(`${p}://${w}.com:1`)}), true);
    assert.strictEqual(${fn}(${lit(`${p}://${w}.com:65535`)}), true);
  });

  it('rejects the empty string', () => {
    assert.strictEqual(${fn}(''), false);
  });

  it('throws a TypeError for input that is not a string', () => {
    assert.throws(() => ${fn}(42), TypeError);
    assert.throws(() => ${fn}(null), TypeError);
    assert.throws(() => ${fn}(), TypeError);
  });
});
`;
    return {
      title: 'URL validator',
      description: `${fn}(value) returns whether value is a ${protocols.join('/')} URL with a valid host and a port from 1 to 65535 when one is given; non-strings throw TypeError.`,
      module: 'url',
      source,
      tests,
    };
  },
};
