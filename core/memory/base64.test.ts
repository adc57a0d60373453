// Base64 codec: RFC 4648 test vectors, round trips of every length, strict rejection of malformed text.
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from './base64';

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('base64', () => {
  it('matches the RFC 4648 vectors', () => {
    const vectors: [string, string][] = [['', ''], ['f', 'Zg=='], ['fo', 'Zm8='], ['foo', 'Zm9v'], ['foob', 'Zm9vYg=='], ['fooba', 'Zm9vYmE='], ['foobar', 'Zm9vYmFy']];
    for (const [plain, enc] of vectors) {
      expect(encodeBase64(bytes(plain))).toBe(enc);
      expect(decodeBase64(enc)).toEqual(bytes(plain));
    }
  });

  it('round-trips every byte value and lengths 0..64, and agrees with node', () => {
    for (let n = 0; n <= 64; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n * 13) & 255);
      const enc = encodeBase64(b);
      expect(enc).toBe(Buffer.from(b).toString('base64'));
      expect(decodeBase64(enc)).toEqual(b);
    }
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(decodeBase64(encodeBase64(all))).toEqual(all);
  });

  it('rejects malformed text', () => {
    expect(() => decodeBase64('abc')).toThrow(/multiple of 4/);
    expect(() => decodeBase64('ab!d')).toThrow(/bad character/);
    expect(() => decodeBase64('a=bc')).toThrow(/bad character/);
    expect(() => decodeBase64('Zg==Zg==')).toThrow(/bad character/);
    expect(() => decodeBase64('Zh==')).toThrow(/padding bits/);
    expect(() => decodeBase64('Zm9vé===')).toThrow();
  });
});
