// int8: per-row symmetric quantization, dequantization, int8 dot of a query against rows, and int8 gemm for inference.
// Legend: rows×cols matrices, n rows of d for the dot, m×k activations against n×k weights for gemm.
// Values are i8 in [-127, 127] with one f32 scale per row (x ≈ q·scale). Products are summed in i32:
// 127·127·65536 ≈ 1.06e9 < 2³¹, so k up to 65536 cannot overflow. SIMD widens i8→i16 and uses
// i32x4.dot_i16x8_s (pmaddwd), which is exact for every i8 input, -128 included.

import { actScalar } from './elementwise';

// The sum of the four lanes.
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

// [Σa0, Σa1, Σa2, Σa3]: the four horizontal sums in one vector by a transposing reduction (6 ops, no lane extracts).
// @ts-ignore: decorator
@inline function hsum4(a0: v128, a1: v128, a2: v128, a3: v128): v128 {
  const x = i32x4.add(v128.shuffle<i32>(a0, a1, 0, 4, 1, 5), v128.shuffle<i32>(a0, a1, 2, 6, 3, 7));
  const y = i32x4.add(v128.shuffle<i32>(a2, a3, 0, 4, 1, 5), v128.shuffle<i32>(a2, a3, 2, 6, 3, 7));
  return i32x4.add(v128.shuffle<i32>(x, y, 0, 1, 4, 5), v128.shuffle<i32>(x, y, 2, 3, 6, 7));
}

// The leftover p ≥ from of Σ q[p]·r_j[p] for four rows r0 + j·stride, as a vector.
// @ts-ignore: decorator
@inline function tail4(q: usize, r0: usize, stride: usize, from: i32, d: i32): v128 {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let p = from; p < d; p++) {
    const qv = <i32>load<i8>(q + p);
    s0 += qv * <i32>load<i8>(r0 + p);
    s1 += qv * <i32>load<i8>(r0 + stride + p);
    s2 += qv * <i32>load<i8>(r0 + 2 * stride + p);
    s3 += qv * <i32>load<i8>(r0 + 3 * stride + p);
  }
  return i32x4.replace_lane(i32x4.replace_lane(i32x4.replace_lane(i32x4.splat(s0), 1, s1), 2, s2), 3, s3);
}

// [Σ q[p]·r_j[p]] for the four rows r_j = r0 + j·stride (SIMD builds only): each widened block of q
// feeds four rows, so the rows, which stream from memory once, cost two widenings each.
// @ts-ignore: decorator
@inline function dot4(q: usize, r0: usize, stride: usize, d: i32): v128 {
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
  const s = hsum4(a0, a1, a2, a3);
  return p < d ? i32x4.add(s, tail4(q, r0, stride, p, d)) : s;
}

// scores[i] = (queryScale·rowScales[i])·Σ_p query[p]·rows[i,p].
// scores f32 [n], query i8 [d], rows i8 [n×d], rowScales f32 [n].
export function int8_dot_rows(scores: usize, query: usize, queryScale: f32, rows: usize, rowScales: usize, n: i32, d: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const qs = f32x4.splat(queryScale);
    for (; i + 4 <= n; i += 4) {
      const sums = dot4(query, rows + <usize>i * d, <usize>d, d);
      const scale = f32x4.mul(qs, v128.load(rowScales + (<usize>i << 2)));
      v128.store(scores + (<usize>i << 2), f32x4.mul(f32x4.convert_i32x4_s(sums), scale));
    }
  }
  for (; i < n; i++) {
    const s = dotI8(query, rows + <usize>i * d, d);
    store<f32>(scores + (<usize>i << 2), <f32>s * (queryScale * load<f32>(rowScales + (<usize>i << 2))));
  }
}

// One output: dequantize the i32 sum with both scales, add the bias, activate, store.
// @ts-ignore: decorator
@inline function emit(c: usize, acc: i32, sa: usize, sb: usize, bias: usize, i: i32, j: i32, n: i32, act: i32): void {
  let v = <f32>acc * (load<f32>(sa + (<usize>i << 2)) * load<f32>(sb + (<usize>j << 2)));
  if (bias) v += load<f32>(bias + (<usize>j << 2));
  store<f32>(c + ((<usize>i * n + j) << 2), actScalar(v, act));
}

// emit for the four outputs c[i, j..j+3] at once; the same f32 roundings per lane as emit, so results match it bit for bit.
// @ts-ignore: decorator
@inline function emit4(c: usize, acc: v128, sa: usize, sb: usize, bias: usize, i: i32, j: i32, n: i32, act: i32): void {
  const scale = f32x4.mul(f32x4.splat(load<f32>(sa + (<usize>i << 2))), v128.load(sb + (<usize>j << 2)));
  let v = f32x4.mul(f32x4.convert_i32x4_s(acc), scale);
  if (bias) v = f32x4.add(v, v128.load(bias + (<usize>j << 2)));
  const out = c + ((<usize>i * n + j) << 2);
  if (act == 0) {
    v128.store(out, v);
  } else if (act == 1 || act == 2) {
    const zero = f32x4.splat(0);
    const neg = act == 1 ? zero : f32x4.mul(v, f32x4.splat(<f32>0.01));
    v128.store(out, v128.bitselect(v, neg, f32x4.gt(v, zero)));
  } else {
    store<f32>(out, actScalar(f32x4.extract_lane(v, 0), act));
    store<f32>(out, actScalar(f32x4.extract_lane(v, 1), act), 4);
    store<f32>(out, actScalar(f32x4.extract_lane(v, 2), act), 8);
    store<f32>(out, actScalar(f32x4.extract_lane(v, 3), act), 12);
  }
}

// The 2×4 output tiles of the int8 gemms (SIMD builds), for rows 0..m−1 in pairs; returns the first row left over.
// A = i8: signed activations, each widened block of activations feeds four weight rows and each widened weight block
// two activation rows (eight accumulators in registers). A = u8: activations in [0, 127] on the relaxed 7-bit dot.
// isSigned<A>() is a compile-time constant, so each instance keeps one inner loop.
// @ts-ignore: decorator
@inline function gemmTiles<A>(c: usize, a: usize, sa: usize, b: usize, sb: usize, bias: usize, m: i32, n: i32, k: i32, act: i32): i32 {
  const ks = <usize>k;
  let i = 0;
  for (; i + 2 <= m; i += 2) {
    const a0 = a + <usize>i * ks, a1 = a0 + ks;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const b0 = b + <usize>j * ks, b1 = b0 + ks, b2 = b1 + ks, b3 = b2 + ks;
      let c00 = i32x4.splat(0), c01 = i32x4.splat(0), c02 = i32x4.splat(0), c03 = i32x4.splat(0);
      let c10 = i32x4.splat(0), c11 = i32x4.splat(0), c12 = i32x4.splat(0), c13 = i32x4.splat(0);
      let p = 0;
      for (; p + 16 <= k; p += 16) {
        if (isSigned<A>()) {
          const va0 = v128.load(a0 + p), va1 = v128.load(a1 + p);
          const x0l = i16x8.extend_low_i8x16_s(va0), x0h = i16x8.extend_high_i8x16_s(va0);
          const x1l = i16x8.extend_low_i8x16_s(va1), x1h = i16x8.extend_high_i8x16_s(va1);
          let vb = v128.load(b0 + p);
          let wl = i16x8.extend_low_i8x16_s(vb), wh = i16x8.extend_high_i8x16_s(vb);
          c00 = i32x4.add(c00, i32x4.add(i32x4.dot_i16x8_s(x0l, wl), i32x4.dot_i16x8_s(x0h, wh)));
          c10 = i32x4.add(c10, i32x4.add(i32x4.dot_i16x8_s(x1l, wl), i32x4.dot_i16x8_s(x1h, wh)));
          vb = v128.load(b1 + p);
          wl = i16x8.extend_low_i8x16_s(vb); wh = i16x8.extend_high_i8x16_s(vb);
          c01 = i32x4.add(c01, i32x4.add(i32x4.dot_i16x8_s(x0l, wl), i32x4.dot_i16x8_s(x0h, wh)));
          c11 = i32x4.add(c11, i32x4.add(i32x4.dot_i16x8_s(x1l, wl), i32x4.dot_i16x8_s(x1h, wh)));
          vb = v128.load(b2 + p);
          wl = i16x8.extend_low_i8x16_s(vb); wh = i16x8.extend_high_i8x16_s(vb);
          c02 = i32x4.add(c02, i32x4.add(i32x4.dot_i16x8_s(x0l, wl), i32x4.dot_i16x8_s(x0h, wh)));
          c12 = i32x4.add(c12, i32x4.add(i32x4.dot_i16x8_s(x1l, wl), i32x4.dot_i16x8_s(x1h, wh)));
          vb = v128.load(b3 + p);
          wl = i16x8.extend_low_i8x16_s(vb); wh = i16x8.extend_high_i8x16_s(vb);
          c03 = i32x4.add(c03, i32x4.add(i32x4.dot_i16x8_s(x0l, wl), i32x4.dot_i16x8_s(x0h, wh)));
          c13 = i32x4.add(c13, i32x4.add(i32x4.dot_i16x8_s(x1l, wl), i32x4.dot_i16x8_s(x1h, wh)));
        } else {
          const x0 = v128.load(a0 + p), x1 = v128.load(a1 + p);
          let w = v128.load(b0 + p);
          c00 = dotAddU7(w, x0, c00);
          c10 = dotAddU7(w, x1, c10);
          w = v128.load(b1 + p);
          c01 = dotAddU7(w, x0, c01);
          c11 = dotAddU7(w, x1, c11);
          w = v128.load(b2 + p);
          c02 = dotAddU7(w, x0, c02);
          c12 = dotAddU7(w, x1, c12);
          w = v128.load(b3 + p);
          c03 = dotAddU7(w, x0, c03);
          c13 = dotAddU7(w, x1, c13);
        }
      }
      let r0 = hsum4(c00, c01, c02, c03), r1 = hsum4(c10, c11, c12, c13);
      if (p < k) {
        r0 = i32x4.add(r0, tail4(a0, b0, ks, p, k));
        r1 = i32x4.add(r1, tail4(a1, b0, ks, p, k));
      }
      emit4(c, r0, sa, sb, bias, i, j, n, act);
      emit4(c, r1, sa, sb, bias, i + 1, j, n, act);
    }
    for (; j < n; j++) {
      const bj = b + <usize>j * ks;
      emit(c, dotI8(a0, bj, k), sa, sb, bias, i, j, n, act);
      emit(c, dotI8(a1, bj, k), sa, sb, bias, i + 1, j, n, act);
    }
  }
  return i;
}

// c[i,j] = act((sa[i]·sb[j])·Σ_p a[i,p]·b[j,p] + bias[j]).
// c f32 [m×n], a i8 [m×k] (activations, quantized per row), sa f32 [m],
// b i8 [n×k] (weights stored transposed, quantized per output channel), sb f32 [n], bias f32 [n] or 0.
// SIMD: gemmTiles<i8> for row pairs, then the leftover row.
export function int8_gemm(
  c: usize, a: usize, sa: usize, b: usize, sb: usize, bias: usize,
  m: i32, n: i32, k: i32, act: i32,
): void {
  const ks = <usize>k;
  let i = ASC_FEATURE_SIMD ? gemmTiles<i8>(c, a, sa, b, sb, bias, m, n, k, act) : 0;
  // Leftover rows (all rows in the scalar build). A batch of one, the common inference case, lands here:
  // the row plays the query against four weight rows at a time.
  for (; i < m; i++) {
    const ai = a + <usize>i * ks;
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      for (; j + 4 <= n; j += 4) emit4(c, dot4(ai, b + <usize>j * ks, ks, k), sa, sb, bias, i, j, n, act);
    }
    for (; j < n; j++) emit(c, dotI8(ai, b + <usize>j * ks, k), sa, sb, bias, i, j, n, act);
  }
}

// c + the dot products of four groups of four: i8 weights w against 7-bit activations x. Two steps (an i16 pair
// dot, then a pairwise widening add) rather than i32x4.relaxed_dot_i8x16_i7x16_add_s, whose fused form gave wrong
// lanes under Node 20's V8 (relaxed SIMD is still behind a flag there); each pair sum fits i16 (≤ 2·128·127).
// @ts-ignore: decorator
@inline function dotAddU7(w: v128, x: v128, c: v128): v128 {
  return i32x4.add(c, i32x4.extadd_pairwise_i16x8_s(i16x8.relaxed_dot_i8x16_i7x16_s(w, x)));
}

// int8_gemm for activations known to lie in [0, 127] (a layer's inputs after relu or sigmoid, quantized per row).
// The relaxed build feeds them to the relaxed 7-bit dot product as its second operand: 16 products in three
// instructions, against int8_gemm's widen-and-dot sequence. Operands in that range make the
// relaxed result exact, so every build returns int8_gemm's sums; the other builds simply run int8_gemm.
// Same layouts as int8_gemm; gemmTiles<u8> for row pairs.
export function int8_gemm_u7(
  c: usize, a: usize, sa: usize, b: usize, sb: usize, bias: usize,
  m: i32, n: i32, k: i32, act: i32,
): void {
  if (!ASC_FEATURE_RELAXED_SIMD) {
    int8_gemm(c, a, sa, b, sb, bias, m, n, k, act);
    return;
  }
  const ks = <usize>k;
  const i = gemmTiles<u8>(c, a, sa, b, sb, bias, m, n, k, act);
  // A leftover row (or a batch of one) takes int8_gemm's path, which handles single rows four weight rows at a time.
  if (i < m) int8_gemm(c + ((<usize>i * n) << 2), a + <usize>i * ks, sa + (<usize>i << 2), b, sb, bias, m - i, n, k, act);
}
