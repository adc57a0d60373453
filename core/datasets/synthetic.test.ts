// Generated datasets have the promised shapes and labels; accuracy and one-hot helpers compute what they say.
import { describe, expect, it } from 'vitest';
import { accuracy, oneHot, spiral, xor } from './synthetic';

describe('synthetic datasets', () => {
  it('xor is the four corners with xor labels', () => {
    const d = xor();
    expect(d.n).toBe(4);
    for (let i = 0; i < 4; i++) expect(d.labels[i]).toBe(d.x[i * 2] ^ d.x[i * 2 + 1]);
  });

  it('spiral has perClass points per class inside the unit disc, reproducible from its seed', () => {
    const d = spiral(50, 3, 9);
    expect(d.n).toBe(150);
    expect(d.x.length).toBe(300);
    for (let c = 0; c < 3; c++) expect(d.labels.filter((l) => l === c).length).toBe(50);
    for (let i = 0; i < d.n; i++) expect(Math.hypot(d.x[i * 2], d.x[i * 2 + 1])).toBeLessThanOrEqual(1);
    expect(spiral(50, 3, 9).x).toEqual(d.x);
    expect(spiral(50, 3, 10).x).not.toEqual(d.x);
  });

  it('oneHot and accuracy agree with each other', () => {
    const labels = Int32Array.from([2, 0, 1, 1]);
    const y = oneHot(labels, 3);
    expect(Array.from(y)).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 1, 0]);
    expect(accuracy(y, labels, 3)).toBe(1);
    const wrong = Float32Array.from([1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(accuracy(wrong, labels, 3)).toBe(0.5);
  });
});
