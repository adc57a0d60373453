// Migration 8: what neural_patterns keeps beyond migration 1's pattern_memory: outcomes per operation, label corrections, trained classifier versions.
import type { Migration } from '../db/migrations';

/**
 * - pattern_memory (migration 1: pattern_type, pattern_data, confidence, usage_count, last_used, created_at) gains the
 *   columns predict and recommendations read without parsing JSON: the operation's text (description), whether it
 *   succeeded and how long it took (NULL when the outcome did not say), where pattern_type came from ('classifier',
 *   'given' in metadata.pattern, or 'corrected' later), the episodic event and the vector-tier key it was stored under,
 *   and the classifier version that labelled it. pattern_data holds {operation, outcome, metadata} as JSON.
 * - pattern_labels: labels people gave (a correction of an analysed operation, or metadata.pattern on learn), each
 *   with the operation as JSON and what the classifier had said; the next training reads them.
 * - pattern_classifiers: trained classifier versions, keyed by the fingerprint of what they were trained on (data
 *   checksum, labels, features, settings), with their weights (float32, little-endian, layer order) and measured figures.
 */
const schemaV8 = `
ALTER TABLE pattern_memory ADD COLUMN description TEXT;
ALTER TABLE pattern_memory ADD COLUMN success INTEGER CHECK (success IN (0, 1));
ALTER TABLE pattern_memory ADD COLUMN duration_ms REAL;
ALTER TABLE pattern_memory ADD COLUMN label_source TEXT NOT NULL DEFAULT 'classifier' CHECK (label_source IN ('classifier', 'given', 'corrected'));
ALTER TABLE pattern_memory ADD COLUMN episode_id INTEGER;
ALTER TABLE pattern_memory ADD COLUMN memory_key TEXT;
ALTER TABLE pattern_memory ADD COLUMN classifier TEXT;
CREATE INDEX idx_pattern_memory_created ON pattern_memory (created_at);

CREATE TABLE pattern_labels (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  description TEXT NOT NULL,
  operation TEXT NOT NULL,
  pattern TEXT NOT NULL CHECK (pattern IN ('convergent', 'divergent', 'lateral', 'systems', 'critical', 'adaptive')),
  predicted TEXT,
  source TEXT NOT NULL CHECK (source IN ('correction', 'learn')),
  pattern_memory_id INTEGER REFERENCES pattern_memory (id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX idx_pattern_labels_source ON pattern_labels (source, id);

CREATE TABLE pattern_classifiers (
  fingerprint TEXT PRIMARY KEY,
  spec TEXT NOT NULL,
  params BLOB NOT NULL,
  figures TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
`;

export const patternsMigration: Migration = { version: 8, name: 'neural_patterns: outcomes, label corrections, classifier versions', sql: schemaV8 };
