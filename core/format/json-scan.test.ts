// The JSON scanner: repeated keys (also spelled with escapes), keys in nested objects and arrays, prototype-named keys, depth and integer-only numbers; strings holding quotes and braces are skipped whole.
import { describe, expect, it } from 'vitest';
import { scanJson } from './json-scan';

const opts = { maxDepth: 8 };
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

describe('scanJson', () => {
  it('finds repeated keys at any depth, including an escaped spelling, and nothing in valid documents', () => {
    expect(scanJson('{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}', opts)).toBeNull();
    expect(scanJson('{"a":1,"a":2}', opts)).toMatchObject({ kind: 'duplicate', key: 'a' });
    expect(scanJson('{"x":[{"k":1,"q":{"k":2},"k":3}]}', opts)).toMatchObject({ kind: 'duplicate', key: 'k' });
    expect(scanJson('{"ab":1,"a\\u0062":2}', opts)).toMatchObject({ kind: 'duplicate', key: 'ab' });
    expect(scanJson('{"s":"a \\"quoted\\" {brace} [x], \\\\","s2":"\\\\"}', opts)).toBeNull();
    expect(scanJson('{"s":"\\\\","s":1}', opts)).toMatchObject({ kind: 'duplicate', key: 's' });
    expect(scanJson('["a","a",{"a":"a"}]', opts)).toBeNull();
  });

  it('refuses forbidden keys but not the same words as values', () => {
    expect(scanJson('{"k":"__proto__","v":["constructor"]}', { ...opts, forbidden: FORBIDDEN })).toBeNull();
    expect(scanJson('{"k":{"constructor":1}}', { ...opts, forbidden: FORBIDDEN })).toMatchObject({ kind: 'forbidden', key: 'constructor' });
    expect(scanJson('{"\\u005f_proto__":1}', { ...opts, forbidden: FORBIDDEN })).toMatchObject({ kind: 'forbidden', key: '__proto__' });
  });

  it('limits depth and, when asked, numbers to plain non-negative integers', () => {
    expect(scanJson('[[[[[[[[1]]]]]]]]', opts)).toBeNull();
    expect(scanJson('[[[[[[[[[1]]]]]]]]]', opts)).toMatchObject({ kind: 'depth' });
    const ints = { ...opts, integersOnly: true };
    expect(scanJson('{"shape":[0,4,10],"n":"1.5"}', ints)).toBeNull();
    for (const bad of ['4.0', '4e0', '-1', '-0', '1E+2', '0.5']) expect(scanJson(`{"shape":[${bad}]}`, ints), bad).toMatchObject({ kind: 'number', text: bad });
  });
});
