// Transactions that nest as savepoints, for every Db adapter: the outer call BEGINs and COMMITs, inner calls are SAVEPOINTs, a throw undoes only its own level.

/** What an adapter gives the helper: a statement runner, its current nesting depth, and whether SQLite still holds a transaction open. */
export interface TransactionHost {
  run(sql: string): unknown;
  depth: number;
  inTransaction(): boolean;
}

/** Runs fn at the host's next nesting level; `begin` is the outer statement ('BEGIN', or 'BEGIN IMMEDIATE' to take the write lock at once). */
export function nestedTransaction<T>(host: TransactionHost, fn: () => T, begin = 'BEGIN'): T {
  const sp = `sp${host.depth}`;
  const outer = host.depth === 0;
  host.run(outer ? begin : `SAVEPOINT ${sp}`);
  host.depth++;
  try {
    const result = fn();
    host.run(outer ? 'COMMIT' : `RELEASE ${sp}`);
    return result;
  } catch (err) {
    // Some errors (SQLITE_FULL, IOERR) make SQLite roll the whole transaction back itself; there is then nothing left to undo.
    if (host.inTransaction()) {
      if (outer) host.run('ROLLBACK');
      else {
        // ROLLBACK TO keeps the savepoint open, so release it too to unwind this level only.
        host.run(`ROLLBACK TO ${sp}`);
        host.run(`RELEASE ${sp}`);
      }
    }
    throw err;
  } finally {
    host.depth--;
  }
}
