// Migrations on a real in-memory SQLite: the schema lands once, user_version tracks it, failures leave the last good version.
import { describe, expect, it } from 'vitest';
import { openMemoryDb } from '../../workers/engine/sqlite-db';
import { migrate, migrations, schemaVersion, type Migration } from './migrations';

const tables = ['memory_entries', 'vector_memory', 'episodic_memory', 'semantic_memory',
  'neural_models', 'model_versions', 'training_history', 'pattern_memory'];

describe('migrate', () => {
  it('creates every table of the schema and sets user_version', async () => {
    const db = await openMemoryDb();
    expect(schemaVersion(db)).toBe(0);
    const res = migrate(db);
    expect(res).toEqual({ from: 0, to: migrations.length, applied: migrations.map((m) => m.version) });
    const names = db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").map((r) => r.name);
    for (const t of tables) expect(names).toContain(t);
    const cols = db.all<{ name: string }>("SELECT name FROM pragma_table_info('memory_entries')").map((r) => r.name);
    expect(cols).toEqual(expect.arrayContaining(['id', 'namespace', 'key', 'value', 'metadata', 'created_at',
      'updated_at', 'accessed_at', 'access_count', 'ttl', 'expires_at']));
  });

  it('is idempotent', async () => {
    const db = await openMemoryDb();
    migrate(db);
    db.run("INSERT INTO memory_entries (key, value, created_at, updated_at, accessed_at) VALUES ('k', 'v', 1, 1, 1)");
    expect(migrate(db)).toEqual({ from: migrations.length, to: migrations.length, applied: [] });
    expect(db.get('SELECT value FROM memory_entries')).toEqual({ value: 'v' });
  });

  it('enforces UNIQUE(key, namespace) on memory_entries', async () => {
    const db = await openMemoryDb();
    migrate(db);
    const ins = "INSERT INTO memory_entries (namespace, key, value, created_at, updated_at, accessed_at) VALUES (?, 'k', 'v', 1, 1, 1)";
    db.run(ins, ['a']);
    db.run(ins, ['b']);
    expect(() => db.run(ins, ['a'])).toThrow(/UNIQUE/);
  });

  it('applies only newer migrations and stops at the last good one on failure', async () => {
    const db = await openMemoryDb();
    const list: Migration[] = [
      { version: 1, name: 'a', sql: 'CREATE TABLE a (x)' },
      { version: 2, name: 'b', sql: 'CREATE TABLE b (x)' },
    ];
    expect(migrate(db, list.slice(0, 1)).applied).toEqual([1]);
    expect(migrate(db, list).applied).toEqual([2]);
    const broken = [...list, { version: 3, name: 'bad', sql: 'CREATE TABLE c (x); CREATE TABLE a (x)' }];
    expect(() => migrate(db, broken)).toThrow(/already exists/);
    // The failed migration's first statement was rolled back with it.
    expect(schemaVersion(db)).toBe(2);
    expect(db.get("SELECT name FROM sqlite_master WHERE name = 'c'")).toBeUndefined();
  });

  it('refuses gaps and databases newer than the app', async () => {
    const db = await openMemoryDb();
    expect(() => migrate(db, [{ version: 2, name: 'x', sql: 'SELECT 1' }])).toThrow(/expected 1/);
    db.exec('PRAGMA user_version = 99');
    expect(() => migrate(db)).toThrow(/newer than this app/);
  });
});

describe('migration 2', () => {
  it('upgrades a v1 database that holds data, keeping its entries', async () => {
    const db = await openMemoryDb();
    migrate(db, migrations.slice(0, 1));
    db.run("INSERT INTO memory_entries (key, value, created_at, updated_at, accessed_at) VALUES ('k', 'v', 1, 1, 1)");
    db.run("INSERT INTO semantic_memory (concept, knowledge, created_at, updated_at) VALUES ('c', 'x', 1, 1)");
    expect(migrate(db, migrations.slice(0, 2)).applied).toEqual([2]);
    expect(db.get('SELECT value FROM memory_entries')).toEqual({ value: 'v' });
    expect(db.get('SELECT kind, parent FROM semantic_memory')).toEqual({ kind: 'fact', parent: null });
    const cols = db.all<{ name: string }>("SELECT name FROM pragma_table_info('vector_memory')").map((r) => r.name);
    expect(cols).toEqual(expect.arrayContaining(['source', 'source_id', 'source_updated_at', 'embedder', 'namespace', 'key', 'dim', 'vector']));
    expect(db.get("SELECT name FROM sqlite_master WHERE name = 'memory_settings'")).toEqual({ name: 'memory_settings' });
  });

  it('rejects a parent concept that does not exist and a kind outside fact/rule', async () => {
    const db = await openMemoryDb();
    migrate(db);
    expect(() => db.run("INSERT INTO semantic_memory (concept, knowledge, parent, created_at, updated_at) VALUES ('a', 'x', 'nope', 1, 1)")).toThrow(/FOREIGN KEY/);
    expect(() => db.run("INSERT INTO semantic_memory (concept, knowledge, kind, created_at, updated_at) VALUES ('a', 'x', 'guess', 1, 1)")).toThrow(/CHECK/);
  });
});

describe('migration 3', () => {
  it('adds the registry columns to models saved before it, keeping them', async () => {
    const db = await openMemoryDb();
    migrate(db, migrations.slice(0, 2));
    db.run("INSERT INTO neural_models (model_id, model_name, created_at, updated_at) VALUES ('m', 'm', 1, 1)");
    db.run("INSERT INTO model_versions (model_id, version, created_at) VALUES ('m', '1.0.0', 1)");
    expect(migrate(db, migrations.slice(0, 3)).applied).toEqual([3]);
    expect(db.get('SELECT version, size, quantized, description FROM model_versions')).toEqual({ version: '1.0.0', size: 0, quantized: 0, description: null });
    const cols = db.all<{ name: string }>("SELECT name FROM pragma_table_info('training_history')").map((r) => r.name);
    expect(cols).toEqual(expect.arrayContaining(['version', 'val_loss', 'val_accuracy', 'learning_rate', 'time_ms']));
  });
});

describe('migration 4', () => {
  it('adds the version hash and the retired versions, retiring what old history shows was deleted and dropping that history', async () => {
    const db = await openMemoryDb();
    migrate(db, migrations.slice(0, 3));
    db.run("INSERT INTO neural_models (model_id, model_name, created_at, updated_at) VALUES ('m', 'm', 1, 1)");
    db.run("INSERT INTO model_versions (model_id, version, weights, created_at) VALUES ('m', '1.0.0', x'01', 1)");
    // 1.1.0 was deleted before migration 4: its epochs were left behind (the bug it fixes).
    for (const version of ['1.0.0', '1.1.0', '1.1.0']) db.run('INSERT INTO training_history (model_id, epoch, timestamp, version) VALUES (?, 1, 1, ?)', ['m', version]);
    expect(migrate(db, migrations.slice(0, 4)).applied).toEqual([4]);
    expect(db.get('SELECT version, sha256 FROM model_versions')).toEqual({ version: '1.0.0', sha256: null });
    expect(db.all('SELECT model_id, version FROM model_versions_retired')).toEqual([{ model_id: 'm', version: '1.1.0' }]);
    expect(db.all('SELECT version FROM training_history')).toEqual([{ version: '1.0.0' }]);
  });
});

describe('migration 5', () => {
  it('keys vector_memory by (source, namespace, embedder, key): one vector per row and embedder', async () => {
    const db = await openMemoryDb();
    migrate(db, migrations.slice(0, 4));
    const ins = `INSERT INTO vector_memory (source, source_id, source_updated_at, embedder, namespace, key, dim, vector, created_at, updated_at)
      VALUES ('entry', 1, 1, ?, 'default', 'k', 1, x'00', 1, 1)`;
    db.run(ins, ['hashing-v1']);
    expect(() => db.run(ins, ['word-vectors-v1'])).toThrow(/UNIQUE/);
    expect(migrate(db, migrations.slice(0, 5)).applied).toEqual([5]);
    expect(db.get('SELECT embedder, key FROM vector_memory')).toEqual({ embedder: 'hashing-v1', key: 'k' });
    db.run(ins, ['word-vectors-v1']);
    expect(() => db.run(ins, ['hashing-v1'])).toThrow(/UNIQUE/);
    expect(db.get('SELECT COUNT(*) AS n FROM vector_memory')).toEqual({ n: 2 });
  });
});

describe('migration 7', () => {
  it('creates model_ensembles, also over a CLI state folder that made the table before the migration existed', async () => {
    const db = await openMemoryDb();
    migrate(db, migrations.slice(0, 6));
    db.exec('CREATE TABLE IF NOT EXISTS model_ensembles (name TEXT PRIMARY KEY, members TEXT NOT NULL, labels TEXT NOT NULL, created_at INTEGER NOT NULL)');
    db.run("INSERT INTO model_ensembles VALUES ('e', '[]', '[]', 1)");
    expect(migrate(db, migrations.slice(0, 7)).applied).toEqual([7]);
    expect(db.all('SELECT name FROM model_ensembles')).toEqual([{ name: 'e' }]);
    const fresh = await openMemoryDb();
    migrate(fresh, migrations.slice(0, 7));
    expect(fresh.all("SELECT name FROM sqlite_master WHERE name = 'model_ensembles'")).toEqual([{ name: 'model_ensembles' }]);
  });
});
