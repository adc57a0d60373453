// Reference activations in plain TypeScript: elementwise forward/backward and row softmax, mirroring kernel/assembly/activations.ts.
import type { Activation } from '../../core/nn/spec';
import { applyActivation } from './gemm';

export type Elementwise = Exclude<Activation, 'softmax'>;

/** y[n] = act(x[n]). */
export function activationForwardRef(y: Float32Array, x: Float32Array, act: Elementwise): void {
  for (let i = 0; i < x.length; i++) y[i] = applyActivation(x[i], act);
}

/** dx[n] = dy[n]·act'(x), from the forward output y[n] (relu/leaky: y > 0 ⇔ x > 0; sigmoid y(1−y); tanh 1−y²). */
export function activationBackwardRef(dx: Float32Array, dy: Float32Array, y: Float32Array, act: Elementwise): void {
  for (let i = 0; i < dy.length; i++) {
    const g = dy[i], v = y[i];
    switch (act) {
      case 'linear': dx[i] = g; break;
      case 'relu': dx[i] = v > 0 ? g : 0; break;
      case 'leaky_relu': dx[i] = v > 0 ? g : 0.01 * g; break;
      case 'sigmoid': dx[i] = g * v * (1 - v); break;
      case 'tanh': dx[i] = g * (1 - v * v); break;
    }
  }
}

/** y[B×C] = softmax of each row of x[B×C], max-subtracted. */
export function softmaxForwardRef(y: Float32Array, x: Float32Array, rows: number, cols: number): void {
  for (let b = 0; b < rows; b++) {
    const o = b * cols;
    let m = -Infinity;
    for (let j = 0; j < cols; j++) m = Math.max(m, x[o + j]);
    let s = 0;
    const e = new Float64Array(cols);
    for (let j = 0; j < cols; j++) s += e[j] = Math.exp(x[o + j] - m);
    for (let j = 0; j < cols; j++) y[o + j] = e[j] / s;
  }
}

/** dx[B×C] = y ⊙ (dy − Σ dy·y) per row. */
export function softmaxBackwardRef(dx: Float32Array, dy: Float32Array, y: Float32Array, rows: number, cols: number): void {
  for (let b = 0; b < rows; b++) {
    const o = b * cols;
    let dot = 0;
    for (let j = 0; j < cols; j++) dot += dy[o + j] * y[o + j];
    for (let j = 0; j < cols; j++) dx[o + j] = y[o + j] * (dy[o + j] - dot);
  }
}
