// Optimizer wrappers: in-place updates of a parameter buffer from its gradient and state, one kernel call each.
import type { F32Buffer, Kernel } from '../kernel';

function same(name: string, p: F32Buffer, ...bufs: F32Buffer[]): void {
  for (const b of bufs) if (b.length < p.length) throw new RangeError(`${name}: a buffer holds ${b.length} values, params hold ${p.length}`);
}

/** p ← p − lr·(g + wd·p) */
export function sgdUpdate(k: Kernel, p: F32Buffer, g: F32Buffer, lr: number, wd = 0): void {
  same('sgdUpdate', p, g);
  k.fn('sgd_update')(p.ptr, g.ptr, p.length, lr, wd);
}

/** vel ← mu·vel + g + wd·p; p ← p − lr·vel */
export function momentumUpdate(k: Kernel, p: F32Buffer, g: F32Buffer, vel: F32Buffer, lr: number, mu = 0.9, wd = 0): void {
  same('momentumUpdate', p, g, vel);
  k.fn('momentum_update')(p.ptr, g.ptr, vel.ptr, p.length, lr, mu, wd);
}

export interface AdamArgs {
  lr: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  weightDecay?: number;
  /** 1 for the first update. */
  step: number;
}

/** Adam with bias correction and decoupled weight decay; m and v are its running moments. */
export function adamUpdate(k: Kernel, p: F32Buffer, g: F32Buffer, m: F32Buffer, v: F32Buffer, a: AdamArgs): void {
  same('adamUpdate', p, g, m, v);
  if (!(Number.isInteger(a.step) && a.step >= 1)) throw new RangeError(`adamUpdate: step must be an integer ≥ 1, got ${a.step}`);
  k.fn('adam_update')(p.ptr, g.ptr, m.ptr, v.ptr, p.length, a.lr, a.beta1 ?? 0.9, a.beta2 ?? 0.999, a.epsilon ?? 1e-8, a.weightDecay ?? 0, a.step);
}
