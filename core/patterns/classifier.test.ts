// The pattern classifier on the shipped data: held-out accuracy above the bar and above both baselines, determinism, and the stored version read back.
import { describe, expect, it } from 'vitest';
import { createWasmPort } from '../../kernel/js/network';
import { loadKernelNode } from '../../kernel/js/node';
import { keywordPattern, majorityPattern } from './baselines';
import { CLASSIFIER_DEFAULTS, evaluateClassifier, trainClassifier } from './classifier';
import { decodeParams, encodeParams } from './classifier-store';
import { shippedDataset, splitDataset } from './dataset';
import { createPatternFeaturizer } from './features';
import { PATTERNS } from './operation';
import { patternsOn, wordVectors } from './test-support.node';

describe('pattern classifier', () => {
  it('measures its held-out accuracy and confusion matrix, well above the majority and keyword baselines', async () => {
    const { patterns } = await patternsOn();
    const f = patterns.patterns_classifier();
    const { train, heldOut } = splitDataset(shippedDataset().examples);
    console.log(`held-out accuracy ${f.held_out.accuracy.toFixed(3)} on ${f.held_out.n} (majority ${f.baselines.majority.accuracy.toFixed(3)}, keywords ${f.baselines.keywords.accuracy.toFixed(3)}); trained on ${f.trained_on.examples} in ${f.training_ms} ms on ${f.kernel}`);
    console.log(`confusion (rows true, columns predicted, ${PATTERNS.join(' ')}):\n${f.held_out.confusion.map((r, i) => `${PATTERNS[i].padEnd(11)} ${r.map((v) => String(v).padStart(3)).join(' ')}`).join('\n')}`);
    expect(f.held_out.n).toBe(heldOut.length);
    expect(f.trained_on.examples).toBe(train.length);
    expect(f.held_out.confusion.flat().reduce((s, v) => s + v, 0)).toBe(heldOut.length);
    expect(f.held_out.confusion.map((r) => r.reduce((s, v) => s + v, 0))).toEqual(PATTERNS.map((p) => heldOut.filter((e) => e.pattern === p).length));
    // The bar, set after measuring 0.841 (5-fold cross-validation on the training split: 0.837): a few points of slack for another kernel build's rounding.
    expect(f.held_out.accuracy).toBeGreaterThanOrEqual(0.78);
    expect(f.baselines.majority.accuracy).toBeLessThan(0.2);
    expect(f.held_out.accuracy).toBeGreaterThan(f.baselines.keywords.accuracy + 0.1);
    // The baselines are what their definitions say, recomputed here.
    const maj = majorityPattern(train.map((e) => e.pattern));
    expect(f.baselines.majority.pattern).toBe(maj);
    expect(f.baselines.keywords.accuracy).toBeCloseTo(heldOut.filter((e) => keywordPattern(e.operation) === e.pattern).length / heldOut.length, 10);
    for (const p of f.held_out.perPattern) expect(p.recall).toBeGreaterThan(0.5);
  });

  it('trains the same weights from the same rows, and its stored weights decode to the same predictions', async () => {
    const port = createWasmPort(await loadKernelNode());
    const featurizer = createPatternFeaturizer(wordVectors());
    const rows = shippedDataset().examples.slice(0, 120).map((e) => ({ operation: e.operation, pattern: e.pattern }));
    const a = trainClassifier(port, featurizer, rows, { ...CLASSIFIER_DEFAULTS, epochs: 5 });
    const b = trainClassifier(port, featurizer, rows, { ...CLASSIFIER_DEFAULTS, epochs: 5 });
    expect(a.params.map((p) => Array.from(p))).toEqual(b.params.map((p) => Array.from(p)));
    const back = decodeParams(a.spec, encodeParams(a.params))!;
    expect(back.map((p) => Array.from(p))).toEqual(a.params.map((p) => Array.from(p)));
    expect(decodeParams(a.spec, encodeParams(a.params).subarray(4))).toBeNull();
    const probs = a.probabilities(rows[0].operation);
    expect(probs.length).toBe(6);
    expect(probs.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
    expect(evaluateClassifier(a, rows).n).toBe(120);
  });
});
