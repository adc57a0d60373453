// Activations: elementwise forward/backward (linear, relu, leaky_relu, sigmoid, tanh) and row softmax, SIMD where it pays.
// Legend: n elements; B rows (batch), C columns (classes). Codes as core/nn/spec.ts ACTIVATION_CODE:
// 0 linear, 1 relu, 2 leaky_relu, 3 sigmoid, 4 tanh (softmax, 5, has its own row-wise pair below).
// Every backward takes the forward OUTPUT y, never x: each derivative here has a cheap form in y, so the
// network keeps one buffer per layer. dx may alias dy; y may alias x.

import { actGradScalar, actScalar, exp4, LEAKY, sigmoid4, tanh4 } from './elementwise';

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
