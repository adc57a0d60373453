// The training loop: split, featurize (fitted on the training rows only), mini-batch epochs on a KernelPort's fused step, schedules, early stopping with best-weight restore, divergence checks.
import { learningRateAt, type EarlyStopping, type ModelConfig } from '../models/config';
import type { Encoded, FeatureSchema, FitReport, Unseen } from '../models/featurizer';
import type { KernelPort, ParamList, TrainableNetwork } from '../nn/port';
import { specErrors, type Loss, type NetworkSpec } from '../nn/spec';
import { createRng } from '../random';
import { accuracyOf, meanLoss, predictedClasses, r2 } from './metrics';
import type { TableData } from '../data/table';
import { prepareData, type Prepared, type PrepareOptions, type TargetInference, type TrainData } from './prepare';

export type { TrainData, TableData };

export interface EpochMetrics {
  epoch: number;
  /** Mean training loss over the epoch's batches (before each update). */
  loss: number;
  /** Training accuracy measured after the epoch (classification), or R² (regression). */
  accuracy: number;
  val_loss: number;
  val_accuracy: number;
  learning_rate: number;
  /** Wall time of the epoch in ms, from the injected clock. */
  time_ms: number;
}

export type StopReason = 'completed' | 'early_stopped' | 'cancelled';

export interface TrainHooks {
  /** Milliseconds; performance.now in browsers. */
  now: () => number;
  onEpoch?: (m: EpochMetrics) => void;
  /** Checked between epochs. */
  shouldStop?: () => boolean;
  /** Awaited between epochs (and every few hundred batches) so a worker or the CLI can process messages (cancel) while training. */
  yieldEvery?: () => Promise<void>;
  /** Called once the data is prepared (target, task, schema, counts), before the first epoch. */
  onPrepared?: (p: Prepared) => void;
}

export interface TrainOutcome {
  spec: NetworkSpec;
  schema: FeatureSchema;
  /** The weights kept: those of keptEpoch. */
  params: ParamList;
  history: EpochMetrics[];
  /** The epoch whose weights were kept: the one early stopping restored, or the last epoch without early stopping. */
  keptEpoch: number;
  /** The epoch with the best monitored validation value (lowest val_loss, or highest val_accuracy when early stopping monitors it). */
  bestEpoch: number;
  /** What fitting decided per column, and the values of numeric columns that were not numbers. */
  report: FitReport;
  /** What the validation rows held that the training rows had not (the featurizer is fitted on training rows only). */
  unseen: Unseen;
  stopped: StopReason;
  trainingTimeMs: number;
  /** Where the validation data came from. */
  validationSource: 'validationData' | 'split';
  counts: { train: number; validation: number; skippedTrain: number; skippedValidation: number };
  /** Validation metrics of the returned weights. */
  validation: { loss: number; accuracy: number };
  /** How the task (classification or regression) was decided. */
  inference: TargetInference;
}

export class TrainingError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'TrainingError';
  }
}

/** Raised when the loss becomes NaN/Infinity or explodes; training stops at once. */
export class DivergenceError extends Error {
  constructor(readonly epoch: number, readonly loss: number, learningRate: number) {
    super(`training diverged at epoch ${epoch} (loss ${Number.isNaN(loss) ? 'NaN' : loss.toPrecision(4)}): try a learning_rate below ${learningRate}`);
    this.name = 'DivergenceError';
  }
}

/** A loss this many times the first epoch's marks divergence even while still finite. */
const EXPLOSION = 1e4;

/** The network a config and a fitted schema describe; input/output sizes come from the data where the config leaves them out. */
export function networkSpecFor(config: ModelConfig, schema: FeatureSchema): NetworkSpec {
  const layers = config.layers;
  const input = layers[0];
  if (input.size !== null && input.size !== schema.width) {
    throw new TrainingError('architecture.layers[0].size', `architecture.layers[0].size is ${input.size} but the data has ${schema.width} features: leave size out to take it from the data`);
  }
  const out = layers[layers.length - 1];
  const { task, labels } = schema.target;
  let loss: Loss;
  let outSize: number;
  if (task === 'regression') {
    if (out.activation !== 'linear') throw new TrainingError(`architecture.layers[${layers.length - 1}].activation`, `a regression target ('${schema.target.field}') needs a linear output (got ${out.activation})`);
    loss = 'mse';
    outSize = 1;
  } else if (out.activation === 'softmax') {
    loss = 'softmax_cross_entropy';
    outSize = labels.length;
  } else if (out.activation === 'sigmoid' && labels.length === 2) {
    loss = 'binary_cross_entropy';
    outSize = 1;
  } else {
    throw new TrainingError(`architecture.layers[${layers.length - 1}].activation`, `a classifier of ${labels.length} classes needs a softmax output${labels.length === 2 ? ' (or sigmoid)' : ''} (got ${out.activation})`);
  }
  if (out.size !== null && out.size !== outSize) {
    throw new TrainingError(`architecture.layers[${layers.length - 1}].size`, `architecture.layers[${layers.length - 1}].size is ${out.size} but the target '${schema.target.field}' needs ${outSize} output${outSize > 1 ? 's' : ''}${task === 'classification' ? ` (${labels.join(', ')})` : ''}: leave size out to take it from the data`);
  }
  const t = config.training;
  const spec: NetworkSpec = {
    layers: [{ size: schema.width, activation: 'linear' }, ...layers.slice(1, -1).map((l) => ({ size: l.size!, activation: l.activation })), { size: outSize, activation: out.activation }],
    loss,
    optimizer: { type: t.optimizer, learningRate: t.learning_rate, momentum: t.momentum, weightDecay: t.weight_decay },
  };
  const errs = specErrors(spec);
  if (errs.length > 0) throw new TrainingError('architecture', errs.join('; '));
  return spec;
}

/** Targets as the loss wants them: one-hot rows, a 0/1 column, or the standardised value. */
export function targetMatrix(spec: NetworkSpec, y: Int32Array | Float32Array, n: number): Float32Array {
  const k = spec.layers[spec.layers.length - 1].size;
  const t = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    if (spec.loss === 'softmax_cross_entropy') t[i * k + y[i]] = 1;
    else t[i * k] = y[i];
  }
  return t;
}

/** Loss and accuracy (R² for regression) of a network on encoded rows, predicting in chunks of maxBatch. */
export function evaluate(net: TrainableNetwork, data: Encoded): { loss: number; accuracy: number } {
  const spec = net.spec;
  const width = spec.layers[0].size;
  const k = spec.layers[spec.layers.length - 1].size;
  const out = new Float32Array(data.n * k);
  for (let at = 0; at < data.n; at += net.maxBatch) {
    const b = Math.min(net.maxBatch, data.n - at);
    out.set(net.predict(data.x.subarray(at * width, (at + b) * width), b), at * k);
  }
  const loss = meanLoss(spec.loss, out, targetMatrix(spec, data.y, data.n), data.n, k);
  const accuracy = spec.loss === 'mse' ? r2(out, data.y) : accuracyOf(predictedClasses(out, data.n, k), data.y);
  return { loss, accuracy };
}

const copyParams = (p: ParamList): ParamList => p.map((a) => a.slice());

/** The 1-based epoch with the lowest val_loss (highest val_accuracy when higherIsBetter); the first of ties. */
export function bestEpochOf(history: EpochMetrics[], higherIsBetter = false): number {
  let best = 0;
  for (let i = 1; i < history.length; i++) {
    const [a, b] = higherIsBetter ? [history[i].val_accuracy, history[best].val_accuracy] : [history[best].val_loss, history[i].val_loss];
    if (a > b) best = i;
  }
  return best + 1;
}

/** Batches between checks of shouldStop and yields inside an epoch (an epoch of a million rows takes seconds). */
const BATCHES_PER_YIELD = 512;

/** What a config decides of the data preparation: train() uses it, and so does whatever prepares data for it elsewhere (the Lab's data worker). */
export function prepareOptionsOf(config: ModelConfig): PrepareOptions {
  const t = config.training;
  return {
    target: t.target, task: t.task, patternType: t.pattern_type, validationSplit: t.validation_split, seed: t.seed, featureTypes: t.feature_types,
    outputActivation: config.layers[config.layers.length - 1].activation,
  };
}

/** Refuses an epoch count that is not a positive integer (train() and trainers of prepared data). */
export function checkEpochs(epochs: number): void {
  if (!Number.isInteger(epochs) || epochs < 1) throw new TrainingError('epochs', `epochs must be a positive integer (got ${epochs})`);
}

/**
 * Trains a network for a config on records or columns. Deterministic for a given seed and port: the split, the
 * initial weights and every epoch's batch order derive from training.seed.
 */
export async function train(port: KernelPort, config: ModelConfig, data: TrainData | TableData, hooks: TrainHooks, epochsOverride?: number): Promise<TrainOutcome> {
  const t = config.training;
  const epochs = epochsOverride ?? t.epochs;
  checkEpochs(epochs);
  if (!('kind' in data) && !Array.isArray(data.trainingData)) throw new TrainingError('trainingData', 'trainingData must be an array of records');
  const prepared = prepareData(data, prepareOptionsOf(config));
  hooks.onPrepared?.(prepared);
  return trainPrepared(port, config, prepared, hooks, epochs);
}

/** The training loop on prepared data: mini-batches gathered by index from the training block of the design matrix. */
export async function trainPrepared(port: KernelPort, config: ModelConfig, prepared: Prepared, hooks: TrainHooks, epochs: number): Promise<TrainOutcome> {
  const t = config.training;
  const { schema } = prepared;
  const spec = networkSpecFor(config, schema);
  const trainSet: Encoded = prepared.train;
  const valSet: Encoded = prepared.validation;
  if (trainSet.n === 0) throw new TrainingError('trainingData', 'no training record has a usable target');
  if (valSet.n === 0) throw new TrainingError('validationData', 'no validation record has a usable target (add validationData or more training records)');

  const batchSize = Math.min(t.batch_size, trainSet.n);
  const net = port.createNetwork(spec, t.seed, Math.max(batchSize, 1));
  try {
    const run = await runEpochs(net, trainSet, valSet, {
      epochs, batchSize, rngSeed: (t.seed ^ 0x9e3779b9) >>> 0, learningRate: (epoch) => learningRateAt(t, epoch, epochs), earlyStopping: t.early_stopping, what: 'training',
    }, hooks);
    const validation = evaluate(net, valSet);
    return {
      spec, schema, params: copyParams(net.getParams()), history: run.history,
      keptEpoch: run.keptEpoch,
      bestEpoch: run.bestEpoch,
      stopped: run.stopped,
      trainingTimeMs: run.trainingTimeMs,
      validationSource: prepared.source,
      counts: prepared.counts,
      validation,
      report: prepared.report,
      unseen: prepared.unseen,
      inference: prepared.inference,
    };
  } finally {
    net.dispose();
  }
}

export interface EpochLoopOptions {
  epochs: number;
  batchSize: number;
  /** Orders each epoch's batches. */
  rngSeed: number;
  learningRate: (epoch: number) => number;
  earlyStopping: EarlyStopping | null | undefined;
  /** After each step (fine-tuning writes its frozen layers back here). */
  afterStep?: () => void;
  /** What runs, for the message when it is cancelled before its first epoch ('training', 'fine-tuning'). */
  what: string;
}

export interface EpochLoopOutcome {
  history: EpochMetrics[];
  keptEpoch: number;
  bestEpoch: number;
  stopped: StopReason;
  trainingTimeMs: number;
}

/**
 * The epochs of mini-batch training on encoded rows: shuffled batches through the network's fused step, divergence
 * checks, per-epoch metrics, cancel between batches (the epoch's weights put back) and between epochs, early stopping
 * that restores the best epoch's weights. Leaves the kept weights in the network.
 */
export async function runEpochs(net: TrainableNetwork, trainSet: Encoded, valSet: Encoded, opts: EpochLoopOptions, hooks: TrainHooks): Promise<EpochLoopOutcome> {
  const spec = net.spec;
  const width = spec.layers[0].size;
  const k = spec.layers[spec.layers.length - 1].size;
  const { batchSize } = opts;
  const targets = targetMatrix(spec, trainSet.y, trainSet.n);
  const xb = new Float32Array(batchSize * width);
  const yb = new Float32Array(batchSize * k);
  const order = new Int32Array(trainSet.n);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const rng = createRng(opts.rngSeed);
  const history: EpochMetrics[] = [];
  const es = opts.earlyStopping;
  const higherIsBetter = es?.monitor === 'val_accuracy';
  let best = Number.NaN;
  let bestEpoch = 0;
  let bestParams: ParamList | null = null;
  let since = 0;
  let stopped: StopReason = 'completed';
  let firstLoss = Number.NaN;
  const start = hooks.now();

  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    if (hooks.shouldStop?.()) {
      stopped = 'cancelled';
      break;
    }
    const t0 = hooks.now();
    const lr = opts.learningRate(epoch);
    net.setLearningRate(lr);
    rng.shuffle(order);
    let lossSum = 0;
    let batches = 0;
    let cancelled = false;
    // The weights at the start of the epoch, put back if it is cancelled half way (its metrics would not describe them).
    const before = hooks.shouldStop ? copyParams(net.getParams()) : null;
    for (let at = 0; at < trainSet.n; at += batchSize) {
      if (batches > 0 && batches % BATCHES_PER_YIELD === 0) {
        await hooks.yieldEvery?.();
        if (hooks.shouldStop?.()) {
          cancelled = true;
          break;
        }
      }
      const b = Math.min(batchSize, trainSet.n - at);
      for (let i = 0; i < b; i++) {
        const r = order[at + i];
        xb.set(trainSet.x.subarray(r * width, (r + 1) * width), i * width);
        yb.set(targets.subarray(r * k, (r + 1) * k), i * k);
      }
      const l = net.trainStep(xb, yb, b);
      if (!Number.isFinite(l)) throw new DivergenceError(epoch, l, lr);
      opts.afterStep?.();
      lossSum += l;
      batches++;
    }
    if (cancelled) {
      if (before) net.setParams(before);
      stopped = 'cancelled';
      break;
    }
    const loss = lossSum / batches;
    if (epoch === 1) firstLoss = loss;
    else if (loss > EXPLOSION * Math.max(firstLoss, 1e-3)) throw new DivergenceError(epoch, loss, lr);
    const tr = evaluate(net, trainSet);
    const va = evaluate(net, valSet);
    if (!Number.isFinite(va.loss)) throw new DivergenceError(epoch, va.loss, lr);
    const m: EpochMetrics = { epoch, loss, accuracy: tr.accuracy, val_loss: va.loss, val_accuracy: va.accuracy, learning_rate: lr, time_ms: hooks.now() - t0 };
    history.push(m);
    hooks.onEpoch?.(m);

    const value = higherIsBetter ? va.accuracy : va.loss;
    const improved = Number.isNaN(best) || (higherIsBetter ? value > best + (es?.min_delta ?? 0) : value < best - (es?.min_delta ?? 0));
    if (improved) {
      best = value;
      bestEpoch = epoch;
      since = 0;
      if (es) bestParams = copyParams(net.getParams());
    } else if (es && ++since >= es.patience) {
      stopped = 'early_stopped';
      break;
    }
    await hooks.yieldEvery?.();
  }
  if (history.length === 0) throw new TrainingError('epochs', `${opts.what} was cancelled before the first epoch finished`);
  if (bestParams) net.setParams(bestParams);
  return {
    history,
    keptEpoch: es ? bestEpoch : history.length,
    bestEpoch: bestEpochOf(history, higherIsBetter),
    stopped,
    trainingTimeMs: hooks.now() - start,
  };
}
