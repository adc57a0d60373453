// The one place the engine builds what it serves: core's memory (vector search on the kernel's index when given) and model store over the owner's database, and this tab's working tier.
import type { Db } from '../../core/db/db';
import { MEMORY_METHODS, WORKING_METHODS, type MemoryApi, type MemoryStats, type TierStats, type WorkingApi, type WorkingStats } from '../../core/memory/api';
import { createMemory } from '../../core/memory/memory';
import type { VectorIndexFactory } from '../../core/memory/vector-index';
import { createWorking } from '../../core/memory/working';
import { MODEL_METHODS, type ModelsApi } from '../../core/models/api';
import { createModelStore } from '../../core/models/model-store';

export type HostedApi = MemoryApi & ModelsApi;

/** Methods served by the tab that owns the database (forwarded there from the others). */
export const OWNER_METHODS: readonly string[] = [...MEMORY_METHODS, ...MODEL_METHODS];
/** Methods each tab answers itself. */
export const LOCAL_METHODS: readonly string[] = WORKING_METHODS;

/**
 * How long a retrieve's access count may wait in memory before a timer writes it (with every other retrieve's of
 * that time) in one transaction. A retrieve thus only reads: on OPFS a commit costs a sync of the file (about 1–5 ms
 * on disk here), a read from SQLite's cache a few µs. A crash within this window loses those access counts and
 * access times, nothing else (createMemoryUsage in core/memory/memory-usage.ts).
 */
export const ACCESS_FLUSH_MS = 1000;

export interface HostOptions {
  clock?: () => number;
  /** The kernel's int8 index in the worker; core's plain-TS index when left out (node tests). */
  indexFactory?: VectorIndexFactory;
  /** Write retrieves' access counts this long after the first unwritten one (the engine: ACCESS_FLUSH_MS); left out: at once. */
  accessFlushMs?: number;
}

export interface Host extends HostedApi {
  /** Writes access counts that wait (before the database closes); cancels the timer. Throws what the write throws. */
  flushPending(): void;
}

export function openMemory(db: Db, options: HostOptions = {}): Host {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let flush: (() => void) | undefined;
  const ms = options.accessFlushMs;
  const deferAccess = ms === undefined ? undefined : (f: () => void) => {
    flush = f;
    timer = setTimeout(() => {
      timer = undefined;
      try {
        f();
      } catch (err) {
        // Kept in memory by core and asked for again by the next retrieve; the next write carries them too.
        console.warn('engine: access counts could not be written yet:', err);
      }
    }, ms);
  };
  const memory = createMemory({ db, clock: options.clock, indexFactory: options.indexFactory, deferAccess });
  const models = createModelStore(db, options.clock, options.indexFactory);
  return {
    ...memory,
    ...models,
    flushPending() {
      clearTimeout(timer);
      timer = undefined;
      flush?.();
    },
  };
}

export function openWorking(): WorkingApi {
  return createWorking();
}

/** The working tier's row for memory_stats, from the calling tab's own working tier (session-only, never forwarded). */
export function workingTierRow(s: WorkingStats): TierStats {
  return { tier: 'working', rows: s.entries, bytes: s.bytes, rawBytes: s.bytes, savedFraction: s.entries === 0 ? null : 0 };
}

export function withWorkingTier(stats: MemoryStats, working: WorkingStats): MemoryStats {
  return { ...stats, tiers: [...stats.tiers.filter((t) => t.tier !== 'working'), workingTierRow(working)] };
}
