// gemm wrapper: checks shapes, then one call into the kernel's `gemm` export.
import { ACTIVATION_CODE } from '../../../core/nn/spec';
import type { GemmArgs } from '../../reference/gemm';
import type { F32Buffer, Kernel } from '../kernel';

export type { GemmArgs };

export interface GemmBuffers extends Omit<GemmArgs, 'bias'> {
  bias?: F32Buffer;
}

export function gemm(k: Kernel, c: F32Buffer, a: F32Buffer, b: F32Buffer, args: GemmBuffers): void {
  const { m, n, k: depth, transA = false, transB = false, accumulate = false, bias, act = 'linear', alpha = 1 } = args;
  if (a.length < m * depth) throw new RangeError(`gemm: A holds ${a.length} values, needs ${m * depth}`);
  if (b.length < depth * n) throw new RangeError(`gemm: B holds ${b.length} values, needs ${depth * n}`);
  if (c.length < m * n) throw new RangeError(`gemm: C holds ${c.length} values, needs ${m * n}`);
  if (bias && bias.length < n) throw new RangeError(`gemm: bias holds ${bias.length} values, needs ${n}`);
  k.fn('gemm')(c.ptr, a.ptr, b.ptr, bias ? bias.ptr : 0, m, n, depth, +transA, +transB, +accumulate, ACTIVATION_CODE[act], alpha);
}
