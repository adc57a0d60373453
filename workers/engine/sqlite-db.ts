// core's Db over a sqlite-wasm oo1 database: the engine worker's OPFS database and node tests' :memory: one go through this same adapter.
import type { Database } from '@sqlite.org/sqlite-wasm';
import type { Db, RunResult, SqlParams, SqlValue } from '../../core/db/db';

export class SqliteDb implements Db {
  /** Open transactions: 0 outside, 1 inside BEGIN, more inside nested savepoints. */
  private depth = 0;

  constructor(readonly raw: Database) {
    // SQLite leaves foreign keys off per connection unless asked; the schema relies on them.
    raw.exec('PRAGMA foreign_keys = ON');
  }

  exec(sql: string, params?: SqlParams): void {
    if (params && params.length > 0) this.raw.exec({ sql, bind: params as SqlValue[] });
    else this.raw.exec(sql);
  }

  all<T = Record<string, SqlValue>>(sql: string, params?: SqlParams): T[] {
    return this.raw.exec({
      sql,
      bind: params && params.length > 0 ? (params as SqlValue[]) : undefined,
      rowMode: 'object',
      returnValue: 'resultRows',
    }) as unknown as T[];
  }

  get<T = Record<string, SqlValue>>(sql: string, params?: SqlParams): T | undefined {
    return this.all<T>(sql, params)[0];
  }

  run(sql: string, params?: SqlParams): RunResult {
    this.exec(sql, params);
    return {
      changes: this.raw.changes(false, false) as number,
      lastInsertRowid: Number(this.raw.selectValue('SELECT last_insert_rowid()')),
    };
  }

  transaction<T>(fn: () => T): T {
    const sp = `sp${this.depth}`;
    const outer = this.depth === 0;
    this.raw.exec(outer ? 'BEGIN' : `SAVEPOINT ${sp}`);
    this.depth++;
    try {
      const result = fn();
      this.raw.exec(outer ? 'COMMIT' : `RELEASE ${sp}`);
      return result;
    } catch (err) {
      // ROLLBACK TO keeps the savepoint open, so release it too to unwind this level only.
      this.raw.exec(outer ? 'ROLLBACK' : `ROLLBACK TO ${sp}; RELEASE ${sp}`);
      throw err;
    } finally {
      this.depth--;
    }
  }
}

/** Opens an in-memory database (node tests, scratch use). */
export async function openMemoryDb(): Promise<SqliteDb> {
  const sqlite3 = await (await import('@sqlite.org/sqlite-wasm')).default();
  return new SqliteDb(new sqlite3.oo1.DB(':memory:'));
}
