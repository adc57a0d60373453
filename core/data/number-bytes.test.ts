// Numbers parsed from bytes equal Number(text) bit for bit, and exactly what the CSV number rule accepts is a number.
import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { utf8Encode } from '../format/utf8';
import { parseDecimal } from './number-bytes';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const parse = (s: string) => {
  const b = utf8Encode(s);
  return parseDecimal(b, 0, b.length);
};

describe('parseDecimal', () => {
  it('equals Number() on hand-picked and random decimals, -0 and long mantissas included', () => {
    const cases = ['0', '-0', '+0.0', '5', '5.', '.5', '-.5e-3', '1e22', '1e23', '9007199254740993', '0.1', '0.30000000000000004', '123456789012345', '1234567890123456789', '1e-400', '1e400', '2.2250738585072014e-308', '00012.3400', '4.9e-324', '-3.5E+2'];
    const rng = createRng(1);
    for (let i = 0; i < 20_000; i++) {
      const digits = 1 + rng.int(18);
      let s = '';
      for (let d = 0; d < digits; d++) s += String(rng.int(10));
      const dot = rng.int(digits + 1);
      s = `${rng.next() < 0.3 ? '-' : ''}${s.slice(0, dot)}.${s.slice(dot)}${rng.next() < 0.3 ? `e${rng.int(60) - 30}` : ''}`;
      cases.push(s === '.' ? '0' : s);
    }
    for (const s of cases) expect(Object.is(parse(s), Number(s)), s).toBe(true);
  });

  it('accepts exactly what the CSV number rule accepts', () => {
    for (const s of ['', '-', '+', '.', 'e5', '1e', '1e+', '1.2.3', '0x10', 'Infinity', 'NaN', '1_000', '1,5', ' 1', '1 ', '--1', '1e5.5', '١٢']) {
      expect(parse(s), s).toBe(NUMBER.test(s) ? Number(s) : undefined);
    }
  });
});
