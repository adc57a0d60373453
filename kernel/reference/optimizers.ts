// Reference optimizer updates in plain TypeScript, the textbook forms, mirroring kernel/assembly/optimizers.ts.

/** p ← p − lr·(g + wd·p) */
export function sgdUpdateRef(p: Float32Array, g: Float32Array, lr: number, wd = 0): void {
  for (let i = 0; i < p.length; i++) p[i] -= lr * (g[i] + wd * p[i]);
}

/** vel ← mu·vel + g + wd·p; p ← p − lr·vel */
export function momentumUpdateRef(p: Float32Array, g: Float32Array, vel: Float32Array, lr: number, mu: number, wd = 0): void {
  for (let i = 0; i < p.length; i++) {
    vel[i] = mu * vel[i] + g[i] + wd * p[i];
    p[i] -= lr * vel[i];
  }
}

/** Adam at step t ≥ 1 with decoupled weight decay: p ← p·(1 − lr·wd) − lr·m̂/(√v̂ + ε). */
export function adamUpdateRef(
  p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array,
  lr: number, beta1: number, beta2: number, eps: number, wd: number, t: number,
): void {
  const bc1 = 1 - beta1 ** t, bc2 = 1 - beta2 ** t;
  for (let i = 0; i < p.length; i++) {
    m[i] = beta1 * m[i] + (1 - beta1) * g[i];
    v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
    p[i] = p[i] * (1 - lr * wd) - (lr * (m[i] / bc1)) / (Math.sqrt(v[i] / bc2) + eps);
  }
}
