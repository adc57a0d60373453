// Activations: elementwise forward/backward (linear, relu, leaky_relu, sigmoid, tanh) and row softmax, SIMD where it pays.
// Legend: n elements; B rows (batch), C columns (classes). Codes as core/nn/spec.ts ACTIVATION_CODE:
// 0 linear, 1 relu, 2 leaky_relu, 3 sigmoid, 4 tanh (softmax, 5, has its own row-wise pair below).
// Every backward takes the forward OUTPUT y, never x: each derivative here has a cheap form in y, so the
// network keeps one buffer per layer. dx may alias dy; y may alias x.

const LEAKY: f32 = 0.01;

// a*b + c, fused in the relaxed build.
@inline function madd4(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

// exp on four lanes (Cephes expf: range reduction by ln2, degree-5 polynomial, 2^n from exponent bits).
// Relative error ~2 ulp; inputs are clamped so 2^n stays a normal float (exp(-88) → ~0, exp(88) → 1.6e38).
@inline function exp4(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, f32x4.splat(-87.0)), f32x4.splat(88.0));
  const n = f32x4.floor(madd4(x, f32x4.splat(1.44269504089), f32x4.splat(0.5)));
  // x - n·ln2 in two pieces so the reduction is exact to f32.
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

@inline function sigmoid4(x: v128): v128 {
  const one = f32x4.splat(1);
  return f32x4.div(one, f32x4.add(one, exp4(f32x4.neg(x))));
}

// tanh(x) = sign(x)·(1 − e)/(1 + e) with e = exp(−2|x|) ≤ 1, so nothing overflows.
@inline function tanh4(x: v128): v128 {
  const one = f32x4.splat(1);
  const e = exp4(f32x4.mul(f32x4.abs(x), f32x4.splat(-2)));
  const t = f32x4.div(f32x4.sub(one, e), f32x4.add(one, e));
  // Copy x's sign bit onto t (t ≥ 0).
  return v128.or(t, v128.and(x, i32x4.splat(0x80000000)));
}

@inline function actScalar(x: f32, act: i32): f32 {
  if (act == 1) return x > 0 ? x : 0;
  if (act == 2) return x > 0 ? x : LEAKY * x;
  if (act == 3) return <f32>1 / (<f32>1 + Mathf.exp(-x));
  if (act == 4) return Mathf.tanh(x);
  return x;
}

@inline function actGradScalar(dy: f32, y: f32, act: i32): f32 {
  if (act == 1) return y > 0 ? dy : 0;
  if (act == 2) return y > 0 ? dy : LEAKY * dy;
  if (act == 3) return dy * y * (<f32>1 - y);
  if (act == 4) return dy * (<f32>1 - y * y);
  return dy;
}

// y[n] = act(x[n]).
export function activation_forward(y: usize, x: usize, n: i32, act: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const zero = f32x4.splat(0);
    const leak = f32x4.splat(LEAKY);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      const v = v128.load(x + o);
      let r = v;
      if (act == 1) r = f32x4.max(v, zero);
      else if (act == 2) r = v128.bitselect(v, f32x4.mul(v, leak), f32x4.gt(v, zero));
      else if (act == 3) r = sigmoid4(v);
      else if (act == 4) r = tanh4(v);
      v128.store(y + o, r);
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, actScalar(load<f32>(x + o), act));
  }
}

// dx[n] = dy[n] · act'(x), written from the forward output y[n].
export function activation_backward(dx: usize, dy: usize, y: usize, n: i32, act: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const zero = f32x4.splat(0);
    const one = f32x4.splat(1);
    const leak = f32x4.splat(LEAKY);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      const g = v128.load(dy + o);
      const v = v128.load(y + o);
      let r = g;
      if (act == 1) r = v128.and(g, f32x4.gt(v, zero));
      else if (act == 2) r = v128.bitselect(g, f32x4.mul(g, leak), f32x4.gt(v, zero));
      else if (act == 3) r = f32x4.mul(f32x4.mul(g, v), f32x4.sub(one, v));
      else if (act == 4) r = f32x4.mul(g, f32x4.sub(one, f32x4.mul(v, v)));
      v128.store(dx + o, r);
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(dx + o, actGradScalar(load<f32>(dy + o), load<f32>(y + o), act));
  }
}

// Largest of row[C].
@inline function rowMax(row: usize, C: i32): f32 {
  let m: f32 = -Infinity;
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    if (C >= 4) {
      let mv = v128.load(row);
      for (j = 4; j + 4 <= C; j += 4) mv = f32x4.max(mv, v128.load(row + (<usize>j << 2)));
      m = Mathf.max(Mathf.max(f32x4.extract_lane(mv, 0), f32x4.extract_lane(mv, 1)), Mathf.max(f32x4.extract_lane(mv, 2), f32x4.extract_lane(mv, 3)));
    }
  }
  for (; j < C; j++) m = Mathf.max(m, load<f32>(row + (<usize>j << 2)));
  return m;
}

// y[B×C] = softmax of each row of x[B×C]; the row max is subtracted first so exp never overflows.
export function softmax_forward(y: usize, x: usize, B: i32, C: i32): void {
  const rowBytes = <usize>C << 2;
  for (let b = 0; b < B; b++) {
    const xr = x + <usize>b * rowBytes;
    const yr = y + <usize>b * rowBytes;
    const m = rowMax(xr, C);
    let s: f32 = 0;
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      const mv = f32x4.splat(m);
      let sv = f32x4.splat(0);
      for (; j + 4 <= C; j += 4) {
        const o = <usize>j << 2;
        const e = exp4(f32x4.sub(v128.load(xr + o), mv));
        v128.store(yr + o, e);
        sv = f32x4.add(sv, e);
      }
      s = f32x4.extract_lane(sv, 0) + f32x4.extract_lane(sv, 1) + f32x4.extract_lane(sv, 2) + f32x4.extract_lane(sv, 3);
    }
    for (; j < C; j++) {
      const o = <usize>j << 2;
      const e = Mathf.exp(load<f32>(xr + o) - m);
      store<f32>(yr + o, e);
      s += e;
    }
    const inv = <f32>1 / s;
    j = 0;
    if (ASC_FEATURE_SIMD) {
      const iv = f32x4.splat(inv);
      for (; j + 4 <= C; j += 4) {
        const o = <usize>j << 2;
        v128.store(yr + o, f32x4.mul(v128.load(yr + o), iv));
      }
    }
    for (; j < C; j++) {
      const o = <usize>j << 2;
      store<f32>(yr + o, load<f32>(yr + o) * inv);
    }
  }
}

// dx[B×C] = y ⊙ (dy − Σ_c dy·y) per row, from dy[B×C] and the forward output y[B×C] (the Jacobian-vector product).
export function softmax_backward(dx: usize, dy: usize, y: usize, B: i32, C: i32): void {
  const rowBytes = <usize>C << 2;
  for (let b = 0; b < B; b++) {
    const off = <usize>b * rowBytes;
    let dot: f32 = 0;
    for (let j = 0; j < C; j++) {
      const o = off + (<usize>j << 2);
      dot += load<f32>(dy + o) * load<f32>(y + o);
    }
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      const dv = f32x4.splat(dot);
      for (; j + 4 <= C; j += 4) {
        const o = off + (<usize>j << 2);
        v128.store(dx + o, f32x4.mul(v128.load(y + o), f32x4.sub(v128.load(dy + o), dv)));
      }
    }
    for (; j < C; j++) {
      const o = off + (<usize>j << 2);
      store<f32>(dx + o, load<f32>(y + o) * (load<f32>(dy + o) - dot));
    }
  }
}
