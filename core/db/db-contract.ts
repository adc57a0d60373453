// The Db contract every adapter keeps (sqlite-wasm in the engine worker, better-sqlite3 in the CLI): one suite, run against each by its own test file.
import { describe, expect, it } from 'vitest';
import type { Db, SqlValue } from './db';

/** What the suite needs beyond Db: the statement cache's size and close(). */
export interface ContractDb extends Db {
  readonly cachedStatements: number;
  close(): void;
}

/** Registers the contract's tests for an adapter; open gives a fresh, empty database each time. */
export function dbContract(name: string, open: () => Promise<ContractDb> | ContractDb): void {
  describe(`${name}: the Db contract`, () => {
    it('binds parameters, returns rows as objects and reports changes and rowids', async () => {
      const db = await open();
      db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, data BLOB)');
      const r1 = db.run('INSERT INTO t (name, data) VALUES (?, ?)', ['a', new Uint8Array([1, 2, 3])]);
      const r2 = db.run('INSERT INTO t (name) VALUES (?)', ['b']);
      expect(r1).toEqual({ changes: 1, lastInsertRowid: 1 });
      expect(r2.lastInsertRowid).toBe(2);
      expect(db.all('SELECT id, name FROM t ORDER BY id')).toEqual([{ id: 1, name: 'a' }, { id: 2, name: 'b' }]);
      const row = db.get<{ data: Uint8Array }>('SELECT data FROM t WHERE name = ?', ['a']);
      expect(Array.from(row!.data)).toEqual([1, 2, 3]);
    // A plain Uint8Array (not a node Buffer or a view into shared memory) that the caller owns.
    expect(Object.getPrototypeOf(row!.data)).toBe(Uint8Array.prototype);
      expect(db.get('SELECT * FROM t WHERE name = ?', ['zzz'])).toBeUndefined();
      expect(db.run('UPDATE t SET name = ?', ['c']).changes).toBe(2);
    });

    it('reads back every value exactly as bound: a leading byte-order mark, NUL, astral text, large and negative integers, floats, empty BLOBs', async () => {
      const db = await open();
      db.exec('CREATE TABLE t (i INTEGER PRIMARY KEY, v)');
      // TextDecoder drops a leading U+FEFF unless told not to: a key starting with one came back as another key.
      const values: SqlValue[] = ['\ufeffbom', '\ufeff', 'a\u0000b', '😀e\u0301', '', 'x'.repeat(100_000), 2 ** 53 - 1, -(2 ** 53) + 1, 2 ** 31, -1, 0.1, -0.5, 1e300, new Uint8Array(0), new Uint8Array([0, 255]), null];
      values.forEach((v, i) => db.run('INSERT INTO t VALUES (?, ?)', [i, v]));
      expect(db.all<{ v: SqlValue }>('SELECT v FROM t ORDER BY i').map((r) => r.v)).toEqual(values);
      expect(db.get('SELECT v, length(v) AS n FROM t WHERE i = 0')).toEqual({ v: '\ufeffbom', n: 4 });
      // Integers beyond 2^53 come back as BigInt.
      expect(db.get('SELECT 9007199254740993 AS big, -9007199254740993 AS small')).toEqual({ big: 9007199254740993n, small: -9007199254740993n });
    });

    it('commits, rolls back on throw, and nests as savepoints', async () => {
      const db = await open();
      db.exec('CREATE TABLE t (v INTEGER)');
      db.transaction(() => db.run('INSERT INTO t VALUES (1)'));
      expect(() => db.transaction(() => {
        db.run('INSERT INTO t VALUES (2)');
        throw new Error('boom');
      })).toThrow('boom');
      db.transaction(() => {
        db.run('INSERT INTO t VALUES (3)');
        // The inner failure undoes only the inner write.
        expect(() => db.transaction(() => {
          db.run('INSERT INTO t VALUES (4)');
          throw new Error('inner');
        })).toThrow('inner');
        db.transaction(() => db.run('INSERT INTO t VALUES (5)'));
      });
      expect(db.all<{ v: number }>('SELECT v FROM t ORDER BY v').map((r) => r.v)).toEqual([1, 3, 5]);
    });

    it('enforces foreign keys', async () => {
      const db = await open();
      db.exec('CREATE TABLE p (id TEXT PRIMARY KEY); CREATE TABLE c (pid TEXT REFERENCES p (id))');
      expect(() => db.run('INSERT INTO c VALUES (?)', ['missing'])).toThrow(/FOREIGN KEY/);
    });
  });

  describe(`${name}: statement cache`, () => {
    it('reuses one prepared statement per SQL string and gives the same results as fresh ones', async () => {
      const db = await open();
      db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)');
      const upsert = 'INSERT INTO t (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = v + excluded.v';
      for (let i = 0; i < 50; i++) db.run(upsert, [`k${i % 5}`, 1]);
      const before = db.cachedStatements;
      for (let i = 0; i < 50; i++) db.run(upsert, [`k${i % 5}`, 1]);
      expect(db.cachedStatements).toBe(before);
      expect(db.all('SELECT k, v FROM t ORDER BY k')).toEqual([0, 1, 2, 3, 4].map((i) => ({ k: `k${i}`, v: 20 })));
      // A statement read half-way (get) is reset, so the next all() sees every row from the start.
      expect(db.get('SELECT k FROM t ORDER BY k')).toEqual({ k: 'k0' });
      expect(db.all('SELECT k FROM t ORDER BY k')).toHaveLength(5);
      // Bindings do not leak into the next use: a parameterless run of a cached statement binds NULLs.
      expect(db.get('SELECT ? AS a', [7])).toEqual({ a: 7 });
      expect(db.get('SELECT ? AS a')).toEqual({ a: null });
    });

    it('binds every value type the same way as oo1 does', async () => {
      const db = await open();
      db.exec('CREATE TABLE t (v)');
      const big = 'é😀x'.repeat(40_000); // longer than the scratch buffer, with 2- and 4-byte UTF-8
      const values: SqlValue[] = ['', 'ascii', 'naïve 😀', big, 0, -1, 2 ** 31, 2 ** 53 - 1, 1.5, -0.25, 9007199254740993n, null,
        new Uint8Array([]), new Uint8Array([0, 255, 7])];
      for (const v of values) db.run('INSERT INTO t (v) VALUES (?)', [v]);
      const rows = db.all<{ v: SqlValue; type: string }>('SELECT v, typeof(v) AS type FROM t ORDER BY rowid');
      expect(rows.map((r) => r.type)).toEqual(['text', 'text', 'text', 'text', 'integer', 'integer', 'integer', 'integer', 'real', 'real',
        'integer', 'null', 'blob', 'blob']);
      expect(rows.slice(0, 4).map((r) => r.v)).toEqual(['', 'ascii', 'naïve 😀', big]);
      expect(rows.slice(4, 10).map((r) => r.v)).toEqual([0, -1, 2 ** 31, 2 ** 53 - 1, 1.5, -0.25]);
      expect(BigInt(rows[10].v as bigint)).toBe(9007199254740993n);
      expect(Array.from(rows[13].v as Uint8Array)).toEqual([0, 255, 7]);
      // The same values bound as parameters of a query find their rows.
      expect(db.get('SELECT count(*) AS n FROM t WHERE v = ?', [big])).toEqual({ n: 1 });
      expect(db.get('SELECT count(*) AS n FROM t WHERE v = ?', ['naïve 😀'])).toEqual({ n: 1 });
    });

    it('binds numbered parameters (?NNN) by number, the same one more than once', async () => {
    const db = await open();
    db.exec('CREATE TABLE t (a, b, c)');
    db.run('INSERT INTO t (a, b, c) VALUES (?2, ?1, ?2)', ['one', 'two']);
    expect(db.get('SELECT a, b, c FROM t')).toEqual({ a: 'two', b: 'one', c: 'two' });
    expect(db.get('SELECT ?1 AS x, ?3 AS y', [1, 2, 3])).toEqual({ x: 1, y: 3 });
    // Left out, they are NULL, as with anonymous ones.
    expect(db.get('SELECT ?1 AS x, ?2 AS y', [5])).toEqual({ x: 5, y: null });
  });

  it('keeps a cached statement usable after it failed', async () => {
      const db = await open();
      db.exec('CREATE TABLE t (k TEXT PRIMARY KEY)');
      const insert = 'INSERT INTO t (k) VALUES (?)';
      db.run(insert, ['a']);
      expect(() => db.run(insert, ['a'])).toThrow(/UNIQUE/);
      expect(db.run(insert, ['b'])).toEqual({ changes: 1, lastInsertRowid: 2 });
      // A bad binding (too many values) fails without poisoning the statement either.
      expect(() => db.run(insert, ['c', 'extra'])).toThrow();
      db.run(insert, ['c']);
      expect(db.all<{ k: string }>('SELECT k FROM t ORDER BY k').map((r) => r.k)).toEqual(['a', 'b', 'c']);
    });

    it('runs RETURNING statements through get and run, and nested transactions with cached control statements', async () => {
      const db = await open();
      db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)');
      expect(db.get('INSERT INTO t (v) VALUES (?) RETURNING id', [10])).toEqual({ id: 1 });
      expect(db.run('INSERT INTO t (v) VALUES (?) RETURNING id', [11]).lastInsertRowid).toBe(2);
      for (let round = 0; round < 3; round++) {
        db.transaction(() => {
          db.run('INSERT INTO t (v) VALUES (?)', [round]);
          expect(() => db.transaction(() => {
            db.run('INSERT INTO t (v) VALUES (?)', [100 + round]);
            db.transaction(() => db.run('INSERT INTO t (v) VALUES (?)', [200 + round]));
            throw new Error('inner');
          })).toThrow('inner');
        });
      }
      expect(db.all<{ v: number }>('SELECT v FROM t ORDER BY id').map((r) => r.v)).toEqual([10, 11, 0, 1, 2]);
    });

    it('rolls back a transaction that ran out of space and keeps earlier data', async () => {
      const db = await open();
      db.exec('CREATE TABLE t (v TEXT)');
      db.run('INSERT INTO t VALUES (?)', ['kept']);
      const pages = Number(db.get<{ page_count: number }>('PRAGMA page_count')!.page_count);
      // A real SQLITE_FULL: the database may not grow past a few pages.
      db.exec(`PRAGMA max_page_count = ${pages + 2}`);
      expect(() => db.transaction(() => {
        for (let i = 0; i < 100; i++) db.run('INSERT INTO t VALUES (?)', ['x'.repeat(1000)]);
      })).toThrow(/full/i);
      expect(db.all('SELECT v FROM t')).toEqual([{ v: 'kept' }]);
      // The connection is still usable afterwards.
      db.transaction(() => db.run('INSERT INTO t VALUES (?)', ['after']));
      expect(db.get<{ n: number }>('SELECT count(*) AS n FROM t')!.n).toBe(2);
    });

    it('finalizes statements on close and refuses calls afterwards', async () => {
      const db = await open();
      db.get('SELECT 1 AS one');
      expect(db.cachedStatements).toBeGreaterThan(0);
      db.close();
      expect(db.cachedStatements).toBe(0);
      expect(() => db.get('SELECT 1 AS one')).toThrow(/closed/);
      db.close();
    });
  });
}
