// int8: per-row symmetric quantization, dequantization, int8 dot of a query against rows, and int8 gemm for inference.
// Legend: rows×cols matrices, n rows of d for the dot, m×k activations against n×k weights for gemm.
// Values are i8 in [-127, 127] with one f32 scale per row (x ≈ q·scale). Products are summed in i32:
// 127·127·65536 ≈ 1.06e9 < 2³¹, so k up to 65536 cannot overflow. SIMD widens i8→i16 and uses
// i32x4.dot_i16x8_s (pmaddwd), which is exact for every i8 input, -128 included.

// @ts-ignore: decorator
@inline function hsum(v: v128): i32 {
  return (i32x4.extract_lane(v, 0) + i32x4.extract_lane(v, 1)) + (i32x4.extract_lane(v, 2) + i32x4.extract_lane(v, 3));
}

// Σ a[p]·b[p] over k bytes, in i32.
// @ts-ignore: decorator
@inline function dotI8(a: usize, b: usize, k: i32): i32 {
  let p = 0;
  let s = 0;
  if (ASC_FEATURE_SIMD) {
    let s0 = i32x4.splat(0), s1 = i32x4.splat(0);
    for (; p + 16 <= k; p += 16) {
      const va = v128.load(a + p), vb = v128.load(b + p);
      s0 = i32x4.add(s0, i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(va), i16x8.extend_low_i8x16_s(vb)));
      s1 = i32x4.add(s1, i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(va), i16x8.extend_high_i8x16_s(vb)));
    }
    s = hsum(i32x4.add(s0, s1));
  } else {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (; p + 4 <= k; p += 4) {
      s0 += <i32>load<i8>(a + p) * <i32>load<i8>(b + p);
      s1 += <i32>load<i8>(a + p, 1) * <i32>load<i8>(b + p, 1);
      s2 += <i32>load<i8>(a + p, 2) * <i32>load<i8>(b + p, 2);
      s3 += <i32>load<i8>(a + p, 3) * <i32>load<i8>(b + p, 3);
    }
    s = (s0 + s1) + (s2 + s3);
  }
  for (; p < k; p++) s += <i32>load<i8>(a + p) * <i32>load<i8>(b + p);
  return s;
}

// q[r,:] = round-half-even(x[r,:]·127/maxabs_r), scales[r] = maxabs_r/127; an all-zero row gets scale 0 and q 0.
// q i8 [rows×cols], scales f32 [rows], x f32 [rows×cols]. Inputs must be finite.
export function quantize_rows(q: usize, scales: usize, x: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const xr = x + ((<usize>r * cols) << 2);
    const qr = q + <usize>r * cols;
    let p = 0;
    let mx: f32 = 0;
    if (ASC_FEATURE_SIMD) {
      let m0 = f32x4.splat(0), m1 = f32x4.splat(0);
      for (; p + 8 <= cols; p += 8) {
        const pp = xr + (<usize>p << 2);
        m0 = f32x4.max(m0, f32x4.abs(v128.load(pp)));
        m1 = f32x4.max(m1, f32x4.abs(v128.load(pp, 16)));
      }
      const mm = f32x4.max(m0, m1);
      mx = max(max(f32x4.extract_lane(mm, 0), f32x4.extract_lane(mm, 1)), max(f32x4.extract_lane(mm, 2), f32x4.extract_lane(mm, 3)));
    }
    for (; p < cols; p++) mx = max(mx, abs(load<f32>(xr + (<usize>p << 2))));
    store<f32>(scales + (<usize>r << 2), mx / 127);
    let inv: f32 = mx > 0 ? <f32>127 / mx : 0;
    // A subnormal maxabs would make 127/mx infinite and 0·∞ a NaN; the clamp keeps every code finite.
    if (inv > f32.MAX_VALUE) inv = f32.MAX_VALUE;

    p = 0;
    if (ASC_FEATURE_SIMD) {
      const vi = f32x4.splat(inv);
      for (; p + 16 <= cols; p += 16) {
        const pp = xr + (<usize>p << 2);
        // |x·inv| ≤ 127·(1+2⁻²³) rounds to at most 127; the saturating narrows clamp anyway.
        const i0 = i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.mul(v128.load(pp), vi)));
        const i1 = i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.mul(v128.load(pp, 16), vi)));
        const i2 = i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.mul(v128.load(pp, 32), vi)));
        const i3 = i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.mul(v128.load(pp, 48), vi)));
        v128.store(qr + p, i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(i0, i1), i16x8.narrow_i32x4_s(i2, i3)));
      }
    }
    for (; p < cols; p++) {
      // f32.nearest rounds half to even, like f32x4.nearest above.
      const v = nearest<f32>(load<f32>(xr + (<usize>p << 2)) * inv);
      store<i8>(qr + p, <i8><i32>min<f32>(max<f32>(v, -127), 127));
    }
  }
}

// x[r,c] = q[r,c]·scales[r]. x f32 [rows×cols], q i8 [rows×cols], scales f32 [rows].
export function dequantize_rows(x: usize, q: usize, scales: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const xr = x + ((<usize>r * cols) << 2);
    const qr = q + <usize>r * cols;
    const s = load<f32>(scales + (<usize>r << 2));
    let p = 0;
    if (ASC_FEATURE_SIMD) {
      const vs = f32x4.splat(s);
      for (; p + 16 <= cols; p += 16) {
        const v = v128.load(qr + p);
        const lo = i16x8.extend_low_i8x16_s(v), hi = i16x8.extend_high_i8x16_s(v);
        const pp = xr + (<usize>p << 2);
        v128.store(pp, f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(lo)), vs));
        v128.store(pp, f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_s(lo)), vs), 16);
        v128.store(pp, f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(hi)), vs), 32);
        v128.store(pp, f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_s(hi)), vs), 48);
      }
    }
    for (; p < cols; p++) store<f32>(xr + (<usize>p << 2), <f32>load<i8>(qr + p) * s);
  }
}

// The four sums of dot4, returned through globals rather than a heap object.
let sum0 = 0, sum1 = 0, sum2 = 0, sum3 = 0;

// Σ q[p]·r_j[p] for the four rows r0, r0+stride, r0+2·stride, r0+3·stride (SIMD builds only):
// each widened block of q feeds four rows, so the rows, which stream from memory once, cost two widenings each.
// @ts-ignore: decorator
@inline function dot4(q: usize, r0: usize, stride: usize, d: i32): void {
  const r1 = r0 + stride, r2 = r1 + stride, r3 = r2 + stride;
  let a0 = i32x4.splat(0), a1 = i32x4.splat(0), a2 = i32x4.splat(0), a3 = i32x4.splat(0);
  let p = 0;
  for (; p + 16 <= d; p += 16) {
    const vq = v128.load(q + p);
    const ql = i16x8.extend_low_i8x16_s(vq), qh = i16x8.extend_high_i8x16_s(vq);
    const v0 = v128.load(r0 + p), v1 = v128.load(r1 + p), v2 = v128.load(r2 + p), v3 = v128.load(r3 + p);
    a0 = i32x4.add(a0, i32x4.add(i32x4.dot_i16x8_s(ql, i16x8.extend_low_i8x16_s(v0)), i32x4.dot_i16x8_s(qh, i16x8.extend_high_i8x16_s(v0))));
    a1 = i32x4.add(a1, i32x4.add(i32x4.dot_i16x8_s(ql, i16x8.extend_low_i8x16_s(v1)), i32x4.dot_i16x8_s(qh, i16x8.extend_high_i8x16_s(v1))));
    a2 = i32x4.add(a2, i32x4.add(i32x4.dot_i16x8_s(ql, i16x8.extend_low_i8x16_s(v2)), i32x4.dot_i16x8_s(qh, i16x8.extend_high_i8x16_s(v2))));
    a3 = i32x4.add(a3, i32x4.add(i32x4.dot_i16x8_s(ql, i16x8.extend_low_i8x16_s(v3)), i32x4.dot_i16x8_s(qh, i16x8.extend_high_i8x16_s(v3))));
  }
  let s0 = hsum(a0), s1 = hsum(a1), s2 = hsum(a2), s3 = hsum(a3);
  for (; p < d; p++) {
    const qv = <i32>load<i8>(q + p);
    s0 += qv * <i32>load<i8>(r0 + p);
    s1 += qv * <i32>load<i8>(r1 + p);
    s2 += qv * <i32>load<i8>(r2 + p);
    s3 += qv * <i32>load<i8>(r3 + p);
  }
  sum0 = s0; sum1 = s1; sum2 = s2; sum3 = s3;
}

// scores[i] = (queryScale·rowScales[i])·Σ_p query[p]·rows[i,p].
// scores f32 [n], query i8 [d], rows i8 [n×d], rowScales f32 [n].
export function int8_dot_rows(scores: usize, query: usize, queryScale: f32, rows: usize, rowScales: usize, n: i32, d: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      dot4(query, rows + <usize>i * d, <usize>d, d);
      const so = scores + (<usize>i << 2), rs = rowScales + (<usize>i << 2);
      store<f32>(so, <f32>sum0 * (queryScale * load<f32>(rs)));
      store<f32>(so, <f32>sum1 * (queryScale * load<f32>(rs, 4)), 4);
      store<f32>(so, <f32>sum2 * (queryScale * load<f32>(rs, 8)), 8);
      store<f32>(so, <f32>sum3 * (queryScale * load<f32>(rs, 12)), 12);
    }
  }
  for (; i < n; i++) {
    const s = dotI8(query, rows + <usize>i * d, d);
    store<f32>(scores + (<usize>i << 2), <f32>s * (queryScale * load<f32>(rowScales + (<usize>i << 2))));
  }
}

// The fused activation codes of gemm: 0 linear, 1 relu, 2 leaky_relu (0.01), 3 sigmoid, 4 tanh.
// @ts-ignore: decorator
@inline function activate(v: f32, act: i32): f32 {
  if (act == 1) return v > 0 ? v : 0;
  if (act == 2) return v > 0 ? v : <f32>0.01 * v;
  if (act == 3) return <f32>1 / (<f32>1 + Mathf.exp(-v));
  if (act == 4) return Mathf.tanh(v);
  return v;
}

// One output: dequantize the i32 sum with both scales, add the bias, activate, store.
// @ts-ignore: decorator
@inline function emit(c: usize, acc: i32, sa: usize, sb: usize, bias: usize, i: i32, j: i32, n: i32, act: i32): void {
  let v = <f32>acc * (load<f32>(sa + (<usize>i << 2)) * load<f32>(sb + (<usize>j << 2)));
  if (bias) v += load<f32>(bias + (<usize>j << 2));
  store<f32>(c + ((<usize>i * n + j) << 2), activate(v, act));
}

// c[i,j] = act((sa[i]·sb[j])·Σ_p a[i,p]·b[j,p] + bias[j]).
// c f32 [m×n], a i8 [m×k] (activations, quantized per row), sa f32 [m],
// b i8 [n×k] (weights stored transposed, quantized per output channel), sb f32 [n], bias f32 [n] or 0.
// SIMD: 4×2 output tiles; each widened a-block feeds two weight rows, each widened b-block four activation rows.
export function int8_gemm(
  c: usize, a: usize, sa: usize, b: usize, sb: usize, bias: usize,
  m: i32, n: i32, k: i32, act: i32,
): void {
  const ks = <usize>k;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= m; i += 4) {
      const a0 = a + <usize>i * ks, a1 = a0 + ks, a2 = a1 + ks, a3 = a2 + ks;
      let j = 0;
      for (; j + 2 <= n; j += 2) {
        const b0 = b + <usize>j * ks, b1 = b0 + ks;
        let c00 = i32x4.splat(0), c01 = i32x4.splat(0), c10 = i32x4.splat(0), c11 = i32x4.splat(0);
        let c20 = i32x4.splat(0), c21 = i32x4.splat(0), c30 = i32x4.splat(0), c31 = i32x4.splat(0);
        let p = 0;
        for (; p + 16 <= k; p += 16) {
          const vb0 = v128.load(b0 + p), vb1 = v128.load(b1 + p);
          let w0 = i16x8.extend_low_i8x16_s(vb0), w1 = i16x8.extend_low_i8x16_s(vb1);
          let x = i16x8.extend_low_i8x16_s(v128.load(a0 + p));
          c00 = i32x4.add(c00, i32x4.dot_i16x8_s(x, w0)); c01 = i32x4.add(c01, i32x4.dot_i16x8_s(x, w1));
          x = i16x8.extend_low_i8x16_s(v128.load(a1 + p));
          c10 = i32x4.add(c10, i32x4.dot_i16x8_s(x, w0)); c11 = i32x4.add(c11, i32x4.dot_i16x8_s(x, w1));
          x = i16x8.extend_low_i8x16_s(v128.load(a2 + p));
          c20 = i32x4.add(c20, i32x4.dot_i16x8_s(x, w0)); c21 = i32x4.add(c21, i32x4.dot_i16x8_s(x, w1));
          x = i16x8.extend_low_i8x16_s(v128.load(a3 + p));
          c30 = i32x4.add(c30, i32x4.dot_i16x8_s(x, w0)); c31 = i32x4.add(c31, i32x4.dot_i16x8_s(x, w1));
          w0 = i16x8.extend_high_i8x16_s(vb0); w1 = i16x8.extend_high_i8x16_s(vb1);
          x = i16x8.extend_high_i8x16_s(v128.load(a0 + p));
          c00 = i32x4.add(c00, i32x4.dot_i16x8_s(x, w0)); c01 = i32x4.add(c01, i32x4.dot_i16x8_s(x, w1));
          x = i16x8.extend_high_i8x16_s(v128.load(a1 + p));
          c10 = i32x4.add(c10, i32x4.dot_i16x8_s(x, w0)); c11 = i32x4.add(c11, i32x4.dot_i16x8_s(x, w1));
          x = i16x8.extend_high_i8x16_s(v128.load(a2 + p));
          c20 = i32x4.add(c20, i32x4.dot_i16x8_s(x, w0)); c21 = i32x4.add(c21, i32x4.dot_i16x8_s(x, w1));
          x = i16x8.extend_high_i8x16_s(v128.load(a3 + p));
          c30 = i32x4.add(c30, i32x4.dot_i16x8_s(x, w0)); c31 = i32x4.add(c31, i32x4.dot_i16x8_s(x, w1));
        }
        let s00 = hsum(c00), s01 = hsum(c01), s10 = hsum(c10), s11 = hsum(c11);
        let s20 = hsum(c20), s21 = hsum(c21), s30 = hsum(c30), s31 = hsum(c31);
        for (; p < k; p++) {
          const w0 = <i32>load<i8>(b0 + p), w1 = <i32>load<i8>(b1 + p);
          const x0 = <i32>load<i8>(a0 + p), x1 = <i32>load<i8>(a1 + p), x2 = <i32>load<i8>(a2 + p), x3 = <i32>load<i8>(a3 + p);
          s00 += x0 * w0; s01 += x0 * w1; s10 += x1 * w0; s11 += x1 * w1;
          s20 += x2 * w0; s21 += x2 * w1; s30 += x3 * w0; s31 += x3 * w1;
        }
        emit(c, s00, sa, sb, bias, i, j, n, act); emit(c, s01, sa, sb, bias, i, j + 1, n, act);
        emit(c, s10, sa, sb, bias, i + 1, j, n, act); emit(c, s11, sa, sb, bias, i + 1, j + 1, n, act);
        emit(c, s20, sa, sb, bias, i + 2, j, n, act); emit(c, s21, sa, sb, bias, i + 2, j + 1, n, act);
        emit(c, s30, sa, sb, bias, i + 3, j, n, act); emit(c, s31, sa, sb, bias, i + 3, j + 1, n, act);
      }
      for (; j < n; j++) {
        const bj = b + <usize>j * ks;
        emit(c, dotI8(a0, bj, k), sa, sb, bias, i, j, n, act);
        emit(c, dotI8(a1, bj, k), sa, sb, bias, i + 1, j, n, act);
        emit(c, dotI8(a2, bj, k), sa, sb, bias, i + 2, j, n, act);
        emit(c, dotI8(a3, bj, k), sa, sb, bias, i + 3, j, n, act);
      }
    }
  }
  // Leftover rows (all rows in the scalar build). A batch of one, the common inference case, lands here:
  // the row plays the query against four weight rows at a time.
  for (; i < m; i++) {
    const ai = a + <usize>i * ks;
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      for (; j + 4 <= n; j += 4) {
        dot4(ai, b + <usize>j * ks, ks, k);
        emit(c, sum0, sa, sb, bias, i, j, n, act); emit(c, sum1, sa, sb, bias, i, j + 1, n, act);
        emit(c, sum2, sa, sb, bias, i, j + 2, n, act); emit(c, sum3, sa, sb, bias, i, j + 3, n, act);
      }
    }
    for (; j < n; j++) emit(c, dotI8(ai, b + <usize>j * ks, k), sa, sb, bias, i, j, n, act);
  }
}
