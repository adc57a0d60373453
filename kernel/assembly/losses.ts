// Losses with fused gradients: each returns the mean loss over the batch and writes d(mean loss)/d(its input).
// Legend: B rows (batch), C columns (outputs). targets[B×C]: one-hot (or row distributions) for softmax
// cross-entropy, 0/1 (or probabilities) for binary cross-entropy, real values for mse.
// The gradient buffer may alias the input (each element is read before it is written).

// Softmax cross-entropy from logits: loss = mean_b Σ_c t·(lse − x), d/dx = (softmax(x) − t)/B.
// lse = max + log Σ exp(x − max), so no exp overflows and log never sees 0.
export function softmax_cross_entropy(dlogits: usize, logits: usize, targets: usize, B: i32, C: i32): f32 {
  const rowBytes = <usize>C << 2;
  const invB: f32 = <f32>1 / <f32>B;
  let total: f64 = 0;
  for (let b = 0; b < B; b++) {
    const off = <usize>b * rowBytes;
    let m: f32 = -Infinity;
    for (let j = 0; j < C; j++) m = Mathf.max(m, load<f32>(logits + off + (<usize>j << 2)));
    // One pass: Σ exp, Σ t·x and Σ t, parking exp(x − max) in the gradient buffer.
    let s: f32 = 0, tx: f32 = 0, ts: f32 = 0;
    for (let j = 0; j < C; j++) {
      const o = off + (<usize>j << 2);
      const x = load<f32>(logits + o);
      const t = load<f32>(targets + o);
      tx += t * x;
      ts += t;
      const e = Mathf.exp(x - m);
      store<f32>(dlogits + o, e);
      s += e;
    }
    total += <f64>(ts * (m + Mathf.log(s)) - tx);
    const inv = <f32>1 / s;
    for (let j = 0; j < C; j++) {
      const o = off + (<usize>j << 2);
      store<f32>(dlogits + o, (load<f32>(dlogits + o) * inv - load<f32>(targets + o)) * invB);
    }
  }
  return <f32>(total / <f64>B);
}

// Binary cross-entropy from logits (the sigmoid is folded in), mean over all B·C outputs:
// loss = max(x, 0) − x·t + log(1 + exp(−|x|)), d/dx = (sigmoid(x) − t)/(B·C). exp only sees −|x|, so it never overflows.
export function binary_cross_entropy(dlogits: usize, logits: usize, targets: usize, B: i32, C: i32): f32 {
  const n = B * C;
  const invN: f32 = <f32>1 / <f32>n;
  let total: f64 = 0;
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    const x = load<f32>(logits + o);
    const t = load<f32>(targets + o);
    const e = Mathf.exp(-Mathf.abs(x));
    total += <f64>(Mathf.max(x, 0) - x * t + Mathf.log1p(e));
    const p: f32 = x >= 0 ? <f32>1 / (<f32>1 + e) : e / (<f32>1 + e);
    store<f32>(dlogits + o, (p - t) * invN);
  }
  return <f32>(total / <f64>n);
}

// Mean squared error over all B·C outputs: loss = mean (y − t)², d/dy = 2(y − t)/(B·C).
// Its gradient is with respect to the prediction; the network runs the output activation's backward after it.
export function mse(dy: usize, y: usize, targets: usize, B: i32, C: i32): f32 {
  const n = B * C;
  const scale: f32 = <f32>2 / <f32>n;
  let total: f32 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    let acc = f32x4.splat(0);
    const sv = f32x4.splat(scale);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      const d = f32x4.sub(v128.load(y + o), v128.load(targets + o));
      if (ASC_FEATURE_RELAXED_SIMD) acc = f32x4.relaxed_madd(d, d, acc);
      else acc = f32x4.add(acc, f32x4.mul(d, d));
      v128.store(dy + o, f32x4.mul(d, sv));
    }
    total = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const d = load<f32>(y + o) - load<f32>(targets + o);
    total += d * d;
    store<f32>(dy + o, d * scale);
  }
  return total / <f32>n;
}
