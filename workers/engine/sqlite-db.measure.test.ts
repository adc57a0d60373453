// Measures the Db adapter's write path (100k single-row upserts in one transaction, :memory:); `npm run measure -- sqlite-db` prints, never asserts, timings.
import { describe, expect, it } from 'vitest';
import { openMemoryDb, type SqliteDb } from './sqlite-db';

const ROWS = 100_000;
const RUNS = 5;
const UPSERT = `INSERT INTO memory_entries (namespace, key, value, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (key, namespace) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`;

async function table(): Promise<SqliteDb> {
  const db = await openMemoryDb();
  db.exec(`CREATE TABLE memory_entries (id INTEGER PRIMARY KEY AUTOINCREMENT, namespace TEXT NOT NULL, key TEXT NOT NULL,
    value TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, UNIQUE (key, namespace))`);
  return db;
}

/** Median ops/s over RUNS runs after one warm-up, each on an emptied table. */
function measure(db: SqliteDb, insertOne: (i: number) => void): number {
  const rates: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    db.exec('DELETE FROM memory_entries');
    const t0 = performance.now();
    db.transaction(() => {
      for (let i = 0; i < ROWS; i++) insertOne(i);
    });
    const ms = performance.now() - t0;
    if (run > 0) rates.push(ROWS / (ms / 1000));
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)];
}

describe('SqliteDb write throughput', () => {
  it(`${ROWS} upserts in one transaction`, async () => {
    const db = await table();
    const cached = measure(db, (i) => db.run(UPSERT, ['bench', `k${i}`, `value ${i}`, i, i]));
    expect(db.get<{ n: number }>('SELECT count(*) AS n FROM memory_entries')!.n).toBe(ROWS);
    // What run() did before the cache: oo1 exec (prepare, bind, step, finalize) plus a SELECT for the rowid.
    const before = measure(db, (i) => {
      db.raw.exec({ sql: UPSERT, bind: ['bench', `k${i}`, `value ${i}`, i, i] });
      db.raw.changes(false, false);
      Number(db.raw.selectValue('SELECT last_insert_rowid()'));
    });
    console.log(`SqliteDb.run, cached statement: ${Math.round(cached).toLocaleString('en')} ops/s (median of ${RUNS})`);
    console.log(`oo1 exec + SELECT last_insert_rowid() per row (before): ${Math.round(before).toLocaleString('en')} ops/s`);
    db.close();
  });
});
