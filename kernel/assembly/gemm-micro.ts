// gemm micro-kernels (SIMD builds): one MR×8 tile of C held in f32x4 registers over a k-panel, then the epilogue.
// Legend: r row of the tile (0..MR-1), p depth, j column. The MR values A(·, p) and the 8 values B(p, ·) are
// contiguous and come from pointers advanced by a per-p byte step, so packed panels and the natural layouts
// (Aᵀ stored [k×m] for TN, B stored [k×n] for NN) share one kernel.
// The relaxed build keeps 6×8 = 12 accumulators (fused multiply-add needs no temporary); the plain SIMD build
// uses 4×8, because mul+add needs a temporary and 6×8 would spill on x64's 16 vector registers.

import { act4 } from './elementwise';

export const MR: i32 = ASC_FEATURE_RELAXED_SIMD ? 6 : 4;
export const NR: i32 = 8;

// Edge scratch: 6 spilled rows of 8, a 16-float row buffer (tile row, C row), an 8-float zero-padded bias.
const TILE: usize = memory.data(9 * 8 * 4, 16);

@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** Epilogue flags: whether C is read and added, whether this k-panel is the last (then bias and act apply). */
export class Out {
  c: usize = 0;      // byte address of the tile's top-left element of C
  ldc: usize = 0;    // bytes between rows of C
  mr: i32 = 0;       // valid rows of the tile
  nr: i32 = 0;       // valid columns of the tile
  beta: bool = false;
  last: bool = false;
  alpha: f32 = 1;
  bias: usize = 0;   // byte address of bias[j0], or 0
  act: i32 = 0;
}

// One row of a full-width tile: x·alpha (+C) (+bias), then the activation, all in f32x4.
@inline function finishRow(cp: usize, x0: v128, x1: v128, o: Out, va: v128, b0: v128, b1: v128): void {
  x0 = f32x4.mul(x0, va);
  x1 = f32x4.mul(x1, va);
  if (o.beta) {
    x0 = f32x4.add(x0, v128.load(cp));
    x1 = f32x4.add(x1, v128.load(cp, 16));
  }
  if (o.last) {
    x0 = act4(f32x4.add(x0, b0), o.act);
    x1 = act4(f32x4.add(x1, b1), o.act);
  }
  v128.store(cp, x0);
  v128.store(cp, x1, 16);
}

// Edge tiles: the tile was spilled to TILE; each valid row goes through a full-width row buffer, so nothing
// outside the mr×nr part of C is read or written and the arithmetic matches finishRow.
function finishEdge(o: Out): void {
  const va = f32x4.splat(o.alpha);
  const row = TILE + 6 * 32;
  const nb = <usize>o.nr << 2;
  let b0 = f32x4.splat(0), b1 = b0;
  if (o.last && o.bias) {
    const padded = TILE + 8 * 32;
    v128.store(padded, b0);
    v128.store(padded, b0, 16);
    memory.copy(padded, o.bias, nb);
    b0 = v128.load(padded);
    b1 = v128.load(padded, 16);
  }
  for (let r = 0; r < o.mr; r++) {
    const cp = o.c + <usize>r * o.ldc;
    memory.copy(row, TILE + (<usize>r << 5), 32);
    if (o.beta) {
      // Load the valid part of the C row into the row buffer's second half, zero-padded.
      v128.store(row, f32x4.splat(0), 32);
      v128.store(row, f32x4.splat(0), 48);
      memory.copy(row + 32, cp, nb);
    }
    let x0 = v128.load(row), x1 = v128.load(row, 16);
    x0 = f32x4.mul(x0, va);
    x1 = f32x4.mul(x1, va);
    if (o.beta) {
      x0 = f32x4.add(x0, v128.load(row, 32));
      x1 = f32x4.add(x1, v128.load(row, 48));
    }
    if (o.last) {
      x0 = act4(f32x4.add(x0, b0), o.act);
      x1 = act4(f32x4.add(x1, b1), o.act);
    }
    v128.store(row, x0);
    v128.store(row, x1, 16);
    memory.copy(cp, row, nb);
  }
}

@inline function fast(o: Out): bool {
  return o.nr == NR;
}

@inline function biasVec(o: Out, off: usize): v128 {
  return o.last && o.bias ? v128.load(o.bias + off) : f32x4.splat(0);
}

/**
 * A rows come from a panel where the MR values of one p are contiguous (a packed A panel, or op(A) = Aᵀ whose
 * stored row p holds A(i..i+MR-1, p)); aStep is the byte step per p. B: 8 contiguous floats per p, bStep apart.
 * Reads MR floats per p from A: with fewer valid rows the caller packs the panel first.
 */
export function kernelPanel(kc: i32, a: usize, aStep: usize, b: usize, bStep: usize, o: Out): void {
  if (ASC_FEATURE_RELAXED_SIMD) {
    let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    let c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    for (let p = 0; p < kc; p++) {
      const b0 = v128.load(b);
      const b1 = v128.load(b, 16);
      let x = v128.load32_splat(a);
      c00 = madd(x, b0, c00); c01 = madd(x, b1, c01);
      x = v128.load32_splat(a, 4);
      c10 = madd(x, b0, c10); c11 = madd(x, b1, c11);
      x = v128.load32_splat(a, 8);
      c20 = madd(x, b0, c20); c21 = madd(x, b1, c21);
      x = v128.load32_splat(a, 12);
      c30 = madd(x, b0, c30); c31 = madd(x, b1, c31);
      x = v128.load32_splat(a, 16);
      c40 = madd(x, b0, c40); c41 = madd(x, b1, c41);
      x = v128.load32_splat(a, 20);
      c50 = madd(x, b0, c50); c51 = madd(x, b1, c51);
      a += aStep;
      b += bStep;
    }
    finish6(o, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51);
  } else {
    let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
    for (let p = 0; p < kc; p++) {
      const b0 = v128.load(b);
      const b1 = v128.load(b, 16);
      let x = v128.load32_splat(a);
      c00 = madd(x, b0, c00); c01 = madd(x, b1, c01);
      x = v128.load32_splat(a, 4);
      c10 = madd(x, b0, c10); c11 = madd(x, b1, c11);
      x = v128.load32_splat(a, 8);
      c20 = madd(x, b0, c20); c21 = madd(x, b1, c21);
      x = v128.load32_splat(a, 12);
      c30 = madd(x, b0, c30); c31 = madd(x, b1, c31);
      a += aStep;
      b += bStep;
    }
    finish4(o, c00, c01, c10, c11, c20, c21, c30, c31);
  }
}

@inline function finish6(
  o: Out, c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128,
  c30: v128, c31: v128, c40: v128, c41: v128, c50: v128, c51: v128,
): void {
  if (fast(o)) {
    const va = f32x4.splat(o.alpha);
    const b0 = biasVec(o, 0), b1 = biasVec(o, 16);
    const c = o.c, ldc = o.ldc, mr = o.mr;
    finishRow(c, c00, c01, o, va, b0, b1);
    if (mr > 1) finishRow(c + ldc, c10, c11, o, va, b0, b1);
    if (mr > 2) finishRow(c + 2 * ldc, c20, c21, o, va, b0, b1);
    if (mr > 3) finishRow(c + 3 * ldc, c30, c31, o, va, b0, b1);
    if (mr > 4) finishRow(c + 4 * ldc, c40, c41, o, va, b0, b1);
    if (mr > 5) finishRow(c + 5 * ldc, c50, c51, o, va, b0, b1);
  } else {
    v128.store(TILE, c00); v128.store(TILE, c01, 16);
    v128.store(TILE, c10, 32); v128.store(TILE, c11, 48);
    v128.store(TILE, c20, 64); v128.store(TILE, c21, 80);
    v128.store(TILE, c30, 96); v128.store(TILE, c31, 112);
    v128.store(TILE, c40, 128); v128.store(TILE, c41, 144);
    v128.store(TILE, c50, 160); v128.store(TILE, c51, 176);
    finishEdge(o);
  }
}

@inline function finish4(o: Out, c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128, c30: v128, c31: v128): void {
  if (fast(o)) {
    const va = f32x4.splat(o.alpha);
    const b0 = biasVec(o, 0), b1 = biasVec(o, 16);
    const c = o.c, ldc = o.ldc, mr = o.mr;
    finishRow(c, c00, c01, o, va, b0, b1);
    if (mr > 1) finishRow(c + ldc, c10, c11, o, va, b0, b1);
    if (mr > 2) finishRow(c + 2 * ldc, c20, c21, o, va, b0, b1);
    if (mr > 3) finishRow(c + 3 * ldc, c30, c31, o, va, b0, b1);
  } else {
    v128.store(TILE, c00); v128.store(TILE, c01, 16);
    v128.store(TILE, c10, 32); v128.store(TILE, c11, 48);
    v128.store(TILE, c20, 64); v128.store(TILE, c21, 80);
    v128.store(TILE, c30, 96); v128.store(TILE, c31, 112);
    finishEdge(o);
  }
}
