// memory_export / memory_import: every memory table as one JSON document; import validates all of it before one transaction writes it.
import type { Db, SqlValue } from '../db/db';
import type { ImportResult } from './api';
import { decodeBase64, encodeBase64 } from './base64';
import { DEFAULT_EPISODIC, episodicConfigOf } from './episodic';
import { MemoryInputError } from './memory-usage';
import { describe, entryKeyOf, entryMetadataOf, entryNamespaceOf, entryTtlOf, entryValueOf, own } from './validate';
import { encodedBytes, unpackVector } from './vector-codec';
import { KNOWLEDGE_NAMESPACE } from './vector-tier';

export const EXPORT_FORMAT = 'safla-memory';
export const EXPORT_VERSION = 1;
/** Longest text accepted in the other tables' fields (characters): bounds what one malicious row can make us hold twice. Entries use ENTRY_LIMITS. */
export const MAX_TEXT = 16 * 1024 * 1024;
export const MAX_ROWS = 5_000_000;
export const MAX_DIM = 65_536;

const OP = 'memory_import';

/**
 * Column kinds of the exported tables. Surrogate ids are left out: rows are merged by their unique
 * keys, and a vector names its source row by (source, namespace, key), re-linked to the id it gets.
 */
type Kind = 'text' | 'text?' | 'int' | 'int?' | 'unit?' | 'json' | 'json?' | 'blob' | 'source' | 'kind' | 'dim'
  // An entry's fields, checked by the same functions as memory_usage store (validate.ts).
  | 'entry.namespace' | 'entry.key' | 'entry.value' | 'entry.metadata' | 'entry.ttl';
const TABLES = {
  memory_entries: {
    namespace: 'entry.namespace', key: 'entry.key', value: 'entry.value', metadata: 'entry.metadata', created_at: 'int', updated_at: 'int',
    accessed_at: 'int', access_count: 'int', ttl: 'entry.ttl', expires_at: 'int?',
  },
  semantic_memory: {
    concept: 'text', kind: 'kind', knowledge: 'text', confidence: 'unit?', parent: 'text?', source: 'text?',
    created_at: 'int', updated_at: 'int',
  },
  episodic_memory: {
    session_id: 'text', event_type: 'text', content: 'text', context: 'json?', outcome: 'json?', timestamp: 'int',
  },
  vector_memory: {
    source: 'source', namespace: 'text', key: 'text', embedder: 'text', dim: 'dim', vector: 'blob',
    source_updated_at: 'int', created_at: 'int', updated_at: 'int',
  },
  memory_settings: { name: 'text', value: 'json' },
} as const satisfies Record<string, Record<string, Kind>>;
type TableName = keyof typeof TABLES;
/** Write order: vectors after the rows they embed; parents before children inside semantic_memory. */
const TABLE_ORDER: TableName[] = ['memory_entries', 'semantic_memory', 'episodic_memory', 'vector_memory', 'memory_settings'];

type Row = Record<string, SqlValue>;

export interface ExportDocument {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exported_at: string;
  embedder: string;
  tables: Record<TableName, Record<string, unknown>[]>;
}

const EXPORT_SQL: Record<TableName, string> = {
  memory_entries: 'SELECT namespace, key, value, metadata, created_at, updated_at, accessed_at, access_count, ttl, expires_at FROM memory_entries ORDER BY id',
  semantic_memory: 'SELECT concept, kind, knowledge, confidence, parent, source, created_at, updated_at FROM semantic_memory ORDER BY id',
  episodic_memory: 'SELECT session_id, event_type, content, context, outcome, timestamp FROM episodic_memory ORDER BY id',
  // Only vectors that are current for their row: a stale or orphaned vector would be re-made anyway.
  vector_memory: `SELECT v.source, v.namespace, v.key, v.embedder, v.dim, v.vector, v.source_updated_at, v.created_at, v.updated_at
    FROM vector_memory v
    WHERE (v.source = 'entry' AND EXISTS (SELECT 1 FROM memory_entries e WHERE e.namespace = v.namespace AND e.key = v.key
             AND e.id = v.source_id AND e.updated_at = v.source_updated_at))
       OR (v.source = 'knowledge' AND EXISTS (SELECT 1 FROM semantic_memory s WHERE s.concept = v.key
             AND s.id = v.source_id AND s.updated_at = v.source_updated_at))
    ORDER BY v.id`,
  memory_settings: 'SELECT name, value FROM memory_settings ORDER BY name',
};

/** Reads every table into the export document (JSON columns kept as text: they are exported as stored). */
export function exportMemory(db: Db, exportedAt: number, embedder: string): string {
  const tables = {} as ExportDocument['tables'];
  for (const name of TABLE_ORDER) {
    tables[name] = db.all<Row>(EXPORT_SQL[name]).map((r) => {
      const out: Record<string, unknown> = {};
      for (const [col, kind] of Object.entries(TABLES[name]) as [string, Kind][]) {
        const v = r[col];
        out[col] = kind === 'blob' ? encodeBase64(v as Uint8Array)
          : kind === 'entry.metadata' || kind === 'json?' || kind === 'json' ? (v === null ? null : JSON.parse(v as string))
          : typeof v === 'bigint' ? Number(v) : v;
      }
      return out;
    });
  }
  const doc: ExportDocument = { format: EXPORT_FORMAT, version: EXPORT_VERSION, exported_at: new Date(exportedAt).toISOString(), embedder, tables };
  return JSON.stringify(doc);
}

function fail(path: string, message: string): never {
  throw new MemoryInputError(path, message, OP);
}

function checkText(v: unknown, path: string, nullable: boolean): string | null {
  if (v === null && nullable) return null;
  if (typeof v !== 'string') fail(path, `must be a string${nullable ? ' or null' : ''} (got ${describe(v)})`);
  if (v.length > MAX_TEXT) fail(path, `must be at most ${MAX_TEXT} characters`);
  return v;
}

function checkInt(v: unknown, path: string, nullable: boolean): number | null {
  if (v === null && nullable) return null;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail(path, `must be a non-negative integer${nullable ? ' or null' : ''} (got ${describe(v)})`);
  return v;
}

function checkJsonText(v: unknown, path: string): string {
  const json = JSON.stringify(v);
  if (json.length > MAX_TEXT) fail(path, `must be at most ${MAX_TEXT} characters as JSON`);
  return json;
}

/** One cell of the document, checked and converted to what the column stores. */
function cell(kind: Kind, v: unknown, path: string): SqlValue {
  switch (kind) {
    case 'text': {
      const s = checkText(v, path, false)!;
      if (s.length === 0) fail(path, 'must not be empty');
      return s;
    }
    case 'text?': return checkText(v, path, true);
    case 'int': return checkInt(v, path, false);
    case 'int?': return checkInt(v, path, true);
    case 'entry.namespace': return entryNamespaceOf(v, path, OP);
    case 'entry.key': return entryKeyOf(v, path, OP);
    case 'entry.value': return entryValueOf(v, path, OP);
    case 'entry.metadata': return entryMetadataOf(v, path, OP);
    case 'entry.ttl': return entryTtlOf(v, path, OP);
    case 'unit?':
      if (v === null) return null;
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) fail(path, `must be a number in [0, 1] or null (got ${describe(v)})`);
      return v;
    case 'json': if (v === undefined) fail(path, 'is required'); return checkJsonText(v, path);
    case 'json?': return v === null ? null : checkJsonText(v, path);
    case 'blob':
      if (typeof v !== 'string') fail(path, `must be a base64 string (got ${describe(v)})`);
      try {
        return decodeBase64(v);
      } catch (err) {
        return fail(path, `is not valid base64 (${(err as Error).message})`);
      }
    case 'source':
      if (v !== 'entry' && v !== 'knowledge') fail(path, `must be 'entry' or 'knowledge' (got ${describe(v)})`);
      return v;
    case 'kind':
      if (v !== 'fact' && v !== 'rule') fail(path, `must be 'fact' or 'rule' (got ${describe(v)})`);
      return v;
    case 'dim':
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_DIM) fail(path, `must be an integer in 1..${MAX_DIM} (got ${describe(v)})`);
      return v;
  }
}

type Parsed = Record<TableName, Row[]>;

/** Every check, in document order; throws at the first problem with its path. Reads db (for parents) but writes nothing. */
export function validateImport(db: Db, json: string): Parsed {
  if (typeof json !== 'string') fail('json', 'must be a string');
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (err) {
    fail('json', `is not valid JSON (${(err as Error).message})`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) fail('(document)', 'must be an object');
  const d = doc as Record<string, unknown>;
  if (own(d, 'format') !== EXPORT_FORMAT) fail('format', `must be '${EXPORT_FORMAT}' (got ${describe(own(d, 'format'))})`);
  if (own(d, 'version') !== EXPORT_VERSION) fail('version', `must be ${EXPORT_VERSION} (got ${describe(own(d, 'version'))})`);
  const tables = own(d, 'tables');
  if (typeof tables !== 'object' || tables === null || Array.isArray(tables)) fail('tables', 'must be an object');
  const parsed = {} as Parsed;
  for (const name of TABLE_ORDER) {
    const rows = own(tables as Record<string, unknown>, name);
    if (rows === undefined) {
      parsed[name] = [];
      continue;
    }
    if (!Array.isArray(rows)) fail(`tables.${name}`, 'must be an array');
    if (rows.length > MAX_ROWS) fail(`tables.${name}`, `must hold at most ${MAX_ROWS} rows`);
    const cols = Object.entries(TABLES[name]) as [string, Kind][];
    parsed[name] = rows.map((raw, i) => {
      const path = `tables.${name}[${i}]`;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(path, 'must be an object');
      // A fresh object with a null prototype: keys like __proto__ or constructor in the input are data at most, never read here.
      const row: Row = Object.create(null) as Row;
      for (const [col, kind] of cols) {
        const v = own(raw as Record<string, unknown>, col);
        if (v === undefined) fail(`${path}.${col}`, 'is required');
        row[col] = cell(kind, v, `${path}.${col}`);
      }
      return row;
    });
  }
  checkRelations(db, parsed);
  return parsed;
}

function checkRelations(db: Db, p: Parsed): void {
  const unique = (name: TableName, keyOf: (r: Row) => string, col: string) => {
    const seen = new Set<string>();
    p[name].forEach((r, i) => {
      const k = keyOf(r);
      if (seen.has(k)) fail(`tables.${name}[${i}].${col}`, 'repeats an earlier row\'s unique key');
      seen.add(k);
    });
    return seen;
  };
  const entryKeys = unique('memory_entries', (r) => JSON.stringify([r.namespace, r.key]), 'key');
  const concepts = unique('semantic_memory', (r) => r.concept as string, 'concept');
  unique('vector_memory', (r) => JSON.stringify([r.source, r.namespace, r.embedder, r.key]), 'key');
  unique('memory_settings', (r) => r.name as string, 'name');

  p.memory_entries.forEach((r, i) => {
    if (r.updated_at! < r.created_at!) fail(`tables.memory_entries[${i}].updated_at`, 'is before created_at');
  });
  p.vector_memory.forEach((r, i) => {
    const path = `tables.vector_memory[${i}]`;
    const blob = r.vector as Uint8Array;
    if (blob.length !== encodedBytes(r.dim as number)) fail(`${path}.vector`, `holds ${blob.length} bytes; a ${r.dim}-dim vector packs into ${encodedBytes(r.dim as number)}`);
    try {
      unpackVector(blob, r.dim as number);
    } catch (err) {
      fail(`${path}.vector`, (err as Error).message);
    }
    const has = r.source === 'entry' ? entryKeys.has(JSON.stringify([r.namespace, r.key]))
      : r.namespace === KNOWLEDGE_NAMESPACE && concepts.has(r.key as string);
    if (!has) fail(`${path}.key`, `names no ${r.source === 'entry' ? 'entry' : 'knowledge item'} in this document`);
  });
  p.memory_settings.forEach((r, i) => {
    const path = `tables.memory_settings[${i}]`;
    if (r.name !== 'episodic') fail(`${path}.name`, `is not a known setting (got ${describe(r.name)})`);
    episodicConfigOf(JSON.parse(r.value as string), DEFAULT_EPISODIC, OP, `${path}.value.`);
  });

  // Parents: each must exist in the document or the database, and the merged hierarchy must stay acyclic.
  const parentOf = new Map<string, string | null>();
  for (const r of db.all<{ concept: string; parent: string | null }>('SELECT concept, parent FROM semantic_memory')) parentOf.set(r.concept, r.parent);
  for (const r of p.semantic_memory) parentOf.set(r.concept as string, r.parent as string | null);
  p.semantic_memory.forEach((r, i) => {
    const path = `tables.semantic_memory[${i}].parent`;
    if (r.parent === null) return;
    if (!parentOf.has(r.parent as string)) fail(path, `${JSON.stringify(r.parent)} exists neither in this document nor in the database`);
    const seen = new Set<string>();
    for (let at: string | null = r.parent as string; at !== null; at = parentOf.get(at) ?? null) {
      if (at === r.concept || seen.has(at)) fail(path, 'makes the hierarchy cyclic');
      seen.add(at);
    }
  });
}

/** Parents before children, so each insert finds its parent already written. */
function parentsFirst(rows: Row[]): Row[] {
  const inDoc = new Map(rows.map((r) => [r.concept as string, r]));
  const out: Row[] = [];
  const placed = new Set<string>();
  const place = (r: Row): void => {
    const c = r.concept as string;
    if (placed.has(c)) return;
    placed.add(c);
    const parent = r.parent === null ? undefined : inDoc.get(r.parent as string);
    if (parent) place(parent);
    out.push(r);
  };
  rows.forEach(place);
  return out;
}

const WRITE_SQL = {
  memory_entries: `INSERT INTO memory_entries (namespace, key, value, metadata, created_at, updated_at, accessed_at, access_count, ttl, expires_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (key, namespace) DO UPDATE SET value = excluded.value, metadata = excluded.metadata, created_at = excluded.created_at,
      updated_at = excluded.updated_at, accessed_at = excluded.accessed_at, access_count = excluded.access_count,
      ttl = excluded.ttl, expires_at = excluded.expires_at`,
  semantic_memory: `INSERT INTO semantic_memory (concept, kind, knowledge, confidence, parent, source, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (concept) DO UPDATE SET kind = excluded.kind, knowledge = excluded.knowledge, confidence = excluded.confidence,
      parent = excluded.parent, source = excluded.source, created_at = excluded.created_at, updated_at = excluded.updated_at`,
  // Episodes have no natural key: an identical event already present is not written twice.
  episodic_memory: `INSERT INTO episodic_memory (session_id, event_type, content, context, outcome, timestamp)
    SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE NOT EXISTS (SELECT 1 FROM episodic_memory WHERE session_id = ?1 AND event_type = ?2
      AND content = ?3 AND context IS ?4 AND outcome IS ?5 AND timestamp = ?6)`,
  vector_memory: `INSERT INTO vector_memory (source, source_id, source_updated_at, embedder, namespace, key, dim, vector, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (source, namespace, embedder, key) DO UPDATE SET source_id = excluded.source_id, source_updated_at = excluded.source_updated_at,
      embedder = excluded.embedder, dim = excluded.dim, vector = excluded.vector, created_at = excluded.created_at, updated_at = excluded.updated_at`,
  memory_settings: 'INSERT INTO memory_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
} satisfies Record<TableName, string>;

const col = (name: TableName, r: Row): SqlValue[] => Object.keys(TABLES[name]).map((c) => r[c]);

/** Writes a validated document in one transaction (the caller's). Vectors of rows the document replaces but does not carry are dropped, to be re-embedded. */
export function writeImport(db: Db, p: Parsed): ImportResult {
  const imported: Record<string, number> = {};
  for (const r of p.memory_entries) {
    db.run(WRITE_SQL.memory_entries, col('memory_entries', r));
    db.run("DELETE FROM vector_memory WHERE source = 'entry' AND namespace = ? AND key = ?", [r.namespace, r.key]);
  }
  imported.memory_entries = p.memory_entries.length;
  for (const r of parentsFirst(p.semantic_memory)) {
    db.run(WRITE_SQL.semantic_memory, col('semantic_memory', r));
    db.run("DELETE FROM vector_memory WHERE source = 'knowledge' AND namespace = ? AND key = ?", [KNOWLEDGE_NAMESPACE, r.concept]);
  }
  imported.semantic_memory = p.semantic_memory.length;
  let episodes = 0;
  for (const r of p.episodic_memory) episodes += db.run(WRITE_SQL.episodic_memory, col('episodic_memory', r)).changes;
  imported.episodic_memory = episodes;
  for (const r of p.vector_memory) {
    const target = r.source === 'entry'
      ? db.get<{ id: number }>('SELECT id FROM memory_entries WHERE namespace = ? AND key = ?', [r.namespace, r.key])
      : db.get<{ id: number }>('SELECT id FROM semantic_memory WHERE concept = ?', [r.key]);
    db.run(WRITE_SQL.vector_memory, [r.source, target!.id, r.source_updated_at, r.embedder, r.namespace, r.key, r.dim, r.vector, r.created_at, r.updated_at]);
  }
  imported.vector_memory = p.vector_memory.length;
  for (const r of p.memory_settings) db.run(WRITE_SQL.memory_settings, col('memory_settings', r));
  imported.memory_settings = p.memory_settings.length;
  return { action: 'import', imported };
}
