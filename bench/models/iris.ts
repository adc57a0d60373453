// The iris accuracy-bar model as a benchmark case: the same config, featurizer, split, starting weights and batches as core's train().
import { irisRecords } from '../../core/datasets/iris.fixture';
import { parseModelConfig, type ModelConfig } from '../../core/models/config';
import type { Encoded } from '../../core/models/featurizer';
import { initParams } from '../../core/nn/init';
import type { KernelPort } from '../../core/nn/port';
import type { NetworkSpec } from '../../core/nn/spec';
import { createRng } from '../../core/random';
import { accuracyOf, meanLoss, predictedClasses } from '../../core/training/metrics';
import { prepareData } from '../../core/training/prepare';
import { networkSpecFor, targetMatrix, type TrainData } from '../../core/training/train';
import type { BenchMlp, MlpCase } from '../../workers/compute/bench/peer';

/** The config of the accuracy bar (cli/safla.test.ts): 4 → 16 relu → 3 softmax, Adam lr 0.01, batch 16, stratified 70/30 split, seed 42. */
export const IRIS_CONFIG = {
  modelId: 'iris-mlp',
  type: 'classifier',
  architecture: { type: 'feedforward', layers: [{ type: 'input' }, { type: 'hidden', size: 16, activation: 'relu' }, { type: 'output', activation: 'softmax' }] },
  training: { target: 'species', learning_rate: 0.01, batch_size: 16, epochs: 150, optimizer: 'adam', validation_split: 0.3, seed: 42 },
};

/** Epochs the accuracy bar trains for. */
export const IRIS_EPOCHS = 150;

export interface IrisSetup {
  config: ModelConfig;
  data: TrainData;
  /**
   * The network train() builds, with Adam's constants written out (β1 0.9, β2 0.999, ε 1e-8: the kernel's defaults),
   * so a peer that has other defaults (tfjs: ε 1e-7) is given the same ones.
   */
  spec: NetworkSpec;
  seed: number;
  batch: number;
  /** Standardised features and class indices of the training and validation rows, as train() splits them. */
  train: Encoded;
  validation: Encoded;
}

export function irisSetup(): IrisSetup {
  const config = parseModelConfig(IRIS_CONFIG);
  const data: TrainData = { trainingData: irisRecords() };
  const t = config.training;
  // The same preparation train() runs: the split first, the featurizer fitted on the training rows only.
  const p = prepareData(data, { target: t.target, task: t.task, patternType: t.pattern_type, validationSplit: t.validation_split, seed: t.seed, featureTypes: t.feature_types });
  const base = networkSpecFor(config, p.schema);
  const spec: NetworkSpec = { ...base, optimizer: { ...base.optimizer, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } };
  return { config, data, spec, seed: t.seed, batch: Math.min(t.batch_size, p.train.n), train: p.train, validation: p.validation };
}

/** Row order of every epoch, as train() draws it: one seeded shuffle of the training rows per epoch. */
export function epochOrders(s: IrisSetup, epochs: number): number[][] {
  const order = Array.from({ length: s.train.n }, (_, i) => i);
  const rng = createRng((s.seed ^ 0x9e3779b9) >>> 0);
  const out: number[][] = [];
  for (let e = 0; e < epochs; e++) {
    rng.shuffle(order);
    out.push(order.slice());
  }
  return out;
}

/** The training rows in an order, with one-hot targets. */
export function orderedRows(s: IrisSetup, order: number[]): { x: Float32Array; y: Float32Array } {
  const width = s.spec.layers[0].size;
  const targets = targetMatrix(s.spec, s.train.y, s.train.n);
  const k = s.spec.layers[s.spec.layers.length - 1].size;
  const x = new Float32Array(order.length * width);
  const y = new Float32Array(order.length * k);
  order.forEach((r, i) => {
    x.set(s.train.x.subarray(r * width, (r + 1) * width), i * width);
    y.set(targets.subarray(r * k, (r + 1) * k), i * k);
  });
  return { x, y };
}

/** The timed case: one epoch over the training rows in train()'s first-epoch order, from initParams(spec, seed). */
export function irisMlpCase(s: IrisSetup): MlpCase {
  const { x, y } = orderedRows(s, epochOrders(s, 1)[0]);
  return { spec: s.spec, seed: s.seed, params: initParams(s.spec, s.seed), x, y, samples: s.train.n, batch: s.batch };
}

/**
 * A port's network as a benchmark MLP whose epoch covers every row: full batches, then the remainder as one smaller
 * batch (as train() and tfjs' fit do; workers/compute/bench/port-mlp.ts drops the remainder, which is 9 of 105 here).
 */
export function epochMlp(port: KernelPort, c: MlpCase): BenchMlp {
  const net = port.createNetwork(c.spec, c.seed, c.batch);
  const inputs = c.spec.layers[0].size;
  const outputs = c.spec.layers[c.spec.layers.length - 1].size;
  return {
    trainEpoch: () => {
      for (let r = 0; r < c.samples; r += c.batch) {
        const b = Math.min(c.batch, c.samples - r);
        net.trainStep(c.x.subarray(r * inputs, (r + b) * inputs), c.y.subarray(r * outputs, (r + b) * outputs), b);
      }
    },
    predictTask: (rows) => {
      const x = c.x.subarray(0, rows * inputs);
      let out: Float32Array = new Float32Array(0);
      return { run: () => { out = net.predict(x, rows); }, output: () => out, dispose: () => {} };
    },
    dispose: () => net.dispose(),
  };
}

/** A network a peer trains batch by batch, for replaying train()'s epochs outside core. */
export interface ReplayTrainer {
  trainBatch(x: Float32Array, y: Float32Array, batch: number): void | Promise<void>;
  predict(x: Float32Array, rows: number): Float32Array | Promise<Float32Array>;
  dispose(): void;
}

/**
 * Trains a peer's network with train()'s epochs and batches (same init, same shuffles, remainder batch last) and
 * returns its validation accuracy and mean loss: what the peer reaches on the same schedule.
 */
export async function replayValidation(s: IrisSetup, trainer: ReplayTrainer, epochs: number): Promise<{ accuracy: number; loss: number }> {
  const width = s.spec.layers[0].size;
  const k = s.spec.layers[s.spec.layers.length - 1].size;
  try {
    for (const order of epochOrders(s, epochs)) {
      const { x, y } = orderedRows(s, order);
      for (let r = 0; r < s.train.n; r += s.batch) {
        const b = Math.min(s.batch, s.train.n - r);
        await trainer.trainBatch(x.subarray(r * width, (r + b) * width), y.subarray(r * k, (r + b) * k), b);
      }
    }
    const out = await trainer.predict(s.validation.x, s.validation.n);
    return {
      accuracy: accuracyOf(predictedClasses(out, s.validation.n, k), s.validation.y),
      loss: meanLoss(s.spec.loss, out, targetMatrix(s.spec, s.validation.y, s.validation.n), s.validation.n, k),
    };
  } finally {
    trainer.dispose();
  }
}

/** A KernelPort network as a ReplayTrainer (the plain-JS reference, or the kernel). */
export function portTrainer(port: KernelPort, s: IrisSetup): ReplayTrainer {
  const net = port.createNetwork(s.spec, s.seed, s.batch);
  return {
    trainBatch: (x, y, b) => { net.trainStep(x, y, b); },
    predict: (x, rows) => net.predict(x, rows),
    dispose: () => net.dispose(),
  };
}
