// The memory facade's contract: every method the engine worker exposes for memory, with plain (structured-cloneable) inputs and results.
import type { MemoryUsageInput, MemoryUsageResult } from './memory-usage';

export type TierName = 'vector' | 'episodic' | 'semantic' | 'working';

// ---- key-value entries (memory_entries) ------------------------------------------------------

/** One entry of a batched store: the fields memory_usage's store takes. */
export interface BatchEntry {
  namespace?: string;
  key: string;
  value: string;
  /** Seconds; leave out for no expiry. */
  ttl?: number | null;
  metadata?: Record<string, unknown> | null;
}

export interface BatchStoreResult {
  action: 'store_batch';
  /** All entries are stored in one transaction: either every one of them or (on a thrown error) none. */
  stored: number;
  /** UTF-8 bytes of the stored values. */
  size: number;
}

export interface NamespaceInfo {
  namespace: string;
  entries: number;
  /** UTF-8 bytes of keys and values. */
  bytes: number;
  /** Entries with an expiry set. */
  expiring: number;
}

// ---- vector tier -------------------------------------------------------------------------------

export interface SemanticSearchInput {
  query: string;
  /** Leave out to search every namespace. */
  namespace?: string;
  /** Results wanted (default 10, at most 100). */
  k?: number;
  /** Which embedder ranks the entries, by kind (SemanticSearchResult.embedders lists them); default: the memory's default, 'word-vectors' in the app and the CLI. */
  embedder?: EmbedderKind;
}

/**
 * 'word-vectors': by meaning, frequency-weighted averages of static word vectors (core/memory/word-vector-embedder.ts);
 * 'hashing': by spelling, hashed words and character n-grams (core/memory/hashing-embedder.ts).
 */
export type EmbedderKind = 'word-vectors' | 'hashing' | (string & {});

export interface EmbedderInfo {
  kind: EmbedderKind;
  /** Versioned name, as recorded on every stored vector it made. */
  name: string;
  /** What it is, in words. */
  label: string;
}

export interface SemanticHit {
  namespace: string;
  key: string;
  value: string;
  /** Cosine similarity of the query's embedding with the entry's (both unit length), from the compressed vectors. */
  score: number;
  /** Kind of the embedder whose vectors produced this score. */
  embedder: EmbedderKind;
}

export interface SemanticSearchResult {
  action: 'semantic_search';
  query: string;
  namespace: string | null;
  results: SemanticHit[];
  count: number;
  /** Versioned name of the embedder that produced the vectors (as recorded on each stored vector). */
  embedder: string;
  embedder_kind: EmbedderKind;
  /** The embedder in words, for the UI. */
  embedder_label: string;
  /** Every embedder a search may ask for, the default first. */
  embedders: EmbedderInfo[];
  /** Entries embedded to bring the index up to date before this search (entries are indexed lazily). */
  indexed: number;
}

// ---- episodic tier -----------------------------------------------------------------------------

export interface EpisodeInput {
  action: string;
  context?: unknown;
  outcome?: unknown;
  /** Free text describing the event (used for similarity later); defaults to the action. */
  content?: string;
  session_id?: string;
  /** Milliseconds since the epoch; defaults to now. */
  timestamp?: number;
}

export interface Episode {
  id: number;
  session_id: string;
  action: string;
  context: unknown;
  outcome: unknown;
  content: string;
  timestamp: number;
  expires_at: number | null;
}

export interface EpisodicConfig {
  /** Events kept; the oldest are evicted beyond it (default 10,000). */
  capacity: number;
  /** Seconds an event lives (default 7 days); null keeps events until evicted by capacity. */
  ttlSeconds: number | null;
}

export interface RecordResult {
  action: 'episode_record';
  id: number;
  /** Events evicted by capacity by this call. */
  evicted: number;
}

export interface ReplayInput {
  k: number;
  /** uniform: every live event equally likely; recency: weight 2^(−age / halfLifeSeconds). Default uniform. */
  mode?: 'uniform' | 'recency';
  /** For recency; default one day. */
  halfLifeSeconds?: number;
  /** Seeds the sampler so a replay can be repeated; random when left out. */
  seed?: number;
  session_id?: string;
}

export interface ReplayResult {
  action: 'episode_replay';
  mode: 'uniform' | 'recency';
  /** Sampled without replacement; fewer than k when fewer events are live. */
  episodes: Episode[];
  /** Live events sampled from. */
  population: number;
}

// ---- semantic tier -----------------------------------------------------------------------------

export interface KnowledgeInput {
  key: string;
  kind: 'fact' | 'rule';
  content: string;
  /** In [0, 1]; default 1. */
  confidence?: number;
  /** Key of the parent item, for hierarchies; must exist. */
  parent?: string | null;
  source?: string | null;
}

export interface KnowledgeItem {
  id: number;
  key: string;
  kind: 'fact' | 'rule';
  content: string;
  confidence: number;
  parent: string | null;
  source: string | null;
  created_at: number;
  updated_at: number;
}

export interface KnowledgeHit {
  item: KnowledgeItem;
  score: number;
}

// ---- working tier ------------------------------------------------------------------------------

export interface WorkingStats {
  entries: number;
  /** Estimated bytes held (UTF-16 of keys plus JSON of values). */
  bytes: number;
  capacityBytes: number;
  hits: number;
  misses: number;
  evictions: number;
}

// ---- stats, export, import ---------------------------------------------------------------------

export interface TierStats {
  tier: TierName;
  rows: number;
  /** Bytes as stored (for the vector tier: the compressed blobs). */
  bytes: number;
  /** Bytes the same data takes uncompressed (vector tier: float32); equals bytes for the other tiers. */
  rawBytes: number;
  /** 1 − bytes / rawBytes, or null when there is nothing stored. */
  savedFraction: number | null;
}

export interface MemoryStats {
  entries: { rows: number; bytes: number; namespaces: number };
  tiers: TierStats[];
  /** SQLite's page_count × page_size. */
  databaseBytes: number;
  episodic: EpisodicConfig;
}

export interface ImportResult {
  action: 'import';
  /** Rows written per table. */
  imported: Record<string, number>;
}

/**
 * What core's createMemory(...) returns and the engine worker exposes (each method becomes async
 * over comlink). Inputs are validated at runtime: bad input throws MemoryInputError naming the field.
 */
export interface MemoryApi {
  memory_usage(input: MemoryUsageInput): MemoryUsageResult;
  memory_store_batch(entries: BatchEntry[]): BatchStoreResult;
  memory_namespaces(): NamespaceInfo[];
  memory_semantic_search(input: SemanticSearchInput): SemanticSearchResult;
  memory_stats(): MemoryStats;
  /** Deletes every entry of a namespace; returns how many. */
  memory_clear_namespace(namespace: string): number;

  episode_record(input: EpisodeInput): RecordResult;
  episode_replay(input: ReplayInput): ReplayResult;
  episode_recent(limit?: number): Episode[];
  episodic_configure(config: Partial<EpisodicConfig>): EpisodicConfig;

  knowledge_put(input: KnowledgeInput): KnowledgeItem;
  knowledge_get(key: string): KnowledgeItem | null;
  knowledge_children(key: string): KnowledgeItem[];
  knowledge_similar(input: { query: string; k?: number }): KnowledgeHit[];
  knowledge_delete(key: string): boolean;

  /** Export of every table of memory as one JSON document (format 'safla-memory', version 1). */
  memory_export(): string;
  /** Validates the whole document first, then writes it in one transaction (merge: upsert by key). */
  memory_import(json: string): ImportResult;
}

/**
 * The working tier lives in each tab's own engine worker (session-only, never forwarded to the
 * owner tab): an LRU bounded by bytes.
 */
export interface WorkingApi {
  working_set(key: string, value: unknown): WorkingStats;
  working_get(key: string): { found: boolean; value: unknown };
  working_delete(key: string): boolean;
  working_stats(): WorkingStats;
}

/** Method names of MemoryApi, at runtime: the engine forwards exactly these to the tab that owns the database. */
export const MEMORY_METHODS = [
  'memory_usage', 'memory_store_batch', 'memory_namespaces', 'memory_semantic_search', 'memory_stats', 'memory_clear_namespace',
  'episode_record', 'episode_replay', 'episode_recent', 'episodic_configure',
  'knowledge_put', 'knowledge_get', 'knowledge_children', 'knowledge_similar', 'knowledge_delete',
  'memory_export', 'memory_import',
] as const satisfies readonly (keyof MemoryApi)[];

/** Method names of WorkingApi: answered by the calling tab's own engine worker. */
export const WORKING_METHODS = ['working_set', 'working_get', 'working_delete', 'working_stats'] as const satisfies readonly (keyof WorkingApi)[];
