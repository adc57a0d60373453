// The store suite on an in-memory sqlite-wasm database in node: row shapes, finite positive rates, the data it leaves.
import { describe, expect, it } from 'vitest';
import { openMemoryDb } from '../../workers/engine/sqlite-db';
import { BATCH, PREFILL, REFERENCE_CLAIM_OPS_PER_S, runStoreSuite } from './store-suite';

const PLAN = { warmupMs: 20, warmupCalls: 2, sampleMs: 10, runs: 3 };

describe('memory store suite', () => {
  it('measures batched and single store/retrieve and labels the reference figure as a claim', async () => {
    const db = await openMemoryDb();
    const rows = await runStoreSuite({ db, plan: PLAN, storage: 'sqlite-wasm :memory: (node)' });
    expect(rows.map((r) => r.name)).toEqual(['memory_store_ops', 'memory_retrieve_ops']);
    for (const r of rows) {
      expect(r).toMatchObject({ unit: 'ops/s', peer: null, peer_name: 'none', ratio: null, batch_size: BATCH, reference_claim_ops_per_s: REFERENCE_CLAIM_OPS_PER_S });
      for (const v of [r.ours, r.batched_ops_per_s, r.single_ops_per_s]) expect(v).toBeGreaterThan(0);
      expect(r.detail).toMatch(/not measured/);
    }
    const count = db.get<{ n: number }>("SELECT count(*) AS n FROM memory_entries WHERE key LIKE 'r%'")?.n;
    expect(Number(count)).toBe(PREFILL);
    const touched = db.get<{ n: number }>('SELECT count(*) AS n FROM memory_entries WHERE access_count > 0')?.n;
    expect(Number(touched)).toBeGreaterThan(0);
  }, 120_000);

  it('runs only the filtered case', async () => {
    const db = await openMemoryDb();
    const rows = await runStoreSuite({ db, plan: PLAN, storage: 'memory', filter: 'memory_store' });
    expect(rows.map((r) => r.name)).toEqual(['memory_store_ops']);
  });
});
