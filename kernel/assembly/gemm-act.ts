// gemm's fused activations, one value at a time; the same formulas as kernel/reference/gemm.ts.

/** act: 0 linear, 1 relu, 2 leaky_relu (slope 0.01), 3 sigmoid, 4 tanh. */
@inline export function actScalar(x: f32, act: i32): f32 {
  if (act == 1) return x > 0 ? x : 0;
  if (act == 2) return x > 0 ? x : <f32>0.01 * x;
  if (act == 3) return <f32>1 / (<f32>1 + Mathf.exp(-x));
  if (act == 4) return Mathf.tanh(x);
  return x;
}
