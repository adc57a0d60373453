// PROVISIONAL: replaced by core/memory createMemory at merge. The one place the engine builds its memory objects (openMemory, openWorking).
import type { Db } from '../../core/db/db';
import {
  MEMORY_METHODS,
  type BatchEntry,
  type BatchStoreResult,
  type EpisodicConfig,
  type MemoryApi,
  type MemoryStats,
  type NamespaceInfo,
  type TierStats,
  type WorkingApi,
  type WorkingStats,
} from '../../core/memory/api';
import { createMemoryUsage, MemoryInputError } from '../../core/memory/memory-usage';

/*
 * Everything else in workers/engine reaches memory only through openMemory/openWorking and the
 * MemoryApi/WorkingApi types, so swapping this file for core's createMemory/createWorking changes
 * nothing else. What is here is real (SQL on the same tables), just not the whole API yet.
 */

const EPISODIC_DEFAULTS: EpisodicConfig = { capacity: 10_000, ttlSeconds: 7 * 24 * 3600 };

function notYet(method: string): never {
  throw new Error(`${method}: not in this build yet`);
}

export function openMemory(db: Db, clock: () => number = Date.now): MemoryApi {
  const memoryUsage = createMemoryUsage(db, clock);

  function storeBatch(entries: BatchEntry[]): BatchStoreResult {
    if (!Array.isArray(entries)) throw new MemoryInputError('entries', 'must be an array of entries');
    let size = 0;
    // One transaction for the batch: each entry goes through memory_usage's own store (same validation and upsert)
    // as a nested savepoint, and any bad entry rolls every earlier one back.
    db.transaction(() => {
      entries.forEach((entry, i) => {
        if (typeof entry !== 'object' || entry === null) throw new MemoryInputError(`entries[${i}]`, 'must be an object');
        const { namespace, key, value, ttl, metadata } = entry;
        try {
          const r = memoryUsage({ action: 'store', namespace, key, value, ttl, metadata });
          if (r.action === 'store') size += r.size;
        } catch (err) {
          if (err instanceof MemoryInputError) throw new MemoryInputError(`entries[${i}].${err.field}`, err.message.replace(/^memory_usage: \S+ /, ''));
          throw err;
        }
      });
    });
    return { action: 'store_batch', stored: entries.length, size };
  }

  function namespaces(): NamespaceInfo[] {
    const rows = db.all<{ namespace: string; entries: number; bytes: number | null; expiring: number }>(
      `SELECT namespace, count(*) AS entries,
              sum(length(CAST(key AS BLOB)) + length(CAST(value AS BLOB))) AS bytes,
              sum(expires_at IS NOT NULL) AS expiring
       FROM memory_entries WHERE expires_at IS NULL OR expires_at > ?
       GROUP BY namespace ORDER BY namespace`,
      [Math.floor(clock())],
    );
    return rows.map((r) => ({ namespace: r.namespace, entries: Number(r.entries), bytes: Number(r.bytes ?? 0), expiring: Number(r.expiring) }));
  }

  function tier(tierName: TierStats['tier'], sql: string): TierStats {
    const r = db.get<{ rows: number; bytes: number | null; raw: number | null }>(sql)!;
    const bytes = Number(r.bytes ?? 0);
    const rawBytes = Number(r.raw ?? bytes);
    return { tier: tierName, rows: Number(r.rows), bytes, rawBytes, savedFraction: rawBytes > 0 ? 1 - bytes / rawBytes : null };
  }

  function stats(): MemoryStats {
    const ns = namespaces();
    const pageCount = Number(db.get<{ page_count: number }>('PRAGMA page_count')!.page_count);
    const pageSize = Number(db.get<{ page_size: number }>('PRAGMA page_size')!.page_size);
    return {
      entries: { rows: ns.reduce((n, x) => n + x.entries, 0), bytes: ns.reduce((n, x) => n + x.bytes, 0), namespaces: ns.length },
      tiers: [
        tier('vector', 'SELECT count(*) AS rows, sum(length(vector)) AS bytes, sum(dim * 4) AS raw FROM vector_memory'),
        tier('episodic', `SELECT count(*) AS rows, sum(length(CAST(content AS BLOB)) + coalesce(length(CAST(context AS BLOB)), 0)
          + coalesce(length(CAST(outcome AS BLOB)), 0)) AS bytes, NULL AS raw FROM episodic_memory`),
        tier('semantic', 'SELECT count(*) AS rows, sum(length(CAST(knowledge AS BLOB))) AS bytes, NULL AS raw FROM semantic_memory'),
      ],
      databaseBytes: pageCount * pageSize,
      episodic: { ...EPISODIC_DEFAULTS },
    };
  }

  const api: Record<string, (...args: never[]) => unknown> = {};
  for (const m of MEMORY_METHODS) api[m] = () => notYet(m);
  Object.assign(api, {
    memory_usage: memoryUsage,
    memory_store_batch: storeBatch,
    memory_namespaces: namespaces,
    memory_stats: stats,
  });
  return api as unknown as MemoryApi;
}

/** Bytes the working tier may hold before it evicts its least recently used entries. */
const WORKING_CAPACITY = 8 * 1024 * 1024;

function requireKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0) throw new MemoryInputError('key', 'must be a non-empty string');
  return key;
}

/** A Map-based LRU bounded by estimated bytes (UTF-16 of the key plus the JSON of the value). */
export function openWorking(capacityBytes = WORKING_CAPACITY): WorkingApi {
  const map = new Map<string, { value: unknown; bytes: number }>();
  let bytes = 0;
  let hits = 0;
  let misses = 0;
  let evictions = 0;
  const stats = (): WorkingStats => ({ entries: map.size, bytes, capacityBytes, hits, misses, evictions });
  const remove = (key: string): boolean => {
    const old = map.get(key);
    if (!old) return false;
    map.delete(key);
    bytes -= old.bytes;
    return true;
  };
  return {
    working_set(key, value) {
      requireKey(key);
      const json = JSON.stringify(value);
      if (json === undefined) throw new MemoryInputError('value', 'must be JSON-serialisable');
      const size = 2 * (key.length + json.length);
      if (size > capacityBytes) throw new MemoryInputError('value', `is ${size} bytes, more than the working tier's ${capacityBytes}`);
      remove(key);
      map.set(key, { value: JSON.parse(json) as unknown, bytes: size });
      bytes += size;
      for (const oldest of map.keys()) {
        if (bytes <= capacityBytes) break;
        remove(oldest);
        evictions++;
      }
      return stats();
    },
    working_get(key) {
      requireKey(key);
      const hit = map.get(key);
      if (!hit) {
        misses++;
        return { found: false, value: null };
      }
      hits++;
      // Most recently used goes last in the Map's order.
      map.delete(key);
      map.set(key, hit);
      return { found: true, value: hit.value };
    },
    working_delete: (key) => remove(requireKey(key)),
    working_stats: stats,
  };
}

