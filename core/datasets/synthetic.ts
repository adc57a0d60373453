// Small generated classification datasets (XOR, spirals) for tests, demos and benchmarks.
import { createRng } from '../random';

export interface Dataset {
  /** [n×features] row-major. */
  x: Float32Array;
  /** Class index per row. */
  labels: Int32Array;
  n: number;
  features: number;
  classes: number;
}

export function xor(): Dataset {
  return {
    x: Float32Array.from([0, 0, 0, 1, 1, 0, 1, 1]),
    labels: Int32Array.from([0, 1, 1, 0]),
    n: 4, features: 2, classes: 2,
  };
}

/** CS231n-style spirals: `classes` arms of `perClass` points in 2-D, with gaussian angle noise. */
export function spiral(perClass: number, classes: number, seed: number, noise = 0.2): Dataset {
  const rng = createRng(seed);
  const n = perClass * classes;
  const x = new Float32Array(n * 2);
  const labels = new Int32Array(n);
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i < perClass; i++) {
      const r = i / perClass;
      const t = (c * 4) + (4 * i) / perClass + rng.normal() * noise;
      const row = c * perClass + i;
      x[row * 2] = r * Math.sin(t);
      x[row * 2 + 1] = r * Math.cos(t);
      labels[row] = c;
    }
  }
  return { x, labels, n, features: 2, classes };
}

export function oneHot(labels: Int32Array, classes: number): Float32Array {
  const y = new Float32Array(labels.length * classes);
  labels.forEach((c, i) => (y[i * classes + c] = 1));
  return y;
}

/** Fraction of rows whose arg-max output equals the label. */
export function accuracy(outputs: Float32Array, labels: Int32Array, classes: number): number {
  let hit = 0;
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (outputs[i * classes + c] > outputs[i * classes + best]) best = c;
    if (best === labels[i]) hit++;
  }
  return labels.length ? hit / labels.length : 0;
}
