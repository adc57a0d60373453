// Throughput of memory_store_batch (and the lazy indexing it defers), printed, never asserted: npm run measure -- core/memory/store-batch
import { describe, expect, it } from 'vitest';
import { openMemoryDb } from '../../workers/engine/sqlite-db';
import type { Db } from '../db/db';
import { migrate } from '../db/migrations';
import type { BatchEntry } from './api';
import { createMemory } from './memory';

const N = Number(process.env.SAFLA_MEASURE_N ?? 100_000);

function entries(n: number, tag: string): BatchEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    namespace: `ns${i % 8}`, key: `${tag}-key-${i}`,
    value: `value ${i}: the quick brown fox ${i % 97} jumps over ${i % 13} lazy dogs`,
    ...(i % 10 === 0 ? { ttl: 3600, metadata: { i } } : {}),
  }));
}

/** CPU time of this process beside wall time: the machine is shared, and wall time counts other people's work. */
function timed(fn: () => void): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const c = process.cpuUsage(c0);
  return { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
}

function measure(label: string, db: Db): void {
  migrate(db);
  const mem = createMemory({ db });
  mem.memory_store_batch(entries(2000, 'warm'));
  const batch = entries(N, 'run');
  const rate = (ms: number) => Math.round(N / (ms / 1000));
  const first = timed(() => expect(mem.memory_store_batch(batch).stored).toBe(N));
  const again = timed(() => expect(mem.memory_store_batch(batch).stored).toBe(N));
  console.log(`${label}: ${N} new entries: wall ${first.wall.toFixed(0)} ms = ${rate(first.wall)} stores/s, cpu ${first.cpu.toFixed(0)} ms = ${rate(first.cpu)} stores/s; ` +
    `${N} upserts of existing keys: wall ${again.wall.toFixed(0)} ms = ${rate(again.wall)}/s, cpu ${again.cpu.toFixed(0)} ms = ${rate(again.cpu)}/s`);
  const t2 = performance.now();
  const s = mem.memory_semantic_search({ query: 'quick brown fox 42 lazy dogs', k: 10 });
  const msIndex = performance.now() - t2;
  const t3 = performance.now();
  const s2 = mem.memory_semantic_search({ query: 'jumps over 7 lazy dogs', k: 10 });
  const msSearch = performance.now() - t3;
  console.log(`${label}: first search embedded ${s.indexed} entries in ${msIndex.toFixed(0)} ms (${Math.round(s.indexed / (msIndex / 1000))}/s); ` +
    `next search (${s2.indexed} to index, all 8 namespaces, ${N + 2000} vectors) ${msSearch.toFixed(1)} ms`);
}

describe('memory_store_batch throughput (node, :memory:)', () => {
  it('through the engine adapter as it is', async () => {
    measure('SqliteDb', await openMemoryDb());
  }, 600_000);
});
