// core's Db over a sqlite-wasm oo1 database: the engine worker's OPFS database and node tests' :memory: one go through this same adapter.
import type { Database, PreparedStatement, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import type { Db, RunResult, SqlParams, SqlValue } from '../../core/db/db';
import { nestedTransaction, type TransactionHost } from '../../core/db/nested-transaction';
import { StatementCache } from '../../core/db/statement-cache';

/** Prepared statements kept (StatementCache); evicted ones are finalized. */
const CACHE_LIMIT = 256;

/** sqlite3_step's results; anything else is an error code. */
const SQLITE_ROW = 100;
const SQLITE_DONE = 101;
/** Destructor value telling SQLite to copy a bound value at once, so our scratch memory can be reused. */
const SQLITE_TRANSIENT = -1;
/** Strings up to this many UTF-8 bytes are encoded into one reused scratch buffer; longer ones get their own allocation. */
const SCRATCH_BYTES = 64 * 1024;

/** The raw C exports we call on the hot path (the same functions oo1 wraps, minus its per-call argument conversion). */
interface RawExports {
  sqlite3_bind_text(stmt: number, i: number, ptr: number, n: number, destroy: number): number;
  sqlite3_bind_blob(stmt: number, i: number, ptr: number, n: number, destroy: number): number;
  sqlite3_bind_int(stmt: number, i: number, v: number): number;
  sqlite3_bind_int64(stmt: number, i: number, v: bigint): number;
  sqlite3_bind_double(stmt: number, i: number, v: number): number;
  sqlite3_bind_null(stmt: number, i: number): number;
  sqlite3_bind_parameter_count(stmt: number): number;
  sqlite3_clear_bindings(stmt: number): number;
  sqlite3_step(stmt: number): number;
  sqlite3_reset(stmt: number): number;
  sqlite3_changes(db: number): number;
  sqlite3_last_insert_rowid(db: number): bigint;
  sqlite3_get_autocommit(db: number): number;
  sqlite3_column_count(stmt: number): number;
  sqlite3_column_name(stmt: number, i: number): number;
  sqlite3_column_type(stmt: number, i: number): number;
  sqlite3_column_double(stmt: number, i: number): number;
  sqlite3_column_int64(stmt: number, i: number): bigint;
  sqlite3_column_text(stmt: number, i: number): number;
  sqlite3_column_blob(stmt: number, i: number): number;
  sqlite3_column_bytes(stmt: number, i: number): number;
}

/** sqlite3_column_type's answers. */
const SQLITE_INTEGER = 1;
const SQLITE_FLOAT = 2;
const SQLITE_TEXT = 3;
const SQLITE_BLOB = 4;

export class SqliteDb implements Db {
  /** Nesting state for nestedTransaction: the outer level BEGINs, inner ones are savepoints. */
  private readonly tx: TransactionHost = { depth: 0, run: (sql) => this.run(sql), inTransaction: () => this.x.sqlite3_get_autocommit(this.raw.pointer as number) === 0 };
  private readonly cache = new StatementCache<PreparedStatement>(CACHE_LIMIT, (stmt) => stmt.finalize());
  private closed = false;
  private readonly x: RawExports;
  private readonly wasm: Sqlite3Static['wasm'];
  private readonly encoder = new TextEncoder();
  /**
   * Text columns are decoded here, not by oo1: its TextDecoder drops a leading U+FEFF (the decoder's default), so a
   * value or key starting with a byte-order mark came back as a different string. ignoreBOM keeps every character.
   */
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  /** wasm heap address of the string scratch buffer (SCRATCH_BYTES long), allocated on first use. */
  private scratch = 0;

  /** sqlite3: the module raw came from; binding, stepping and the rowid go straight to its C exports. */
  constructor(readonly raw: Database, private readonly sqlite3: Sqlite3Static) {
    this.wasm = sqlite3.wasm;
    this.x = sqlite3.wasm.exports as unknown as RawExports;
    // SQLite leaves foreign keys off per connection unless asked; the schema relies on them.
    raw.exec('PRAGMA foreign_keys = ON');
  }

  /** Statements in the cache now (for tests and diagnostics). */
  get cachedStatements(): number {
    return this.cache.size;
  }

  exec(sql: string, params?: SqlParams): void {
    // exec may hold several statements (migrations): oo1's exec walks them all; prepare() would only compile the first.
    if (params && params.length > 0) this.raw.exec({ sql, bind: params as SqlValue[] });
    else this.raw.exec(sql);
  }

  all<T = Record<string, SqlValue>>(sql: string, params?: SqlParams): T[] {
    return this.rows<T>(sql, params, Infinity);
  }

  get<T = Record<string, SqlValue>>(sql: string, params?: SqlParams): T | undefined {
    return this.rows<T>(sql, params, 1)[0];
  }

  /** Up to `limit` rows of sql as objects keyed by column name; the statement is reset and its bindings cleared after. */
  private rows<T>(sql: string, params: SqlParams | undefined, limit: number): T[] {
    const p = this.statement(sql, params).pointer as number;
    const x = this.x;
    try {
      const rows: T[] = [];
      let names: string[] | undefined;
      let rc: number;
      while (rows.length < limit && (rc = x.sqlite3_step(p)) !== SQLITE_DONE) {
        if (rc !== SQLITE_ROW) this.fail(rc);
        // Names are read per call, not cached per statement: a re-prepared SELECT * may change them.
        names ??= this.columnNames(p);
        const row: Record<string, SqlValue> = {};
        for (let i = 0; i < names.length; i++) row[names[i]] = this.column(p, i);
        rows.push(row as T);
      }
      return rows;
    } finally {
      // After a failed step, sqlite3_reset repeats that step's error, which the caller already has: its code is ignored.
      x.sqlite3_reset(p);
      x.sqlite3_clear_bindings(p);
    }
  }

  private columnNames(p: number): string[] {
    const n = this.x.sqlite3_column_count(p);
    const names: string[] = [];
    for (let i = 0; i < n; i++) names.push(this.wasm.cstrToJs(this.x.sqlite3_column_name(p, i)) ?? '');
    return names;
  }

  /** One column of the current row, mapped as oo1 maps it: integers as numbers (BigInt beyond 2^53), BLOBs copied out. */
  private column(p: number, i: number): SqlValue {
    const x = this.x;
    switch (x.sqlite3_column_type(p, i)) {
      case SQLITE_INTEGER: {
        const d = x.sqlite3_column_double(p, i);
        return Number.isSafeInteger(d) ? d : x.sqlite3_column_int64(p, i);
      }
      case SQLITE_FLOAT: return x.sqlite3_column_double(p, i);
      case SQLITE_TEXT: {
        // column_text before column_bytes: the byte count is of the UTF-8 form column_text made.
        const ptr = x.sqlite3_column_text(p, i);
        return this.decoder.decode(this.wasm.heap8u().subarray(ptr, ptr + x.sqlite3_column_bytes(p, i)));
      }
      case SQLITE_BLOB: {
        const ptr = x.sqlite3_column_blob(p, i);
        return this.wasm.heap8u().slice(ptr, ptr + x.sqlite3_column_bytes(p, i));
      }
      default: return null;
    }
  }

  run(sql: string, params?: SqlParams): RunResult {
    const p = this.statement(sql, params).pointer as number;
    const x = this.x;
    try {
      // Step to the end so statements with RETURNING or several result rows still complete their writes.
      let rc: number;
      while ((rc = x.sqlite3_step(p)) === SQLITE_ROW) { /* drain */ }
      if (rc !== SQLITE_DONE) this.fail(rc);
    } finally {
      x.sqlite3_reset(p);
      x.sqlite3_clear_bindings(p);
    }
    const db = this.raw.pointer as number;
    return { changes: x.sqlite3_changes(db), lastInsertRowid: Number(x.sqlite3_last_insert_rowid(db)) };
  }

  transaction<T>(fn: () => T): T {
    return nestedTransaction(this.tx, fn, 'BEGIN');
  }

  /** Finalizes every cached statement and closes the connection; later calls throw. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.cache.clear();
    if (this.scratch) this.wasm.dealloc(this.scratch);
    this.scratch = 0;
    this.raw.close();
  }

  /** A cached statement for sql, bound to params (statements are handed back reset and with bindings cleared). */
  private statement(sql: string, params?: SqlParams): PreparedStatement {
    if (this.closed) throw new Error('database is closed');
    const stmt = this.cache.get(sql, () => this.raw.prepare(sql));
    if (params && params.length > 0) {
      try {
        this.bind(stmt.pointer as number, params);
      } catch (err) {
        // A bad binding must not leave half of the new values bound for the next user.
        this.x.sqlite3_clear_bindings(stmt.pointer as number);
        throw err;
      }
    }
    return stmt;
  }

  /**
   * Binds positional parameters through the C exports: strings are UTF-8 encoded straight into wasm
   * memory and copied by SQLite (SQLITE_TRANSIENT), which skips oo1's malloc/free per value and is
   * about 3x faster for small rows. Same value mapping as oo1's bind: integers as int64, other numbers
   * as doubles, bigint as int64, Uint8Array as BLOB, null/undefined as NULL, booleans as 0/1.
   */
  private bind(p: number, params: SqlParams): void {
    const x = this.x;
    const count = x.sqlite3_bind_parameter_count(p);
    if (params.length > count) throw new RangeError(`${params.length} parameters given for a statement that takes ${count}`);
    for (let i = 0; i < params.length; i++) {
      const v = params[i] as unknown;
      const at = i + 1;
      let rc: number;
      if (v === null || v === undefined) rc = x.sqlite3_bind_null(p, at);
      else if (typeof v === 'string') rc = this.bindText(p, at, v);
      else if (typeof v === 'number') {
        if ((v | 0) === v) rc = x.sqlite3_bind_int(p, at, v);
        else if (Number.isSafeInteger(v)) rc = x.sqlite3_bind_int64(p, at, BigInt(v));
        else rc = x.sqlite3_bind_double(p, at, v);
      } else if (typeof v === 'bigint') {
        if (v < -(2n ** 63n) || v >= 2n ** 63n) throw new RangeError(`BigInt value is too big to store without precision loss: ${v}`);
        rc = x.sqlite3_bind_int64(p, at, v);
      } else if (typeof v === 'boolean') rc = x.sqlite3_bind_int(p, at, v ? 1 : 0);
      else if (v instanceof Uint8Array) rc = this.bindBlob(p, at, v);
      else throw new TypeError(`Unsupported bind() argument type: ${typeof v}`);
      if (rc !== 0) this.fail(rc);
    }
  }

  private bindText(p: number, at: number, s: string): number {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    const max = s.length * 3;
    if (max <= SCRATCH_BYTES) {
      if (!this.scratch) this.scratch = this.wasm.alloc(SCRATCH_BYTES) as number;
      const { written } = this.encoder.encodeInto(s, this.wasm.heap8u().subarray(this.scratch, this.scratch + max));
      return this.x.sqlite3_bind_text(p, at, this.scratch, written, SQLITE_TRANSIENT);
    }
    const bytes = this.encoder.encode(s);
    return this.bindBlobLike(p, at, bytes, true);
  }

  private bindBlob(p: number, at: number, bytes: Uint8Array): number {
    return this.bindBlobLike(p, at, bytes, false);
  }

  private bindBlobLike(p: number, at: number, bytes: Uint8Array, text: boolean): number {
    // At least one byte, so an empty BLOB binds as a zero-length BLOB and not as NULL (as oo1 does).
    const ptr = this.wasm.alloc(Math.max(1, bytes.byteLength)) as number;
    try {
      this.wasm.heap8u().set(bytes, ptr);
      return text
        ? this.x.sqlite3_bind_text(p, at, ptr, bytes.byteLength, SQLITE_TRANSIENT)
        : this.x.sqlite3_bind_blob(p, at, ptr, bytes.byteLength, SQLITE_TRANSIENT);
    } finally {
      this.wasm.dealloc(ptr);
    }
  }

  /** Throws the connection's error for rc the way oo1 does (SQLite3Error with resultCode and SQLite's message). */
  private fail(rc: number): never {
    this.sqlite3.oo1.DB.checkRc(this.raw.pointer as number, rc);
    throw new this.sqlite3.SQLite3Error(rc);
  }
}

/** Opens an in-memory database (node tests, scratch use). */
export async function openMemoryDb(): Promise<SqliteDb> {
  const sqlite3 = await (await import('@sqlite.org/sqlite-wasm')).default();
  return new SqliteDb(new sqlite3.oo1.DB(':memory:'), sqlite3);
}
