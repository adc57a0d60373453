// Self-check cases for activations: each elementwise function forward and backward, and row softmax forward and backward.
import { activationBackward, activationForward, softmaxBackward, softmaxForward, type Elementwise } from '../../../kernel/js/ops/activations';
import {
  activationBackwardRef, activationForwardRef, softmaxBackwardRef, softmaxForwardRef,
} from '../../../kernel/reference/activations';
import { seeded, withBuffers, type SelfCheckCase } from './case';

// n = 1027 runs the f32x4 body and a 3-element tail; inputs span [-4, 4] so sigmoid and tanh leave their linear range.
const N = 1027;
const x = seeded(N, 71).map((v) => 4 * v);
const dy = seeded(N, 72);

function elementwiseCase(act: Elementwise): SelfCheckCase {
  return {
    op: `${act} forward + backward`,
    shape: `${N}`,
    // Outputs and gradients are at most 4 in size; the SIMD exp is accurate to a few ulps.
    tolerance: 5e-6,
    run(kernel) {
      const y = new Float32Array(N);
      const dx = new Float32Array(N);
      activationForwardRef(y, x, act);
      activationBackwardRef(dx, dy, y, act);
      const [kx, ky, kdy, kdx] = [kernel.f32(x), kernel.f32(N), kernel.f32(dy), kernel.f32(N)];
      return withBuffers([kx, ky, kdy, kdx], () => {
        activationForward(kernel, ky, kx, act);
        activationBackward(kernel, kdx, kdy, ky, act);
        return { ours: [...ky.toArray(), ...kdx.toArray()], reference: [...y, ...dx] };
      });
    },
  };
}

const ROWS = 9;
const COLS = 37;

export const ACTIVATION_CHECKS: readonly SelfCheckCase[] = [
  elementwiseCase('relu'),
  elementwiseCase('leaky_relu'),
  elementwiseCase('sigmoid'),
  elementwiseCase('tanh'),
  {
    op: 'softmax rows forward + backward',
    shape: `${ROWS}×${COLS}`,
    // Probabilities lie in [0, 1]; the backward pass sums a row of products.
    tolerance: 1e-6,
    run(kernel) {
      const logits = seeded(ROWS * COLS, 73).map((v) => 6 * v);
      const g = seeded(ROWS * COLS, 74);
      const y = new Float32Array(ROWS * COLS);
      const dx = new Float32Array(ROWS * COLS);
      softmaxForwardRef(y, logits, ROWS, COLS);
      softmaxBackwardRef(dx, g, y, ROWS, COLS);
      const [kx, ky, kg, kdx] = [kernel.f32(logits), kernel.f32(ROWS * COLS), kernel.f32(g), kernel.f32(ROWS * COLS)];
      return withBuffers([kx, ky, kg, kdx], () => {
        softmaxForward(kernel, ky, kx, ROWS, COLS);
        softmaxBackward(kernel, kdx, kg, ky, ROWS, COLS);
        return { ours: [...ky.toArray(), ...kdx.toArray()], reference: [...y, ...dx] };
      });
    },
  },
];
