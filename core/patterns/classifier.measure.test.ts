// How the classifier's settings were chosen: 5-fold cross-validation on the training split only, each feature block left out in turn (`npm run measure -- core/patterns/classifier`); prints, asserts nothing.
import { it } from 'vitest';
import { hash32 } from '../memory/hashing-embedder';
import { keywordPattern, majorityPattern } from './baselines';
import { CLASSIFIER_DEFAULTS, evaluateClassifier, trainClassifier, type ClassifierConfig, type TrainingRow } from './classifier';
import { shippedDataset, splitDataset } from './dataset';
import { createPatternFeaturizer, type FeatureConfig } from './features';
import { wasmPort, wordVectors } from './test-support.node';

/** k folds of the training rows, assigned by a hash of the id (stable, unrelated to the held-out rule). */
function folds(rows: (TrainingRow & { id: string })[], k: number): TrainingRow[][] {
  const out: TrainingRow[][] = Array.from({ length: k }, () => []);
  rows.toSorted((a, b) => hash32(a.id, 99) - hash32(b.id, 99)).forEach((r, i) => out[i % k].push(r));
  return out;
}

it('cross-validates the settings on the training split', async () => {
  const port = await wasmPort();
  const { train } = splitDataset(shippedDataset().examples);
  const f = folds(train.map((e) => ({ operation: e.operation, pattern: e.pattern, id: e.id })), 5);
  const variants: [string, Partial<FeatureConfig>, Partial<ClassifierConfig>, boolean][] = [
    ['the defaults', {}, {}, true],
    ['without the keyword counts', { keywordWeight: 0 }, {}, true],
    ['without the seed-word nearness', { conceptWeight: 0 }, {}, true],
    ['without either', { keywordWeight: 0, conceptWeight: 0 }, {}, true],
    ['without word vectors at all', {}, {}, false],
    ['without the sentence vector', { meaningWeight: 0 }, {}, true],
    ['without character n-grams', { charWeight: 0 }, {}, true],
    ['with max/min pooled word vectors', { poolWeight: 0.5 }, {}, true],
    ['a hidden layer of 32', {}, { hidden: 32 }, true],
    ['60 epochs', {}, { epochs: 60 }, true],
    ['20 epochs', {}, { epochs: 20 }, true],
  ];
  for (const [name, fc, cc, words] of variants) {
    const featurizer = createPatternFeaturizer(words ? wordVectors() : null, fc);
    let hit = 0;
    let n = 0;
    const t0 = performance.now();
    for (let i = 0; i < f.length; i++) {
      const c = trainClassifier(port, featurizer, f.filter((_, j) => j !== i).flat(), { ...CLASSIFIER_DEFAULTS, ...cc });
      hit += evaluateClassifier(c, f[i]).accuracy * f[i].length;
      n += f[i].length;
    }
    console.log(`${name.padEnd(34)} cv accuracy ${(hit / n).toFixed(3)}  (${((performance.now() - t0) / f.length).toFixed(0)} ms per training)`);
  }
  const maj = majorityPattern(train.map((e) => e.pattern));
  console.log(`baselines on the training split: majority ${(train.filter((e) => e.pattern === maj).length / train.length).toFixed(3)}, keywords ${(train.filter((e) => keywordPattern(e.operation) === e.pattern).length / train.length).toFixed(3)}`);
});
