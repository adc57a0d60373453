// memory_usage: the reference's key-value memory tool (store/retrieve/list/delete/search with TTL) over core's Db.
import type { Db, SqlValue } from '../db/db';
import { entryKeyOf, entryMetadataOf, entryNamespaceOf, entryTtlOf, entryValueOf, stringOf } from './validate';

/** Milliseconds since the epoch. Injected so tests (and replays) control time. */
export type Clock = () => number;

export const MEMORY_ACTIONS = ['store', 'retrieve', 'list', 'delete', 'search'] as const;
export type MemoryAction = (typeof MEMORY_ACTIONS)[number];

export const LIST_LIMIT = 100;
export const SEARCH_LIMIT = 50;
export const DEFAULT_NAMESPACE = 'default';

export interface MemoryUsageInput {
  action: MemoryAction;
  /** Defaults to 'default'; for search, leaving it out searches every namespace. */
  namespace?: string;
  key?: string;
  /** The value to store; for search, the text to look for in keys and values. */
  value?: string;
  /** Seconds until the entry expires; leave out (or null) for no expiry. */
  ttl?: number | null;
  /** Optional JSON-serialisable metadata kept beside the value. */
  metadata?: Record<string, unknown> | null;
}

export interface MemoryEntry {
  id: number;
  namespace: string;
  key: string;
  value: string;
  metadata: Record<string, unknown> | null;
  created_at: number;
  updated_at: number;
  accessed_at: number;
  access_count: number;
  ttl: number | null;
  expires_at: number | null;
}

export interface StoreResult { action: 'store'; stored: true; id: number; size: number; storage_type: 'sqlite'; namespace: string; key: string; expires_at: number | null }
export interface RetrieveResult { action: 'retrieve'; found: boolean; namespace: string; key: string; value: string | null; entry: MemoryEntry | null }
export interface ListResult { action: 'list'; namespace: string; entries: MemoryEntry[]; count: number }
export interface DeleteResult { action: 'delete'; deleted: boolean; namespace: string; key: string }
export interface SearchResult { action: 'search'; namespace: string | null; query: string; results: MemoryEntry[]; count: number }
export type MemoryUsageResult = StoreResult | RetrieveResult | ListResult | DeleteResult | SearchResult;

/** Bad input, with the offending field named so callers (and users) can fix the request. */
export class MemoryInputError extends Error {
  /** op names the method the input was for, so errors from other memory methods read right. */
  constructor(readonly field: string, readonly problem: string, op = 'memory_usage') {
    super(`${op}: ${field} ${problem}`);
    this.name = 'MemoryInputError';
  }
}

interface Row {
  id: number; namespace: string; key: string; value: string; metadata: string | null;
  created_at: number; updated_at: number; accessed_at: number; access_count: number;
  ttl: number | null; expires_at: number | null;
}

const COLUMNS = 'id, namespace, key, value, metadata, created_at, updated_at, accessed_at, access_count, ttl, expires_at';

function toEntry(r: Row): MemoryEntry {
  return {
    id: Number(r.id), namespace: r.namespace, key: r.key, value: r.value,
    metadata: r.metadata === null ? null : (JSON.parse(r.metadata) as Record<string, unknown>),
    created_at: Number(r.created_at), updated_at: Number(r.updated_at), accessed_at: Number(r.accessed_at),
    access_count: Number(r.access_count),
    ttl: r.ttl === null ? null : Number(r.ttl), expires_at: r.expires_at === null ? null : Number(r.expires_at),
  };
}

/** UTF-8 byte length, computed by hand because core has no TextEncoder (no DOM or node types). */
export function utf8Length(s: string): number {
  // Code units, not code points: batched stores call this per value, and charCodeAt avoids the string iterator.
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      // A surrogate pair is one 4-byte code point; a lone surrogate is written as U+FFFD (3 bytes).
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** Escapes LIKE's wildcards so user text matches literally (used with ESCAPE '\'). */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** op names the method in errors: memory_usage, or memory_store_batch (which adds the entry's position to the field). */
function namespaceOf(input: Record<string, unknown>, op?: string): string {
  return input.namespace === undefined || input.namespace === null ? DEFAULT_NAMESPACE : entryNamespaceOf(input.namespace, 'namespace', op);
}

/** One validated store, ready to bind. */
export interface StoreFields {
  namespace: string;
  key: string;
  value: string;
  ttl: number | null;
  /** JSON text, or null. */
  metadata: string | null;
}

/** Validates the fields of one store (the caller has checked that input is an object). */
export function storeFieldsOf(input: Record<string, unknown>, op?: string): StoreFields {
  // The limits memory_import checks too (validate.ts), so whatever is stored can be exported and imported back.
  return {
    namespace: namespaceOf(input, op),
    key: entryKeyOf(input.key, 'key', op),
    value: entryValueOf(input.value, 'value', op),
    ttl: entryTtlOf(input.ttl, 'ttl', op),
    metadata: entryMetadataOf(input.metadata, 'metadata', op),
  };
}

/**
 * The upsert of a store. An existing entry keeps id, created_at and access statistics; content and
 * expiry change. updated_at moves strictly forward on every rewrite (max(now, previous + 1)), so
 * data derived from a version of the entry (its embedding) can tell that version from a newer one
 * written within the same millisecond, or under a clock that stepped back.
 */
const UPSERT_SQL = `INSERT INTO memory_entries (namespace, key, value, metadata, created_at, updated_at, accessed_at, access_count, ttl, expires_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
  ON CONFLICT (key, namespace) DO UPDATE SET
    value = excluded.value, metadata = excluded.metadata,
    updated_at = max(excluded.updated_at, memory_entries.updated_at + 1),
    ttl = excluded.ttl, expires_at = excluded.expires_at`;
const UPSERT_RETURNING_SQL = `${UPSERT_SQL} RETURNING id`;

/**
 * Rows per multi-row upsert in a batch. One statement for many rows pays the per-statement cost
 * (prepare or cache lookup, step, reset, and the adapter's last_insert_rowid read) once per chunk;
 * SQLite applies the rows in order, so a key repeated inside one chunk upserts exactly as it would
 * in separate statements. Row j binds ?(6j+1)..?(6j+6); the time, the same for every row, is bound
 * once as the last parameter (binding strings and numbers into wasm is most of a store's cost).
 */
export const STORE_CHUNK = 32;
const ROW_PARAMS = 6;
const CHUNK_TIME = ROW_PARAMS * STORE_CHUNK + 1;
const UPSERT_CHUNK_SQL = UPSERT_SQL.replace('VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)', `VALUES ${Array.from({ length: STORE_CHUNK }, (_, j) => {
  const p = (k: number) => `?${j * ROW_PARAMS + k}`;
  return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ?${CHUNK_TIME}, ?${CHUNK_TIME}, ?${CHUNK_TIME}, 0, ${p(5)}, ${p(6)})`;
}).join(', ')}`);
export const PURGE_ENTRIES_SQL = 'DELETE FROM memory_entries WHERE expires_at IS NOT NULL AND expires_at <= ?';

function storeParams(f: StoreFields, t: number): SqlValue[] {
  const expiresAt = f.ttl === null ? null : t + Math.round(f.ttl * 1000);
  return [f.namespace, f.key, f.value, f.metadata, t, t, t, f.ttl, expiresAt];
}

function pushParams(out: SqlValue[], f: StoreFields, t: number): void {
  out.push(f.namespace, f.key, f.value, f.metadata, f.ttl, f.ttl === null ? null : t + Math.round(f.ttl * 1000));
}

/**
 * Batches bind one JSON array of rows per statement and let SQLite's json_each expand it. Binding is
 * what a store costs through sqlite-wasm (measured in node: 100k rows × 6 parameters ≈ 0.85 s of
 * binding against ≈ 0.15 s of stepping), and one long string binds in a single call. Rows are
 * [namespace, key, value, metadata, ttl, expires_at]; ?2 is the time. ORDER BY the array index keeps
 * the batch's order, so a key repeated in one chunk ends with its last value, as in single stores.
 */
const UPSERT_JSON_SQL = `INSERT INTO memory_entries (namespace, key, value, metadata, created_at, updated_at, accessed_at, access_count, ttl, expires_at)
  SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, ?2, ?2, ?2, 0, j.value ->> 4, j.value ->> 5
  FROM json_each(?1) AS j WHERE true ORDER BY j.key
  ON CONFLICT (key, namespace) DO UPDATE SET
    value = excluded.value, metadata = excluded.metadata,
    updated_at = max(excluded.updated_at, memory_entries.updated_at + 1),
    ttl = excluded.ttl, expires_at = excluded.expires_at`;
/** Rows per JSON chunk, and the text a chunk gathers before it is flushed early (large values). */
export const JSON_CHUNK_ROWS = 512;
const JSON_CHUNK_CHARS = 1 << 20;
/**
 * JSON.stringify writes a lone surrogate as a \udXXX escape, which SQLite's JSON would store as
 * ill-formed UTF-8, while a bound string stores U+FFFD. Such chunks (and, harmlessly, text that
 * spells a backslash-u-d escape literally) go through bound parameters instead.
 */
const ESCAPED_SURROGATE = /\\ud[89a-f]/i;

/** Rows [from, to) through bound parameters: STORE_CHUNK rows per statement, the rest one by one. */
function writeBound(db: Db, fields: readonly StoreFields[], from: number, to: number, t: number): void {
  const params: SqlValue[] = [];
  let i = from;
  for (; i + STORE_CHUNK <= to; i += STORE_CHUNK) {
    params.length = 0;
    for (let j = i; j < i + STORE_CHUNK; j++) pushParams(params, fields[j], t);
    params.push(t);
    db.run(UPSERT_CHUNK_SQL, params);
  }
  for (; i < to; i++) db.run(UPSERT_SQL, storeParams(fields[i], t));
}

/**
 * Writes validated stores in order (inside the caller's transaction, after its purge) with constant
 * SQL strings and no row read back: JSON chunks, bound parameters where JSON cannot carry the text.
 */
export function writeStores(db: Db, fields: readonly StoreFields[], t: number): void {
  let start = 0;
  while (start < fields.length) {
    const rows: (string | number | null)[][] = [];
    let chars = 0;
    let end = start;
    while (end < fields.length && rows.length < JSON_CHUNK_ROWS && chars < JSON_CHUNK_CHARS) {
      const f = fields[end++];
      rows.push([f.namespace, f.key, f.value, f.metadata, f.ttl, f.ttl === null ? null : t + Math.round(f.ttl * 1000)]);
      chars += f.key.length + f.value.length + (f.metadata?.length ?? 0);
    }
    const json = JSON.stringify(rows);
    if (ESCAPED_SURROGATE.test(json)) writeBound(db, fields, start, end, t);
    else db.run(UPSERT_JSON_SQL, [json, t]);
    start = end;
  }
}

/** Writes access bumps that waited in memory: ?1 retrieves since the last write, ?2 the last one's time, ?3 the entry. */
const BUMP_SQL = 'UPDATE memory_entries SET access_count = access_count + ?, accessed_at = ? WHERE id = ?';

/** Retrieves of one entry not yet written: how many, and when the last one was. */
interface PendingAccess { count: number; at: number }

/**
 * Asked to arrange a call of flush soon (the engine uses a short timer); see createMemoryUsage. Called once per
 * batch of retrieves: again only after flush has run.
 */
export type DeferAccess = (flush: () => void) => void;

/** memory_usage, plus the write of access counts that wait in memory (a no-op when none do). */
export type MemoryUsage = ((request: MemoryUsageInput) => MemoryUsageResult) & { flushAccess(): void };

/**
 * Builds the memory_usage tool over a migrated database. Expired entries are purged at the
 * start of every call, so no read can see them and the table does not grow with dead rows.
 *
 * Access counts. Without deferAccess a retrieve bumps access_count and accessed_at in its own
 * transaction, which makes every retrieve a durable write (one commit: a sync of the file). With it, a
 * retrieve only reads (expired entries are filtered, not purged): its bump waits in memory, is shown
 * in what retrieve and list return, and is written by the next store, delete or search (in that
 * call's transaction, before search orders by access_count), by flushAccess (export and import call
 * it), or by the flush handed to deferAccess. A crash before then loses those access counts and
 * times, and nothing else: every stored value was committed when its store returned.
 */
export function createMemoryUsage(db: Db, clock: Clock, onChange: () => void = () => {}, deferAccess?: DeferAccess): MemoryUsage {
  const now = (): number => {
    const t = clock();
    if (!Number.isFinite(t)) throw new Error(`memory_usage: clock returned ${t}`);
    return Math.floor(t);
  };
  // onChange hears of every change to entries' content (store, delete, purge), so derived data (the vector index) knows it is stale.
  const purge = (t: number): void => {
    if (db.run(PURGE_ENTRIES_SQL, [t]).changes > 0) onChange();
  };

  /** Entry id → its retrieves since the last write; only used with deferAccess. */
  let pending = new Map<number, PendingAccess>();
  let flushAsked = false;
  /** Bumps written inside the running call's transaction (handed back to pending if it rolls back). */
  let inFlight: Map<number, PendingAccess>[] = [];

  /** Writes the pending bumps inside the caller's transaction; they are given back if that transaction fails. */
  function writePending(): void {
    if (pending.size === 0) return;
    const taken = pending;
    pending = new Map();
    try {
      for (const [id, p] of taken) db.run(BUMP_SQL, [p.count, p.at, id]);
    } catch (err) {
      restore(taken);
      throw err;
    }
    // The transaction around us may still roll back: keep them until it has committed.
    inFlight.push(taken);
  }

  function restore(taken: Map<number, PendingAccess>): void {
    for (const [id, p] of taken) {
      const q = pending.get(id);
      // Retrieves made since keep their later time; the counts add up.
      pending.set(id, q ? { count: q.count + p.count, at: Math.max(q.at, p.at) } : p);
    }
  }

  /** Runs fn in a transaction; bumps it wrote are given back to pending when it fails. */
  function transaction<T>(fn: () => T): T {
    try {
      const result = db.transaction(fn);
      inFlight = [];
      return result;
    } catch (err) {
      for (const taken of inFlight) restore(taken);
      inFlight = [];
      throw err;
    }
  }

  function flushAccess(): void {
    flushAsked = false;
    if (pending.size > 0) transaction(writePending);
  }

  function notePending(id: number, t: number): PendingAccess {
    const p = pending.get(id) ?? { count: 0, at: t };
    p.count++;
    p.at = t;
    pending.set(id, p);
    if (!flushAsked && deferAccess) {
      flushAsked = true;
      deferAccess(flushAccess);
    }
    return p;
  }

  /** An entry as it will be once pending bumps are written. */
  function withPending(e: MemoryEntry): MemoryEntry {
    const p = pending.get(e.id);
    return p ? { ...e, access_count: e.access_count + p.count, accessed_at: p.at } : e;
  }

  function store(input: Record<string, unknown>, t: number): StoreResult {
    const f = storeFieldsOf(input);
    const params = storeParams(f, t);
    const row = db.get<{ id: number }>(UPSERT_RETURNING_SQL, params);
    onChange();
    return { action: 'store', stored: true, id: Number(row!.id), size: utf8Length(f.value), storage_type: 'sqlite', namespace: f.namespace, key: f.key, expires_at: params[8] as number | null };
  }

  function retrieve(input: Record<string, unknown>, t: number): RetrieveResult {
    const namespace = namespaceOf(input);
    const key = entryKeyOf(input.key, 'key');
    if (deferAccess) {
      const row = db.get<Row>(
        `SELECT ${COLUMNS} FROM memory_entries WHERE key = ? AND namespace = ? AND (expires_at IS NULL OR expires_at > ?)`,
        [key, namespace, t],
      );
      if (!row) return { action: 'retrieve', found: false, namespace, key, value: null, entry: null };
      const stored = toEntry(row);
      const p = notePending(stored.id, t);
      const entry = { ...stored, access_count: stored.access_count + p.count, accessed_at: t };
      return { action: 'retrieve', found: true, namespace, key, value: entry.value, entry };
    }
    const row = db.get<Row>(
      `UPDATE memory_entries SET access_count = access_count + 1, accessed_at = ?
       WHERE key = ? AND namespace = ? RETURNING ${COLUMNS}`,
      [t, key, namespace],
    );
    if (!row) return { action: 'retrieve', found: false, namespace, key, value: null, entry: null };
    const entry = toEntry(row);
    return { action: 'retrieve', found: true, namespace, key, value: entry.value, entry };
  }

  function list(input: Record<string, unknown>): ListResult {
    const namespace = namespaceOf(input);
    const entries = db.all<Row>(
      `SELECT ${COLUMNS} FROM memory_entries WHERE namespace = ? ORDER BY updated_at DESC, id DESC LIMIT ${LIST_LIMIT}`,
      [namespace],
    ).map((r) => withPending(toEntry(r)));
    return { action: 'list', namespace, entries, count: entries.length };
  }

  function remove(input: Record<string, unknown>): DeleteResult {
    const namespace = namespaceOf(input);
    const key = entryKeyOf(input.key, 'key');
    const { changes } = db.run('DELETE FROM memory_entries WHERE key = ? AND namespace = ?', [key, namespace]);
    if (changes > 0) onChange();
    return { action: 'delete', deleted: changes > 0, namespace, key };
  }

  function search(input: Record<string, unknown>): SearchResult {
    // Leaving the namespace out searches all of them, unlike the other actions.
    const namespace = input.namespace === undefined || input.namespace === null ? null : entryNamespaceOf(input.namespace, 'namespace');
    const query = stringOf(input.value, 'value', undefined);
    const like = `%${escapeLike(query)}%`;
    const where = `(key LIKE ? ESCAPE '\\' OR value LIKE ? ESCAPE '\\')${namespace === null ? '' : ' AND namespace = ?'}`;
    const params = namespace === null ? [like, like] : [like, like, namespace];
    const results = db.all<Row>(
      `SELECT ${COLUMNS} FROM memory_entries WHERE ${where}
       ORDER BY access_count DESC, updated_at DESC, id DESC LIMIT ${SEARCH_LIMIT}`,
      params,
    ).map(toEntry);
    return { action: 'search', namespace, query, results, count: results.length };
  }

  function memoryUsage(request: MemoryUsageInput): MemoryUsageResult {
    // Requests arrive from the UI over postMessage, so validate at runtime, not only by type.
    if (typeof request !== 'object' || request === null) throw new MemoryInputError('request', 'must be an object');
    const input = request as unknown as Record<string, unknown>;
    const action = input.action;
    if (typeof action !== 'string' || !(MEMORY_ACTIONS as readonly string[]).includes(action)) {
      throw new MemoryInputError('action', `must be one of ${MEMORY_ACTIONS.join(', ')} (got ${JSON.stringify(action) ?? 'undefined'})`);
    }
    const t = now();
    return transaction(() => {
      // A deferred retrieve only reads: it filters expired rows instead of purging them.
      if (action === 'retrieve' && deferAccess) return retrieve(input, t);
      purge(t);
      switch (action as MemoryAction) {
        case 'store': writePending(); return store(input, t);
        case 'retrieve': return retrieve(input, t);
        case 'list': return list(input);
        case 'delete': writePending(); return remove(input);
        case 'search': writePending(); return search(input);
      }
    });
  }

  return Object.assign(memoryUsage, { flushAccess });
}
