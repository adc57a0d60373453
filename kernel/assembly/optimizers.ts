// Optimizer updates in place over flat parameter arrays: sgd, momentum, adam (bias-corrected), with weight decay.
// Legend: n parameters; p params[n], g grads[n], state arrays [n]. Weight decay is L2 (added to the gradient) for
// sgd and momentum, decoupled (AdamW: p ← p·(1 − lr·wd) before the step) for adam, as core/nn/spec.ts says.

import { madd4 } from './elementwise';

// p ← p − lr·(g + wd·p)
export function sgd_update(p: usize, g: usize, n: i32, lr: f32, wd: f32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const nl = f32x4.splat(-lr), w = f32x4.splat(wd);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      const pv = v128.load(p + o);
      v128.store(p + o, madd4(nl, madd4(w, pv, v128.load(g + o)), pv));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const pv = load<f32>(p + o);
    store<f32>(p + o, pv - lr * (load<f32>(g + o) + wd * pv));
  }
}

// vel ← mu·vel + (g + wd·p); p ← p − lr·vel   (the PyTorch form: lr scales the velocity, so changing lr acts at once)
export function momentum_update(p: usize, g: usize, vel: usize, n: i32, lr: f32, mu: f32, wd: f32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const nl = f32x4.splat(-lr), w = f32x4.splat(wd), m = f32x4.splat(mu);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      const pv = v128.load(p + o);
      const vv = madd4(m, v128.load(vel + o), madd4(w, pv, v128.load(g + o)));
      v128.store(vel + o, vv);
      v128.store(p + o, madd4(nl, vv, pv));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const pv = load<f32>(p + o);
    const vv = mu * load<f32>(vel + o) + (load<f32>(g + o) + wd * pv);
    store<f32>(vel + o, vv);
    store<f32>(p + o, pv - lr * vv);
  }
}

// Adam at step t (1 for the first update): m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
// p ← p·(1 − lr·wd) − lr·m̂/(√v̂ + ε) with m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ).
// The bias corrections are folded into one step size and ε (same value, one multiply per element fewer):
// lr·m̂/(√v̂ + ε) = (lr·√(1−β2ᵗ)/(1−β1ᵗ))·m/(√v + ε·√(1−β2ᵗ)).
export function adam_update(
  p: usize, g: usize, m: usize, v: usize, n: i32,
  lr: f32, beta1: f32, beta2: f32, eps: f32, wd: f32, t: i32,
): void {
  const bc1 = 1.0 - Math.pow(<f64>beta1, <f64>t);
  const bc2 = 1.0 - Math.pow(<f64>beta2, <f64>t);
  const a = <f32>(<f64>lr * Math.sqrt(bc2) / bc1);
  const e = <f32>(<f64>eps * Math.sqrt(bc2));
  const decay: f32 = <f32>1 - lr * wd;
  const c1: f32 = <f32>1 - beta1, c2: f32 = <f32>1 - beta2;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const b1 = f32x4.splat(beta1), b2 = f32x4.splat(beta2), k1 = f32x4.splat(c1), k2 = f32x4.splat(c2);
    const av = f32x4.splat(-a), ev = f32x4.splat(e), dv = f32x4.splat(decay);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      const gv = v128.load(g + o);
      const mv = madd4(b1, v128.load(m + o), f32x4.mul(k1, gv));
      const vv = madd4(b2, v128.load(v + o), f32x4.mul(k2, f32x4.mul(gv, gv)));
      v128.store(m + o, mv);
      v128.store(v + o, vv);
      const step = f32x4.div(mv, f32x4.add(f32x4.sqrt(vv), ev));
      v128.store(p + o, madd4(av, step, f32x4.mul(v128.load(p + o), dv)));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const gv = load<f32>(g + o);
    const mv = beta1 * load<f32>(m + o) + c1 * gv;
    const vv = beta2 * load<f32>(v + o) + c2 * gv * gv;
    store<f32>(m + o, mv);
    store<f32>(v + o, vv);
    store<f32>(p + o, load<f32>(p + o) * decay - a * (mv / (Mathf.sqrt(vv) + e)));
  }
}
