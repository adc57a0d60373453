// Self-check cases for the losses with fused gradients: the mean loss and the gradient of its input, against the reference.
import type { Loss } from '../../../core/nn/spec';
import { lossForwardBackward } from '../../../kernel/js/ops/losses';
import { binaryCrossEntropyRef, mseRef, softmaxCrossEntropyRef } from '../../../kernel/reference/losses';
import { seeded, withBuffers, type SelfCheckCase } from './case';

const ROWS = 16;
const COLS = 11;
const REFERENCE: Record<Loss, typeof mseRef> = {
  softmax_cross_entropy: softmaxCrossEntropyRef,
  binary_cross_entropy: binaryCrossEntropyRef,
  mse: mseRef,
};

/** One-hot rows for softmax cross-entropy, 0/1 targets for binary, values in [-1, 1] for mse. */
function targets(loss: Loss): Float32Array {
  const t = new Float32Array(ROWS * COLS);
  const pick = seeded(ROWS * COLS, 81);
  if (loss === 'mse') return pick;
  if (loss === 'binary_cross_entropy') return pick.map((v) => (v > 0 ? 1 : 0));
  for (let r = 0; r < ROWS; r++) t[r * COLS + (Math.floor((pick[r] + 1) * 0.5 * COLS) % COLS)] = 1;
  return t;
}

function lossCase(loss: Loss): SelfCheckCase {
  return {
    op: `${loss} loss + gradient`,
    shape: `${ROWS}×${COLS}`,
    // The loss is a mean of logs of order 1–3; gradients are below 1 in size.
    tolerance: 2e-5,
    run(kernel) {
      const input = seeded(ROWS * COLS, 82).map((v) => 3 * v);
      const t = targets(loss);
      const grad = new Float32Array(ROWS * COLS);
      const l = REFERENCE[loss](grad, input, t, ROWS, COLS);
      const [ki, kt, kg] = [kernel.f32(input), kernel.f32(t), kernel.f32(ROWS * COLS)];
      return withBuffers([ki, kt, kg], () => {
        const ours = lossForwardBackward(kernel, loss, kg, ki, kt, ROWS, COLS);
        return { ours: [ours, ...kg.toArray()], reference: [l, ...grad] };
      });
    },
  };
}

export const LOSS_CHECKS: readonly SelfCheckCase[] = [
  lossCase('softmax_cross_entropy'),
  lossCase('binary_cross_entropy'),
  lossCase('mse'),
];
