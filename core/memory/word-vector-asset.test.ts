// The committed word-vector asset: header, checksum and contents as described in word-vector-asset.ts, and refusal of damaged copies.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWordVectorAsset, WordVectorAssetError } from './word-vector-asset';

const bytes = new Uint8Array(readFileSync(new URL('../../models/word-vectors.bin', import.meta.url)));
const asset = parseWordVectorAsset(bytes);

function damaged(edit: (b: Uint8Array, view: DataView) => void): Uint8Array {
  const b = bytes.slice();
  edit(b, new DataView(b.buffer));
  return b;
}

describe('parseWordVectorAsset', () => {
  it('reads the committed asset: 50,000 words × 100 dims in frequency order, a unit common component', () => {
    expect(asset.dims).toBe(100);
    expect(asset.count).toBe(50_000);
    expect(asset.sourceVocab).toBe(341_479);
    expect(asset.words.slice(0, 6)).toEqual(['the', 'of', 'to', 'and', 'in', 'for']);
    expect(new Set(asset.words).size).toBe(asset.count);
    for (const w of ['cat', 'vet', 'veterinarian', 'doctor', 'kitten', 'invoice']) expect(asset.words).toContain(w);
    expect(asset.codes.length).toBe(asset.count * asset.dims);
    expect(Math.hypot(...asset.component)).toBeCloseTo(1, 5);
    // Per-vector int8: every row uses its full range, so its largest code is ±127.
    for (const i of [0, 1000, 49_999]) {
      const row = asset.codes.subarray(i * 100, (i + 1) * 100);
      expect(Math.max(...Array.from(row, Math.abs))).toBe(127);
    }
    expect(asset.sha256).toBe(Array.from(bytes.subarray(32, 64), (x) => x.toString(16).padStart(2, '0')).join(''));
  });

  it('refuses a damaged, truncated or foreign file, saying which check failed', () => {
    const cases: [Uint8Array, RegExp][] = [
      [bytes.subarray(0, 40), /shorter than the 64-byte header/],
      [bytes.subarray(0, bytes.length - 1), /the header describes/],
      [damaged((b) => { b[0] = 0x58; }), /magic/],
      [damaged((_, v) => v.setUint32(8, 2, true)), /format version 2/],
      [damaged((_, v) => v.setUint32(16, 50_001, true)), /the header describes/],
      [damaged((_, v) => v.setUint32(12, 0, true)), /dims 0/],
      [damaged((b) => { b[b.length - 3] ^= 1; }), /checksum mismatch/],
      [damaged((b) => { b[5000] ^= 0x40; }), /checksum mismatch/],
    ];
    for (const [b, message] of cases) {
      expect(() => parseWordVectorAsset(b)).toThrow(WordVectorAssetError);
      expect(() => parseWordVectorAsset(b)).toThrow(message);
    }
  });

  it('reads the asset from an unaligned view of a larger buffer', () => {
    const big = new Uint8Array(bytes.length + 3);
    big.set(bytes, 3);
    const again = parseWordVectorAsset(big.subarray(3));
    expect(again.words[12_345]).toBe(asset.words[12_345]);
    expect(Array.from(again.scales.subarray(0, 5))).toEqual(Array.from(asset.scales.subarray(0, 5)));
  });
});
