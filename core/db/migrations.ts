// Schema migrations, ordered and keyed by PRAGMA user_version: migrate(db) brings any database up to the latest schema, once.
import type { Db } from './db';
import { pipelineMigration } from '../pipeline/schema';
import { patternsMigration } from '../patterns/schema';
import { catalogLoopMigration } from '../catalog/schema';

export interface Migration {
  /** user_version after this migration; versions are 1, 2, 3, ... with no gaps. */
  version: number;
  name: string;
  /** Statements run inside one transaction together with the user_version bump. */
  sql: string;
}

/**
 * Migration 1: the memory store of the reference (memory_entries, same columns and
 * uniqueness) and the tables its architecture names. Later issues append migrations;
 * never edit a released one, since databases in users' browsers have already run it.
 * Times are integer milliseconds since the epoch; ttl is in seconds as the API takes it.
 */
const schemaV1 = `
CREATE TABLE memory_entries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  namespace TEXT NOT NULL DEFAULT 'default',
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  metadata TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  accessed_at INTEGER NOT NULL,
  access_count INTEGER NOT NULL DEFAULT 0,
  ttl INTEGER,
  expires_at INTEGER,
  UNIQUE (key, namespace)
);
CREATE INDEX idx_memory_entries_ns_updated ON memory_entries (namespace, updated_at);
CREATE INDEX idx_memory_entries_expires ON memory_entries (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE vector_memory (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  namespace TEXT NOT NULL DEFAULT 'default',
  key TEXT NOT NULL,
  dim INTEGER NOT NULL,
  vector BLOB NOT NULL,
  content TEXT,
  metadata TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (key, namespace)
);

CREATE TABLE episodic_memory (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  content TEXT NOT NULL,
  context TEXT,
  outcome TEXT,
  timestamp INTEGER NOT NULL
);
CREATE INDEX idx_episodic_session_time ON episodic_memory (session_id, timestamp);

CREATE TABLE semantic_memory (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  concept TEXT NOT NULL UNIQUE,
  knowledge TEXT NOT NULL,
  confidence REAL,
  source TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE neural_models (
  model_id TEXT PRIMARY KEY,
  model_name TEXT NOT NULL,
  model_type TEXT,
  version TEXT,
  accuracy REAL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  weights BLOB,
  metadata TEXT
);

CREATE TABLE model_versions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  model_id TEXT NOT NULL REFERENCES neural_models (model_id) ON DELETE CASCADE,
  version TEXT NOT NULL,
  weights BLOB,
  metrics TEXT,
  created_at INTEGER NOT NULL,
  UNIQUE (model_id, version)
);

CREATE TABLE training_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  model_id TEXT NOT NULL REFERENCES neural_models (model_id) ON DELETE CASCADE,
  epoch INTEGER NOT NULL,
  accuracy REAL,
  loss REAL,
  timestamp INTEGER NOT NULL
);
CREATE INDEX idx_training_history_model ON training_history (model_id, epoch);

CREATE TABLE pattern_memory (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  pattern_type TEXT NOT NULL,
  pattern_data TEXT NOT NULL,
  confidence REAL,
  usage_count INTEGER NOT NULL DEFAULT 0,
  last_used INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX idx_pattern_memory_type ON pattern_memory (pattern_type);
`;

/**
 * Migration 2: what the memory tiers need beyond v1.
 * - vector_memory is rebuilt: a row now names its source table ('entry' = memory_entries,
 *   'knowledge' = semantic_memory), the source row's id and the updated_at it embedded (so stale
 *   vectors are found by one join), and the embedder that made it (vectors of different embedders
 *   are not comparable). v1's table had none of this and no release ever wrote to it, so it is
 *   dropped rather than copied.
 * - semantic_memory gains kind (fact | rule) and parent (a concept; the foreign key backs up the
 *   tier's own refusal to delete a parent that has children).
 * - episodic_memory gets an index on timestamp: TTL purge, capacity eviction and recency all order by it.
 * - memory_settings keeps small persistent settings (the episodic tier's capacity and TTL) as JSON.
 */
const schemaV2 = `
DROP TABLE vector_memory;
CREATE TABLE vector_memory (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  source TEXT NOT NULL CHECK (source IN ('entry', 'knowledge')),
  source_id INTEGER NOT NULL,
  source_updated_at INTEGER NOT NULL,
  embedder TEXT NOT NULL,
  namespace TEXT NOT NULL DEFAULT 'default',
  key TEXT NOT NULL,
  dim INTEGER NOT NULL,
  vector BLOB NOT NULL,
  content TEXT,
  metadata TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (source, namespace, key)
);

ALTER TABLE semantic_memory ADD COLUMN kind TEXT NOT NULL DEFAULT 'fact' CHECK (kind IN ('fact', 'rule'));
ALTER TABLE semantic_memory ADD COLUMN parent TEXT REFERENCES semantic_memory (concept);
CREATE INDEX idx_semantic_memory_parent ON semantic_memory (parent) WHERE parent IS NOT NULL;

CREATE INDEX idx_episodic_time ON episodic_memory (timestamp);

CREATE TABLE memory_settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

/**
 * Migration 3: the model registry (core/models/registry.ts): versions carry a description, size,
 * accuracy and quantization, models a last-used time for cleanup, and the history keeps every
 * per-epoch metric the trainer streams.
 */
const schemaV3 = `
ALTER TABLE neural_models ADD COLUMN last_used_at INTEGER;
ALTER TABLE model_versions ADD COLUMN description TEXT;
ALTER TABLE model_versions ADD COLUMN size INTEGER NOT NULL DEFAULT 0;
ALTER TABLE model_versions ADD COLUMN accuracy REAL;
ALTER TABLE model_versions ADD COLUMN quantized INTEGER NOT NULL DEFAULT 0;
ALTER TABLE training_history ADD COLUMN version TEXT;
ALTER TABLE training_history ADD COLUMN val_loss REAL;
ALTER TABLE training_history ADD COLUMN val_accuracy REAL;
ALTER TABLE training_history ADD COLUMN learning_rate REAL;
ALTER TABLE training_history ADD COLUMN time_ms REAL;
CREATE INDEX idx_model_versions_model ON model_versions (model_id, created_at);
`;

/**
 * Migration 4: model lifecycle.
 * - model_versions.sha256 is the version's identity: the sha256 of the stored file bytes ("sha256:<hex>"),
 *   recorded on save. Caches of loaded weights and example indexes key on it, so a version number can
 *   never be answered by other bytes. NULL for versions saved before this migration (computed when read).
 * - model_versions_retired remembers every version number a model ever had once it is deleted, so the
 *   registry never hands one out again, also after the whole model was deleted and created anew (no
 *   foreign key to neural_models on purpose: the row must outlive the model). Versions deleted before
 *   this migration are known only where their training history was left behind (the bug this fixes):
 *   those are retired here and that orphaned history is dropped.
 */
const schemaV4 = `
ALTER TABLE model_versions ADD COLUMN sha256 TEXT;
CREATE TABLE model_versions_retired (
  model_id TEXT NOT NULL,
  version TEXT NOT NULL,
  retired_at INTEGER NOT NULL,
  PRIMARY KEY (model_id, version)
);
INSERT OR IGNORE INTO model_versions_retired (model_id, version, retired_at)
  SELECT DISTINCT h.model_id, h.version, 0 FROM training_history h
  WHERE h.version IS NOT NULL AND NOT EXISTS (SELECT 1 FROM model_versions v WHERE v.model_id = h.model_id AND v.version = h.version);
DELETE FROM training_history
  WHERE version IS NOT NULL AND NOT EXISTS (SELECT 1 FROM model_versions v WHERE v.model_id = training_history.model_id AND v.version = training_history.version);
`;

/**
 * Migration 5: a row may hold one vector per embedder. The memory has two embedders (word vectors by
 * meaning, the default, and hashing by spelling) and a search may ask for either; with one vector per
 * row, every switch would re-embed the whole namespace. The unique key gains the embedder, placed before
 * key so the index also serves "this namespace's vectors of this embedder" (load and catch-up). Rows
 * keep their embedder name (which embedder and version made each vector), so hashing vectors stored
 * before this migration stay valid for hashing searches, and word-vector ones are made lazily.
 */
const schemaV5 = `
CREATE TABLE vector_memory_v5 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  source TEXT NOT NULL CHECK (source IN ('entry', 'knowledge')),
  source_id INTEGER NOT NULL,
  source_updated_at INTEGER NOT NULL,
  embedder TEXT NOT NULL,
  namespace TEXT NOT NULL DEFAULT 'default',
  key TEXT NOT NULL,
  dim INTEGER NOT NULL,
  vector BLOB NOT NULL,
  content TEXT,
  metadata TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (source, namespace, embedder, key)
);
INSERT INTO vector_memory_v5 (id, source, source_id, source_updated_at, embedder, namespace, key, dim, vector, content, metadata, created_at, updated_at)
  SELECT id, source, source_id, source_updated_at, embedder, namespace, key, dim, vector, content, metadata, created_at, updated_at FROM vector_memory;
DROP TABLE vector_memory;
ALTER TABLE vector_memory_v5 RENAME TO vector_memory;
`;

/**
 * Migration 7: ensembles of model versions, saved by name (members pinned to exact versions with their
 * weights' provenance, JSON), the same in the browser and the CLI. IF NOT EXISTS: CLI state folders made
 * before this migration created the same table on first use.
 */
const schemaV7 = `
CREATE TABLE IF NOT EXISTS model_ensembles (
  name TEXT PRIMARY KEY,
  members TEXT NOT NULL,
  labels TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
`;

export const migrations: readonly Migration[] = [
  { version: 1, name: 'memory store and the tables of the memory architecture', sql: schemaV1 },
  { version: 2, name: 'vector provenance, knowledge kind and parent, episodic time index, memory settings', sql: schemaV2 },
  { version: 3, name: 'model registry: version details, last use, full training history', sql: schemaV3 },
  { version: 4, name: 'model lifecycle: version content hash, retired version numbers', sql: schemaV4 },
  { version: 5, name: 'vector memory: one vector per row and embedder', sql: schemaV5 },
  // The training pipeline's tables live beside its code (core/pipeline/schema.ts).
  pipelineMigration,
  { version: 7, name: 'saved ensembles of model versions', sql: schemaV7 },
  // neural_patterns' tables live beside its code (core/patterns/schema.ts).
  patternsMigration,
  // The catalog's trainings and the learning loop's steps (core/catalog/schema.ts).
  catalogLoopMigration,
];

export function schemaVersion(db: Db): number {
  const row = db.get<{ user_version: number }>('PRAGMA user_version');
  return Number(row?.user_version ?? 0);
}

export interface MigrateResult {
  from: number;
  to: number;
  /** Versions applied by this call, in order; empty when the database was already current. */
  applied: number[];
}

/**
 * Applies every migration above the database's user_version, each in its own transaction
 * together with its user_version bump, so a failure leaves the database at the last
 * complete version. Idempotent: a second call applies nothing.
 */
export function migrate(db: Db, list: readonly Migration[] = migrations): MigrateResult {
  list.forEach((m, i) => {
    // A gap or reordering would skip or replay schema on some databases: refuse early.
    if (m.version !== i + 1) throw new Error(`migrations: entry ${i} has version ${m.version}, expected ${i + 1}`);
  });
  const from = schemaVersion(db);
  const latest = list.length;
  if (from > latest) {
    // An older app opening a newer database must not write to a schema it does not know.
    throw new Error(`database schema version ${from} is newer than this app's latest (${latest})`);
  }
  const applied: number[] = [];
  for (const m of list) {
    if (m.version <= from) continue;
    db.transaction(() => {
      db.exec(m.sql);
      // PRAGMA takes no bound parameters; the version is an integer we own.
      db.exec(`PRAGMA user_version = ${m.version}`);
    });
    applied.push(m.version);
  }
  return { from, to: schemaVersion(db), applied };
}
