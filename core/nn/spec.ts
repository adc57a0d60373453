// Feed-forward network description shared by the kernel, its TS reference and (later) the model format.

export const ACTIVATIONS = ['linear', 'relu', 'leaky_relu', 'sigmoid', 'tanh', 'softmax'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** The kernel's numeric codes for activations (gemm's `act` argument and the network descriptor). */
export const ACTIVATION_CODE: Record<Activation, number> = {
  linear: 0, relu: 1, leaky_relu: 2, sigmoid: 3, tanh: 4, softmax: 5,
};
export const LEAKY_RELU_SLOPE = 0.01;

export const LOSSES = ['softmax_cross_entropy', 'binary_cross_entropy', 'mse'] as const;
export type Loss = (typeof LOSSES)[number];
export const LOSS_CODE: Record<Loss, number> = { softmax_cross_entropy: 0, binary_cross_entropy: 1, mse: 2 };

export const OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const;
export type OptimizerType = (typeof OPTIMIZERS)[number];
export const OPTIMIZER_CODE: Record<OptimizerType, number> = { sgd: 0, momentum: 1, adam: 2 };

export interface OptimizerSpec {
  type: OptimizerType;
  learningRate: number;
  /** momentum: velocity decay (default 0.9). */
  momentum?: number;
  /** adam (defaults 0.9, 0.999, 1e-8). */
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Decoupled (AdamW-style) for adam, L2 added to the gradient for sgd/momentum. Default 0. */
  weightDecay?: number;
}

export interface LayerSpec {
  size: number;
  /** Ignored on layer 0 (the input). */
  activation: Activation;
}

/**
 * layers[0] is the input; each later layer is dense: y = act(x·W + b), W stored row-major [in×out].
 * softmax is only allowed on the output with softmax_cross_entropy; sigmoid output pairs with binary_cross_entropy.
 */
export interface NetworkSpec {
  layers: LayerSpec[];
  loss: Loss;
  optimizer: OptimizerSpec;
}

/** Per dense layer: [W (in×out), b (out)], in layer order. */
export function paramShapes(spec: NetworkSpec): { w: [number, number]; b: number }[] {
  const out: { w: [number, number]; b: number }[] = [];
  for (let l = 1; l < spec.layers.length; l++) {
    out.push({ w: [spec.layers[l - 1].size, spec.layers[l].size], b: spec.layers[l].size });
  }
  return out;
}

/** Weights and biases a network may have (2^24: 64 MiB as float32, the training slab about four times that). */
export const MAX_PARAMETERS = 16_777_216;

export function paramCount(spec: NetworkSpec): number {
  return paramShapes(spec).reduce((s, p) => s + p.w[0] * p.w[1] + p.b, 0);
}

/** Problems with a spec, each naming the field; empty when valid. */
export function specErrors(spec: NetworkSpec): string[] {
  const errs: string[] = [];
  if (!Array.isArray(spec.layers) || spec.layers.length < 2) {
    return ['layers: need an input layer and at least one more'];
  }
  spec.layers.forEach((l, i) => {
    if (!Number.isInteger(l.size) || l.size < 1 || l.size > 65536) errs.push(`layers[${i}].size: must be an integer in 1..65536, got ${l.size}`);
    if (!ACTIVATIONS.includes(l.activation)) errs.push(`layers[${i}].activation: unknown '${l.activation}'`);
    if (i > 0 && i < spec.layers.length - 1 && l.activation === 'softmax') errs.push(`layers[${i}].activation: softmax only on the output layer`);
  });
  const params = paramCount(spec);
  if (errs.length === 0 && params > MAX_PARAMETERS) errs.push(`layers: ${params.toLocaleString('en-US')} parameters, more than the ${MAX_PARAMETERS.toLocaleString('en-US')} a network may have`);
  const last = spec.layers[spec.layers.length - 1];
  if (!LOSSES.includes(spec.loss)) errs.push(`loss: unknown '${spec.loss}'`);
  if (spec.loss === 'softmax_cross_entropy' && last.activation !== 'softmax') errs.push('loss: softmax_cross_entropy needs a softmax output layer');
  if (last.activation === 'softmax' && spec.loss !== 'softmax_cross_entropy') errs.push('layers: a softmax output needs loss softmax_cross_entropy');
  if (spec.loss === 'binary_cross_entropy' && last.activation !== 'sigmoid') errs.push('loss: binary_cross_entropy needs a sigmoid output layer');
  const o = spec.optimizer;
  if (!o || !OPTIMIZERS.includes(o.type)) errs.push(`optimizer.type: unknown '${o?.type}'`);
  else if (!(o.learningRate > 0 && Number.isFinite(o.learningRate))) errs.push(`optimizer.learningRate: must be a positive number, got ${o.learningRate}`);
  return errs;
}
