// The sqlite-wasm adapter keeps core's Db contract: rows as objects, change counts, atomic and nested transactions.
import { describe, expect, it } from 'vitest';
import { openMemoryDb } from './sqlite-db';

describe('SqliteDb', () => {
  it('binds parameters, returns rows as objects and reports changes and rowids', async () => {
    const db = await openMemoryDb();
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, data BLOB)');
    const r1 = db.run('INSERT INTO t (name, data) VALUES (?, ?)', ['a', new Uint8Array([1, 2, 3])]);
    const r2 = db.run('INSERT INTO t (name) VALUES (?)', ['b']);
    expect(r1).toEqual({ changes: 1, lastInsertRowid: 1 });
    expect(r2.lastInsertRowid).toBe(2);
    expect(db.all('SELECT id, name FROM t ORDER BY id')).toEqual([{ id: 1, name: 'a' }, { id: 2, name: 'b' }]);
    const row = db.get<{ data: Uint8Array }>('SELECT data FROM t WHERE name = ?', ['a']);
    expect(Array.from(row!.data)).toEqual([1, 2, 3]);
    expect(db.get('SELECT * FROM t WHERE name = ?', ['zzz'])).toBeUndefined();
    expect(db.run('UPDATE t SET name = ?', ['c']).changes).toBe(2);
  });

  it('commits, rolls back on throw, and nests as savepoints', async () => {
    const db = await openMemoryDb();
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
    const db = await openMemoryDb();
    db.exec('CREATE TABLE p (id TEXT PRIMARY KEY); CREATE TABLE c (pid TEXT REFERENCES p (id))');
    expect(() => db.run('INSERT INTO c VALUES (?)', ['missing'])).toThrow(/FOREIGN KEY/);
  });
});
