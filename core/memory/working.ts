// The working tier: a session-only LRU bounded by estimated bytes (UTF-16 of the key plus the JSON of the value), one per tab.
import type { WorkingApi, WorkingStats } from './api';
import { MemoryInputError } from './memory-usage';
import { jsonOf, stringOf } from './validate';

export const DEFAULT_WORKING_BYTES = 50 * 1024 * 1024;

/**
 * Values are held as their JSON text: the byte estimate is then exact for what is held, and every
 * get returns a fresh copy, so a caller mutating a result cannot change the cache.
 */
export function createWorking(capacityBytes = DEFAULT_WORKING_BYTES): WorkingApi {
  if (!Number.isFinite(capacityBytes) || capacityBytes <= 0) throw new RangeError(`working memory: bad capacity ${capacityBytes}`);
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const items = new Map<string, { json: string; bytes: number }>();
  let bytes = 0, hits = 0, misses = 0, evictions = 0;

  const stats = (): WorkingStats => ({ entries: items.size, bytes, capacityBytes, hits, misses, evictions });
  const drop = (key: string): boolean => {
    const it = items.get(key);
    if (!it) return false;
    items.delete(key);
    bytes -= it.bytes;
    return true;
  };

  return {
    working_set(key, value) {
      const op = 'working_set';
      const k = stringOf(key, 'key', op);
      // undefined would be held as null and read back as something never set: refuse it.
      if (value === undefined) throw new MemoryInputError('value', 'is required', op);
      const json = jsonOf(value, 'value', op);
      const size = 2 * (k.length + json.length);
      if (size > capacityBytes) {
        throw new MemoryInputError('value', `takes about ${size} bytes, more than the working memory's whole capacity (${capacityBytes})`, op);
      }
      drop(k);
      for (const [old, it] of items) {
        if (bytes + size <= capacityBytes) break;
        items.delete(old);
        bytes -= it.bytes;
        evictions++;
      }
      items.set(k, { json, bytes: size });
      bytes += size;
      return stats();
    },
    working_get(key) {
      const k = stringOf(key, 'key', 'working_get');
      const it = items.get(k);
      if (!it) {
        misses++;
        return { found: false, value: null };
      }
      hits++;
      items.delete(k);
      items.set(k, it);
      return { found: true, value: JSON.parse(it.json) as unknown };
    },
    working_delete(key) {
      return drop(stringOf(key, 'key', 'working_delete'));
    },
    working_stats: stats,
  };
}
