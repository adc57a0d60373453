// The loader: feature detection, every build loads, and the allocator frees what it hands out.
import { describe, expect, it } from 'vitest';
import { bestFlavor, detectFeatures } from './features';
import { loadKernelNode, runnableFlavors } from './node';

describe('kernel loader', () => {
  it('detects SIMD and relaxed SIMD in this node (run with the relaxed flag)', () => {
    const f = detectFeatures();
    expect(f.simd).toBe(true);
    expect(f.relaxedSimd).toBe(true);
    expect(bestFlavor(f)).toBe('relaxed');
    expect(bestFlavor({ simd: true, relaxedSimd: false })).toBe('simd');
    expect(bestFlavor({ simd: false, relaxedSimd: false })).toBe('scalar');
  });

  for (const flavor of runnableFlavors()) {
    it(`${flavor}: 10,000 allocate/free cycles keep memory bounded`, async () => {
      const k = await loadKernelNode(flavor);
      expect(k.flavor).toBe(flavor);
      // Warm the heap to a steady size with a mix of sizes, then cycle.
      const sizes = [1, 3, 17, 33, 127, 1000, 4096, 65536];
      const warm = sizes.map((n) => k.f32(n));
      warm.forEach((b) => b.free());
      const before = k.memoryBytes;
      for (let i = 0; i < 10_000; i++) {
        const a = k.f32(sizes[i % sizes.length]);
        const b = k.i8(sizes[(i * 7) % sizes.length]);
        a.view[0] = i;
        b.free();
        a.free();
      }
      expect(k.liveBuffers).toBe(0);
      expect(k.memoryBytes).toBeLessThanOrEqual(before + 64 * 1024);
    });

    it(`${flavor}: memory grows for a large buffer and views follow the growth`, async () => {
      const k = await loadKernelNode(flavor);
      const small = k.f32([1, 2, 3]);
      const start = k.memoryBytes;
      const big = k.f32(4 * 1024 * 1024); // 16 MiB forces memory.grow
      expect(k.memoryBytes).toBeGreaterThan(start);
      expect(Array.from(small.view)).toEqual([1, 2, 3]);
      big.view[big.length - 1] = 7;
      expect(big.toArray()[big.length - 1]).toBe(7);
      big.free();
      small.free();
      expect(() => small.view).toThrow(/after free/);
    });
  }
});
