// gemm for the SIMD builds: cache blocking (KC×NC panels of B, MC×KC blocks of A), optional packing, MR×8 tiles.
// Legend: m rows of C, n columns, k depth; ic/jc/pc block starts, ir/jr tile starts inside a block.
// Packing copies op(A)/op(B) into contiguous zero-padded panels. It is needed for op(B) = Bᵀ and for A in
// NN/NT (the kernel wants MR values of one p side by side), and pays for large strides; otherwise B (NN) and
// Aᵀ (TN) are read where they lie, only their edge panels are packed, so small calls copy little.
import { MR, NR, Out, kernelPanel } from './gemm-micro';

const KC: i32 = 256;
const MC: i32 = MR * 16;
const NC: i32 = 2048;

// Grown on demand, never shrunk: packed B (KC × NC), packed A (MC × KC), and one edge panel of each.
let bufB: usize = 0, capB: usize = 0;
let bufA: usize = 0, capA: usize = 0;
let edgeB: usize = 0, edgeA: usize = 0;
const OUT = new Out();

function ensureB(bytes: usize): void {
  if (bytes <= capB) return;
  if (bufB) heap.free(bufB);
  bufB = heap.alloc(bytes);
  capB = bytes;
}

function ensureA(bytes: usize): void {
  if (bytes <= capA) return;
  if (bufA) heap.free(bufA);
  bufA = heap.alloc(bytes);
  capA = bytes;
}

function ensureEdges(): void {
  if (edgeB) return;
  edgeB = heap.alloc(<usize>(KC * NR) << 2);
  edgeA = heap.alloc(<usize>(KC * MR) << 2);
}

/** op(B)[pc..pc+kc, j0..j0+nr] → dst[p·8 + jj], zero-padded to 8 columns. */
function packPanelB(dst: usize, b: usize, transB: i32, pc: i32, kc: i32, j0: i32, nr: i32, n: i32, k: i32): void {
  if (!transB) {
    let src = b + ((<usize>pc * n + j0) << 2);
    const ld = <usize>n << 2;
    if (nr == NR) {
      for (let p = 0; p < kc; p++) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        src += ld;
        dst += 32;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let jj = 0; jj < NR; jj++) store<f32>(dst + (<usize>jj << 2), jj < nr ? load<f32>(src + (<usize>jj << 2)) : 0);
        src += ld;
        dst += 32;
      }
    }
    return;
  }
  // op(B)(p, j) = B[j·k + p]: columns of op(B) are rows of B; transpose 4×4 blocks.
  const ld = <usize>k << 2;
  const col = b + ((<usize>j0 * k + pc) << 2);
  if (nr == NR) {
    let p = 0;
    for (; p + 4 <= kc; p += 4) {
      const q = <usize>p << 2;
      const d = dst + (<usize>p << 5);
      transpose4(d, col + q, ld, 32);
      transpose4(d + 16, col + 4 * ld + q, ld, 32);
    }
    for (; p < kc; p++) {
      const q = <usize>p << 2;
      for (let jj = 0; jj < NR; jj++) store<f32>(dst + (<usize>p << 5) + (<usize>jj << 2), load<f32>(col + <usize>jj * ld + q));
    }
  } else {
    for (let p = 0; p < kc; p++) {
      const q = <usize>p << 2;
      for (let jj = 0; jj < NR; jj++) {
        store<f32>(dst + (<usize>p << 5) + (<usize>jj << 2), jj < nr ? load<f32>(col + <usize>jj * ld + q) : 0);
      }
    }
  }
}

// Four rows of 4 floats (ld bytes apart) → four 4-float columns stored `step` bytes apart.
@inline function transpose4(dst: usize, src: usize, ld: usize, step: usize): void {
  const r0 = v128.load(src), r1 = v128.load(src + ld), r2 = v128.load(src + 2 * ld), r3 = v128.load(src + 3 * ld);
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(dst + step, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * step, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * step, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
}

/** op(A)[i0..i0+mr, pc..pc+kc] → dst[p·MR + r], zero-padded to MR rows. */
function packPanelA(dst: usize, a: usize, transA: i32, i0: i32, mr: i32, pc: i32, kc: i32, m: i32, k: i32): void {
  if (transA) {
    // op(A)(i, p) = A[p·m + i]: the MR values of one p are contiguous.
    let src = a + ((<usize>pc * m + i0) << 2);
    const ld = <usize>m << 2;
    for (let p = 0; p < kc; p++) {
      for (let r = 0; r < MR; r++) store<f32>(dst + (<usize>r << 2), r < mr ? load<f32>(src + (<usize>r << 2)) : 0);
      src += ld;
      dst += <usize>MR << 2;
    }
    return;
  }
  // op(A)(i, p) = A[i·k + p]: transpose 4×4 blocks of the rows (and pairs for rows 4, 5 when MR is 6).
  const ld = <usize>k << 2;
  const src = a + ((<usize>i0 * k + pc) << 2);
  const step = <usize>MR << 2;
  let p = 0;
  if (mr == MR) {
    for (; p + 4 <= kc; p += 4) {
      const s = src + (<usize>p << 2);
      const d = dst + <usize>p * step;
      transpose4(d, s, ld, step);
      if (MR == 6) {
        const r4 = v128.load(s + 4 * ld), r5 = v128.load(s + 5 * ld);
        const lo = v128.shuffle<f32>(r4, r5, 0, 4, 1, 5);
        const hi = v128.shuffle<f32>(r4, r5, 2, 6, 3, 7);
        v128.store64_lane(d + 16, lo, 0);
        v128.store64_lane(d + 16 + step, lo, 1);
        v128.store64_lane(d + 16 + 2 * step, hi, 0);
        v128.store64_lane(d + 16 + 3 * step, hi, 1);
      }
    }
  }
  for (; p < kc; p++) {
    const d = dst + <usize>p * step;
    const s = src + (<usize>p << 2);
    for (let r = 0; r < MR; r++) store<f32>(d + (<usize>r << 2), r < mr ? load<f32>(s + <usize>r * ld) : 0);
  }
}

export function gemmSimd(
  c: usize, a: usize, b: usize, bias: usize,
  m: i32, n: i32, k: i32,
  transA: i32, transB: i32, accumulate: i32, act: i32, alpha: f32,
): void {
  ensureEdges();
  // Pack B when it is transposed, or when its rows are ≥ 1 KiB apart (an unpacked 8-column panel then falls into
  // few L1 sets) and enough rows of A reuse it. Pack A when it is not transposed (rows → MR-wide columns; cheap
  // SIMD transposes), or when Aᵀ's rows are ≥ 1 KiB apart and many column panels reuse it.
  const packB = transB != 0 || (n >= 256 && m > 2 * MR);
  const packA = transA == 0 || (m >= 256 && n > 4 * NR);
  const o = OUT;
  o.ldc = <usize>n << 2;
  o.alpha = alpha;
  o.act = act;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    const panels = (nc + NR - 1) / NR;
    if (packB) ensureB(<usize>(KC * panels * NR) << 2);
    let pc = 0;
    do {
      const kc = min(KC, k - pc);
      o.beta = pc > 0 || accumulate != 0;
      o.last = pc + kc >= k;
      if (packB) {
        for (let jp = 0; jp < panels; jp++) {
          const jr = jp * NR;
          packPanelB(bufB + (<usize>(jp * kc * NR) << 2), b, transB, pc, kc, jc + jr, min(NR, nc - jr), n, k);
        }
      } else if (nc % NR) {
        const jr = (panels - 1) * NR;
        packPanelB(edgeB, b, transB, pc, kc, jc + jr, nc - jr, n, k);
      }
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        const rowPanels = (mc + MR - 1) / MR;
        if (packA) {
          ensureA(<usize>(MC * KC) << 2);
          for (let ip = 0; ip < rowPanels; ip++) {
            const ir = ip * MR;
            packPanelA(bufA + (<usize>(ip * kc * MR) << 2), a, transA, ic + ir, min(MR, mc - ir), pc, kc, m, k);
          }
        } else if (transA && mc % MR) {
          const ir = (rowPanels - 1) * MR;
          packPanelA(edgeA, a, transA, ic + ir, mc - ir, pc, kc, m, k);
        }
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          let bp: usize, bStep: usize;
          if (packB) {
            bp = bufB + (<usize>(jr * kc) << 2);
            bStep = NR << 2;
          } else if (nr == NR) {
            bp = b + ((<usize>pc * n + jc + jr) << 2);
            bStep = <usize>n << 2;
          } else {
            bp = edgeB;
            bStep = NR << 2;
          }
          o.nr = nr;
          o.bias = bias ? bias + (<usize>(jc + jr) << 2) : 0;
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            o.mr = mr;
            o.c = c + ((<usize>(ic + ir) * n + jc + jr) << 2);
            if (packA) {
              kernelPanel(kc, bufA + (<usize>(ir * kc) << 2), MR << 2, bp, bStep, o);
            } else if (mr == MR) {
              kernelPanel(kc, a + ((<usize>pc * m + ic + ir) << 2), <usize>m << 2, bp, bStep, o);
            } else {
              kernelPanel(kc, edgeA, MR << 2, bp, bStep, o);
            }
          }
        }
      }
      pc += kc;
    } while (pc < k);
  }
}
