// The database seam core/ codes against: a small synchronous SQL interface, implemented over sqlite-wasm (OPFS in the engine worker, :memory: in node tests).

/** Values SQLite can bind and return. BLOBs travel as Uint8Array. */
export type SqlValue = string | number | bigint | Uint8Array | null;

/** Positional (`?`) parameters. Named parameters are left out on purpose: one style keeps adapters trivial. */
export type SqlParams = readonly SqlValue[];

export interface RunResult {
  /** Rows changed by this statement (sqlite3_changes). */
  changes: number;
  /** Rowid of the last inserted row on this connection. */
  lastInsertRowid: number;
}

export interface Db {
  /** Runs one or more statements; parameters, when given, bind to the first statement only. */
  exec(sql: string, params?: SqlParams): void;
  /** All rows of one statement, as objects keyed by column name. */
  all<T = Record<string, SqlValue>>(sql: string, params?: SqlParams): T[];
  /** The first row of one statement, or undefined when there is none. */
  get<T = Record<string, SqlValue>>(sql: string, params?: SqlParams): T | undefined;
  /** Runs one writing statement and reports what it changed. */
  run(sql: string, params?: SqlParams): RunResult;
  /**
   * Runs fn atomically: commits when it returns, rolls back when it throws (and rethrows).
   * Nested calls become savepoints, so helpers can use transactions freely.
   * fn must be synchronous: an await inside would let other work interleave with the open transaction.
   */
  transaction<T>(fn: () => T): T;
}
