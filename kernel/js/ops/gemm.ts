// gemm wrapper: checks shapes (the reference's checks), then one call into the kernel's `gemm` export.
import { ACTIVATION_CODE } from '../../../core/nn/spec';
import { checkGemm, type GemmArgs } from '../../reference/gemm';
import type { F32Buffer, Kernel } from '../kernel';

export type { GemmArgs };

export interface GemmBuffers extends Omit<GemmArgs, 'bias'> {
  bias?: F32Buffer;
}

// Byte ranges [ptr, ptr + 4·len) that share at least one byte.
function overlaps(x: F32Buffer, xLen: number, y: F32Buffer, yLen: number): boolean {
  return xLen > 0 && yLen > 0 && x.ptr < y.ptr + 4 * yLen && y.ptr < x.ptr + 4 * xLen;
}

/** C = act(alpha·op(A)·op(B) (+C) (+bias)); C must not overlap A, B or bias. */
export function gemm(k: Kernel, c: F32Buffer, a: F32Buffer, b: F32Buffer, args: GemmBuffers): void {
  const { m, n, k: depth, transA = false, transB = false, accumulate = false, bias, act = 'linear', alpha = 1 } = args;
  checkGemm(args, { a: a.length, b: b.length, c: c.length, bias: bias?.length });
  for (const [name, buf] of [['C', c], ['A', a], ['B', b], ['bias', bias]] as const) {
    if (buf && buf.kernel !== k) throw new RangeError(`gemm: ${name} belongs to another kernel instance`);
    if (buf?.freed) throw new RangeError(`gemm: ${name} was freed`);
  }
  const cLen = m * n;
  if (overlaps(c, cLen, a, m * depth)) throw new RangeError('gemm: C overlaps A');
  if (overlaps(c, cLen, b, depth * n)) throw new RangeError('gemm: C overlaps B');
  if (bias && overlaps(c, cLen, bias, n)) throw new RangeError('gemm: C overlaps bias');
  k.fn('gemm')(c.ptr, a.ptr, b.ptr, bias ? bias.ptr : 0, m, n, depth, +transA, +transB, +accumulate, ACTIVATION_CODE[act], alpha);
}
