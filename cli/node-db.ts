// core's Db over better-sqlite3 for node (the CLI's state folder): cached statements, nested transactions as savepoints like the wasm adapter, values mapped the way sqlite-wasm maps them.
import Database from 'better-sqlite3';
import type { Db, RunResult, SqlParams, SqlValue } from '../core/db/db';
import { nestedTransaction, type TransactionHost } from '../core/db/nested-transaction';
import { StatementCache } from '../core/db/statement-cache';

/** Prepared statements kept (StatementCache); better-sqlite3 finalizes evicted ones when they are collected. */
const CACHE_LIMIT = 256;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;

interface Cached {
  stmt: Database.Statement;
  /** How many values the statement takes (the highest parameter index). */
  count: number;
  /** The NNN of its ?NNN parameters, which better-sqlite3 binds by name ("1", "2", …); an index none names is bound by position. */
  numbered: Set<number> | null;
}

/**
 * The positional parameters of one statement: SQLite numbers `?` after the highest index so far and `?NNN` as NNN.
 * better-sqlite3 neither says how many a statement takes nor binds missing ones as NULL (sqlite-wasm does), so we count.
 */
export function scanParameters(sql: string): { count: number; numbered: Set<number> | null } {
  let max = 0;
  let anonymous = false;
  const numbered = new Set<number>();
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    const skipTo = (end: number, width: number) => (i = end < 0 ? sql.length : end + width - 1);
    if (c === "'" || c === '"' || c === '`') skipTo(sql.indexOf(c, i + 1), 1);
    else if (c === '[') skipTo(sql.indexOf(']', i + 1), 1);
    else if (c === '-' && sql[i + 1] === '-') skipTo(sql.indexOf('\n', i), 1);
    else if (c === '/' && sql[i + 1] === '*') skipTo(sql.indexOf('*/', i + 2), 2);
    else if (c === '?') {
      let j = i + 1;
      while (j < sql.length && sql[j] >= '0' && sql[j] <= '9') j++;
      if (j > i + 1) {
        const n = Number(sql.slice(i + 1, j));
        numbered.add(n);
        max = Math.max(max, n);
      } else {
        anonymous = true;
        max++;
      }
      i = j - 1;
    }
  }
  if (anonymous && numbered.size > 0) throw new TypeError('a statement may use ? or ?NNN parameters, not both');
  return { count: max, numbered: numbered.size > 0 ? numbered : null };
}

/** A value as better-sqlite3 should bind it to store what sqlite-wasm stores: whole numbers as INTEGER (it would bind every number as REAL), booleans as 0/1. */
function toSql(v: unknown): unknown {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? BigInt(v) : v;
  if (v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (v === null || typeof v === 'string' || typeof v === 'bigint' || v instanceof Uint8Array) return v;
  throw new TypeError(`Unsupported bind() argument type: ${typeof v}`);
}

/** A value read back as sqlite-wasm returns it: integers as numbers unless past 2^53 (then bigint), BLOBs as plain Uint8Array (a copy, not a Buffer). */
function fromSql(v: unknown): SqlValue {
  if (typeof v === 'bigint') return v >= MIN_SAFE && v <= MAX_SAFE ? Number(v) : v;
  if (v instanceof Uint8Array) return new Uint8Array(v);
  return v as SqlValue;
}

function rowFromSql<T>(row: Record<string, unknown>): T {
  for (const k in row) row[k] = fromSql(row[k]);
  return row as T;
}

export interface NodeDbOptions {
  /** How long a write waits for another process's lock before failing with SQLITE_BUSY (default 5 s). */
  busyTimeoutMs?: number;
}

export class NodeDb implements Db {
  /** Nesting state for nestedTransaction (depth 0 outside, 1 inside BEGIN, more inside savepoints). */
  private readonly tx: TransactionHost = { depth: 0, run: (sql) => this.run(sql), inTransaction: () => this.raw.inTransaction };
  private readonly cache = new StatementCache<Cached>(CACHE_LIMIT);
  private closed = false;

  constructor(readonly raw: Database.Database) {
    // Foreign keys are off per connection unless asked; the schema relies on them.
    raw.pragma('foreign_keys = ON');
  }

  /** Opens (creating) a database file; ':memory:' for a scratch one. */
  static open(path: string, options: NodeDbOptions = {}): NodeDb {
    return new NodeDb(new Database(path, { timeout: options.busyTimeoutMs ?? 5000 }));
  }

  /** Statements in the cache now (for tests and diagnostics). */
  get cachedStatements(): number {
    return this.cache.size;
  }

  /** Several statements run through SQLite's exec; with parameters the SQL must be one statement (better-sqlite3 prepares one at a time). */
  exec(sql: string, params?: SqlParams): void {
    if (params && params.length > 0) this.run(sql, params);
    else {
      this.open();
      this.raw.exec(sql);
    }
  }

  all<T = Record<string, SqlValue>>(sql: string, params?: SqlParams): T[] {
    const c = this.statement(sql);
    if (!c.stmt.reader) {
      this.call(c, params, (s, args) => s.run(...args));
      return [];
    }
    return this.call(c, params, (s, args) => s.all(...args) as Record<string, unknown>[]).map((r) => rowFromSql<T>(r));
  }

  get<T = Record<string, SqlValue>>(sql: string, params?: SqlParams): T | undefined {
    const c = this.statement(sql);
    if (!c.stmt.reader) {
      this.call(c, params, (s, args) => s.run(...args));
      return undefined;
    }
    const row = this.call(c, params, (s, args) => s.get(...args) as Record<string, unknown> | undefined);
    return row === undefined ? undefined : rowFromSql<T>(row);
  }

  run(sql: string, params?: SqlParams): RunResult {
    // run() steps a statement to its end, so RETURNING statements complete all their writes too.
    const info = this.call(this.statement(sql), params, (s, args) => s.run(...args));
    return { changes: info.changes, lastInsertRowid: Number(info.lastInsertRowid) };
  }

  /**
   * As in the wasm adapter: the outermost call is a transaction, nested calls are savepoints. The outer one
   * is BEGIN IMMEDIATE: another process may write to the same file, and a deferred transaction that read
   * first and writes later would fail at once with SQLITE_BUSY (its snapshot is stale) instead of waiting.
   */
  transaction<T>(fn: () => T): T {
    return nestedTransaction(this.tx, fn, 'BEGIN IMMEDIATE');
  }

  /** Closes the connection (better-sqlite3 finalizes its statements); later calls throw. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.cache.clear();
    this.raw.close();
  }

  private open(): void {
    if (this.closed) throw new Error('database is closed');
  }

  private statement(sql: string): Cached {
    this.open();
    return this.cache.get(sql, () => {
      const stmt = this.raw.prepare(sql);
      stmt.safeIntegers(true);
      return { stmt, ...scanParameters(sql) };
    });
  }

  /** Binds params the way sqlite-wasm does (missing ones NULL, too many refused) and calls fn with them. */
  private call<R>(c: Cached, params: SqlParams | undefined, fn: (stmt: Database.Statement, args: unknown[]) => R): R {
    const given = params ?? [];
    if (given.length > c.count) throw new RangeError(`${given.length} parameters given for a statement that takes ${c.count}`);
    const values = Array.from({ length: c.count }, (_, i) => (i < given.length ? toSql(given[i]) : null));
    const { numbered } = c;
    if (!numbered) return fn(c.stmt, values);
    // Indices no ?NNN names (?1 and ?3 leave ?2 nameless) are anonymous to better-sqlite3: bound in order, before the named ones.
    const named: Record<string, unknown> = {};
    const unnamed: unknown[] = [];
    values.forEach((v, i) => (numbered.has(i + 1) ? (named[i + 1] = v) : unnamed.push(v)));
    return fn(c.stmt, [...unnamed, named]);
  }
}
