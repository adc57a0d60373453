// gemm's fused activations, one value at a time; the same formulas as kernel/reference/gemm.ts.

/** act: 0 linear, 1 relu, 2 leaky_relu (slope 0.01), 3 sigmoid, 4 tanh. */
@inline export function actScalar(x: f32, act: i32): f32 {
  if (act == 1) return x > 0 ? x : 0;
  if (act == 2) return x > 0 ? x : <f32>0.01 * x;
  if (act == 3) return <f32>1 / (<f32>1 + Mathf.exp(-x));
  if (act == 4) return Mathf.tanh(x);
  return x;
}

// ---- f32x4 versions for the SIMD builds' epilogue (only compiled where called, under ASC_FEATURE_SIMD) ----

/** e^x per lane: Cephes expf (range reduction by ln 2, degree-6 polynomial), inputs clamped to f32 range. */
@inline export function expV(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, f32x4.splat(-87.3)), f32x4.splat(88.37));
  const fx = f32x4.floor(f32x4.add(f32x4.mul(x, f32x4.splat(1.44269504088896341)), f32x4.splat(0.5)));
  x = f32x4.sub(x, f32x4.mul(fx, f32x4.splat(0.693359375)));
  x = f32x4.sub(x, f32x4.mul(fx, f32x4.splat(-2.12194440e-4)));
  let y = f32x4.splat(1.9875691500e-4);
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(1.3981999507e-3));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(8.3334519073e-3));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(4.1665795894e-2));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(1.6666665459e-1));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(5.0000001201e-1));
  y = f32x4.add(f32x4.add(f32x4.mul(y, f32x4.mul(x, x)), x), f32x4.splat(1));
  const pow2 = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(fx), i32x4.splat(127)), 23);
  return f32x4.mul(y, pow2);
}

/** tanh per lane: an odd polynomial below |x| = 0.625 (keeps relative accuracy near 0), 1 − 2/(e^{2|x|}+1) above. */
@inline function tanhV(x: v128): v128 {
  const ax = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.06390887954e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-5.37397155531e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.33314422036e-1));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-3.33332819422e-1));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, z), x), x);
  const e = expV(f32x4.add(ax, ax));
  const big = f32x4.sub(f32x4.splat(1), f32x4.div(f32x4.splat(2), f32x4.add(e, f32x4.splat(1))));
  const signed = v128.or(big, v128.and(x, f32x4.splat(-0.0)));
  return v128.bitselect(small, signed, f32x4.lt(ax, f32x4.splat(0.625)));
}

/** The fused activation on four lanes; act as in actScalar. */
@inline export function actV(x: v128, act: i32): v128 {
  if (act == 1) return f32x4.pmax(f32x4.splat(0), x);
  if (act == 2) return f32x4.pmax(f32x4.mul(x, f32x4.splat(0.01)), x);
  if (act == 3) return f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), expV(f32x4.neg(x))));
  if (act == 4) return tanhV(x);
  return x;
}
