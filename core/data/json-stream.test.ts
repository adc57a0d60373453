// The streaming JSON and JSON Lines readers: the records JSON.parse would give, whatever the chunk boundaries; neural_train's file shapes and their errors.
import { describe, expect, it } from 'vitest';
import { utf8Encode } from '../format/utf8';
import { flatten } from '../models/featurizer';
import { JsonLinesReader, JsonStreamReader } from './json-stream';
import { recordsOf, type Table, type TableData } from './table';

function feed(r: { push(b: Uint8Array): void; finish(): TableData }, bytes: Uint8Array, cuts: number[] = []): TableData {
  let at = 0;
  for (const c of [...cuts, bytes.length]) {
    r.push(bytes.subarray(at, c));
    at = c;
  }
  return r.finish();
}

const rows = (t: Table | null) => (t ? recordsOf(t, Array.from({ length: t.rows }, (_, i) => i)).map((r) => ({ ...r })) : null);
const flat = (recs: Record<string, unknown>[]) => recs.map((r) => ({ ...flatten(r) }));

const RECORDS = [
  { a: 1.5, s: 'x "quoted" \\ back}slash]', nested: { k: 'v', n: -2 }, tags: ['p', 'q'], ok: true, none: null },
  { a: -0.25e-3, s: 'ünï ✓', ok: false, tags: [] },
  { s: '', extra: 'only here', a: 1e300 },
];

describe('JsonStreamReader', () => {
  it('reads {trainingData, validationData} and skips other keys, for every chunk boundary', () => {
    const text = JSON.stringify({ note: { deep: [1, { x: '[' }] }, trainingData: RECORDS, other: 'a,b}', validationData: RECORDS.slice(0, 2) }, null, 2);
    const bytes = utf8Encode(text);
    const whole = feed(new JsonStreamReader(), bytes);
    expect(rows(whole.training)).toEqual(flat(RECORDS).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === '' ? null : v]))));
    expect(whole.validation!.rows).toBe(2);
    for (let c = 0; c <= bytes.length; c += 3) {
      const d = feed(new JsonStreamReader(), bytes, [c]);
      expect(rows(d.training), `cut at ${c}`).toEqual(rows(whole.training));
      expect(rows(d.validation)).toEqual(rows(whole.validation));
    }
  });

  it('reads an array of records; empty parts are allowed', () => {
    expect(feed(new JsonStreamReader(), utf8Encode(` [ ${JSON.stringify(RECORDS[0])} ] `)).training.rows).toBe(1);
    expect(feed(new JsonStreamReader(), utf8Encode('[]')).training.rows).toBe(0);
    const d = feed(new JsonStreamReader(), utf8Encode('{"trainingData": [{"a": 1}], "validationData": []}'));
    expect(d.validation).toBeNull();
    expect(feed(new JsonStreamReader(), utf8Encode('{"trainingData": [{"a": 1}], "validationData": null}')).validation).toBeNull();
  });

  it('refuses what neural_train refuses, with the same messages', () => {
    const bad: [string, RegExp][] = [
      ['', /Unexpected end of JSON input \(the file is empty\)/],
      ['{"a": 1}', /training_data is a single record; training needs many/],
      ['{"trainingData": "rows"}', /training_data\.trainingData must be an array of records/],
      ['{"trainingData": [], "validationData": 3}', /training_data\.validationData must be an array of records/],
      ['[1, 2]', /data: trainingData\[0\] must be an object \(a record\)/],
      ['{"trainingData": [{"a": 1}], "validationData": [{"a": 1}, "x"]}', /data: validationData\[1\] must be an object/],
      ['"text"', /training_data must be an array of records or \{trainingData, validationData\}/],
      ['[{"a": 1}, {"a": }]', /in trainingData\[1\]/],
      ['[{"a": 1} {"a": 2}]', /Unexpected "\{" at byte 10/],
      ['[{"a": 1}', /Unexpected end of JSON input/],
      ['[{"a": 1}] x', /Unexpected "x"/],
    ];
    for (const [text, message] of bad) expect(() => feed(new JsonStreamReader(), utf8Encode(text)), text).toThrow(message);
  });
});

describe('JsonLinesReader', () => {
  it('reads one record per line (blank lines skipped), for every chunk boundary', () => {
    const bytes = utf8Encode(`${RECORDS.map((r) => JSON.stringify(r)).join('\r\n')}\n\n`);
    const whole = feed(new JsonLinesReader(), bytes);
    expect(whole.training.rows).toBe(3);
    for (let c = 0; c <= bytes.length; c++) expect(rows(feed(new JsonLinesReader(), bytes, [c]).training)).toEqual(rows(whole.training));
  });

  it('names the line of a bad record', () => {
    expect(() => feed(new JsonLinesReader(), utf8Encode('{"a":1}\n{"a":\n'))).toThrow(/^line 2: /);
    expect(() => feed(new JsonLinesReader(), utf8Encode('{"a":1}\n\n[1]\n'))).toThrow(/data: line 3 must be a JSON object/);
    expect(() => feed(new JsonLinesReader(), utf8Encode('\n \n'))).toThrow(/has no records/);
  });
});
