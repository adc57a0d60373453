// gemm: C[m×n] = alpha·op(A)·op(B) (+ C if accumulate) (+ bias[n]), then an elementwise activation.
// op(A) is A[m×k] or, with transA, Aᵀ of a stored A[k×m]; op(B) is B[k×n] or, with transB, Bᵀ of B[n×k].
// All matrices row-major f32. bias may be 0 (none). act: 0 linear, 1 relu, 2 leaky_relu, 3 sigmoid, 4 tanh.
// NOTE: a straightforward placeholder with the final signature; the optimized version replaces the body.

export function gemm(
  c: usize, a: usize, b: usize, bias: usize,
  m: i32, n: i32, k: i32,
  transA: i32, transB: i32, accumulate: i32, act: i32, alpha: f32,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s: f32 = 0;
      for (let p = 0; p < k; p++) {
        const av = transA ? load<f32>(a + ((<usize>p * m + i) << 2)) : load<f32>(a + ((<usize>i * k + p) << 2));
        const bv = transB ? load<f32>(b + ((<usize>j * k + p) << 2)) : load<f32>(b + ((<usize>p * n + j) << 2));
        s += av * bv;
      }
      s *= alpha;
      const cp = c + ((<usize>i * n + j) << 2);
      if (accumulate) s += load<f32>(cp);
      if (bias) s += load<f32>(bias + (<usize>j << 2));
      if (act == 1) s = s > 0 ? s : 0;
      else if (act == 2) s = s > 0 ? s : <f32>0.01 * s;
      else if (act == 3) s = <f32>1 / (<f32>1 + Mathf.exp(-s));
      else if (act == 4) s = Mathf.tanh(s);
      store<f32>(cp, s);
    }
  }
}
