// The featurizer: column kinds inferred from training records, standardisation statistics, missing values, target choice, skipped records.
import { describe, expect, it } from 'vitest';
import { chooseTarget, DataError, encodeRecords, featurize, fitFeaturizer, fitWithReport, inputWarnings } from './featurizer';

const opts = { target: null, task: null, patternType: null };

const records = [
  { size: 1, lang: 'ts', tags: ['api', 'db'], ok: true, note: 'add a parser for csv files quickly', meta: { depth: 2 }, label: 'yes' },
  { size: 3, lang: 'js', tags: ['api'], ok: false, note: 'fix the flaky login test', meta: { depth: 4 }, label: 'no' },
  { size: null, lang: 'ts', tags: [], ok: true, note: 'refactor the memory store for speed', meta: { depth: 6 }, label: 'yes' },
];

describe('fitFeaturizer', () => {
  it('infers a kind per field and standardises numbers with training statistics', () => {
    const s = fitFeaturizer(records, { ...opts, maxCategories: 2 });
    expect(s.target).toMatchObject({ field: 'label', task: 'classification', labels: ['no', 'yes'] });
    const kinds = Object.fromEntries(s.features.map((c) => [c.field, c.kind]));
    expect(kinds).toEqual({ size: 'numeric', lang: 'categorical', tags: 'multi_hot', ok: 'boolean', note: 'text', 'meta.depth': 'numeric' });
    const size = s.features.find((c) => c.field === 'size');
    expect(size).toMatchObject({ mean: 2, std: 1, missingFlag: true });
    expect(s.width).toBe(2 + 2 + 2 + 1 + 64 + 1);
  });

  it('featurizes a record: missing number → mean with its flag, one-hot, multi-hot, unit-length text', () => {
    const s = fitFeaturizer(records, opts);
    const v = featurize(s, { size: null, lang: 'js', tags: ['db', 'unknown'], ok: false, note: 'csv parser', meta: { depth: 4 } });
    expect(Array.from(v.subarray(0, 2))).toEqual([0, 1]); // size missing
    expect(Array.from(v.subarray(2, 4))).toEqual([1, 0]); // lang js (sorted: js, ts)
    expect(Array.from(v.subarray(4, 6))).toEqual([0, 1]); // tags api, db
    expect(v[6]).toBe(0); // ok false
    const text = v.subarray(7, 71);
    expect(Math.hypot(...text)).toBeCloseTo(1, 6);
    expect(v[71]).toBeCloseTo(0, 6); // depth 4 is the mean
  });

  it('ignores unseen categories and the target field when predicting', () => {
    const s = fitFeaturizer(records, opts);
    const a = featurize(s, { size: 2, lang: 'rust', label: 'yes' });
    const b = featurize(s, { size: 2, lang: 'rust' });
    expect(a).toEqual(b);
  });

  it('treats a numeric target as regression and standardises it', () => {
    const s = fitFeaturizer([{ x: 1, y: 10 }, { x: 2, y: 20 }, { x: 3, y: 30 }], { ...opts, target: 'y' });
    expect(s.target).toMatchObject({ task: 'regression', mean: 20 });
    const enc = encodeRecords(s, [{ x: 1, y: 10 }, { x: 2 }, { x: 3, y: 30 }]);
    expect(enc.n).toBe(2);
    expect(Array.from(enc.y)).toEqual([-(10 / s.target.std), 10 / s.target.std].map((v) => Math.fround(v)));
    expect(enc.skipped).toEqual([{ index: 1, reason: "no 'y'" }]);
  });

  it('skips records of classes not seen in training and says so', () => {
    const s = fitFeaturizer(records, opts);
    const enc = encodeRecords(s, [{ ...records[0], label: 'maybe' }, records[1]]);
    expect(enc.n).toBe(1);
    expect(Array.from(enc.y)).toEqual([0]);
    expect(enc.skipped[0].reason).toMatch(/'maybe' was not in the training data/);
  });

  it('names the problem with bad data', () => {
    expect(() => fitFeaturizer([], opts)).toThrow(DataError);
    expect(() => fitFeaturizer([1, 2], opts)).toThrow(/trainingData\[0\] must be an object/);
    expect(() => fitFeaturizer([{ a: 1, label: 'x' }, { a: 2, label: 'x' }], opts)).toThrow(/single class/);
    expect(() => fitFeaturizer([{ a: 1 }], { ...opts, target: 'b' })).toThrow(/target 'b' is not a field/);
    expect(() => fitFeaturizer([{ a: 1, label: 'x' }, { a: { deep: { er: 1 } }, label: 'y' }], opts)).toThrow(/mixes kinds/);
  });
});

describe('chooseTarget', () => {
  it('prefers the named field, then the pattern type, then common names, then the last field', () => {
    expect(chooseTarget(['a', 'b'], { target: 'a', patternType: null }).field).toBe('a');
    expect(chooseTarget(['strategy', 'label', 'x'], { target: null, patternType: 'coordination' }).field).toBe('strategy');
    expect(chooseTarget(['x', 'Label', 'z'], { target: null, patternType: null }).field).toBe('Label');
    expect(chooseTarget(['x', 'z'], { target: null, patternType: null })).toMatchObject({ field: 'z', reason: expect.stringMatching(/last field/) });
  });
});

describe('strings in a numeric column', () => {
  // A CSV column with one 'n/a' cell arrives as strings throughout: numbers as text, and the marker.
  const rows = [
    { weight: '3.5', colour: 'red', label: 'a' }, { weight: '4.5', colour: 'blue', label: 'b' }, { weight: 'n/a', colour: 'red', label: 'a' },
    { weight: 5, colour: 'blue', label: 'b' }, { weight: 'unknown', colour: 'red', label: 'a' }, { weight: 'n/a', colour: 'red', label: 'b' },
    { weight: 6, colour: 'red', label: 'a' }, { weight: '7', colour: 'blue', label: 'b' },
  ];

  it('makes a column whose values are mostly numbers numeric, and reports the rest (count, examples) as missing', () => {
    const { schema, report } = fitWithReport(rows, opts);
    expect(schema.features[0]).toMatchObject({ kind: 'numeric', field: 'weight', mean: 5.2, missingFlag: true });
    expect(report.columns[0]).toEqual({ field: 'weight', kind: 'numeric', source: 'inferred', non_numeric: { count: 3, examples: ['n/a', 'unknown'] } });
    expect(report.columns[1]).toMatchObject({ field: 'colour', kind: 'categorical', non_numeric: null });
    // 'n/a' encodes as missing (mean, flag set), not as a hashed word; '3.5' as the number 3.5.
    expect(Array.from(featurize(schema, { weight: 'n/a' }).subarray(0, 2))).toEqual([0, 1]);
    expect(featurize(schema, { weight: '5.2' })[0]).toBeCloseTo(0, 6);
  });

  it('reports a value too deep to write as JSON among the non-numbers, by a fixed name, rather than failing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const { report } = fitWithReport([...rows, { weight: deep, colour: 'red', label: 'a' }], opts);
    expect(report.columns[0].non_numeric).toEqual({ count: 4, examples: ['n/a', 'unknown', '(unreadable value)'] });
  });

  it('lets training.feature_types choose text, categorical or numeric for a column', () => {
    const text = fitWithReport(rows, { ...opts, featureTypes: { weight: 'text' } });
    expect(text.schema.features[0]).toEqual({ kind: 'text', field: 'weight', dim: 64 });
    expect(text.report.columns[0]).toMatchObject({ source: 'configured', non_numeric: null });
    expect(fitFeaturizer(rows, { ...opts, featureTypes: { weight: 'categorical' } }).features[0]).toMatchObject({ kind: 'categorical', categories: ['3.5', '4.5', '5', '6', '7', 'n/a', 'unknown'] });
    expect(() => fitFeaturizer(rows, { ...opts, featureTypes: { colour: 'numeric' } })).toThrow(/training\.feature_types\.colour is 'numeric' but none of the training values of 'colour' is a number/);
    expect(() => fitFeaturizer(rows, { ...opts, featureTypes: { shade: 'text' } })).toThrow(/training\.feature_types\.shade is not a field/);
    expect(() => fitFeaturizer(rows, { ...opts, featureTypes: { label: 'text' } })).toThrow(/is the target/);
  });

  it('counts what encoded records hold that training did not', () => {
    const s = fitFeaturizer(records, opts);
    const enc = encodeRecords(s, [{ ...records[0], lang: 'rust', size: 'big' }, { ...records[1], label: 'maybe' }, { ...records[2], tags: ['api', 'ml'] }]);
    expect(enc.unseen).toEqual({ labels: 1, categories: { lang: 1, tags: 1 }, non_numeric: { size: 1 } });
  });
});

describe('inputWarnings', () => {
  it('lists the fields a record lacks, holds beyond the model, or holds in a form the model cannot use', () => {
    const s = fitFeaturizer(records, opts);
    expect(inputWarnings(s, { size: 'huge', lang: 'rust', tags: ['api'], colour: 'red', meta: { depth: 1, width: 2 }, label: 'yes' })).toEqual({
      missing: ['ok', 'note'], unknown: ['colour', 'meta.width'], unusable: ['size', 'lang'],
    });
    expect(inputWarnings(s, records[0])).toEqual({ missing: [], unknown: [], unusable: [] });
  });
});

