// Fine-tuning a trained network on new encoded rows with chosen dense layers frozen: the kernel's fused step updates every layer, so a frozen layer's weights and bias are written back after each step (their gradients and optimizer state are computed and thrown away).
import type { EarlyStopping } from '../models/config';
import type { Encoded } from '../models/featurizer';
import type { KernelPort, ParamList } from '../nn/port';
import type { NetworkSpec } from '../nn/spec';
import { createRng } from '../random';
import { bestEpochOf, DivergenceError, evaluate, targetMatrix, TrainingError, type EpochMetrics, type StopReason, type TrainHooks } from './train';

export interface FineTuneSettings {
  /** Dense layers kept as they are, numbered as in architecture.layers (1 is the first layer after the input, L the output). */
  frozen: readonly number[];
  epochs: number;
  /** Constant over the run (the source's schedule was for training from scratch). */
  learningRate: number;
  batchSize: number;
  /** Orders the batches. */
  seed: number;
  /** Restores the best epoch's weights when it stops a run, as training does. */
  earlyStopping: EarlyStopping | null;
}

export interface FineTuneOutcome {
  params: ParamList;
  history: EpochMetrics[];
  /** The source weights on the validation rows, before any step. */
  before: { loss: number; accuracy: number };
  /** The kept weights on the same rows. */
  validation: { loss: number; accuracy: number };
  keptEpoch: number;
  bestEpoch: number;
  stopped: StopReason;
  trainingTimeMs: number;
}

/** Indices into a ParamList of a dense layer's weights and bias (layer 1 is params[0], params[1]). */
const slots = (layer: number): [number, number] => [2 * (layer - 1), 2 * (layer - 1) + 1];

/** Problems with a frozen-layer list for a network of `dense` layers; the field is where the caller took it from. */
export function checkFrozen(frozen: readonly unknown[], dense: number, field: string): number[] {
  const seen = new Set<number>();
  frozen.forEach((l, i) => {
    if (typeof l !== 'number' || !Number.isInteger(l) || l < 1 || l > dense) throw new TrainingError(`${field}[${i}]`, `must be a layer number from 1 to ${dense} (architecture.layers[1…${dense}]; 0 is the input, which has no weights; got ${JSON.stringify(l)})`);
    if (seen.has(l)) throw new TrainingError(`${field}[${i}]`, `names layer ${l} twice`);
    seen.add(l);
  });
  if (seen.size === dense) throw new TrainingError(field, `freezes all ${dense} layers, so nothing would be trained: leave at least one out`);
  return [...seen].toSorted((a, b) => a - b);
}

/** Fine-tunes `params` (not modified) on `train`, measuring on `validation` before and after. */
export async function fineTune(port: KernelPort, spec: NetworkSpec, params: ParamList, train: Encoded, validation: Encoded, settings: FineTuneSettings, hooks: TrainHooks): Promise<FineTuneOutcome> {
  const dense = spec.layers.length - 1;
  const frozen = checkFrozen(settings.frozen, dense, 'freeze_layers');
  if (!Number.isInteger(settings.epochs) || settings.epochs < 1) throw new TrainingError('epochs', `must be a positive integer (got ${settings.epochs})`);
  if (!(settings.learningRate > 0 && Number.isFinite(settings.learningRate))) throw new TrainingError('learning_rate', `must be a positive number (got ${settings.learningRate})`);
  if (train.n === 0) throw new TrainingError('trainingData', 'no training record has a usable target');
  if (validation.n === 0) throw new TrainingError('validationData', 'no validation record has a usable target (add validationData or more records)');
  const width = spec.layers[0].size;
  const k = spec.layers[dense].size;
  const batchSize = Math.max(1, Math.min(settings.batchSize, train.n));
  const tuned: NetworkSpec = { ...spec, optimizer: { ...spec.optimizer, learningRate: settings.learningRate } };
  const net = port.createNetwork(tuned, settings.seed, batchSize);
  try {
    net.setParams(params);
    net.setLearningRate(settings.learningRate);
    const kept = frozen.map((layer) => ({ layer, values: slots(layer).map((s) => params[s].slice()) }));
    const restoreFrozen = () => {
      if (kept.length === 0) return;
      const now = net.getParams();
      for (const { layer, values } of kept) slots(layer).forEach((s, j) => (now[s] = values[j]));
      net.setParams(now);
    };
    const before = evaluate(net, validation);
    const targets = targetMatrix(spec, train.y, train.n);
    const xb = new Float32Array(batchSize * width);
    const yb = new Float32Array(batchSize * k);
    const order = Array.from({ length: train.n }, (_, i) => i);
    const rng = createRng((settings.seed ^ 0x5bd1e995) >>> 0);
    const es = settings.earlyStopping;
    const higherIsBetter = es?.monitor === 'val_accuracy';
    const history: EpochMetrics[] = [];
    let best = Number.NaN;
    let bestEpoch = 0;
    let bestParams: ParamList | null = null;
    let since = 0;
    let stopped: StopReason = 'completed';
    const start = hooks.now();
    for (let epoch = 1; epoch <= settings.epochs; epoch++) {
      if (hooks.shouldStop?.()) {
        stopped = 'cancelled';
        break;
      }
      const t0 = hooks.now();
      rng.shuffle(order);
      let lossSum = 0;
      let batches = 0;
      for (let at = 0; at < train.n; at += batchSize) {
        const b = Math.min(batchSize, train.n - at);
        for (let i = 0; i < b; i++) {
          const r = order[at + i];
          xb.set(train.x.subarray(r * width, (r + 1) * width), i * width);
          yb.set(targets.subarray(r * k, (r + 1) * k), i * k);
        }
        const l = net.trainStep(xb, yb, b);
        if (!Number.isFinite(l)) throw new DivergenceError(epoch, l, settings.learningRate);
        restoreFrozen();
        lossSum += l;
        batches++;
      }
      const tr = evaluate(net, train);
      const va = evaluate(net, validation);
      if (!Number.isFinite(va.loss)) throw new DivergenceError(epoch, va.loss, settings.learningRate);
      const m: EpochMetrics = { epoch, loss: lossSum / batches, accuracy: tr.accuracy, val_loss: va.loss, val_accuracy: va.accuracy, learning_rate: settings.learningRate, time_ms: hooks.now() - t0 };
      history.push(m);
      hooks.onEpoch?.(m);
      const value = higherIsBetter ? va.accuracy : va.loss;
      const improved = Number.isNaN(best) || (higherIsBetter ? value > best + (es?.min_delta ?? 0) : value < best - (es?.min_delta ?? 0));
      if (improved) {
        best = value;
        bestEpoch = epoch;
        since = 0;
        if (es) bestParams = net.getParams().map((p) => p.slice());
      } else if (es && ++since >= es.patience) {
        stopped = 'early_stopped';
        break;
      }
      await hooks.yieldEvery?.();
    }
    if (history.length === 0) throw new TrainingError('epochs', 'fine-tuning was cancelled before the first epoch finished');
    if (bestParams) net.setParams(bestParams);
    return {
      params: net.getParams().map((p) => p.slice()),
      history,
      before,
      validation: evaluate(net, validation),
      keptEpoch: es ? bestEpoch : history.length,
      bestEpoch: bestEpochOf(history, higherIsBetter),
      stopped,
      trainingTimeMs: hooks.now() - start,
    };
  } finally {
    net.dispose();
  }
}
