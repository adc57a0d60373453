// What a self-check case is, and the helpers the case files share.
import { uniformArray } from '../../../core/random';
import type { Kernel } from '../../../kernel/js/kernel';

/** A check case: runs the op on the kernel and on the reference and returns both outputs, flattened to numbers. */
export interface SelfCheckCase {
  op: string;
  shape: string;
  /** Largest absolute difference that still passes; 0 where the kernel must match exactly. */
  tolerance: number;
  run(kernel: Kernel): { ours: ArrayLike<number>; reference: ArrayLike<number> };
}

/** f32 machine epsilon. */
export const EPS = 2 ** -23;

/** Seeded uniform data in [-1, 1). */
export const seeded = (n: number, seed: number): Float32Array => uniformArray(n, seed);

/** Frees kernel buffers however the op ended, so a failing case does not leak wasm memory. */
export function withBuffers<T>(buffers: { free(): void }[], body: () => T): T {
  try {
    return body();
  } finally {
    for (const b of buffers) b.free();
  }
}
