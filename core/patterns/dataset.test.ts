// The shipped labelled data: enough varied examples per pattern, no near-duplicates, every row readable, and a fixed stratified held-out split.
import { describe, expect, it } from 'vitest';
import data from './data/patterns.json';
import { contentWords, heldOutIds, HELD_OUT_FRACTION, parseDataset, shippedDataset, splitDataset, wordOverlap } from './dataset';
import { PATTERNS } from './operation';

const { examples } = shippedDataset();
const doc = (rows: unknown[]) => ({ format: 'safla-patterns', version: 1, examples: rows });

describe('the labelled data', () => {
  it('has at least 60 examples of each pattern, 360 or more in all', () => {
    for (const p of PATTERNS) expect(examples.filter((e) => e.pattern === p).length, p).toBeGreaterThanOrEqual(60);
    expect(examples.length).toBeGreaterThanOrEqual(360);
    expect(data.patterns).toEqual([...PATTERNS]);
  });

  it('holds no near-duplicates: no two descriptions share more than 40% of their content words', () => {
    let worst = { overlap: 0, a: '', b: '' };
    for (let i = 0; i < examples.length; i++) {
      for (let j = i + 1; j < examples.length; j++) {
        const o = wordOverlap(examples[i].operation.description, examples[j].operation.description);
        if (o > worst.overlap) worst = { overlap: o, a: examples[i].id, b: examples[j].id };
      }
    }
    expect(worst.overlap, `${worst.a} and ${worst.b}`).toBeLessThanOrEqual(0.4);
    // Nor one phrasing per pattern: no content word opens more than a sixth of a pattern's descriptions.
    for (const p of PATTERNS) {
      const rows = examples.filter((e) => e.pattern === p);
      const firsts = new Map<string, number>();
      for (const e of rows) {
        const w = [...contentWords(e.operation.description)][0] ?? '';
        firsts.set(w, (firsts.get(w) ?? 0) + 1);
      }
      expect(Math.max(...firsts.values()), p).toBeLessThanOrEqual(rows.length / 6);
    }
  });

  it('varies in length and shape: a few words to several sentences, plain text and structured operations in every pattern', () => {
    for (const p of PATTERNS) {
      const rows = examples.filter((e) => e.pattern === p);
      const words = rows.map((e) => e.operation.description.split(/\s+/).length);
      expect(Math.min(...words), p).toBeLessThanOrEqual(4);
      expect(Math.max(...words), p).toBeGreaterThanOrEqual(20);
      expect(rows.some((e) => (e.operation.description.match(/[.?!](\s|$)/g) ?? []).length >= 2), p).toBe(true);
      const structured = rows.filter((e) => e.operation.type !== null);
      expect(structured.length, p).toBeGreaterThanOrEqual(6);
      expect(rows.length - structured.length, p).toBeGreaterThanOrEqual(rows.length / 2);
      expect(new Set(structured.map((e) => e.operation.type)).size, p).toBeGreaterThanOrEqual(3);
    }
  });

  it('refuses a document with a repeated id, an unknown pattern or an unreadable operation', () => {
    expect(() => parseDataset(doc([{ id: 'a', pattern: 'lateral', text: 'x' }, { id: 'a', pattern: 'lateral', text: 'y' }]))).toThrow(/repeated/);
    expect(() => parseDataset(doc([{ id: 'a', pattern: 'sideways', text: 'x' }]))).toThrow(/pattern must be one of/);
    expect(() => parseDataset(doc([{ id: 'a', pattern: 'lateral', operation: { complexity: 'huge', description: 'x' } }]))).toThrow(/complexity/);
    expect(() => parseDataset({ format: 'other', version: 1, examples: [] })).toThrow(/safla-patterns/);
  });
});

describe('the held-out split', () => {
  const { train, heldOut } = splitDataset(examples);

  it('holds out 25% of each pattern, disjoint from training, the same on every run', () => {
    for (const p of PATTERNS) {
      const n = examples.filter((e) => e.pattern === p).length;
      expect(heldOut.filter((e) => e.pattern === p).length, p).toBe(Math.round(n * HELD_OUT_FRACTION));
    }
    expect(train.length + heldOut.length).toBe(examples.length);
    expect(new Set([...train, ...heldOut].map((e) => e.id)).size).toBe(examples.length);
    expect([...heldOutIds(examples)].toSorted()).toEqual(heldOut.map((e) => e.id).toSorted());
    // Fixed by the ids: an example added to the data moves no other example between the sides.
    const more = [...examples, { ...examples[0], id: 'zz-new' }];
    const held = heldOutIds(more);
    const moved = examples.filter((e) => e.pattern !== examples[0].pattern && held.has(e.id) !== heldOutIds(examples).has(e.id));
    expect(moved).toEqual([]);
  });
});
