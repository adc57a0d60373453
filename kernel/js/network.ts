// The wasm KernelPort: lays a network out in linear memory (one slab + a descriptor) and trains it with one call per step.
// The descriptor layout is documented in kernel/assembly/mlp.ts; the offsets below mirror it.
import { initParams } from '../../core/nn/init';
import type { KernelPort, ParamList, TrainableNetwork } from '../../core/nn/port';
import { ACTIVATION_CODE, LOSS_CODE, OPTIMIZER_CODE, paramCount, type NetworkSpec } from '../../core/nn/spec';
import { checkBatch, checkNetworkArgs, checkParams } from '../reference/mlp';
import type { F32Buffer, Fn, I32Buffer, Kernel } from './kernel';

const HEADER_WORDS = 24;
const LAYER_WORDS = 8;
const H = {
  L: 0, maxBatch: 1, loss: 2, optimizer: 3, lr: 4, beta1: 5, beta2: 6, epsilon: 7, weightDecay: 8, step: 9,
  P: 10, params: 11, grads: 12, state1: 13, state2: 14, x: 15, y: 16, deltaA: 17, deltaB: 18,
} as const;
const F = { nIn: 0, nOut: 1, act: 2, w: 3, b: 4, dw: 5, db: 6, a: 7 } as const;

/** Rounds a float count up to whole 16-byte vectors, so every region starts aligned for SIMD. */
const pad4 = (n: number): number => (n + 3) & ~3;

interface Region {
  /** Float offset into the slab. */
  at: number;
  length: number;
}

/** Where everything lives in the slab, in floats. Padding inside params/grads stays zero and so stays put under every optimizer. */
function layout(spec: NetworkSpec, maxBatch: number) {
  let cursor = 0;
  const take = (length: number): Region => {
    const r = { at: cursor, length };
    cursor += pad4(length);
    return r;
  };
  const sizes = spec.layers.map((l) => l.size);
  const L = sizes.length - 1;
  // Parameters first, contiguous, so one optimizer call covers them; W and b of each layer padded to vectors.
  const paramRegions: { w: Region; b: Region }[] = [];
  for (let l = 0; l < L; l++) paramRegions.push({ w: take(sizes[l] * sizes[l + 1]), b: take(sizes[l + 1]) });
  const P = cursor;
  // Gradients and optimizer state mirror the parameters' layout exactly; -1 marks state the optimizer lacks.
  const grads = take(P).at;
  const type = spec.optimizer.type;
  const state1 = type === 'sgd' ? -1 : take(P).at;
  const state2 = type === 'adam' ? take(P).at : -1;
  const x = take(maxBatch * sizes[0]);
  const y = take(maxBatch * sizes[L]);
  const maxWidth = Math.max(...sizes.slice(1));
  const deltaA = take(maxBatch * maxWidth);
  const deltaB = take(maxBatch * maxWidth);
  const acts = sizes.slice(1).map((n) => take(maxBatch * n));
  return { L, sizes, paramRegions, P, grads, state1, state2, x, y, deltaA, deltaB, acts, total: cursor };
}

/** A Float32Array view cached until memory grows (growth detaches the old buffer). */
class View {
  #buf: ArrayBuffer | null = null;
  #view = new Float32Array(0);
  constructor(
    readonly kernel: Kernel,
    readonly ptr: number,
    readonly length: number,
  ) {}
  get(): Float32Array {
    const buf = this.kernel.memory.buffer;
    if (buf !== this.#buf) {
      this.#buf = buf;
      this.#view = new Float32Array(buf, this.ptr, this.length);
    }
    return this.#view;
  }
}

class WasmNetwork implements TrainableNetwork {
  readonly paramCount: number;
  #k: Kernel;
  #slab: F32Buffer;
  #desc: I32Buffer;
  #lay: ReturnType<typeof layout>;
  #x: View;
  #y: View;
  #out: View;
  #params: View;
  #grads: View;
  #predIn: F32Buffer | null = null;
  #predOut: F32Buffer | null = null;
  #train: Fn;
  #lossGrad: Fn;
  #predict: Fn;
  #disposed = false;

  constructor(
    kernel: Kernel,
    readonly spec: NetworkSpec,
    seed: number,
    readonly maxBatch: number,
  ) {
    checkNetworkArgs(spec, maxBatch);
    this.#k = kernel;
    this.paramCount = paramCount(spec);
    this.#train = kernel.fn('mlp_train_step');
    this.#lossGrad = kernel.fn('mlp_loss_grad');
    this.#predict = kernel.fn('mlp_predict');
    const lay = (this.#lay = layout(spec, maxBatch));
    this.#slab = kernel.f32(lay.total); // zeroed: gradients, optimizer state and padding start at 0
    this.#desc = kernel.i32(HEADER_WORDS + LAYER_WORDS * lay.L);
    const base = this.#slab.ptr;
    const addr = (floatAt: number): number => (floatAt < 0 ? 0 : base + 4 * floatAt);
    const o = spec.optimizer;
    const words = this.#desc.view;
    const reals = new Float32Array(words.buffer, words.byteOffset, words.length);
    words[H.L] = lay.L;
    words[H.maxBatch] = maxBatch;
    words[H.loss] = LOSS_CODE[spec.loss];
    words[H.optimizer] = OPTIMIZER_CODE[o.type];
    reals[H.lr] = o.learningRate;
    reals[H.beta1] = o.type === 'adam' ? (o.beta1 ?? 0.9) : (o.momentum ?? 0.9);
    reals[H.beta2] = o.beta2 ?? 0.999;
    reals[H.epsilon] = o.epsilon ?? 1e-8;
    reals[H.weightDecay] = o.weightDecay ?? 0;
    words[H.step] = 0;
    words[H.P] = lay.P;
    words[H.params] = addr(0);
    words[H.grads] = addr(lay.grads);
    words[H.state1] = addr(lay.state1);
    words[H.state2] = addr(lay.state2);
    words[H.x] = addr(lay.x.at);
    words[H.y] = addr(lay.y.at);
    words[H.deltaA] = addr(lay.deltaA.at);
    words[H.deltaB] = addr(lay.deltaB.at);
    for (let l = 0; l < lay.L; l++) {
      const w = HEADER_WORDS + LAYER_WORDS * l;
      const { w: W, b } = lay.paramRegions[l];
      words[w + F.nIn] = lay.sizes[l];
      words[w + F.nOut] = lay.sizes[l + 1];
      words[w + F.act] = ACTIVATION_CODE[spec.layers[l + 1].activation];
      words[w + F.w] = addr(W.at);
      words[w + F.b] = addr(b.at);
      words[w + F.dw] = addr(lay.grads + W.at);
      words[w + F.db] = addr(lay.grads + b.at);
      words[w + F.a] = addr(lay.acts[l].at);
    }
    this.#x = new View(kernel, addr(lay.x.at), lay.x.length);
    this.#y = new View(kernel, addr(lay.y.at), lay.y.length);
    this.#out = new View(kernel, addr(lay.acts[lay.L - 1].at), lay.acts[lay.L - 1].length);
    this.#params = new View(kernel, addr(0), lay.P);
    this.#grads = new View(kernel, addr(lay.grads), lay.P);
    this.setParams(initParams(spec, seed));
  }

  #live(): void {
    if (this.#disposed) throw new Error('network used after dispose');
  }

  #stage(x: Float32Array, y: Float32Array, batch: number): void {
    this.#live();
    checkBatch(this.spec, this.maxBatch, x, batch, y);
    const nx = batch * this.#lay.sizes[0], ny = batch * this.#lay.sizes[this.#lay.L];
    this.#x.get().set(x.length === nx ? x : x.subarray(0, nx));
    this.#y.get().set(y.length === ny ? y : y.subarray(0, ny));
  }

  trainStep(x: Float32Array, y: Float32Array, batch: number): number {
    this.#stage(x, y, batch);
    return this.#train(this.#desc.ptr, batch);
  }

  lossAndGradients(x: Float32Array, y: Float32Array, batch: number): number {
    this.#stage(x, y, batch);
    return this.#lossGrad(this.#desc.ptr, batch);
  }

  #split(flat: Float32Array): ParamList {
    return this.#lay.paramRegions.flatMap(({ w, b }) => [flat.slice(w.at, w.at + w.length), flat.slice(b.at, b.at + b.length)]);
  }

  gradients(): ParamList {
    this.#live();
    return this.#split(this.#grads.get());
  }

  getParams(): ParamList {
    this.#live();
    return this.#split(this.#params.get());
  }

  setParams(params: ParamList): void {
    this.#live();
    checkParams(this.spec, params);
    const flat = this.#params.get();
    this.#lay.paramRegions.forEach(({ w, b }, l) => {
      flat.set(params[2 * l], w.at);
      flat.set(params[2 * l + 1], b.at);
    });
  }

  predict(x: Float32Array, batch: number): Float32Array {
    this.#live();
    checkBatch(this.spec, Infinity, x, batch);
    const nIn = this.#lay.sizes[0], nOut = this.#lay.sizes[this.#lay.L];
    if (batch <= this.maxBatch) {
      // Small batches reuse the training buffers: no allocation.
      this.#x.get().set(x.subarray(0, batch * nIn));
      this.#predict(this.#desc.ptr, this.#out.ptr, this.#x.ptr, batch);
      return this.#out.get().slice(0, batch * nOut);
    }
    if (!this.#predIn || this.#predIn.length < batch * nIn) {
      this.#predIn?.free();
      this.#predOut?.free();
      this.#predIn = this.#k.f32(batch * nIn);
      this.#predOut = this.#k.f32(batch * nOut);
    }
    this.#predIn.set(x.subarray(0, batch * nIn));
    this.#predict(this.#desc.ptr, this.#predOut!.ptr, this.#predIn.ptr, batch);
    return this.#predOut!.view.slice(0, batch * nOut);
  }

  setLearningRate(lr: number): void {
    this.#live();
    if (!(lr > 0 && Number.isFinite(lr))) throw new RangeError(`learning rate must be a positive number, got ${lr}`);
    new Float32Array(this.#k.memory.buffer, this.#desc.ptr, HEADER_WORDS)[H.lr] = lr;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#predIn?.free();
    this.#predOut?.free();
    this.#desc.free();
    this.#slab.free();
  }
}

function exportedWord(kernel: Kernel, name: string): number {
  const g = kernel.exports[name];
  return g instanceof WebAssembly.Global ? Number(g.value) : NaN;
}

/** The wasm kernel as a KernelPort, named after its build ('wasm-relaxed', 'wasm-simd', 'wasm-scalar'). */
export function createWasmPort(kernel: Kernel): KernelPort {
  if (exportedWord(kernel, 'MLP_HEADER_WORDS') !== HEADER_WORDS || exportedWord(kernel, 'MLP_LAYER_WORDS') !== LAYER_WORDS) {
    throw new Error(`kernel-${kernel.flavor}.wasm has a different MLP descriptor layout; rebuild the kernel`);
  }
  return {
    name: `wasm-${kernel.flavor}`,
    createNetwork: (spec, seed, maxBatch) => new WasmNetwork(kernel, spec, seed, maxBatch),
  };
}
