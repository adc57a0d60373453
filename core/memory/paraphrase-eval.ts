// Retrieval quality of an embedder on a labelled paraphrase set: each query's rank of its own text among all texts, recall@k and MRR.
import { cosine, type Embedder } from './embedder';

export interface ParaphraseSet {
  about: string;
  pairs: { domain: string; query: string; text: string }[];
  /** Texts no query is looking for; searched together with the pairs' texts. */
  distractors: string[];
}

export interface ParaphraseScore {
  embedder: string;
  queries: number;
  /** Texts searched (pairs' texts plus distractors). */
  corpus: number;
  recallAt1: number;
  recallAt5: number;
  /** Mean of 1 / rank. */
  mrr: number;
  /** Per query, the rank of its text (1 = first). */
  ranks: number[];
}

/** Checks the set's shape: every query and text non-empty, texts unique (a duplicate would make ranks ambiguous). */
export function checkParaphraseSet(set: ParaphraseSet): void {
  const texts = [...set.pairs.map((p) => p.text), ...set.distractors];
  if (new Set(texts).size !== texts.length) throw new Error('paraphrase set: texts must be unique');
  for (const [i, p] of set.pairs.entries()) {
    if (!p.query.trim() || !p.text.trim()) throw new Error(`paraphrase set: pairs[${i}] has an empty query or text`);
  }
}

/**
 * Ranks every corpus text for each query by cosine similarity. A tie with the right text counts against
 * it (rank = 1 + texts scoring at least as high), so an embedder cannot score by giving everything 0.
 */
export function scoreParaphrases(embedder: Embedder, set: ParaphraseSet): ParaphraseScore {
  checkParaphraseSet(set);
  const texts = [...set.pairs.map((p) => p.text), ...set.distractors];
  const vectors = texts.map((t) => embedder.embed(t));
  const ranks = set.pairs.map((p, i) => {
    const q = embedder.embed(p.query);
    const own = cosine(q, vectors[i]);
    let rank = 1;
    for (let j = 0; j < vectors.length; j++) if (j !== i && cosine(q, vectors[j]) >= own) rank++;
    return rank;
  });
  const n = ranks.length;
  return {
    embedder: embedder.name,
    queries: n,
    corpus: texts.length,
    recallAt1: ranks.filter((r) => r === 1).length / n,
    recallAt5: ranks.filter((r) => r <= 5).length / n,
    mrr: ranks.reduce((s, r) => s + 1 / r, 0) / n,
    ranks,
  };
}
