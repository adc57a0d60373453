// The key-value entries beyond memory_usage: batched store, namespaces, clearing a namespace, entry counts for stats.
import type { Db } from '../db/db';
import type { BatchEntry, BatchStoreResult, NamespaceInfo } from './api';
import { MemoryInputError, PURGE_ENTRIES_SQL, storeFieldsOf, utf8Length, writeStores, type StoreFields } from './memory-usage';
import { stringOf } from './validate';

/** Entries per batch: one transaction holds them all, so the bound keeps one call's memory and lock time finite. */
export const MAX_BATCH = 1_000_000;

const NAMESPACES_SQL = `SELECT namespace, COUNT(*) AS entries,
    SUM(length(CAST(key AS BLOB)) + length(CAST(value AS BLOB))) AS bytes,
    SUM(expires_at IS NOT NULL) AS expiring
  FROM memory_entries GROUP BY namespace ORDER BY namespace`;
const ENTRY_TOTALS_SQL = `SELECT COUNT(*) AS rows, COALESCE(SUM(length(CAST(key AS BLOB)) + length(CAST(value AS BLOB))), 0) AS bytes,
    COUNT(DISTINCT namespace) AS namespaces FROM memory_entries`;

export function createEntries(db: Db, now: () => number, onChange: () => void) {
  const purge = (t: number): void => {
    if (db.run(PURGE_ENTRIES_SQL, [t]).changes > 0) onChange();
  };

  return {
    purge,

    /**
     * Every entry is validated before anything is written, then all are written in one transaction
     * (one purge, then chunked upserts: see writeStores): a bad entry anywhere stores nothing.
     */
    storeBatch(entries: BatchEntry[]): BatchStoreResult {
      const op = 'memory_store_batch';
      if (!Array.isArray(entries)) throw new MemoryInputError('entries', 'must be an array', op);
      if (entries.length > MAX_BATCH) throw new MemoryInputError('entries', `must hold at most ${MAX_BATCH} entries (got ${entries.length})`, op);
      const fields: StoreFields[] = [];
      let size = 0;
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i];
        if (typeof e !== 'object' || e === null || Array.isArray(e)) throw new MemoryInputError(`entries[${i}]`, 'must be an object', op);
        let f: StoreFields;
        try {
          f = storeFieldsOf(e as unknown as Record<string, unknown>, op);
        } catch (err) {
          // The entry's position goes into the field name only on failure: building it for every entry costs more than the check.
          if (err instanceof MemoryInputError) throw new MemoryInputError(`entries[${i}].${err.field}`, err.problem, op);
          throw err;
        }
        fields.push(f);
        size += utf8Length(f.value);
      }
      const t = now();
      db.transaction(() => {
        purge(t);
        writeStores(db, fields, t);
      });
      if (fields.length > 0) onChange();
      return { action: 'store_batch', stored: fields.length, size };
    },

    namespaces(): NamespaceInfo[] {
      purge(now());
      return db.all<NamespaceInfo>(NAMESPACES_SQL).map((r) => ({
        namespace: r.namespace, entries: Number(r.entries), bytes: Number(r.bytes), expiring: Number(r.expiring),
      }));
    },

    clearNamespace(namespace: string): number {
      const ns = stringOf(namespace, 'namespace', 'memory_clear_namespace');
      const { changes } = db.run('DELETE FROM memory_entries WHERE namespace = ?', [ns]);
      if (changes > 0) onChange();
      return changes;
    },

    totals(): { rows: number; bytes: number; namespaces: number } {
      purge(now());
      const r = db.get<{ rows: number; bytes: number; namespaces: number }>(ENTRY_TOTALS_SQL)!;
      return { rows: Number(r.rows), bytes: Number(r.bytes), namespaces: Number(r.namespaces) };
    },
  };
}

export type Entries = ReturnType<typeof createEntries>;
