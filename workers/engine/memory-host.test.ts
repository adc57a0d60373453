// The provisional memory host: batch store in one transaction, namespace and stats counts from SQL, the working tier's LRU.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../core/db/migrations';
import { openMemory, openWorking } from './memory-host';
import { openMemoryDb } from './sqlite-db';

async function setup(now = 1_000_000) {
  const db = await openMemoryDb();
  migrate(db);
  return { db, memory: openMemory(db, () => now) };
}

describe('provisional memory host', () => {
  it('stores a batch in one transaction, all or nothing, with the failing entry named', async () => {
    const { db, memory } = await setup();
    expect(memory.memory_store_batch([{ key: 'a', value: 'é' }, { namespace: 'n2', key: 'b', value: 'xy', ttl: 60 }]))
      .toEqual({ action: 'store_batch', stored: 2, size: 4 });
    expect(() => memory.memory_store_batch([{ key: 'c', value: '1' }, { key: '', value: '2' }]))
      .toThrow(expect.objectContaining({ name: 'MemoryInputError', message: 'memory_usage: entries[1].key must not be empty' }));
    expect(db.get<{ n: number }>("SELECT count(*) AS n FROM memory_entries WHERE key = 'c'")!.n).toBe(0);
    expect(() => memory.memory_store_batch('nope' as never)).toThrow(expect.objectContaining({ name: 'MemoryInputError' }));
  });

  it('counts namespaces and stats from the tables', async () => {
    const { memory } = await setup();
    memory.memory_store_batch([{ key: 'a', value: 'abc' }, { key: 'b', value: 'd', ttl: 10 }, { namespace: 'z', key: 'k', value: '' }]);
    expect(memory.memory_namespaces()).toEqual([
      { namespace: 'default', entries: 2, bytes: 6, expiring: 1 },
      { namespace: 'z', entries: 1, bytes: 1, expiring: 0 },
    ]);
    const stats = memory.memory_stats();
    expect(stats.entries).toEqual({ rows: 3, bytes: 7, namespaces: 2 });
    expect(stats.databaseBytes).toBeGreaterThan(0);
    expect(stats.tiers.map((t) => [t.tier, t.rows, t.savedFraction])).toEqual([['vector', 0, null], ['episodic', 0, null], ['semantic', 0, null]]);
    expect(() => memory.episode_recent()).toThrow('episode_recent: not in this build yet');
  });

  it('keeps the working tier within its byte budget, evicting the least recently used', () => {
    const w = openWorking(100);
    w.working_set('a', 'x'.repeat(20)); // 2 × (1 + 22) = 46 bytes
    w.working_set('b', 'y'.repeat(20));
    expect(w.working_get('a')).toEqual({ found: true, value: 'x'.repeat(20) });
    w.working_set('c', 'z'.repeat(20)); // over budget: b is the least recently used
    expect(w.working_get('b')).toEqual({ found: false, value: null });
    expect(w.working_stats()).toMatchObject({ entries: 2, bytes: 92, hits: 1, misses: 1, evictions: 1 });
    expect(w.working_delete('a')).toBe(true);
    expect(() => w.working_set('big', 'q'.repeat(100))).toThrow(expect.objectContaining({ name: 'MemoryInputError' }));
  });
});
