// top-k on every kernel build against a full sort: ties, NaN, -Infinity, k beyond n, large n.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../core/random';
import { topkRef } from '../../reference/topk';
import { loadKernelNode, runnableFlavors } from '../node';
import { topk, topkArrays } from './topk';

function scoresOf(n: number, seed: number, kind: 'uniform' | 'ties' | 'specials'): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => {
    if (kind === 'ties') return rng.int(5) - 2; // a handful of values: ties everywhere
    if (kind === 'specials') {
      const r = rng.int(10);
      if (r === 0) return NaN;
      if (r === 1) return -Infinity;
      if (r === 2) return 0;
    }
    return rng.normal();
  });
}

describe('topk', () => {
  for (const flavor of runnableFlavors()) {
    it(`${flavor}: matches a full sort on odd sizes, ties, NaN and k ≥ n`, async () => {
      const kn = await loadKernelNode(flavor);
      for (const n of [1, 3, 17, 33, 127, 1000, 4099]) {
        for (const kind of ['uniform', 'ties', 'specials'] as const) {
          const s = scoresOf(n, n * 3 + kind.length, kind);
          const sb = kn.f32(s);
          for (const want of [0, 1, 3, 10, 64, n, n + 5]) {
            const got = topkArrays(kn, sb, n, want);
            const ref = topkRef(s, want);
            expect(got.indices).toEqual(ref.indices);
            expect(got.scores).toEqual(ref.scores); // toEqual treats NaN as equal to NaN
          }
          sb.free();
        }
      }
      expect(kn.liveBuffers).toBe(0);
    });

    it(`${flavor}: 10 of 100,003 with an ascending run (the threshold rises all the way)`, async () => {
      const kn = await loadKernelNode(flavor);
      const n = 100_003;
      const s = scoresOf(n, 99, 'uniform');
      for (let i = 50_000; i < 60_000; i++) s[i] = i / 1000; // worst case for a threshold scan: every element improves it
      const sb = kn.f32(s);
      const [idx, out] = [kn.i32(10), kn.f32(10)];
      expect(topk(kn, idx, out, sb, n, 10)).toBe(10);
      const ref = topkRef(s, 10);
      expect(idx.toArray()).toEqual(ref.indices);
      expect(out.toArray()).toEqual(ref.scores);
      [sb, idx, out].forEach((b) => b.free());
    });
  }

  it('rejects an output smaller than min(k, n)', async () => {
    const kn = await loadKernelNode('scalar');
    const [s, idx, out] = [kn.f32(20), kn.i32(4), kn.f32(5)];
    expect(() => topk(kn, idx, out, s, 20, 5)).toThrow(/outIdx holds 4/);
    [s, idx, out].forEach((b) => b.free());
  });
});
