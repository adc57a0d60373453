// The settings suite on in-memory sqlite-wasm databases in node: one row per setting, figures finite and positive, each database closed.
import { describe, expect, it } from 'vitest';
import { openMemoryDb, type SqliteDb } from '../../workers/engine/sqlite-db';
import { runSettingsSuite, SQLITE_SETTINGS } from './settings-suite';

const PLAN = { warmupMs: 5, warmupCalls: 2, sampleMs: 5, runs: 3 };

describe('memory_opfs_settings', () => {
  it('measures every setting on a database of its own and says what each costs in durability', async () => {
    const dbs: SqliteDb[] = [];
    for (let i = 0; i < 2; i++) dbs.push(await openMemoryDb());
    const closed: number[] = [];
    const settings = [SQLITE_SETTINGS[0], SQLITE_SETTINGS.find((s) => s.engine)!];
    const rows = await runSettingsSuite({ open: (i) => ({ db: dbs[i], close: () => closed.push(i) }), plan: PLAN, storage: 'memory', settings });
    expect(closed).toEqual([0, 1]);
    expect(rows.map((r) => r.setting)).toEqual(settings.map((s) => s.label));
    expect(rows.map((r) => r.engine_setting)).toEqual([false, true]);
    for (const r of rows) {
      for (const f of ['single_store_ms', 'single_retrieve_ms', 'single_retrieve_writing_access_ms', 'batched_store_ops_per_s']) expect(r[f], f).toBeGreaterThan(0);
      expect(r.durability).toMatch(/crash/);
      expect(r.in_force).toMatchObject({ page_size: 65536 });
    }
    // Access counts of the deferred retrieves were written before each database closed.
    expect(Number(dbs[1].get<{ n: number }>('SELECT sum(access_count) AS n FROM memory_entries')!.n)).toBeGreaterThan(0);
  });
});
