// createMemory: the MemoryApi facade over one migrated database, composing entries, the vector, episodic and semantic tiers, stats and export/import.
import type { Db } from '../db/db';
import type { EpisodicConfig, MemoryApi, MemoryStats, SemanticHit } from './api';
import { EMBEDDER_KINDS, type Embedder } from './embedder';
import { createEntries } from './entries';
import { createEpisodic } from './episodic';
import { createHashingEmbedder } from './hashing-embedder';
import { createKnowledge } from './knowledge';
import { exportMemory, validateImport, writeImport } from './memory-export';
import { createMemoryUsage, MemoryInputError, type Clock, type DeferAccess } from './memory-usage';
import { createPlainVectorIndex } from './plain-vector-index';
import { numberOf, objectOf, own, stringOf } from './validate';
import type { VectorIndexFactory } from './vector-index';
import { createVectorTier } from './vector-tier';

export const SEARCH_DEFAULT_K = 10;
export const SEARCH_MAX_K = 100;

export interface MemoryOptions {
  /** A database migrated to the latest schema (core/db/migrations.ts). */
  db: Db;
  /** Milliseconds since the epoch; default Date.now. */
  clock?: Clock;
  /**
   * The embedder semantic search and knowledge similarity use unless a search names another kind; default:
   * the first of `embedders`, else the hashing embedder. The engine and the CLI pass the word-vector
   * embedder (its asset's bytes are loaded outside core).
   */
  embedder?: Embedder;
  /** Further embedders a search may ask for by kind. A hashing embedder is always among them. */
  embedders?: readonly Embedder[];
  /** Default: the plain-TS index; the engine injects the wasm kernel's. */
  indexFactory?: VectorIndexFactory;
  /** Uniform in [0, 1), for replays without a seed; default Math.random. */
  random?: () => number;
  /** Initial episodic config; a config saved by episodic_configure takes precedence. */
  episodic?: Partial<EpisodicConfig>;
  /** Lets retrieves leave their access counts in memory until the flush this is handed runs (see createMemoryUsage); default: written at once. */
  deferAccess?: DeferAccess;
}

/** The memory's embedders, the default first, one per kind, with a hashing embedder always among them. */
function embedderSet(first: Embedder | undefined, more: readonly Embedder[]): Embedder[] {
  const out: Embedder[] = [];
  for (const e of [...(first ? [first] : []), ...more]) {
    if (!out.some((o) => o.kind === e.kind)) out.push(e);
  }
  if (!out.some((e) => e.kind === 'hashing')) out.push(createHashingEmbedder());
  return out;
}

/**
 * The memory of one database. memory_stats returns the vector, episodic and semantic tiers only:
 * the working tier is per tab (createWorking in working.ts), so the engine adds its row from the
 * calling tab's own instance.
 */
export function createMemory(opts: MemoryOptions): MemoryApi {
  const { db } = opts;
  const clock = opts.clock ?? Date.now;
  const now = (): number => {
    const t = clock();
    if (!Number.isFinite(t)) throw new Error(`memory: clock returned ${t}`);
    return Math.floor(t);
  };
  const embedders = embedderSet(opts.embedder, opts.embedders ?? []);
  const embedder = embedders[0];
  const indexFactory = opts.indexFactory ?? createPlainVectorIndex;
  const names = embedders.map((e) => e.name);
  const absent = EMBEDDER_KINDS.filter((k) => !embedders.some((e) => e.kind === k));
  const tiers = new Map(embedders.map((e) => [e.kind, createVectorTier(db, e, indexFactory, now, names, absent)]));
  const vectors = tiers.get(embedder.kind)!;
  const entriesChanged = () => {
    for (const t of tiers.values()) t.touch('entry');
  };
  const usage = createMemoryUsage(db, now, entriesChanged, opts.deferAccess);
  const entries = createEntries(db, now, entriesChanged);
  const episodic = createEpisodic(db, now, opts.random ?? Math.random, opts.episodic);
  const knowledge = createKnowledge(db, now, vectors);

  return {
    memory_usage: usage,
    memory_store_batch: (list) => entries.storeBatch(list),
    memory_namespaces: () => entries.namespaces(),

    memory_semantic_search(input) {
      const op = 'memory_semantic_search';
      const r = objectOf(input, 'input', op);
      const query = stringOf(own(r, 'query'), 'query', op);
      const nsIn = own(r, 'namespace');
      const namespace = nsIn === undefined || nsIn === null ? null : stringOf(nsIn, 'namespace', op);
      const kIn = own(r, 'k');
      const k = kIn === undefined ? SEARCH_DEFAULT_K : numberOf(kIn, 'k', op, { integer: true, min: 1, max: SEARCH_MAX_K });
      const kindIn = own(r, 'embedder');
      const kind = kindIn === undefined || kindIn === null ? embedder.kind : stringOf(kindIn, 'embedder', op);
      const tier = tiers.get(kind);
      if (!tier) throw new MemoryInputError('embedder', `must be one of ${[...tiers.keys()].map((x) => `"${x}"`).join(', ')} (got ${JSON.stringify(kind)})`, op);
      const used = tier.embedder;
      // Expired entries must neither be found nor keep their vectors.
      entries.purge(now());
      const q = used.embed(query);
      // A query with no features scores 0 against everything: still catch up, but report no ranking.
      const featureless = !q.some((x) => x !== 0);
      const { hits, indexed } = tier.search('entry', namespace, q, featureless ? 0 : k);
      const results: SemanticHit[] = [];
      for (const h of hits) {
        const row = db.get<{ namespace: string; key: string; value: string }>(tier.rowSql('entry'), [h.id]);
        if (row) results.push({ namespace: row.namespace, key: row.key, value: row.value, score: h.score, embedder: used.kind });
      }
      return {
        action: 'semantic_search', query, namespace, results, count: results.length,
        embedder: used.name, embedder_kind: used.kind, embedder_label: used.label, indexed,
        embedders: embedders.map((e) => ({ kind: e.kind, name: e.name, label: e.label })),
      };
    },

    memory_stats(): MemoryStats {
      const pages = db.get<{ page_count: number }>('PRAGMA page_count')!;
      const size = db.get<{ page_size: number }>('PRAGMA page_size')!;
      return {
        entries: entries.totals(),
        tiers: [vectors.stats(), episodic.stats(), knowledge.stats()],
        databaseBytes: Number(pages.page_count) * Number(size.page_size),
        episodic: episodic.config(),
      };
    },

    memory_clear_namespace: (namespace) => entries.clearNamespace(namespace),

    episode_record: (input) => episodic.record(input),
    episode_replay: (input) => episodic.replay(input),
    episode_recent: (limit) => episodic.recent(limit),
    episodic_configure: (config) => episodic.configure(config),

    knowledge_put: (input) => knowledge.put(input),
    knowledge_get: (key) => knowledge.get(key),
    knowledge_children: (key) => knowledge.children(key),
    knowledge_similar: (input) => knowledge.similar(input),
    knowledge_delete: (key) => knowledge.delete(key),

    memory_export() {
      usage.flushAccess();
      entries.purge(now());
      episodic.enforce();
      return exportMemory(db, now(), embedder.name);
    },

    memory_import(json) {
      // Access counts that wait would otherwise be added to the imported ones afterwards.
      usage.flushAccess();
      const parsed = validateImport(db, json);
      const result = db.transaction(() => writeImport(db, parsed));
      // The import rewrote rows and vectors under the in-memory indexes and may carry a new episodic config.
      for (const t of tiers.values()) t.reset();
      episodic.reloadConfig();
      episodic.enforce();
      return result;
    },
  };
}
