// The vector tier: embeddings of memory entries and knowledge items in vector_memory (packed BLOBs), indexed lazily in memory per namespace.
import type { Db, SqlValue } from '../db/db';
import type { TierStats } from './api';
import type { Embedder } from './embedder';
import { encodeVector, packVector, unpackVector } from './vector-codec';
import type { VectorIndex, VectorIndexFactory } from './vector-index';

/** Which table a vector embeds: 'entry' = memory_entries (by namespace), 'knowledge' = semantic_memory. */
export type VectorSource = 'entry' | 'knowledge';

/** vector_memory's namespace for knowledge vectors (the source column keeps them apart from entries). */
export const KNOWLEDGE_NAMESPACE = 'semantic';

/** Rows embedded per embedBatch call while catching up. */
const EMBED_CHUNK = 256;

interface StaleRow { id: number; key: string; value: string; updated_at: number; old_id: number | null }
interface OrphanRow { id: number; source_id: number }

/**
 * Per source, for one embedder: rows whose vector by this embedder is missing, older than the row
 * (updated_at differs) or made for another row under the same key (id differs); and this embedder's
 * vectors whose row is gone. Vectors of the memory's other embedders are theirs to maintain (a row has
 * one vector per embedder, migration 5). Parameters: ?1 namespace, ?2 embedder name. One constant
 * string each, so statements cache.
 */
const SOURCE_SQL: Record<VectorSource, { stale: string; orphans: string; text: string }> = {
  entry: {
    stale: `SELECT e.id AS id, e.key AS key, e.value AS value, e.updated_at AS updated_at, v.source_id AS old_id
      FROM memory_entries e LEFT JOIN vector_memory v ON v.source = 'entry' AND v.namespace = e.namespace AND v.embedder = ?2 AND v.key = e.key
      WHERE e.namespace = ?1 AND (v.id IS NULL OR v.source_updated_at <> e.updated_at OR v.source_id <> e.id)`,
    orphans: `SELECT v.id AS id, v.source_id AS source_id FROM vector_memory v
      WHERE v.source = 'entry' AND v.namespace = ?1 AND v.embedder = ?2
        AND NOT EXISTS (SELECT 1 FROM memory_entries e WHERE e.namespace = v.namespace AND e.key = v.key)`,
    text: 'SELECT namespace, key, value FROM memory_entries WHERE id = ?',
  },
  knowledge: {
    stale: `SELECT s.id AS id, s.concept AS key, s.knowledge AS value, s.updated_at AS updated_at, v.source_id AS old_id
      FROM semantic_memory s LEFT JOIN vector_memory v ON v.source = 'knowledge' AND v.namespace = ?1 AND v.embedder = ?2 AND v.key = s.concept
      WHERE v.id IS NULL OR v.source_updated_at <> s.updated_at OR v.source_id <> s.id`,
    orphans: `SELECT v.id AS id, v.source_id AS source_id FROM vector_memory v
      WHERE v.source = 'knowledge' AND v.namespace = ?1 AND v.embedder = ?2
        AND NOT EXISTS (SELECT 1 FROM semantic_memory s WHERE s.concept = v.key)`,
    text: 'SELECT concept AS key, knowledge AS value FROM semantic_memory WHERE id = ?',
  },
};

const LOAD_SQL = 'SELECT source_id, dim, vector FROM vector_memory WHERE source = ? AND namespace = ? AND embedder = ?';
const UPSERT_SQL = `INSERT INTO vector_memory (source, source_id, source_updated_at, embedder, namespace, key, dim, vector, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (source, namespace, embedder, key) DO UPDATE SET
    source_id = excluded.source_id, source_updated_at = excluded.source_updated_at, embedder = excluded.embedder,
    dim = excluded.dim, vector = excluded.vector, updated_at = excluded.updated_at`;
/**
 * The same upsert for VECTOR_CHUNK rows at once, as batched stores do: row j binds its source id,
 * source updated_at, key and BLOB as ?(4j+1)..?(4j+4); what every row of one catch-up shares
 * (source, embedder, namespace, dim, time) is bound once after them.
 */
const VECTOR_CHUNK = 32;
const SHARED = 4 * VECTOR_CHUNK;
const UPSERT_CHUNK_SQL = UPSERT_SQL.replace('VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', `VALUES ${Array.from({ length: VECTOR_CHUNK }, (_, j) => {
  const p = (k: number) => `?${4 * j + k}`;
  return `(?${SHARED + 1}, ${p(1)}, ${p(2)}, ?${SHARED + 2}, ?${SHARED + 3}, ${p(3)}, ?${SHARED + 4}, ${p(4)}, ?${SHARED + 5}, ?${SHARED + 5})`;
}).join(', ')}`);
const DELETE_SQL = 'DELETE FROM vector_memory WHERE id = ?';
/**
 * Vectors in one namespace made by no embedder of this memory (an older version, an imported model): never
 * searched again. ?3: JSON array of live names; ?4: JSON array of name prefixes to keep (families this build
 * knows but this session lacks, e.g. word vectors that failed to load: the next session will use them).
 */
const RETIRED_SQL = `DELETE FROM vector_memory WHERE source = ?1 AND namespace = ?2 AND embedder NOT IN (SELECT value FROM json_each(?3))
  AND NOT EXISTS (SELECT 1 FROM json_each(?4) k WHERE substr(vector_memory.embedder, 1, length(k.value)) = k.value)`;
const ENTRY_NAMESPACES_SQL = `SELECT namespace FROM memory_entries GROUP BY namespace
  UNION SELECT namespace FROM vector_memory WHERE source = 'entry' GROUP BY namespace`;
const STATS_SQL = `SELECT COUNT(*) AS rows, COALESCE(SUM(length(vector)), 0) AS bytes, COALESCE(SUM(dim * 4), 0) AS raw FROM vector_memory`;

/** The text embedded for a row: its key and its value (or a knowledge item's content). */
export function embeddingText(key: string, value: string): string {
  return `${key}\n${value}`;
}

export interface VectorHit {
  /** The source row's id (memory_entries.id or semantic_memory.id). */
  id: number;
  namespace: string;
  score: number;
}

interface IndexState {
  index: VectorIndex;
  /** The source's generation this index was last checked against; −1: never (full check on first use). */
  gen: number;
}

/**
 * The vectors of one embedder. `liveEmbedders` names every embedder of the memory: on the first check of a
 * namespace after loading, vectors made by any other (an older version, an imported document's) are deleted,
 * except those of `absentKinds`, families this build has that the session could not load.
 */
export function createVectorTier(db: Db, embedder: Embedder, indexFactory: VectorIndexFactory, now: () => number, liveEmbedders: readonly string[] = [embedder.name], absentKinds: readonly string[] = []) {
  const live = JSON.stringify(liveEmbedders);
  const keep = JSON.stringify(absentKinds.map((k) => `${k}-`));
  // Bumped by every write to a source's rows: an index whose gen matches needs no SQL at all before a search.
  const gens: Record<VectorSource, number> = { entry: 0, knowledge: 0 };
  const states = new Map<string, IndexState>();
  let namespaceCache: { gen: number; list: string[] } | null = null;

  const stateKey = (source: VectorSource, ns: string) => `${source}\u0000${ns}`;

  function load(source: VectorSource, ns: string): IndexState {
    const index = indexFactory(embedder.dim);
    for (const r of db.all<{ source_id: number; dim: number; vector: Uint8Array }>(LOAD_SQL, [source, ns, embedder.name])) {
      // A row of another dimension cannot come from this embedder; the catch-up re-embeds its source row.
      if (Number(r.dim) !== embedder.dim) continue;
      index.upsert(Number(r.source_id), unpackVector(r.vector, embedder.dim));
    }
    return { index, gen: -1 };
  }

  function embedAll(rows: StaleRow[]): Float32Array {
    const dim = embedder.dim;
    const out = new Float32Array(rows.length * dim);
    for (let start = 0; start < rows.length; start += EMBED_CHUNK) {
      const chunk = rows.slice(start, start + EMBED_CHUNK);
      const texts = chunk.map((r) => embeddingText(r.key, r.value));
      if (embedder.embedBatch) out.set(embedder.embedBatch(texts), start * dim);
      else texts.forEach((text, i) => out.set(embedder.embed(text), (start + i) * dim));
    }
    return out;
  }

  /** Brings one namespace's vectors and index up to date; returns how many rows were embedded. */
  function sync(source: VectorSource, ns: string): { state: IndexState; indexed: number } {
    const key = stateKey(source, ns);
    let state = states.get(key);
    if (!state) {
      state = load(source, ns);
      states.set(key, state);
    }
    if (state.gen === gens[source]) return { state, indexed: 0 };
    const st = state;
    const sql = SOURCE_SQL[source];
    try {
      const firstCheck = st.gen === -1;
      const indexed = db.transaction(() => {
        if (firstCheck) db.run(RETIRED_SQL, [source, ns, live, keep]);
        for (const o of db.all<OrphanRow>(sql.orphans, [ns, embedder.name])) {
          db.run(DELETE_SQL, [o.id]);
          st.index.remove(Number(o.source_id));
        }
        const stale = db.all<StaleRow>(sql.stale, [ns, embedder.name]);
        if (stale.length === 0) return 0;
        const vectors = embedAll(stale);
        const t = now();
        const dim = embedder.dim;
        const params: SqlValue[] = [];
        const full = stale.length - (stale.length % VECTOR_CHUNK);
        stale.forEach((r, i) => {
          const id = Number(r.id);
          if (r.old_id !== null && Number(r.old_id) !== id) st.index.remove(Number(r.old_id));
          const enc = encodeVector(vectors.subarray(i * dim, (i + 1) * dim));
          const blob = packVector(enc);
          st.index.upsert(id, enc);
          if (i >= full) {
            db.run(UPSERT_SQL, [source, id, Number(r.updated_at), embedder.name, ns, r.key, dim, blob, t, t]);
            return;
          }
          params.push(id, Number(r.updated_at), r.key, blob);
          if (params.length === SHARED) {
            params.push(source, embedder.name, ns, dim, t);
            db.run(UPSERT_CHUNK_SQL, params);
            params.length = 0;
          }
        });
        return stale.length;
      });
      st.gen = gens[source];
      return { state: st, indexed };
    } catch (err) {
      // The transaction rolled back but the index may have moved: drop it so the next use reloads from SQL.
      st.index.dispose();
      states.delete(key);
      throw err;
    }
  }

  function namespacesOf(source: VectorSource): string[] {
    if (source === 'knowledge') return [KNOWLEDGE_NAMESPACE];
    if (namespaceCache?.gen !== gens.entry) {
      namespaceCache = { gen: gens.entry, list: db.all<{ namespace: string }>(ENTRY_NAMESPACES_SQL).map((r) => r.namespace) };
    }
    return namespaceCache.list;
  }

  return {
    /** The embedder whose vectors this tier holds. */
    embedder,

    /** Called by every write to a source's rows (store, delete, purge, clear, import). */
    touch(source: VectorSource): void {
      gens[source]++;
    },

    /** Forgets every in-memory index (after an import rewrote vector_memory); they reload on next use. */
    reset(): void {
      for (const s of states.values()) s.index.dispose();
      states.clear();
      gens.entry++;
      gens.knowledge++;
    },

    embed(text: string): Float32Array {
      return embedder.embed(text);
    },

    /**
     * The k rows most similar to query (a unit vector) in one namespace, or in all of them (ns null),
     * after bringing each index up to date. Ties break on the lower id, as in the index.
     */
    search(source: VectorSource, ns: string | null, query: Float32Array, k: number): { hits: VectorHit[]; indexed: number } {
      const spaces = source === 'knowledge' ? [KNOWLEDGE_NAMESPACE] : ns === null ? namespacesOf(source) : [ns];
      let indexed = 0;
      const hits: VectorHit[] = [];
      for (const space of spaces) {
        const { state, indexed: n } = sync(source, space);
        indexed += n;
        if (k <= 0 || state.index.size === 0) continue;
        const found = state.index.search(query, k);
        found.ids.forEach((id, i) => hits.push({ id, namespace: space, score: found.scores[i] }));
      }
      hits.sort((a, b) => b.score - a.score || a.id - b.id);
      return { hits: hits.slice(0, Math.max(0, k)), indexed };
    },

    /** Brings every index of a source up to date without searching (export, tests). */
    syncAll(source: VectorSource): number {
      return namespacesOf(source).reduce((n, ns) => n + sync(source, ns).indexed, 0);
    },

    stats(): TierStats {
      const r = db.get<{ rows: number; bytes: number; raw: number }>(STATS_SQL)!;
      const rows = Number(r.rows), bytes = Number(r.bytes), rawBytes = Number(r.raw);
      return { tier: 'vector', rows, bytes, rawBytes, savedFraction: rows === 0 || rawBytes === 0 ? null : 1 - bytes / rawBytes };
    },

    /** The SQL that reads a hit's source row back (constant per source). */
    rowSql(source: VectorSource): string {
      return SOURCE_SQL[source].text;
    },

    dispose(): void {
      for (const s of states.values()) s.index.dispose();
      states.clear();
    },
  };
}

export type VectorTier = ReturnType<typeof createVectorTier>;
