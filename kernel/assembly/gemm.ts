// gemm: C[m×n] = alpha·op(A)·op(B) (+ C if accumulate) (+ bias[n]), then an elementwise activation.
// op(A) is A[m×k] or, with transA, Aᵀ of a stored A[k×m]; op(B) is B[k×n] or, with transB, Bᵀ of B[n×k].
// All matrices row-major f32. bias may be 0 (none). act: 0 linear, 1 relu, 2 leaky_relu, 3 sigmoid, 4 tanh.
// The SIMD builds run the blocked register-tile kernel in gemm-simd.ts; the scalar build runs the loops below.
import { actScalar } from './elementwise';
import { gemmSimd } from './gemm-simd';

export function gemm(
  c: usize, a: usize, b: usize, bias: usize,
  m: i32, n: i32, k: i32,
  transA: i32, transB: i32, accumulate: i32, act: i32, alpha: f32,
): void {
  if (m <= 0 || n <= 0) return;
  if (k < 0) k = 0;
  if (ASC_FEATURE_SIMD) {
    gemmSimd(c, a, b, bias, m, n, k, transA, transB, accumulate, act, alpha);
  } else {
    gemmScalar(c, a, b, bias, m, n, k, transA, transB, accumulate, act, alpha);
  }
}

// ---- scalar build: C is cleared (or kept), accumulated block by block, then finished with bias and act ----

const KB: i32 = 128; // depth block: KB rows of B
const NB: i32 = 512; // column block: KB×NB floats of B (256 KiB) stay in L2 while every row of A passes
let row: usize = 0, rowCap: usize = 0; // one row of op(A), gathered when A is transposed (TT)

function gemmScalar(
  c: usize, a: usize, b: usize, bias: usize,
  m: i32, n: i32, k: i32,
  transA: i32, transB: i32, accumulate: i32, act: i32, alpha: f32,
): void {
  const cBytes = (<usize>m * n) << 2;
  if (!accumulate) memory.fill(c, 0, cBytes);
  if (!transB) addProductNN(c, a, b, m, n, k, transA, alpha);
  else addProductNT(c, a, b, m, n, k, transA, alpha);
  if (bias || act) {
    for (let i = 0; i < m; i++) {
      const cp = c + ((<usize>i * n) << 2);
      for (let j = 0; j < n; j++) {
        const q = <usize>j << 2;
        let x = load<f32>(cp + q);
        if (bias) x += load<f32>(bias + q);
        store<f32>(cp + q, actScalar(x, act));
      }
    }
  }
}

// C += alpha·op(A)·B, i-k-j: each C row takes four scaled rows of B per pass.
function addProductNN(c: usize, a: usize, b: usize, m: i32, n: i32, k: i32, transA: i32, alpha: f32): void {
  // op(A)(i, p) lies at a + (i·k + p)·4, or at a + (p·m + i)·4 when transposed.
  const aRow: usize = transA ? 4 : <usize>k << 2;
  const aCol: usize = transA ? <usize>m << 2 : 4;
  const ldb = <usize>n << 2;
  for (let pc = 0; pc < k; pc += KB) {
    const kc = min(KB, k - pc);
    for (let jc = 0; jc < n; jc += NB) {
      const nc = min(NB, n - jc);
      for (let i = 0; i < m; i++) {
        const cr = c + ((<usize>i * n + jc) << 2);
        let ap = a + <usize>i * aRow + <usize>pc * aCol;
        let br = b + ((<usize>pc * n + jc) << 2);
        let p = 0;
        for (; p + 4 <= kc; p += 4) {
          const a0 = alpha * load<f32>(ap), a1 = alpha * load<f32>(ap + aCol);
          const a2 = alpha * load<f32>(ap + 2 * aCol), a3 = alpha * load<f32>(ap + 3 * aCol);
          const b1 = br + ldb, b2 = br + 2 * ldb, b3 = br + 3 * ldb;
          for (let q: usize = 0, e = <usize>nc << 2; q < e; q += 4) {
            const x = load<f32>(br + q) * a0 + load<f32>(b1 + q) * a1 + load<f32>(b2 + q) * a2 + load<f32>(b3 + q) * a3;
            store<f32>(cr + q, load<f32>(cr + q) + x);
          }
          ap += 4 * aCol;
          br += 4 * ldb;
        }
        for (; p < kc; p++) {
          const a0 = alpha * load<f32>(ap);
          for (let q: usize = 0, e = <usize>nc << 2; q < e; q += 4) store<f32>(cr + q, load<f32>(cr + q) + load<f32>(br + q) * a0);
          ap += aCol;
          br += ldb;
        }
      }
    }
  }
}

// C += alpha·op(A)·Bᵀ with B stored [n×k]: dot products of A rows with B rows, four columns at a time.
function addProductNT(c: usize, a: usize, b: usize, m: i32, n: i32, k: i32, transA: i32, alpha: f32): void {
  const ldb = <usize>k << 2;
  const kBytes = <usize>k << 2;
  if (transA && kBytes > rowCap) {
    if (row) heap.free(row);
    row = heap.alloc(kBytes);
    rowCap = kBytes;
  }
  // Columns in blocks whose rows of B (jb·k floats) stay cached while every row of A passes.
  const jb = max(4, min(n, (64 * 1024) / max(k, 1)));
  for (let jc = 0; jc < n; jc += jb) {
    const je = min(n, jc + jb);
    for (let i = 0; i < m; i++) {
      let ar: usize;
      if (transA) {
        for (let p = 0; p < k; p++) store<f32>(row + (<usize>p << 2), load<f32>(a + ((<usize>p * m + i) << 2)));
        ar = row;
      } else {
        ar = a + <usize>i * kBytes;
      }
      const cr = c + ((<usize>i * n) << 2);
      let j = jc;
      for (; j + 4 <= je; j += 4) {
        const b0 = b + <usize>j * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
        let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
        for (let q: usize = 0; q < kBytes; q += 4) {
          const x = load<f32>(ar + q);
          s0 += x * load<f32>(b0 + q);
          s1 += x * load<f32>(b1 + q);
          s2 += x * load<f32>(b2 + q);
          s3 += x * load<f32>(b3 + q);
        }
        const cp = cr + (<usize>j << 2);
        store<f32>(cp, load<f32>(cp) + alpha * s0);
        store<f32>(cp, load<f32>(cp, 4) + alpha * s1, 4);
        store<f32>(cp, load<f32>(cp, 8) + alpha * s2, 8);
        store<f32>(cp, load<f32>(cp, 12) + alpha * s3, 12);
      }
      for (; j < je; j++) {
        const bj = b + <usize>j * ldb;
        let s: f32 = 0;
        for (let q: usize = 0; q < kBytes; q += 4) s += load<f32>(ar + q) * load<f32>(bj + q);
        const cp = cr + (<usize>j << 2);
        store<f32>(cp, load<f32>(cp) + alpha * s);
      }
    }
  }
}
