// Elementwise math shared by every op: the activation codes, their derivatives, and f32x4 exp/sigmoid/tanh.
// Codes as core/nn/spec.ts ACTIVATION_CODE: 0 linear, 1 relu, 2 leaky_relu, 3 sigmoid, 4 tanh.
// The f32x4 functions are inlined into SIMD code only, so the scalar build never sees v128.

export const LEAKY: f32 = 0.01;

// a*b + c, fused in the relaxed build.
// @ts-ignore: decorator
@inline export function madd4(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

// @ts-ignore: decorator
@inline export function actScalar(x: f32, act: i32): f32 {
  if (act == 1) return x > 0 ? x : 0;
  if (act == 2) return x > 0 ? x : LEAKY * x;
  if (act == 3) return <f32>1 / (<f32>1 + Mathf.exp(-x));
  if (act == 4) return Mathf.tanh(x);
  return x;
}

// d(loss)/dx from d(loss)/dy and the forward OUTPUT y: every derivative here has a cheap form in y.
// @ts-ignore: decorator
@inline export function actGradScalar(dy: f32, y: f32, act: i32): f32 {
  if (act == 1) return y > 0 ? dy : 0;
  if (act == 2) return y > 0 ? dy : LEAKY * dy;
  if (act == 3) return dy * y * (<f32>1 - y);
  if (act == 4) return dy * (<f32>1 - y * y);
  return dy;
}

// e^x per lane: Cephes expf (range reduction by ln 2 in two pieces, degree-5 polynomial, 2^n from exponent bits).
// Relative error about 2 ulp; inputs clamped so 2^n stays a normal float.
// @ts-ignore: decorator
@inline export function exp4(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, f32x4.splat(-87.0)), f32x4.splat(88.0));
  const n = f32x4.floor(madd4(x, f32x4.splat(1.44269504089), f32x4.splat(0.5)));
  let r = madd4(n, f32x4.splat(-0.693359375), x);
  r = madd4(n, f32x4.splat(2.12194440e-4), r);
  let p = f32x4.splat(1.9875691500e-4);
  p = madd4(p, r, f32x4.splat(1.3981999507e-3));
  p = madd4(p, r, f32x4.splat(8.3334519073e-3));
  p = madd4(p, r, f32x4.splat(4.1665795894e-2));
  p = madd4(p, r, f32x4.splat(1.6666665459e-1));
  p = madd4(p, r, f32x4.splat(5.0000001201e-1));
  const e = madd4(f32x4.mul(p, r), r, f32x4.add(r, f32x4.splat(1)));
  const pow2n = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(e, pow2n);
}

// @ts-ignore: decorator
@inline export function sigmoid4(x: v128): v128 {
  const one = f32x4.splat(1);
  return f32x4.div(one, f32x4.add(one, exp4(f32x4.neg(x))));
}

// tanh per lane: an odd polynomial below |x| = 0.625 (1 − e^{-2|x|} would cancel there and lose relative
// accuracy near 0), sign(x)·(1 − e)/(1 + e) with e = e^{-2|x|} ≤ 1 above, so nothing overflows.
// @ts-ignore: decorator
@inline export function tanh4(x: v128): v128 {
  const one = f32x4.splat(1);
  const ax = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = madd4(p, z, f32x4.splat(2.06390887954e-2));
  p = madd4(p, z, f32x4.splat(-5.37397155531e-2));
  p = madd4(p, z, f32x4.splat(1.33314422036e-1));
  p = madd4(p, z, f32x4.splat(-3.33332819422e-1));
  const small = madd4(f32x4.mul(p, z), x, x);
  const e = exp4(f32x4.mul(ax, f32x4.splat(-2)));
  const t = f32x4.div(f32x4.sub(one, e), f32x4.add(one, e));
  const big = v128.or(t, v128.and(x, i32x4.splat(0x80000000)));
  return v128.bitselect(small, big, f32x4.lt(ax, f32x4.splat(0.625)));
}

/** The activation on four lanes; codes as actScalar. */
// @ts-ignore: decorator
@inline export function act4(x: v128, act: i32): v128 {
  if (act == 1) return f32x4.pmax(f32x4.splat(0), x);
  if (act == 2) return f32x4.pmax(f32x4.mul(x, f32x4.splat(LEAKY)), x);
  if (act == 3) return sigmoid4(x);
  if (act == 4) return tanh4(x);
  return x;
}
