// The semantic tier: permanent facts and rules with confidence, an optional parent (hierarchies), and similarity search through the vector tier.
import type { Db } from '../db/db';
import type { KnowledgeHit, KnowledgeInput, KnowledgeItem, TierStats } from './api';
import { MemoryInputError } from './memory-usage';
import { numberOf, objectOf, optionalStringOf, own, stringOf } from './validate';
import type { VectorTier } from './vector-tier';

export const KEY_MAX = 1000;
export const SIMILAR_MAX = 100;

interface Row {
  id: number; concept: string; kind: 'fact' | 'rule'; knowledge: string; confidence: number | null;
  parent: string | null; source: string | null; created_at: number; updated_at: number;
}

const COLUMNS = 'id, concept, kind, knowledge, confidence, parent, source, created_at, updated_at';
const GET_SQL = `SELECT ${COLUMNS} FROM semantic_memory WHERE concept = ?`;
const BY_ID_SQL = `SELECT ${COLUMNS} FROM semantic_memory WHERE id = ?`;
const CHILDREN_SQL = `SELECT ${COLUMNS} FROM semantic_memory WHERE parent = ? ORDER BY concept`;
const PARENT_SQL = 'SELECT parent FROM semantic_memory WHERE concept = ?';
const COUNT_CHILDREN_SQL = 'SELECT COUNT(*) AS n FROM semantic_memory WHERE parent = ?';
// updated_at moves strictly forward on every rewrite, as for entries, so a stale embedding is always detectable.
const UPSERT_SQL = `INSERT INTO semantic_memory (concept, kind, knowledge, confidence, parent, source, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (concept) DO UPDATE SET kind = excluded.kind, knowledge = excluded.knowledge, confidence = excluded.confidence,
    parent = excluded.parent, source = excluded.source, updated_at = max(excluded.updated_at, semantic_memory.updated_at + 1)
  RETURNING ${COLUMNS}`;
const STATS_SQL = `SELECT COUNT(*) AS rows, COALESCE(SUM(length(CAST(concept AS BLOB)) + length(CAST(knowledge AS BLOB)) + length(kind)
  + COALESCE(length(CAST(parent AS BLOB)), 0) + COALESCE(length(CAST(source AS BLOB)), 0) + 8), 0) AS bytes FROM semantic_memory`;

function toItem(r: Row): KnowledgeItem {
  return {
    id: Number(r.id), key: r.concept, kind: r.kind, content: r.knowledge,
    confidence: r.confidence === null ? 1 : Number(r.confidence), parent: r.parent, source: r.source,
    created_at: Number(r.created_at), updated_at: Number(r.updated_at),
  };
}

const keyOf = (v: unknown, op: string) => stringOf(v, 'key', op, { maxLength: KEY_MAX });

/**
 * Deleting a parent is refused while it has children (the caller deletes or re-parents them first):
 * re-parenting silently would change what a hierarchy says, and orphaning would break it.
 */
export function createKnowledge(db: Db, now: () => number, vectors: VectorTier) {
  /** Walks up from parent; true when key is among its ancestors (or is parent itself), i.e. the new link would close a cycle. */
  function wouldCycle(key: string, parent: string): boolean {
    const seen = new Set<string>();
    let at: string | null = parent;
    while (at !== null && !seen.has(at)) {
      if (at === key) return true;
      seen.add(at);
      at = db.get<{ parent: string | null }>(PARENT_SQL, [at])?.parent ?? null;
    }
    return false;
  }

  return {
    put(input: KnowledgeInput): KnowledgeItem {
      const op = 'knowledge_put';
      const r = objectOf(input, 'input', op);
      const key = keyOf(own(r, 'key'), op);
      const kind = own(r, 'kind');
      if (kind !== 'fact' && kind !== 'rule') throw new MemoryInputError('kind', `must be 'fact' or 'rule' (got ${JSON.stringify(kind) ?? 'undefined'})`, op);
      const content = stringOf(own(r, 'content'), 'content', op);
      const c = own(r, 'confidence');
      const confidence = c === undefined || c === null ? 1 : numberOf(c, 'confidence', op, { min: 0, max: 1 });
      const parent = optionalStringOf(own(r, 'parent'), 'parent', op, { maxLength: KEY_MAX });
      const source = optionalStringOf(own(r, 'source'), 'source', op, { allowEmpty: true });
      return db.transaction(() => {
        if (parent !== null) {
          if (!db.get(PARENT_SQL, [parent])) throw new MemoryInputError('parent', `${JSON.stringify(parent)} does not exist`, op);
          if (wouldCycle(key, parent)) throw new MemoryInputError('parent', `${JSON.stringify(parent)} would make ${JSON.stringify(key)} its own ancestor`, op);
        }
        const t = now();
        const row = db.get<Row>(UPSERT_SQL, [key, kind, content, confidence, parent, source, t, t])!;
        vectors.touch('knowledge');
        return toItem(row);
      });
    },

    get(key: string): KnowledgeItem | null {
      const row = db.get<Row>(GET_SQL, [keyOf(key, 'knowledge_get')]);
      return row ? toItem(row) : null;
    },

    children(key: string): KnowledgeItem[] {
      return db.all<Row>(CHILDREN_SQL, [keyOf(key, 'knowledge_children')]).map(toItem);
    },

    similar(input: { query: string; k?: number }): KnowledgeHit[] {
      const op = 'knowledge_similar';
      const r = objectOf(input, 'input', op);
      const query = stringOf(own(r, 'query'), 'query', op);
      const kIn = own(r, 'k');
      const k = kIn === undefined ? 10 : numberOf(kIn, 'k', op, { integer: true, min: 1, max: SIMILAR_MAX });
      const q = vectors.embed(query);
      // A query without features scores 0 against everything: no ranking to report.
      if (!q.some((x) => x !== 0)) return [];
      const { hits } = vectors.search('knowledge', null, q, k);
      const out: KnowledgeHit[] = [];
      for (const h of hits) {
        const row = db.get<Row>(BY_ID_SQL, [h.id]);
        if (row) out.push({ item: toItem(row), score: h.score });
      }
      return out;
    },

    delete(key: string): boolean {
      const op = 'knowledge_delete';
      const k = keyOf(key, op);
      return db.transaction(() => {
        const n = Number(db.get<{ n: number }>(COUNT_CHILDREN_SQL, [k])!.n);
        if (n > 0) throw new MemoryInputError('key', `${JSON.stringify(k)} has ${n} child item(s); delete or re-parent them first`, op);
        const { changes } = db.run('DELETE FROM semantic_memory WHERE concept = ?', [k]);
        if (changes > 0) vectors.touch('knowledge');
        return changes > 0;
      });
    },

    stats(): TierStats {
      const r = db.get<{ rows: number; bytes: number }>(STATS_SQL)!;
      const rows = Number(r.rows), bytes = Number(r.bytes);
      return { tier: 'semantic', rows, bytes, rawBytes: bytes, savedFraction: rows === 0 ? null : 0 };
    },
  };
}

export type Knowledge = ReturnType<typeof createKnowledge>;
