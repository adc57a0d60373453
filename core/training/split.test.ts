// The seeded split at the sizes real tables have: a million rows must split (no argument spread over the indices) and stratify as before.
import { describe, expect, it } from 'vitest';
import { splitIndices } from './split';

describe('splitIndices', () => {
  it('splits a million rows (it spread every index into push() and overflowed the stack)', () => {
    const n = 1_000_000;
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) labels[i] = i % 3 === 0 ? 1 : 0;
    const s = splitIndices(n, 0.2, 42, labels);
    expect(s.train.length + s.validation.length).toBe(n);
    expect(s.validation.length).toBe(Math.round(0.2 * 333_334) + Math.round(0.2 * 666_666));
    expect(s.validation.filter((i) => labels[i] === 1).length).toBe(Math.round(0.2 * 333_334));
    for (let k = 1; k < s.train.length; k++) expect(s.train[k] > s.train[k - 1]).toBe(true);
  });

  it('gives the same split as before for small inputs (seeded, stratified)', () => {
    // The indices the spreading version (commit 8d87853) gave: saved models find their validation rows again by this split.
    expect(splitIndices(10, 0.3, 7, Int32Array.from([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]))).toEqual({ train: [0, 1, 2, 6, 7, 8], validation: [3, 4, 5, 9] });
    expect(splitIndices(12, 0.25, 3)).toEqual({ train: [0, 2, 3, 4, 5, 6, 7, 8, 11], validation: [1, 9, 10] });
  });
});
