// top-k wrapper: the k largest of n scores, descending, ties to the lower index (NaN ranks last).
import type { TopK } from '../../reference/topk';
import type { F32Buffer, I32Buffer, Kernel } from '../kernel';

export type { TopK };

/** Writes min(want, n) entries to outIdx/outScores, best first, and returns that count. */
export function topk(kernel: Kernel, outIdx: I32Buffer, outScores: F32Buffer, scores: F32Buffer, n: number, want: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`topk: bad n ${n}`);
  if (!Number.isInteger(want) || want < 0) throw new RangeError(`topk: bad k ${want}`);
  const count = Math.min(want, n);
  if (scores.length < n) throw new RangeError(`topk: scores holds ${scores.length} values, needs ${n}`);
  if (outIdx.length < count) throw new RangeError(`topk: outIdx holds ${outIdx.length} values, needs ${count}`);
  if (outScores.length < count) throw new RangeError(`topk: outScores holds ${outScores.length} values, needs ${count}`);
  return kernel.fn('topk')(outIdx.ptr, outScores.ptr, scores.ptr, n, want);
}

/** topk into fresh JS arrays (the kernel buffers it uses are freed before returning). */
export function topkArrays(kernel: Kernel, scores: F32Buffer, n: number, want: number): TopK {
  const count = Math.max(0, Math.min(want, n));
  const idx = kernel.i32(Math.max(count, 1));
  const sc = kernel.f32(Math.max(count, 1));
  try {
    topk(kernel, idx, sc, scores, n, want);
    return { indices: idx.view.slice(0, count), scores: sc.view.slice(0, count) };
  } finally {
    idx.free();
    sc.free();
  }
}
