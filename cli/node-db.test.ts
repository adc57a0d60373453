// The better-sqlite3 adapter keeps core's Db contract (the same suite as the sqlite-wasm adapter), on files with the state folder's settings; parameters are counted as SQLite counts them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dbContract } from '../core/db/db-contract';
import { NodeDb, scanParameters } from './node-db';

const dir = mkdtempSync(join(tmpdir(), 'safla-node-db-'));
const opened: NodeDb[] = [];
let files = 0;

afterAll(() => {
  for (const db of opened) db.close();
  rmSync(dir, { recursive: true, force: true });
});

dbContract('NodeDb', () => {
  const db = NodeDb.open(join(dir, `db${files++}.sqlite`));
  db.exec('PRAGMA journal_mode = WAL');
  opened.push(db);
  return db;
});

describe('scanParameters', () => {
  it('counts ? and ?NNN as SQLite numbers them, ignoring quotes and comments', () => {
    expect(scanParameters('SELECT ?, ?, ?')).toEqual({ count: 3, numbered: null });
    expect(scanParameters('SELECT ?2, ?1, ?12')).toEqual({ count: 12, numbered: new Set([1, 2, 12]) });
    expect(scanParameters(`SELECT '?', "?", [?], \`?\` -- ?\n, /* ? */ ?`)).toEqual({ count: 1, numbered: null });
    expect(scanParameters("SELECT 'it''s ?', ?")).toEqual({ count: 1, numbered: null });
    expect(() => scanParameters('SELECT ?1, ?')).toThrow(/not both/);
  });
});

describe('NodeDb on one file from two connections', () => {
  it('takes the write lock when a transaction begins, so no other writer gets in between its read and its write', () => {
    const path = join(dir, 'shared.sqlite');
    const a = NodeDb.open(path, { busyTimeoutMs: 50 });
    const b = NodeDb.open(path);
    opened.push(a, b);
    a.exec('PRAGMA journal_mode = WAL');
    a.exec('CREATE TABLE t (v INTEGER)');
    // b reads, then writes what it read. A deferred BEGIN would let a commit in between, and b's write would then
    // fail at once on its stale snapshot (SQLITE_BUSY_SNAPSHOT, no waiting); BEGIN IMMEDIATE makes a wait instead.
    b.transaction(() => {
      const n = b.get<{ n: number }>('SELECT count(*) AS n FROM t')!.n;
      expect(() => a.run('INSERT INTO t VALUES (99)')).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
      b.run('INSERT INTO t VALUES (?)', [n]);
    });
    a.transaction(() => a.run('INSERT INTO t VALUES (1)'));
    b.transaction(() => b.run('INSERT INTO t VALUES (?)', [b.get<{ n: number }>('SELECT count(*) AS n FROM t')!.n]));
    expect(a.all<{ v: number }>('SELECT v FROM t ORDER BY rowid').map((r) => r.v)).toEqual([0, 1, 2]);
  });
});
