// Self-check cases for the in-place optimizer updates: three steps of sgd, momentum and adam (with weight decay).
import { adamUpdate, momentumUpdate, sgdUpdate } from '../../../kernel/js/ops/optimizers';
import { adamUpdateRef, momentumUpdateRef, sgdUpdateRef } from '../../../kernel/reference/optimizers';
import { seeded, withBuffers, type SelfCheckCase } from './case';

const N = 1027;
const STEPS = 3;
const LR = 0.01;
const WD = 0.001;
const params = seeded(N, 91);
const grads = [seeded(N, 92), seeded(N, 93), seeded(N, 94)];
const shape = `${N} params, ${STEPS} steps`;
// Parameters are of order 1 and move by about lr per step; a few f32 ulps of slack.
const TOLERANCE = 2e-6;

export const OPTIMIZER_CHECKS: readonly SelfCheckCase[] = [
  {
    op: 'sgd update (weight decay)',
    shape,
    tolerance: TOLERANCE,
    run(kernel) {
      const p = params.slice();
      for (const g of grads) sgdUpdateRef(p, g, LR, WD);
      const [kp, kg] = [kernel.f32(params), kernel.f32(N)];
      return withBuffers([kp, kg], () => {
        for (const g of grads) sgdUpdate(kernel, kp, kg.set(g), LR, WD);
        return { ours: kp.toArray(), reference: p };
      });
    },
  },
  {
    op: 'momentum update (weight decay)',
    shape,
    tolerance: TOLERANCE,
    run(kernel) {
      const p = params.slice();
      const vel = new Float32Array(N);
      for (const g of grads) momentumUpdateRef(p, g, vel, LR, 0.9, WD);
      const [kp, kg, kv] = [kernel.f32(params), kernel.f32(N), kernel.f32(N)];
      return withBuffers([kp, kg, kv], () => {
        for (const g of grads) momentumUpdate(kernel, kp, kg.set(g), kv, LR, 0.9, WD);
        return { ours: [...kp.toArray(), ...kv.toArray()], reference: [...p, ...vel] };
      });
    },
  },
  {
    op: 'adam update (decoupled weight decay)',
    shape,
    tolerance: TOLERANCE,
    run(kernel) {
      const p = params.slice();
      const m = new Float32Array(N);
      const v = new Float32Array(N);
      grads.forEach((g, i) => adamUpdateRef(p, g, m, v, LR, 0.9, 0.999, 1e-8, WD, i + 1));
      const [kp, kg, km, kv] = [kernel.f32(params), kernel.f32(N), kernel.f32(N), kernel.f32(N)];
      return withBuffers([kp, kg, km, kv], () => {
        grads.forEach((g, i) => adamUpdate(kernel, kp, kg.set(g), km, kv, { lr: LR, weightDecay: WD, step: i + 1 }));
        return { ours: [...kp.toArray(), ...km.toArray()], reference: [...p, ...m] };
      });
    },
  },
];
