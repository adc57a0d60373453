// Loss wrappers: check shapes, then one call that returns the mean loss and writes the gradient of its input.
import type { Loss } from '../../../core/nn/spec';
import type { F32Buffer, Kernel } from '../kernel';

const EXPORT: Record<Loss, string> = {
  softmax_cross_entropy: 'softmax_cross_entropy',
  binary_cross_entropy: 'binary_cross_entropy',
  mse: 'mse',
};

/**
 * Mean loss of `input[rows×cols]` (logits for the cross-entropies, predictions for mse) against targets[rows×cols];
 * writes d(mean loss)/d(input) into grad (which may be input).
 */
export function lossForwardBackward(
  k: Kernel, loss: Loss, grad: F32Buffer, input: F32Buffer, targets: F32Buffer, rows: number, cols: number,
): number {
  const n = rows * cols;
  for (const [name, b] of [['grad', grad], ['input', input], ['targets', targets]] as const) {
    if (b.length < n) throw new RangeError(`${loss}: ${name} holds ${b.length} values, needs ${n}`);
  }
  return k.fn(EXPORT[loss])(grad.ptr, input.ptr, targets.ptr, rows, cols);
}

export const softmaxCrossEntropy = (k: Kernel, dlogits: F32Buffer, logits: F32Buffer, targets: F32Buffer, rows: number, cols: number): number =>
  lossForwardBackward(k, 'softmax_cross_entropy', dlogits, logits, targets, rows, cols);
export const binaryCrossEntropy = (k: Kernel, dlogits: F32Buffer, logits: F32Buffer, targets: F32Buffer, rows: number, cols: number): number =>
  lossForwardBackward(k, 'binary_cross_entropy', dlogits, logits, targets, rows, cols);
export const mse = (k: Kernel, dy: F32Buffer, y: F32Buffer, targets: F32Buffer, rows: number, cols: number): number =>
  lossForwardBackward(k, 'mse', dy, y, targets, rows, cols);
