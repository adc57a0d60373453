// The pattern classifier: a small softmax network over PatternFeaturizer rows, trained on a KernelPort's fused step; inference in plain TS (core/nn/forward).
import { forwardF32 } from '../nn/forward';
import type { KernelPort, ParamList } from '../nn/port';
import { paramCount, type NetworkSpec } from '../nn/spec';
import { createRng } from '../random';
import { accuracyOf, confusionMatrix } from '../training/metrics';
import type { PatternFeaturizer } from './features';
import { PATTERNS, type CognitivePattern, type Operation } from './operation';

/*
 * Why not core/training/train.ts: train() takes records and fits core/models/featurizer.ts to them (numbers
 * standardised, text hashed its own way); these rows are already vectors (word vectors, hashed n-grams, fields),
 * and running ~3,400 "numeric columns" through that featurizer would standardise away the hashing's signs and
 * the embedder's geometry. The loop below is the same kernel call (TrainableNetwork.trainStep: forward,
 * softmax cross-entropy, backward and the Adam update in one wasm call per batch) with a fixed number of epochs
 * and no validation-driven stopping: every choice of settings was made by cross-validation on the training
 * split (patterns.measure.test.ts), so the held-out split is looked at once, for the figures.
 * A row's weight is how many times it is presented per epoch (a user's correction counts CORRECTION_WEIGHT times).
 */

export interface ClassifierConfig {
  /** Width of the hidden relu layer; 0 for a linear softmax (multinomial logistic regression). */
  hidden: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Decoupled (AdamW) weight decay: keeps the many hashed weights small. */
  weightDecay: number;
  seed: number;
}

export const CLASSIFIER_DEFAULTS: ClassifierConfig = { hidden: 0, epochs: 40, batchSize: 16, learningRate: 0.01, weightDecay: 0.01, seed: 7 };

export interface TrainingRow {
  operation: Operation;
  pattern: CognitivePattern;
  /** Times the row is presented per epoch (default 1). */
  weight?: number;
}

export interface Classifier {
  readonly spec: NetworkSpec;
  readonly params: ParamList;
  readonly featurizer: PatternFeaturizer;
  /** Probabilities of the six patterns, in PATTERNS order. */
  probabilities(op: Operation): Float32Array;
  /** Probabilities of many operations [n × 6]. */
  probabilitiesBatch(ops: readonly Operation[]): Float32Array;
}

export function classifierSpec(width: number, config: ClassifierConfig): NetworkSpec {
  const out = { size: PATTERNS.length, activation: 'softmax' as const };
  return {
    layers: [{ size: width, activation: 'linear' }, ...(config.hidden > 0 ? [{ size: config.hidden, activation: 'relu' as const }] : []), out],
    loss: 'softmax_cross_entropy',
    optimizer: { type: 'adam', learningRate: config.learningRate, weightDecay: config.weightDecay },
  };
}

/** A classifier from trained (or stored) weights. */
export function classifierFrom(featurizer: PatternFeaturizer, spec: NetworkSpec, params: ParamList): Classifier {
  const probabilitiesBatch = (ops: readonly Operation[]): Float32Array => {
    const x = new Float32Array(ops.length * featurizer.width);
    ops.forEach((op, i) => featurizer.encodeInto(op, x.subarray(i * featurizer.width, (i + 1) * featurizer.width)));
    return forwardF32(spec, params, x, ops.length);
  };
  return { spec, params, featurizer, probabilitiesBatch, probabilities: (op) => probabilitiesBatch([op]) };
}

/** Trains on the rows; deterministic for a port, featurizer, rows and config. */
export function trainClassifier(port: KernelPort, featurizer: PatternFeaturizer, rows: readonly TrainingRow[], config: ClassifierConfig = CLASSIFIER_DEFAULTS): Classifier {
  if (rows.length === 0) throw new Error('pattern classifier: nothing to train on');
  const width = featurizer.width;
  const k = PATTERNS.length;
  const spec = classifierSpec(width, config);
  // Each row's features once; presentations index into them.
  const x = new Float32Array(rows.length * width);
  rows.forEach((r, i) => featurizer.encodeInto(r.operation, x.subarray(i * width, (i + 1) * width)));
  const order: number[] = [];
  rows.forEach((r, i) => {
    const w = r.weight ?? 1;
    if (!Number.isInteger(w) || w < 1) throw new Error(`pattern classifier: row ${i} has weight ${w}; weights are whole presentations per epoch`);
    for (let j = 0; j < w; j++) order.push(i);
  });
  const label = rows.map((r) => PATTERNS.indexOf(r.pattern));
  const batch = Math.min(config.batchSize, order.length);
  const net = port.createNetwork(spec, config.seed, batch);
  try {
    const xb = new Float32Array(batch * width);
    const yb = new Float32Array(batch * k);
    const rng = createRng((config.seed ^ 0x5bd1e995) >>> 0);
    for (let epoch = 0; epoch < config.epochs; epoch++) {
      rng.shuffle(order);
      for (let at = 0; at < order.length; at += batch) {
        const b = Math.min(batch, order.length - at);
        yb.fill(0);
        for (let i = 0; i < b; i++) {
          const r = order[at + i];
          xb.set(x.subarray(r * width, (r + 1) * width), i * width);
          yb[i * k + label[r]] = 1;
        }
        const loss = net.trainStep(xb, yb, b);
        if (!Number.isFinite(loss)) throw new Error(`pattern classifier: training diverged in epoch ${epoch + 1} (loss ${loss})`);
      }
    }
    return classifierFrom(featurizer, spec, net.getParams().map((p) => p.slice()));
  } finally {
    net.dispose();
  }
}

export interface Evaluation {
  /** Share of rows whose most probable pattern is their label. */
  accuracy: number;
  /** confusion[true][predicted], rows and columns in PATTERNS order. */
  confusion: number[][];
  /** Per pattern: recall (share of its rows found) and precision (share of its predictions right); null when undefined. */
  perPattern: { pattern: CognitivePattern; recall: number | null; precision: number | null; support: number }[];
  n: number;
}

/** Accuracy, confusion matrix and per-pattern recall/precision of predicted against true pattern indices. */
export function evaluation(predicted: ArrayLike<number>, truth: ArrayLike<number>): Evaluation {
  const confusion = confusionMatrix(predicted, truth, PATTERNS.length);
  const perPattern = PATTERNS.map((pattern, c) => {
    const support = confusion[c].reduce((s, v) => s + v, 0);
    const predictedAs = confusion.reduce((s, row) => s + row[c], 0);
    return { pattern, recall: support === 0 ? null : confusion[c][c] / support, precision: predictedAs === 0 ? null : confusion[c][c] / predictedAs, support };
  });
  return { accuracy: accuracyOf(predicted, truth), confusion, perPattern, n: truth.length };
}

/**
 * The classifier's evaluation on labelled rows, with its mean confidence (the probability of the pattern it picks):
 * beside the accuracy, it says whether the confidences it reports run high or low.
 */
export function evaluateClassifier(classifier: Classifier, rows: readonly TrainingRow[]): Evaluation & { meanConfidence: number } {
  const probs = classifier.probabilitiesBatch(rows.map((r) => r.operation));
  const k = PATTERNS.length;
  const predicted = rows.map((_, i) => argmax(probs.subarray(i * k, (i + 1) * k)));
  const meanConfidence = rows.length === 0 ? Number.NaN : predicted.reduce((s, p, i) => s + probs[i * k + p], 0) / rows.length;
  return { ...evaluation(predicted, rows.map((r) => PATTERNS.indexOf(r.pattern))), meanConfidence };
}

export function argmax(v: ArrayLike<number>): number {
  let best = 0;
  for (let j = 1; j < v.length; j++) if (v[j] > v[best]) best = j;
  return best;
}

export const classifierParameters = (c: Classifier): number => paramCount(c.spec);
