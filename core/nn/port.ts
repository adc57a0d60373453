// What core needs from a kernel to train a network. The wasm kernel and the plain-TS reference both implement it.
import type { NetworkSpec } from './spec';

/** Parameters or gradients in layer order: for each dense layer, W (in×out row-major) then b (out). */
export type ParamList = Float32Array[];

export interface TrainableNetwork {
  readonly spec: NetworkSpec;
  readonly paramCount: number;
  /** Largest batch a single call accepts (buffers are sized for it). */
  readonly maxBatch: number;
  /**
   * One fused step for a batch: forward, loss, backward, optimizer update.
   * x: [batch×inputs]; y: [batch×outputs] targets (one-hot for softmax_cross_entropy, 0/1 for binary).
   * Returns the mean loss over the batch before the update.
   */
  trainStep(x: Float32Array, y: Float32Array, batch: number): number;
  /** Forward, loss and backward without updating; gradients() then returns d(mean loss)/d(param). */
  lossAndGradients(x: Float32Array, y: Float32Array, batch: number): number;
  gradients(): ParamList;
  /** Output activations [batch×outputs] (probabilities for softmax/sigmoid outputs). Any batch size. */
  predict(x: Float32Array, batch: number): Float32Array;
  getParams(): ParamList;
  setParams(params: ParamList): void;
  setLearningRate(lr: number): void;
  /** Releases wasm memory; the network is unusable afterwards. */
  dispose(): void;
}

export interface KernelPort {
  /** 'wasm-relaxed' | 'wasm-simd' | 'wasm-scalar' | 'reference' */
  readonly name: string;
  /** Weights are initialised from `seed` by core/nn/init so every implementation starts identically. */
  createNetwork(spec: NetworkSpec, seed: number, maxBatch: number): TrainableNetwork;
}
