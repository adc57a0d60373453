// Activation wrappers: check lengths, then one call into the kernel's activation_* / softmax_* exports.
import { ACTIVATION_CODE } from '../../../core/nn/spec';
import type { Elementwise } from '../../reference/activations';
import type { F32Buffer, Kernel } from '../kernel';

export type { Elementwise };

function need(name: string, buf: F32Buffer, n: number): void {
  if (buf.length < n) throw new RangeError(`${name} holds ${buf.length} values, needs ${n}`);
}

/** y[n] = act(x[n]); y may be x. */
export function activationForward(k: Kernel, y: F32Buffer, x: F32Buffer, act: Elementwise, n = x.length): void {
  need('activationForward: x', x, n);
  need('activationForward: y', y, n);
  k.fn('activation_forward')(y.ptr, x.ptr, n, ACTIVATION_CODE[act]);
}

/** dx[n] = dy[n]·act'(x), from the forward output y[n]; dx may be dy. */
export function activationBackward(k: Kernel, dx: F32Buffer, dy: F32Buffer, y: F32Buffer, act: Elementwise, n = dy.length): void {
  need('activationBackward: dy', dy, n);
  need('activationBackward: y', y, n);
  need('activationBackward: dx', dx, n);
  k.fn('activation_backward')(dx.ptr, dy.ptr, y.ptr, n, ACTIVATION_CODE[act]);
}

/** y[rows×cols] = row softmax of x; y may be x. */
export function softmaxForward(k: Kernel, y: F32Buffer, x: F32Buffer, rows: number, cols: number): void {
  need('softmaxForward: x', x, rows * cols);
  need('softmaxForward: y', y, rows * cols);
  k.fn('softmax_forward')(y.ptr, x.ptr, rows, cols);
}

/** dx[rows×cols] = y ⊙ (dy − Σ dy·y) per row; dx may be dy. */
export function softmaxBackward(k: Kernel, dx: F32Buffer, dy: F32Buffer, y: F32Buffer, rows: number, cols: number): void {
  for (const [name, b] of [['dx', dx], ['dy', dy], ['y', y]] as const) need(`softmaxBackward: ${name}`, b, rows * cols);
  k.fn('softmax_backward')(dx.ptr, dy.ptr, y.ptr, rows, cols);
}
