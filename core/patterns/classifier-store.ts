// Trains the served pattern classifier (training split + people's labels), measures it on the held-out split beside the baselines, and keeps versions in pattern_classifiers.
import type { Db } from '../db/db';
import type { KernelPort, ParamList } from '../nn/port';
import { paramCount, paramShapes, type NetworkSpec } from '../nn/spec';
import type { ClassifierFigures } from './api';
import { keywordPattern, majorityPattern } from './baselines';
import { classifierFrom, evaluateClassifier, evaluation, trainClassifier, type Classifier, type ClassifierConfig, type TrainingRow } from './classifier';
import { HELD_OUT_FRACTION, splitDataset, type PatternDataset } from './dataset';
import type { PatternFeaturizer } from './features';
import { isPattern, operationText, parseOperation, PATTERNS, type CognitivePattern, type Operation } from './operation';

/** Part of every fingerprint: bump it when training or the figures change, so stored versions from before retrain. */
export const CLASSIFIER_FORMAT = 1;
/** A correction is presented this many times per epoch: one person's explicit label outweighs one shipped example. */
export const CORRECTION_WEIGHT = 3;
/** Classifier versions kept in pattern_classifiers (the newest). */
export const KEEP_VERSIONS = 5;

export interface LabelRow {
  id: number;
  operation: string;
  pattern: string;
  source: 'correction' | 'learn';
}

/** Texts that name the same operation: case, spacing and surrounding punctuation aside. */
export function sameOperationKey(op: Operation): string {
  return operationText(op).toLowerCase().replace(/\s+/g, ' ').replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '');
}

export interface TrainInputs {
  port: KernelPort;
  featurizer: PatternFeaturizer;
  dataset: PatternDataset;
  config: ClassifierConfig;
  /** Both in id order; for one operation the latest label wins, over the shipped one too. */
  corrections: readonly LabelRow[];
  learnLabels: readonly LabelRow[];
  now: () => number;
  fingerprint: string;
  trainedAt: number;
}

/**
 * The served classifier: trained on the training split and every label people gave; measured on the held-out
 * split, whose rows it never trains on unless a person labelled that same operation (then the row is left out of
 * the measurement and counted in held_out.corrected_left_out, and the label, not the shipped one, is trained on).
 */
export function trainPatternClassifier(t: TrainInputs): { classifier: Classifier; figures: ClassifierFigures } {
  const { train, heldOut } = splitDataset(t.dataset.examples);
  const labels = new Map<string, TrainingRow & { source: LabelRow['source'] }>();
  for (const r of [...t.corrections, ...t.learnLabels].toSorted((a, b) => a.id - b.id)) {
    if (!isPattern(r.pattern)) continue;
    let operation: Operation;
    try {
      operation = parseOperation(JSON.parse(r.operation) as unknown);
    } catch {
      // A stored label whose operation no longer parses (stricter rules in a later version) is not trained on.
      continue;
    }
    const key = sameOperationKey(operation);
    labels.delete(key);
    labels.set(key, { operation, pattern: r.pattern, weight: r.source === 'correction' ? CORRECTION_WEIGHT : 1, source: r.source });
  }
  const rows: TrainingRow[] = train.filter((e) => !labels.has(sameOperationKey(e.operation))).map((e) => ({ operation: e.operation, pattern: e.pattern }));
  rows.push(...labels.values());
  const measured = heldOut.filter((e) => !labels.has(sameOperationKey(e.operation)));
  const t0 = t.now();
  const classifier = trainClassifier(t.port, t.featurizer, rows, t.config);
  const trainingMs = t.now() - t0;
  const evalRows = measured.map((e) => ({ operation: e.operation, pattern: e.pattern }));
  const truth = evalRows.map((r) => PATTERNS.indexOf(r.pattern));
  const majority = majorityPattern(rows.map((r) => r.pattern));
  const perPattern = Object.fromEntries(PATTERNS.map((p) => [p, t.dataset.examples.filter((e) => e.pattern === p).length])) as Record<CognitivePattern, number>;
  const majorityEval = evaluation(truth.map(() => PATTERNS.indexOf(majority)), truth);
  const keywordEval = evaluation(evalRows.map((r) => PATTERNS.indexOf(keywordPattern(r.operation))), truth);
  const values = [...labels.values()];
  const figures: ClassifierFigures = {
    version: t.fingerprint,
    trained_at: t.trainedAt,
    training_ms: Number(trainingMs.toFixed(1)),
    kernel: t.port.name,
    features: { name: t.featurizer.name, width: t.featurizer.width, embedder: t.featurizer.embedder },
    parameters: paramCount(classifier.spec),
    settings: { ...t.config },
    dataset: { examples: t.dataset.examples.length, per_pattern: perPattern, checksum: t.dataset.checksum, held_out_fraction: HELD_OUT_FRACTION },
    trained_on: { examples: rows.length, corrections: values.filter((v) => v.source === 'correction').length, learn_labels: values.filter((v) => v.source === 'learn').length },
    held_out: { ...evaluateClassifier(classifier, evalRows), corrected_left_out: heldOut.length - measured.length },
    baselines: {
      majority: { pattern: majority, accuracy: majorityEval.accuracy, confusion: majorityEval.confusion },
      keywords: { accuracy: keywordEval.accuracy, confusion: keywordEval.confusion },
    },
    pending_learn_labels: 0,
  };
  return { classifier, figures };
}

/** Float32 little-endian, layer order (W then b per layer), as the .clf format stores tensors. */
export function encodeParams(params: ParamList): Uint8Array {
  const total = params.reduce((s, p) => s + p.length, 0);
  const bytes = new Uint8Array(total * 4);
  const view = new DataView(bytes.buffer);
  let at = 0;
  for (const p of params) for (let i = 0; i < p.length; i++, at += 4) view.setFloat32(at, p[i], true);
  return bytes;
}

export function decodeParams(spec: NetworkSpec, bytes: Uint8Array): ParamList | null {
  const shapes = paramShapes(spec);
  if (bytes.length !== paramCount(spec) * 4) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: ParamList = [];
  let at = 0;
  for (const { w, b } of shapes) {
    for (const n of [w[0] * w[1], b]) {
      const a = new Float32Array(n);
      for (let i = 0; i < n; i++, at += 4) a[i] = view.getFloat32(at, true);
      out.push(a);
    }
  }
  return out;
}

/** Stores a version and keeps the newest KEEP_VERSIONS. A failed write (a full disk) only means it trains again next time. */
export function saveClassifier(db: Db, fingerprint: string, classifier: Classifier, figures: ClassifierFigures, at: number): boolean {
  try {
    db.transaction(() => {
      db.run('INSERT OR REPLACE INTO pattern_classifiers (fingerprint, spec, params, figures, created_at) VALUES (?, ?, ?, ?, ?)',
        [fingerprint, JSON.stringify(classifier.spec), encodeParams(classifier.params), JSON.stringify(figures), at]);
      db.run('DELETE FROM pattern_classifiers WHERE fingerprint NOT IN (SELECT fingerprint FROM pattern_classifiers ORDER BY created_at DESC, rowid DESC LIMIT ?)', [KEEP_VERSIONS]);
    });
    return true;
  } catch {
    return false;
  }
}

/** A stored version, when its layout matches this featurizer's (else null: it trains again). */
export function loadClassifier(db: Db, fingerprint: string, featurizer: PatternFeaturizer): { classifier: Classifier; figures: ClassifierFigures } | null {
  const row = db.get<{ spec: string; params: Uint8Array; figures: string }>('SELECT spec, params, figures FROM pattern_classifiers WHERE fingerprint = ?', [fingerprint]);
  if (!row) return null;
  const spec = JSON.parse(row.spec) as NetworkSpec;
  const figures = JSON.parse(row.figures) as ClassifierFigures;
  if (spec.layers[0]?.size !== featurizer.width || figures.features?.name !== featurizer.name) return null;
  const params = decodeParams(spec, row.params);
  return params ? { classifier: classifierFrom(featurizer, spec, params), figures } : null;
}
