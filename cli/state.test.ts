// The CLI's state database: the browser's schema and migrations exactly, WAL with durable commits, and the folder checks made before anything is written.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../core/db/db';
import { migrate, migrations } from '../core/db/migrations';
import { openMemoryDb } from '../workers/engine/sqlite-db';
import { toUserError } from './errors';
import { openState } from './state';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'safla-state-'));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

const schemaOf = (db: Db) => db.all("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name");

describe('openState', () => {
  it('creates memory.db with the same schema and user_version as the browser\'s database', async () => {
    const state = openState(join(dir, 'a'), { create: true })!;
    const browser = await openMemoryDb();
    migrate(browser);
    try {
      expect(schemaOf(state.db)).toEqual(schemaOf(browser));
      expect(state.db.get('PRAGMA user_version')).toEqual({ user_version: migrations.length });
      expect(state.db.get('PRAGMA journal_mode')).toEqual({ journal_mode: 'wal' });
      // synchronous FULL is 2; foreign keys on.
      expect(state.db.get('PRAGMA synchronous')).toEqual({ synchronous: 2 });
      expect(state.db.get('PRAGMA foreign_keys')).toEqual({ foreign_keys: 1 });
    } finally {
      state.close();
      browser.close();
    }
  });

  it('reopens without migrating again and keeps what was stored', () => {
    const first = openState(join(dir, 'b'), { create: true })!;
    first.memory.memory_usage({ action: 'store', key: 'k', value: 'v' });
    first.close();
    const second = openState(join(dir, 'b'), { create: true })!;
    try {
      expect(second.memory.memory_usage({ action: 'retrieve', key: 'k' })).toMatchObject({ found: true, value: 'v' });
    } finally {
      second.close();
    }
  });

  it('creates nothing when asked not to, and refuses a state path that is a file', async () => {
    expect(openState(join(dir, 'none'), { create: false })).toBeUndefined();
    await writeFile(join(dir, 'file'), 'x');
    expect(() => openState(join(dir, 'file'), { create: true })).toThrow(/is a file, not a folder/);
  });

  it('waits for another process\'s write, and past the wait says the state is busy', () => {
    const a = openState(join(dir, 'd'), { create: true })!;
    const b = openState(join(dir, 'd'), { create: true, busyTimeoutMs: 200 })!;
    try {
      a.db.exec('BEGIN IMMEDIATE');
      let caught: unknown;
      try {
        b.memory.memory_usage({ action: 'store', key: 'k', value: 'v' });
      } catch (e) {
        caught = e;
      }
      expect(toUserError(caught, b.file)?.message).toBe(`${b.file} is busy: another safla process held it longer than the wait allows; try again`);
      a.db.exec('COMMIT');
      // Once the other writer is done, the same call goes through.
      expect(b.memory.memory_usage({ action: 'store', key: 'k', value: 'v' })).toMatchObject({ stored: true });
    } finally {
      a.close();
      b.close();
    }
  });

  it('refuses a database from a newer safla without touching it', async () => {
    const state = openState(join(dir, 'c'), { create: true })!;
    state.db.exec(`PRAGMA user_version = ${migrations.length + 1}`);
    state.close();
    expect(() => openState(join(dir, 'c'), { create: true })).toThrow(new RegExp(`schema version ${migrations.length + 1}, newer than this safla knows`));
  });
});
