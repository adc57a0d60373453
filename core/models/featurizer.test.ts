// The featurizer: column kinds inferred from training records, standardisation statistics, missing values, target choice, skipped records.
import { describe, expect, it } from 'vitest';
import { chooseTarget, DataError, encodeRecords, featurize, fitFeaturizer } from './featurizer';

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
