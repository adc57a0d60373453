// The streaming CSV reader: the same table whatever the chunk boundaries, parseCsv's rules (quotes, blanks, BOM, CRLF/CR, mixed columns), and its errors with line numbers.
import { describe, expect, it } from 'vitest';
import { utf8Encode } from '../format/utf8';
import { parseCsv } from './csv';
import { CsvStreamReader } from './csv-stream';
import { recordsOf, NUMTEXT, STR, NUM, MISSING, type TableBuilder } from './table';

function read(bytes: Uint8Array, cuts: number[] = [], delimiter = ','): TableBuilder {
  const r = new CsvStreamReader(delimiter);
  let at = 0;
  for (const c of [...cuts, bytes.length]) {
    r.push(bytes.subarray(at, c));
    at = c;
  }
  return r.finish();
}

const rowsOf = (t: TableBuilder) => recordsOf(t, Array.from({ length: t.rows }, (_, i) => i));

const TEXT = '\ufeffname,"size, cm",note,mixed\r\n"Ann ""A"" B",1.5,"two\nlines",7\r\n\r\nBob,  -2e1 ,,x\n  \nCé,3,plain,"8"\rDee,,"",9';

describe('CsvStreamReader', () => {
  it('reads what parseCsv reads, as typed columns', () => {
    const t = read(utf8Encode(TEXT));
    expect(t.fields).toEqual(['name', 'size, cm', 'note', 'mixed']);
    expect(t.rows).toBe(4);
    expect(t.column('size, cm')!.counts[NUM]).toBe(3);
    expect(t.column('size, cm')!.counts[MISSING]).toBe(1);
    // A column of numbers and text holds text, as parseCsv's records do: its numbers are strings that hold numbers.
    expect(t.column('mixed')!.counts[NUMTEXT]).toBe(3);
    expect(t.column('mixed')!.counts[STR]).toBe(1);
    const legacy = parseCsv(TEXT).records.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v])));
    expect(rowsOf(t).map((r) => ({ ...r }))).toEqual(legacy);
  });

  it('gives the same table for every place a chunk can end (multi-byte characters, quotes and CRLF split)', () => {
    const bytes = utf8Encode(TEXT);
    const whole = rowsOf(read(bytes));
    for (let a = 0; a <= bytes.length; a++) {
      expect(rowsOf(read(bytes, [a])), `cut at ${a}`).toEqual(whole);
    }
    const ones = Array.from({ length: bytes.length }, (_, i) => i);
    expect(rowsOf(read(bytes, ones))).toEqual(whole);
  });

  it('reads TSV with the same rules', () => {
    const t = read(utf8Encode('a\tb\n1\t"x\ty"\n'), [], '\t');
    expect(rowsOf(t)).toEqual([{ a: 1, b: 'x\ty' }]);
  });

  it('refuses what parseCsv refuses, naming the line', () => {
    const bad: [string, RegExp][] = [
      ['', /CSV line 1: the file is empty/],
      ['a,,c\n1,2,3', /CSV line 1: header column 2 has no name/],
      ['a,a\n1,2', /CSV line 1: header column 'a' appears twice/],
      ['a,b\n1,2\n3\n', /CSV line 3: 1 fields, the header has 2/],
      ['a,b\n1,"2\n', /CSV line 2: a quoted field is never closed/],
      ['a,b\n1,x"y\n', /CSV line 2: a quote inside an unquoted field/],
      ['a,b\n1,"x"y\n', /CSV line 2: unexpected "y" after a closing quote/],
      ['a,b\n"multi\nline",2\n1,"x"y\n', /CSV line 4: unexpected "y" after a closing quote/],
    ];
    for (const [text, message] of bad) expect(() => read(utf8Encode(text)), text).toThrow(message);
    expect(() => read(Uint8Array.from([97, 10, 0xff, 0xfe, 10]))).toThrow(/CSV line 2: is not UTF-8 text/);
  });

  it('grows past one storage chunk (65,536 rows) without losing a row', () => {
    const lines = ['i,label'];
    for (let i = 0; i < 70_000; i++) lines.push(`${i},${i % 3 === 0 ? 'a' : 'b'}`);
    const t = read(utf8Encode(lines.join('\n')), [100_000, 300_000]);
    expect(t.rows).toBe(70_000);
    const c = t.column('i')!;
    expect([c.num(0), c.num(65_535), c.num(65_536), c.num(69_999)]).toEqual([0, 65_535, 65_536, 69_999]);
    expect(t.column('label')!.dict).toEqual(['a', 'b']);
  });
});
