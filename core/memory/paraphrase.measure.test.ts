// Search by meaning vs by spelling on the labelled paraphrase sets, printed, never asserted: npm run measure -- core/memory/paraphrase
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Embedder } from './embedder';
import { createHashingEmbedder } from './hashing-embedder';
import { scoreParaphrases, type ParaphraseSet } from './paraphrase-eval';
import { parseWordVectorAsset } from './word-vector-asset';
import { createWordVectorEmbedder } from './word-vector-embedder';

const bytes = new Uint8Array(readFileSync(new URL('../../models/word-vectors.bin', import.meta.url)));
const asset = parseWordVectorAsset(bytes);
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as ParaphraseSet;

/** The shipped embedders first, then the variants the defaults were chosen against (on the dev sets only). */
const embedders: [string, Embedder][] = [
  ['hashing (384 dims)', createHashingEmbedder()],
  ['word vectors (default)', createWordVectorEmbedder(asset)],
  ['  without the lexical part', createWordVectorEmbedder(asset, { lexical: 0 })],
  ['  lexical share 0.5', createWordVectorEmbedder(asset, { lexical: 0.5 })],
  ['  common component kept', createWordVectorEmbedder(asset, { removeComponent: false })],
  ['  SIF a = 1e-4', createWordVectorEmbedder(asset, { a: 1e-4 })],
  ['  SIF a = 1e-2', createWordVectorEmbedder(asset, { a: 1e-2 })],
];

describe('paraphrase retrieval', () => {
  for (const file of ['paraphrases.json', 'paraphrases-dev.json', 'unknown-words-dev.json']) {
    it(file, () => {
      const set = fixture(file);
      const rows = embedders.map(([label, e]) => {
        const s = scoreParaphrases(e, set);
        return `${label.padEnd(28)} ${s.recallAt1.toFixed(3).padStart(9)} ${s.recallAt5.toFixed(3).padStart(9)} ${s.mrr.toFixed(3).padStart(6)}`;
      });
      const { queries, corpus } = scoreParaphrases(embedders[0][1], set);
      console.log(`${file}: ${queries} queries, ${corpus} texts searched\n${'embedder'.padEnd(28)} recall@1  recall@5    MRR\n${rows.join('\n')}`);
      expect(rows.length).toBe(embedders.length);
    });
  }

  it('cost: loading the asset and embedding 10,000 memory-like texts', () => {
    let t = performance.now();
    const embedder = createWordVectorEmbedder(bytes);
    const load = performance.now() - t;
    const texts = Array.from({ length: 10_000 }, (_, i) => `note ${i}: took the cat ${i % 97} to the vet and bought ${i % 13} bags of food for the week`);
    const lines = [`asset ${bytes.length.toLocaleString('en-US')} bytes: parse, checksum and index in ${load.toFixed(0)} ms`];
    for (const e of [embedder, createHashingEmbedder()]) {
      e.embedBatch(texts.slice(0, 500));
      t = performance.now();
      e.embedBatch(texts);
      lines.push(`${e.kind.padEnd(13)} ${e.dim} dims: ${((performance.now() - t) / 10).toFixed(1)} µs per text`);
    }
    console.log(lines.join('\n'));
    expect(lines.length).toBe(3);
  });
});
