// Self-check cases for the fused network ops: mlp_train_step (forward, loss, backward and update in one call), mlp_loss_grad and mlp_predict, against the plain-TS network (kernel/reference/mlp.ts).
import type { ParamList } from '../../../core/nn/port';
import type { Activation, Loss, NetworkSpec, OptimizerSpec } from '../../../core/nn/spec';
import { createWasmPort } from '../../../kernel/js/network';
import { referencePort } from '../../../kernel/reference/mlp';
import { seeded, type SelfCheckCase } from './case';

// Legend: B rows of a 7 → 13 → 11 → K network; odd widths so every SIMD tail runs.
const B = 9;
const SIZES = [7, 13, 11];
const STEPS = 3;

function specOf(out: Activation, k: number, loss: Loss, optimizer: OptimizerSpec): NetworkSpec {
  return { layers: [...SIZES.map((size, i) => ({ size, activation: (i === 0 ? 'linear' : i === 1 ? 'relu' : 'tanh') as Activation })), { size: k, activation: out }], loss, optimizer };
}

/** Inputs in [-1, 1) and targets of the kind the loss expects (one-hot, 0/1, or values). */
function batch(spec: NetworkSpec, seed: number): { x: Float32Array; y: Float32Array } {
  const k = spec.layers[spec.layers.length - 1].size;
  const x = seeded(B * SIZES[0], seed);
  const r = seeded(B * k, seed + 1);
  const y = new Float32Array(B * k);
  for (let i = 0; i < B; i++) {
    if (spec.loss === 'softmax_cross_entropy') y[i * k + Math.floor((r[i] + 1) * 0.5 * k) % k] = 1;
    else for (let j = 0; j < k; j++) y[i * k + j] = spec.loss === 'binary_cross_entropy' ? (r[i * k + j] > 0 ? 1 : 0) : r[i * k + j];
  }
  return { x, y };
}

const flat = (ps: ParamList): number[] => ps.flatMap((p) => [...p]);

/** A few fused training steps on the kernel and on the reference from the same weights: the losses and the weights after must agree. */
function trainStepCase(out: Activation, k: number, loss: Loss, optimizer: OptimizerSpec, seed: number): SelfCheckCase {
  return {
    op: `mlp_train_step ${loss}, ${optimizer.type}`,
    shape: `${B} rows, ${[...SIZES, k].join('→')}, ${STEPS} steps`,
    // f32 sums in another order, through three updates: a few ulps per term on weights of order 1 (measured ≤ 2e-7).
    tolerance: 1e-5,
    run(kernel) {
      const spec = specOf(out, k, loss, optimizer);
      const { x, y } = batch(spec, seed);
      const ours = createWasmPort(kernel).createNetwork(spec, seed, B);
      const ref = referencePort.createNetwork(spec, seed, B);
      try {
        const lo: number[] = [];
        const lr: number[] = [];
        for (let s = 0; s < STEPS; s++) {
          lo.push(ours.trainStep(x, y, B));
          lr.push(ref.trainStep(x, y, B));
        }
        return { ours: [...lo, ...flat(ours.getParams())], reference: [...lr, ...flat(ref.getParams())] };
      } finally {
        ours.dispose();
        ref.dispose();
      }
    },
  };
}

export const MLP_CHECKS: readonly SelfCheckCase[] = [
  trainStepCase('softmax', 5, 'softmax_cross_entropy', { type: 'adam', learningRate: 0.01, weightDecay: 0.01 }, 81),
  trainStepCase('sigmoid', 1, 'binary_cross_entropy', { type: 'momentum', learningRate: 0.05, momentum: 0.9 }, 82),
  trainStepCase('linear', 3, 'mse', { type: 'sgd', learningRate: 0.1 }, 83),
  {
    op: 'mlp_loss_grad (softmax cross-entropy)',
    shape: `${B} rows, ${[...SIZES, 5].join('→')}`,
    tolerance: 1e-6,
    run(kernel) {
      const spec = specOf('softmax', 5, 'softmax_cross_entropy', { type: 'sgd', learningRate: 0.1 });
      const { x, y } = batch(spec, 84);
      const ours = createWasmPort(kernel).createNetwork(spec, 84, B);
      const ref = referencePort.createNetwork(spec, 84, B);
      try {
        const lo = ours.lossAndGradients(x, y, B);
        const lr = ref.lossAndGradients(x, y, B);
        return { ours: [lo, ...flat(ours.gradients())], reference: [lr, ...flat(ref.gradients())] };
      } finally {
        ours.dispose();
        ref.dispose();
      }
    },
  },
  {
    op: 'mlp_predict (softmax output)',
    shape: `${B} rows, ${[...SIZES, 5].join('→')}`,
    // Probabilities in [0, 1].
    tolerance: 1e-6,
    run(kernel) {
      const spec = specOf('softmax', 5, 'softmax_cross_entropy', { type: 'sgd', learningRate: 0.1 });
      const { x } = batch(spec, 85);
      const ours = createWasmPort(kernel).createNetwork(spec, 85, B);
      const ref = referencePort.createNetwork(spec, 85, B);
      try {
        return { ours: ours.predict(x, B), reference: ref.predict(x, B) };
      } finally {
        ours.dispose();
        ref.dispose();
      }
    },
  },
];
