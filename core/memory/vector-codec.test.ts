// The vector codec: codes equal the kernel reference's, decode error bounds, pack/unpack round trip, rejection of foreign blobs.
import { describe, expect, it } from 'vitest';
import { quantizeRowsRef } from '../../kernel/reference/int8';
import { createRng } from '../random';
import { decodeVector, dotDecoded, encodeVector, encodedBytes, packVector, savedFraction, unpackVector } from './vector-codec';

function randomVector(d: number, seed: number, zeroes = false): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: d }, () => (zeroes && rng.next() < 0.5 ? 0 : rng.normal() * 10 ** (rng.int(5) - 2)));
}

describe('vector codec', () => {
  it('uses the kernel reference rule for the int8 codes, and its scale up to a gain near 1', () => {
    for (const d of [1, 2, 3, 17, 384, 385]) {
      const x = randomVector(d, d);
      const e = encodeVector(x);
      const q = new Int8Array(d);
      const s = new Float32Array(1);
      quantizeRowsRef(q, s, x, 1, d);
      expect(e.codes).toEqual(q);
      expect(Math.abs(e.scale / s[0] - 1)).toBeLessThan(1e-3);
    }
  });

  it('leaves the decoding error orthogonal to the decoded vector (the least-squares gain)', () => {
    // A near neighbour's query points almost along y, so the error it meets is e·q ≈ (e·y)/|y| plus a small rest.
    for (const seed of [1, 2, 3]) {
      const x = randomVector(384, seed);
      const y = decodeVector(encodeVector(x));
      let ey = 0;
      let ee = 0;
      let yy = 0;
      for (let i = 0; i < x.length; i++) {
        ey += (y[i] - x[i]) * y[i];
        ee += (y[i] - x[i]) ** 2;
        yy += y[i] * y[i];
      }
      // Uncorrected, |e·y| is about |e|·|y|/√384 ≈ 0.05·|e|·|y|; after the gain it is f32 rounding only.
      expect(Math.abs(ey)).toBeLessThan(2e-3 * Math.sqrt(ee * yy));
    }
  });

  it('decodes within half a residual step (plus what the gain moves) and much closer than int8 alone', () => {
    const x = randomVector(384, 7);
    const e = encodeVector(x);
    const y = decodeVector(e);
    const s = new Float32Array(1);
    quantizeRowsRef(new Int8Array(384), s, x, 1, 384);
    const g = e.scale / s[0];
    let worst = 0;
    let worstInt8 = 0;
    let big = 0;
    for (let i = 0; i < x.length; i++) {
      worst = Math.max(worst, Math.abs(x[i] - y[i]));
      worstInt8 = Math.max(worstInt8, Math.abs(x[i] - e.codes[i] * e.scale));
      big = Math.max(big, Math.abs(y[i]));
    }
    // y = g·y0 with |x − y0| ≤ t/2 per component (t = residualScale / g), so |x − y| ≤ t/2 + |g − 1|·max|y0|.
    expect(worst).toBeLessThanOrEqual(e.residualScale / g / 2 + (Math.abs(g - 1) * big) / g + 1e-7);
    expect(worst).toBeLessThan(worstInt8 / 5);
    const q = randomVector(384, 8);
    let exact = 0;
    for (let i = 0; i < x.length; i++) exact += q[i] * y[i];
    expect(Math.abs(dotDecoded(q, e) - exact)).toBeLessThan(1e-6 * Math.abs(exact) + 1e-9);
  });

  it('encodes an all-zero vector as zeros with zero scales', () => {
    const e = encodeVector(new Float32Array(5));
    expect(e.scale).toBe(0);
    expect(e.residualScale).toBe(0);
    expect(Array.from(decodeVector(e))).toEqual([0, 0, 0, 0, 0]);
  });

  it('packs into dim + ceil(dim/2) + 8 bytes (62% less than float32 at 384) and unpacks exactly', () => {
    expect(encodedBytes(384)).toBe(584);
    expect(savedFraction(384)).toBeCloseTo(1 - 584 / 1536, 10);
    expect(savedFraction(384)).toBeGreaterThanOrEqual(0.6);
    for (const d of [1, 4, 5, 384]) {
      const e = encodeVector(randomVector(d, 100 + d, true));
      const blob = packVector(e);
      expect(blob.length).toBe(encodedBytes(d));
      const back = unpackVector(blob, d);
      expect(back).toEqual(e);
      expect(decodeVector(back)).toEqual(decodeVector(e));
    }
  });

  it('rejects non-finite input and blobs of the wrong size or with bad scales', () => {
    expect(() => encodeVector(Float32Array.of(1, Number.NaN))).toThrow(/component 1/);
    const blob = packVector(encodeVector(randomVector(8, 3)));
    expect(() => unpackVector(blob.subarray(0, 10), 8)).toThrow(/needs|packs into/);
    expect(() => unpackVector(blob, 9)).toThrow(RangeError);
    const bad = blob.slice();
    new DataView(bad.buffer).setFloat32(0, Number.NaN, true);
    expect(() => unpackVector(bad, 8)).toThrow(/finite/);
  });
});
