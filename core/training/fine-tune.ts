// Fine-tuning a trained network on new encoded rows with chosen dense layers frozen: the kernel's fused step updates every layer, so a frozen layer's weights and bias are written back after each step (their gradients and optimizer state are computed and thrown away).
import type { EarlyStopping } from '../models/config';
import type { Encoded } from '../models/featurizer';
import type { KernelPort, ParamList } from '../nn/port';
import type { NetworkSpec } from '../nn/spec';
import { evaluate, runEpochs, TrainingError, type EpochMetrics, type StopReason, type TrainHooks } from './train';

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
    const run = await runEpochs(net, train, validation, {
      epochs: settings.epochs, batchSize, rngSeed: (settings.seed ^ 0x5bd1e995) >>> 0, learningRate: () => settings.learningRate,
      earlyStopping: settings.earlyStopping, afterStep: restoreFrozen, what: 'fine-tuning',
    }, hooks);
    return {
      params: net.getParams().map((p) => p.slice()),
      history: run.history,
      before,
      validation: evaluate(net, validation),
      keptEpoch: run.keptEpoch,
      bestEpoch: run.bestEpoch,
      stopped: run.stopped,
      trainingTimeMs: run.trainingTimeMs,
    };
  } finally {
    net.dispose();
  }
}
