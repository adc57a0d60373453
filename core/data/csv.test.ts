// CSV parsing: quoting, line endings, typing of columns, missing values, and errors that name the line.
import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv, parseCsvRows } from './csv';

describe('parseCsvRows', () => {
  it('handles quotes, escaped quotes, delimiters and line breaks inside quotes, and every line ending', () => {
    expect(parseCsvRows('a,b\r\n"x, y","say ""hi"""\n"multi\nline",\r3,4\n')).toEqual([
      ['a', 'b'], ['x, y', 'say "hi"'], ['multi\nline', ''], ['3', '4'],
    ]);
    expect(parseCsvRows('\ufeffa;b\n1;2', ';')).toEqual([['a', 'b'], ['1', '2']]);
    expect(parseCsvRows('""')).toEqual([['']]);
  });

  it('names the line of malformed quoting', () => {
    expect(() => parseCsvRows('a\n"open\nstill open')).toThrow(/line 2: a quoted field is never closed/);
    expect(() => parseCsvRows('a,b\nx"y,1')).toThrow(/line 2: a quote inside an unquoted field/);
    expect(() => parseCsvRows('a,b\n"x"y,1')).toThrow(CsvError);
  });
});

describe('parseCsv', () => {
  it('types numeric columns, keeps text, and turns empty cells into null', () => {
    const { columns, records } = parseCsv('sepal,species,note\n5.1,setosa,\n4.9,,"a, b"\n-1e3,virginica,x\n\n');
    expect(columns).toEqual(['sepal', 'species', 'note']);
    expect(records.map((r) => ({ ...r }))).toEqual([
      { sepal: 5.1, species: 'setosa', note: null },
      { sepal: 4.9, species: null, note: 'a, b' },
      { sepal: -1000, species: 'virginica', note: 'x' },
    ]);
  });

  it('keeps a column as text when any cell is not a number', () => {
    expect(parseCsv('id\n1\n2a').records.map((r) => r.id)).toEqual(['1', '2a']);
  });

  it('rejects empty files, unnamed or repeated columns and ragged rows', () => {
    expect(() => parseCsv('')).toThrow(/empty/);
    expect(() => parseCsv('a,,b\n1,2,3')).toThrow(/column 2 has no name/);
    expect(() => parseCsv('a,a\n1,2')).toThrow(/'a' appears twice/);
    expect(() => parseCsv('a,b\n1,2\n3')).toThrow(/line 3: 1 fields, the header has 2/);
  });

  it('treats a __proto__ column as data', () => {
    const { records } = parseCsv('__proto__,x\n1,2');
    expect(records[0].__proto__).toBe(1);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
