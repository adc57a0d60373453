// The seeded generator: reproducible, well spread, and its helpers behave.
import { describe, expect, it } from 'vitest';
import { createRng, uniformArray } from './random';

describe('createRng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = createRng(42), b = createRng(42), c = createRng(43);
    const sa = Array.from({ length: 8 }, () => a.next());
    const sb = Array.from({ length: 8 }, () => b.next());
    const sc = Array.from({ length: 8 }, () => c.next());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
  });

  it('is uniform on [0,1) and its normals have mean 0 and variance 1', () => {
    const rng = createRng(7);
    const n = 200_000;
    const bins = Array.from({ length: 10 }, () => 0);
    let sum = 0, sq = 0, lo = 1, hi = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
      bins[Math.floor(u * 10)]++;
      const z = rng.normal();
      sum += z;
      sq += z * z;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    for (const b of bins) expect(Math.abs(b / n - 0.1)).toBeLessThan(0.005);
    expect(Math.abs(sum / n)).toBeLessThan(0.01);
    expect(Math.abs(sq / n - 1)).toBeLessThan(0.02);
  });

  it('shuffles into a permutation and int() stays in range', () => {
    const rng = createRng(1);
    const items = Array.from({ length: 100 }, (_, i) => i);
    rng.shuffle(items);
    expect([...items].toSorted((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(items).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
    for (let i = 0; i < 1000; i++) {
      const v = rng.int(3);
      expect([0, 1, 2]).toContain(v);
    }
  });

  it('uniformArray respects its bounds', () => {
    const xs = uniformArray(1000, 3, -2, 5);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...xs)).toBeLessThan(5);
    expect(uniformArray(10, 3)).toEqual(uniformArray(10, 3));
  });
});
