// Reference losses in plain TypeScript (float64 arithmetic): mean loss and its gradient, mirroring kernel/assembly/losses.ts.

/** Softmax cross-entropy from logits[B×C] against target rows t[B×C]; dlogits = (softmax − t)/B. */
export function softmaxCrossEntropyRef(dlogits: Float32Array, logits: Float32Array, targets: Float32Array, rows: number, cols: number): number {
  let total = 0;
  for (let b = 0; b < rows; b++) {
    const o = b * cols;
    let m = -Infinity;
    for (let j = 0; j < cols; j++) m = Math.max(m, logits[o + j]);
    let s = 0;
    for (let j = 0; j < cols; j++) s += Math.exp(logits[o + j] - m);
    const lse = m + Math.log(s);
    for (let j = 0; j < cols; j++) {
      const t = targets[o + j];
      total += t * (lse - logits[o + j]);
      dlogits[o + j] = (Math.exp(logits[o + j] - lse) - t) / rows;
    }
  }
  return total / rows;
}

/** Binary cross-entropy from logits[B×C], mean over all outputs; dlogits = (sigmoid − t)/(B·C). */
export function binaryCrossEntropyRef(dlogits: Float32Array, logits: Float32Array, targets: Float32Array, rows: number, cols: number): number {
  const n = rows * cols;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const x = logits[i], t = targets[i];
    total += Math.max(x, 0) - x * t + Math.log1p(Math.exp(-Math.abs(x)));
    dlogits[i] = (1 / (1 + Math.exp(-x)) - t) / n;
  }
  return total / n;
}

/** Mean squared error over all outputs of y[B×C]; dy = 2(y − t)/(B·C). */
export function mseRef(dy: Float32Array, y: Float32Array, targets: Float32Array, rows: number, cols: number): number {
  const n = rows * cols;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const d = y[i] - targets[i];
    total += d * d;
    dy[i] = (2 * d) / n;
  }
  return total / n;
}
