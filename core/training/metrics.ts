// Losses and accuracies computed from a network's outputs in plain TS (validation metrics, reports): the same definitions the kernel trains on.
import type { Loss } from '../nn/spec';

const EPS = 1e-7;

/** Mean loss of outputs [n×k] against targets [n×k] (one-hot for softmax CE, 0/1 for binary CE). */
export function meanLoss(loss: Loss, out: Float32Array, target: Float32Array, n: number, k: number): number {
  if (n === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < n * k; i++) {
    const p = out[i];
    const t = target[i];
    if (loss === 'softmax_cross_entropy') s += t > 0 ? -t * Math.log(Math.max(p, EPS)) : 0;
    else if (loss === 'binary_cross_entropy') s += -(t * Math.log(Math.max(p, EPS)) + (1 - t) * Math.log(Math.max(1 - p, EPS)));
    else s += (p - t) ** 2;
  }
  // mse averages over every output; the cross-entropies sum classes and average over rows.
  return loss === 'softmax_cross_entropy' ? s / n : s / (n * k);
}

/** Predicted class per row: argmax of k ≥ 2 outputs, or output ≥ 0.5 for a single sigmoid output. */
export function predictedClasses(out: Float32Array, n: number, k: number): Int32Array {
  const cls = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (k === 1) {
      cls[i] = out[i] >= 0.5 ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let j = 1; j < k; j++) if (out[i * k + j] > out[i * k + best]) best = j;
    cls[i] = best;
  }
  return cls;
}

export function accuracyOf(pred: ArrayLike<number>, labels: ArrayLike<number>): number {
  if (labels.length === 0) return Number.NaN;
  let hit = 0;
  for (let i = 0; i < labels.length; i++) if (pred[i] === labels[i]) hit++;
  return hit / labels.length;
}

/** Coefficient of determination of predictions against targets (1 is perfect, 0 is the mean's level). */
export function r2(pred: ArrayLike<number>, target: ArrayLike<number>): number {
  const n = target.length;
  if (n === 0) return Number.NaN;
  let m = 0;
  for (let i = 0; i < n; i++) m += target[i];
  m /= n;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    ssRes += (target[i] - pred[i]) ** 2;
    ssTot += (target[i] - m) ** 2;
  }
  return ssTot === 0 ? (ssRes === 0 ? 1 : 0) : 1 - ssRes / ssTot;
}

/** confusion[t][p]: rows are true classes, columns predicted ones. */
export function confusionMatrix(pred: ArrayLike<number>, labels: ArrayLike<number>, classes: number): number[][] {
  const m = Array.from({ length: classes }, () => Array.from({ length: classes }, () => 0));
  for (let i = 0; i < labels.length; i++) m[labels[i]][pred[i]]++;
  return m;
}
