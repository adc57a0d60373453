// Reference MLP in plain TypeScript: the same network, loss, backward and optimizers as kernel/assembly/mlp.ts, from the reference ops.
// Legend: B batch rows, L dense layers, n_l units of layer l (n_0 inputs).
import { initParams } from '../../core/nn/init';
import type { KernelPort, ParamList, TrainableNetwork } from '../../core/nn/port';
import { paramCount, paramShapes, specErrors, type NetworkSpec } from '../../core/nn/spec';
import { activationBackwardRef, softmaxForwardRef, type Elementwise } from './activations';
import { gemmRef } from './gemm';
import { binaryCrossEntropyRef, mseRef, softmaxCrossEntropyRef } from './losses';
import { adamUpdateRef, momentumUpdateRef, sgdUpdateRef } from './optimizers';

/** Throws on an invalid spec or maxBatch; shared by every port so they refuse the same things. */
export function checkNetworkArgs(spec: NetworkSpec, maxBatch: number): void {
  const errs = specErrors(spec);
  if (errs.length) throw new Error(`invalid network spec: ${errs.join('; ')}`);
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError(`maxBatch must be a positive integer, got ${maxBatch}`);
}

/** Throws unless x[batch×inputs] (and y[batch×outputs] when given) fit a batch of 1..maxBatch (any size when maxBatch is Infinity). */
export function checkBatch(spec: NetworkSpec, maxBatch: number, x: Float32Array, batch: number, y?: Float32Array): void {
  if (!Number.isInteger(batch) || batch < 1 || batch > maxBatch) throw new RangeError(`batch must be an integer in 1..${maxBatch}, got ${batch}`);
  const nIn = spec.layers[0].size, nOut = spec.layers[spec.layers.length - 1].size;
  if (x.length < batch * nIn) throw new RangeError(`x holds ${x.length} values, a batch of ${batch} needs ${batch * nIn}`);
  if (y && y.length < batch * nOut) throw new RangeError(`y holds ${y.length} values, a batch of ${batch} needs ${batch * nOut}`);
}

/** Checks that params match the spec's shapes (W, b per layer). */
export function checkParams(spec: NetworkSpec, params: ParamList): void {
  const shapes = paramShapes(spec).flatMap((s) => [s.w[0] * s.w[1], s.b]);
  if (params.length !== shapes.length) throw new RangeError(`expected ${shapes.length} parameter arrays, got ${params.length}`);
  shapes.forEach((n, i) => {
    if (params[i].length !== n) throw new RangeError(`parameter ${i} holds ${params[i].length} values, expected ${n}`);
  });
}

class ReferenceNetwork implements TrainableNetwork {
  readonly paramCount: number;
  #params: ParamList;
  #grads: ParamList;
  #state1: ParamList;
  #state2: ParamList;
  #step = 0;
  #lr: number;
  #disposed = false;

  constructor(
    readonly spec: NetworkSpec,
    seed: number,
    readonly maxBatch: number,
  ) {
    checkNetworkArgs(spec, maxBatch);
    this.paramCount = paramCount(spec);
    this.#params = initParams(spec, seed);
    const zeros = (): ParamList => this.#params.map((p) => new Float32Array(p.length));
    this.#grads = zeros();
    this.#state1 = zeros();
    this.#state2 = zeros();
    this.#lr = spec.optimizer.learningRate;
  }

  #live(): void {
    if (this.#disposed) throw new Error('network used after dispose');
  }

  /** Outputs of every dense layer a_l[B×n_l]; the last is logits when `logits` and the loss takes logits. */
  #forward(x: Float32Array, batch: number, logits: boolean): Float32Array[] {
    const { layers, loss } = this.spec;
    const acts: Float32Array[] = [];
    let input = x;
    for (let l = 1; l < layers.length; l++) {
      const nIn = layers[l - 1].size, nOut = layers[l].size;
      let act = layers[l].activation;
      if (l === layers.length - 1 && logits && loss !== 'mse') act = 'linear';
      const out = new Float32Array(batch * nOut);
      // a[B×nOut] = act(input[B×nIn]·W[nIn×nOut] + b)
      gemmRef(out, input, this.#params[2 * (l - 1)], { m: batch, n: nOut, k: nIn, bias: this.#params[2 * l - 1], act: act === 'softmax' ? 'linear' : act });
      if (act === 'softmax') softmaxForwardRef(out, out, batch, nOut);
      acts.push(out);
      input = out;
    }
    return acts;
  }

  lossAndGradients(x: Float32Array, y: Float32Array, batch: number): number {
    this.#live();
    checkBatch(this.spec, this.maxBatch, x, batch, y);
    const { layers } = this.spec;
    const L = layers.length - 1;
    const acts = this.#forward(x, batch, true);
    const nL = layers[L].size;
    let delta = new Float32Array(batch * nL);
    let loss: number;
    if (this.spec.loss === 'softmax_cross_entropy') loss = softmaxCrossEntropyRef(delta, acts[L - 1], y, batch, nL);
    else if (this.spec.loss === 'binary_cross_entropy') loss = binaryCrossEntropyRef(delta, acts[L - 1], y, batch, nL);
    else {
      loss = mseRef(delta, acts[L - 1], y, batch, nL);
      activationBackwardRef(delta, delta, acts[L - 1], layers[L].activation as Elementwise);
    }
    for (let l = L - 1; l >= 0; l--) {
      const nIn = layers[l].size, nOut = layers[l + 1].size;
      const input = l === 0 ? x : acts[l - 1];
      // dW[nIn×nOut] = inputᵀ·delta; db = Σ_b delta
      gemmRef(this.#grads[2 * l], input, delta, { m: nIn, n: nOut, k: batch, transA: true });
      const db = this.#grads[2 * l + 1];
      db.fill(0);
      for (let b = 0; b < batch; b++) for (let j = 0; j < nOut; j++) db[j] += delta[b * nOut + j];
      if (l > 0) {
        // dInput[B×nIn] = delta·Wᵀ, then through layer l−1's activation
        const next = new Float32Array(batch * nIn);
        gemmRef(next, delta, this.#params[2 * l], { m: batch, n: nIn, k: nOut, transB: true });
        activationBackwardRef(next, next, acts[l - 1], layers[l].activation as Elementwise);
        delta = next;
      }
    }
    return loss;
  }

  trainStep(x: Float32Array, y: Float32Array, batch: number): number {
    const loss = this.lossAndGradients(x, y, batch);
    const o = this.spec.optimizer;
    const wd = o.weightDecay ?? 0;
    if (o.type === 'adam') this.#step++;
    this.#params.forEach((p, i) => {
      const g = this.#grads[i];
      if (o.type === 'sgd') sgdUpdateRef(p, g, this.#lr, wd);
      else if (o.type === 'momentum') momentumUpdateRef(p, g, this.#state1[i], this.#lr, o.momentum ?? 0.9, wd);
      else adamUpdateRef(p, g, this.#state1[i], this.#state2[i], this.#lr, o.beta1 ?? 0.9, o.beta2 ?? 0.999, o.epsilon ?? 1e-8, wd, this.#step);
    });
    return loss;
  }

  gradients(): ParamList {
    this.#live();
    return this.#grads.map((g) => g.slice());
  }

  predict(x: Float32Array, batch: number): Float32Array {
    this.#live();
    checkBatch(this.spec, Infinity, x, batch);
    const acts = this.#forward(x, batch, false);
    return acts[acts.length - 1];
  }

  getParams(): ParamList {
    this.#live();
    return this.#params.map((p) => p.slice());
  }

  setParams(params: ParamList): void {
    this.#live();
    checkParams(this.spec, params);
    params.forEach((p, i) => this.#params[i].set(p));
  }

  setLearningRate(lr: number): void {
    this.#live();
    if (!(lr > 0 && Number.isFinite(lr))) throw new RangeError(`learning rate must be a positive number, got ${lr}`);
    this.#lr = lr;
  }

  dispose(): void {
    this.#disposed = true;
  }
}

export const referencePort: KernelPort = {
  name: 'reference',
  createNetwork: (spec, seed, maxBatch) => new ReferenceNetwork(spec, seed, maxBatch),
};
