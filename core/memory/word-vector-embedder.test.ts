// The meaning embedder: shape and determinism, unknown words, and retrieval by meaning on the labelled paraphrase set against the hashing embedder.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cosine } from './embedder';
import { createHashingEmbedder, tokenize } from './hashing-embedder';
import { scoreParaphrases, type ParaphraseSet } from './paraphrase-eval';
import { parseWordVectorAsset } from './word-vector-asset';
import { createWordVectorEmbedder, WORD_VECTOR_DEFAULTS, zipfProbability } from './word-vector-embedder';

const asset = parseWordVectorAsset(new Uint8Array(readFileSync(new URL('../../models/word-vectors.bin', import.meta.url))));
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as ParaphraseSet;
const norm = (v: Float32Array) => Math.hypot(...v);

describe('createWordVectorEmbedder', () => {
  const emb = createWordVectorEmbedder(asset);

  it('returns unit vectors of 100 meaning + 256 lexical dims, deterministically, batches equal to singles', () => {
    expect(emb.kind).toBe('word-vectors');
    expect(emb.dim).toBe(100 + WORD_VECTOR_DEFAULTS.lexicalDim);
    expect(emb.name).toContain(asset.sha256.slice(0, 12));
    const v = emb.embed('The kitten sleeps on the sofa');
    expect(norm(v)).toBeCloseTo(1, 5);
    expect(Array.from(createWordVectorEmbedder(asset).embed('The kitten sleeps on the sofa'))).toEqual(Array.from(v));
    const batch = emb.embedBatch(['a dog', 'The kitten sleeps on the sofa', '']);
    expect(Array.from(batch.subarray(emb.dim, 2 * emb.dim))).toEqual(Array.from(v));
    expect(batch.subarray(2 * emb.dim).every((x) => x === 0)).toBe(true);
    // The same bytes give the same embedder whether parsed here or inside.
    expect(createWordVectorEmbedder(new Uint8Array(readFileSync(new URL('../../models/word-vectors.bin', import.meta.url)))).name).toBe(emb.name);
  });

  it('puts words of one meaning close together and unrelated ones apart', () => {
    const pure = createWordVectorEmbedder(asset, { lexical: 0 });
    const sim = (a: string, b: string) => cosine(pure.embed(a), pure.embed(b));
    expect(sim('pet doctor visit', 'took the cat to the vet')).toBeGreaterThan(sim('pet doctor visit', 'the recipe needs flour and sugar'));
    expect(sim('car', 'automobile')).toBeGreaterThan(0.5);
    expect(sim('car', 'banana')).toBeLessThan(0.3);
  });

  it('weights frequent words down by Zipf rank (SIF)', () => {
    expect(zipfProbability(0, asset.sourceVocab)).toBeGreaterThan(0.05);
    expect(zipfProbability(40_000, asset.sourceVocab)).toBeLessThan(2e-6);
    const pure = createWordVectorEmbedder(asset, { lexical: 0 });
    // "the" adds almost nothing, so the text stays close to the content word alone.
    expect(cosine(pure.embed('the the the veterinarian'), pure.embed('veterinarian'))).toBeGreaterThan(0.95);
  });

  it('finds texts by words it has no vector for, through the lexical part', () => {
    const { known, unknown } = emb.coverage('kubectl rollout undo for the nginx deployment');
    expect(known).toEqual(expect.arrayContaining(['rollout', 'deployment']));
    expect(unknown).toEqual(expect.arrayContaining(['kubectl', 'nginx']));
    const q = emb.embed('kubectl');
    expect(norm(q)).toBeCloseTo(1, 5);
    const texts = ['use kubectl to roll back the release', 'the weather is sunny today', 'cats sleep most of the day'];
    const scores = texts.map((t) => cosine(q, emb.embed(t)));
    expect(scores[0]).toBeGreaterThan(Math.max(scores[1], scores[2]));
    // Without the lexical part an unknown-only query has no vector at all.
    expect(createWordVectorEmbedder(asset, { lexical: 0 }).embed('kubectl').every((x) => x === 0)).toBe(true);
  });

  it('rejects bad options', () => {
    expect(() => createWordVectorEmbedder(asset, { a: 0 })).toThrow(/a must be/);
    expect(() => createWordVectorEmbedder(asset, { lexical: 1 })).toThrow(/lexical must be/);
  });
});

describe('search by meaning on the labelled paraphrase set (core/memory/fixtures/paraphrases.json)', () => {
  const set = fixture('paraphrases.json');
  const STOP = new Set('a an the of to and or in on at for with by from is are was be it its this that my our your i me we you he she they them his her their not no do does did can will would should has have had as but if so than then there here what when where why how who which all any some more most very just about into over after before up down out off again t s'.split(' '));
  const content = (s: string) => new Set(tokenize(s).filter((t) => !STOP.has(t)));

  it('holds at least 100 hand-written pairs whose query shares (almost) no content word with its text, plus distractors', () => {
    expect(set.pairs.length).toBeGreaterThanOrEqual(100);
    expect(set.distractors.length).toBeGreaterThanOrEqual(30);
    expect(new Set(set.pairs.map((p) => p.domain)).size).toBeGreaterThanOrEqual(15);
    const shared = set.pairs.map((p) => [...content(p.query)].filter((t) => content(p.text).has(t)).length);
    expect(Math.max(...shared)).toBeLessThanOrEqual(1);
    expect(shared.filter((n) => n === 0).length / shared.length).toBeGreaterThanOrEqual(0.95);
  });

  it('ranks "pet doctor visit" to the cat-vet note first with word vectors (hashing ranks it far down)', () => {
    const i = set.pairs.findIndex((p) => p.query === 'pet doctor visit');
    expect(set.pairs[i].text).toMatch(/cat to the vet/);
    expect(scoreParaphrases(createWordVectorEmbedder(asset), set).ranks[i]).toBe(1);
    expect(scoreParaphrases(createHashingEmbedder(), set).ranks[i]).toBeGreaterThan(10);
  });

  it('beats the hashing embedder by a clear margin: MRR higher by ≥ 0.15 and recall@1 by ≥ 0.15', () => {
    const words = scoreParaphrases(createWordVectorEmbedder(asset), set);
    const hashing = scoreParaphrases(createHashingEmbedder(), set);
    expect(words.queries).toBe(set.pairs.length);
    expect(words.mrr - hashing.mrr).toBeGreaterThanOrEqual(0.15);
    expect(words.recallAt1 - hashing.recallAt1).toBeGreaterThanOrEqual(0.15);
  });

  it('keeps most of the hashing embedder\'s strength where the query shares rare words with its text (unknown-words-dev.json)', () => {
    const lexical = fixture('unknown-words-dev.json');
    const words = scoreParaphrases(createWordVectorEmbedder(asset), lexical);
    const withoutLexical = scoreParaphrases(createWordVectorEmbedder(asset, { lexical: 0 }), lexical);
    expect(words.mrr).toBeGreaterThan(withoutLexical.mrr + 0.1);
    expect(words.mrr).toBeGreaterThanOrEqual(0.8);
  });
});
