// Settings of the pattern classifier, chosen by 5-fold cross-validation on the training split only (`npm run measure -- core/patterns/classifier`); prints, asserts nothing.
import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { loadKernelNode } from '../../kernel/js/node';
import { createWasmPort } from '../../kernel/js/network';
import { createWordVectorEmbedder } from '../memory/word-vector-embedder';
import { keywordPattern, majorityPattern } from './baselines';
import { CLASSIFIER_DEFAULTS, evaluateClassifier, trainClassifier, type ClassifierConfig, type TrainingRow } from './classifier';
import { shippedDataset, splitDataset } from './dataset';
import { createPatternFeaturizer, type FeatureConfig } from './features';
import { PATTERNS } from './operation';
import { hash32 } from '../memory/hashing-embedder';

const embedder = createWordVectorEmbedder(new Uint8Array(readFileSync(new URL('../../models/word-vectors.bin', import.meta.url))));

function folds(rows: TrainingRow[], k: number, id: (r: TrainingRow) => string): TrainingRow[][] {
  const out: TrainingRow[][] = Array.from({ length: k }, () => []);
  const sorted = rows.toSorted((a, b) => hash32(id(a), 99) - hash32(id(b), 99));
  sorted.forEach((r, i) => out[i % k].push(r));
  return out;
}

it('cross-validates settings on the training split', async () => {
  const port = createWasmPort(await loadKernelNode());
  const { train, heldOut } = splitDataset(shippedDataset().examples);
  const rows = train.map((e) => ({ operation: e.operation, pattern: e.pattern, id: e.id }));
  const f = folds(rows, 5, (r) => (r as unknown as { id: string }).id);
  const variants: [string, Partial<FeatureConfig>, Partial<ClassifierConfig>, boolean][] = [
    ['defaults', {}, {}, true],
    ['no concept/keywords', { conceptWeight: 0, keywordWeight: 0 }, {}, true],
    ['no keywords', { keywordWeight: 0 }, {}, true],
    ['no word vectors', {}, {}, false],
    ['hidden 32', {}, { hidden: 32 }, true],
    ['epochs 60', {}, { epochs: 60 }, true],
  ];
  for (const [name, fc, cc, meaning] of variants) {
    const featurizer = createPatternFeaturizer(meaning ? embedder : null, fc);
    let hit = 0;
    const t0 = performance.now();
    for (let i = 0; i < f.length; i++) {
      const tr = f.filter((_, j) => j !== i).flat();
      const c = trainClassifier(port, featurizer, tr, { ...CLASSIFIER_DEFAULTS, ...cc });
      hit += evaluateClassifier(c, f[i]).accuracy * f[i].length;
      if (name === 'none') {
        const probs = c.probabilitiesBatch(f[i].map((r) => r.operation));
        f[i].forEach((r, j) => {
          const p = Array.from(probs.subarray(j * 6, j * 6 + 6));
          const best = p.indexOf(Math.max(...p));
          if (PATTERNS[best] !== r.pattern) console.log(`MISS ${r.pattern} -> ${PATTERNS[best]} (${p[best].toFixed(2)}): ${r.operation.description}`);
        });
      }
    }
    console.log(`${name.padEnd(14)} cv accuracy ${(hit / rows.length).toFixed(3)}  (${((performance.now() - t0) / f.length).toFixed(0)} ms per training)`);
  }
  const maj = majorityPattern(train.map((e) => e.pattern));
  console.log('held-out n', heldOut.length, 'majority', heldOut.filter((e) => e.pattern === maj).length / heldOut.length,
    'keywords', heldOut.filter((e) => keywordPattern(e.operation) === e.pattern).length / heldOut.length,
    'keywords on train', train.filter((e) => keywordPattern(e.operation) === e.pattern).length / train.length);
});
