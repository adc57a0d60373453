// The one place the engine builds what it serves: core's memory (vector search on the kernel's index when given) and model store over the owner's database, and this tab's working tier.
import type { Db } from '../../core/db/db';
import { MEMORY_METHODS, WORKING_METHODS, type MemoryApi, type MemoryStats, type TierStats, type WorkingApi, type WorkingStats } from '../../core/memory/api';
import type { Embedder } from '../../core/memory/embedder';
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

export interface HostOptions {
  clock?: () => number;
  /** The kernel's int8 index in the worker; core's plain-TS index when left out (node tests). */
  indexFactory?: VectorIndexFactory;
  /** The default embedder of semantic search: the word vectors in the worker; hashing when left out (or when they failed to load). */
  embedder?: Embedder;
}

export function openMemory(db: Db, options: HostOptions = {}): HostedApi {
  const memory = createMemory({ db, clock: options.clock, indexFactory: options.indexFactory, embedder: options.embedder });
  const models = createModelStore(db, options.clock, options.indexFactory);
  return { ...memory, ...models };
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
