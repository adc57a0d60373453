// The one place the engine builds what it serves: core's memory (vector search on the kernel's index when given), model store, ensembles and pipeline store over the owner's database, and this tab's working tier.
import type { Db } from '../../core/db/db';
import { MEMORY_METHODS, WORKING_METHODS, type MemoryApi, type MemoryStats, type TierStats, type WorkingApi, type WorkingStats } from '../../core/memory/api';
import type { Embedder } from '../../core/memory/embedder';
import { createMemory } from '../../core/memory/memory';
import type { VectorIndexFactory } from '../../core/memory/vector-index';
import { createWorking } from '../../core/memory/working';
import { MODEL_METHODS, type ModelsApi } from '../../core/models/api';
import { createEnsembleStore, ENSEMBLE_METHODS, type EnsemblesApi } from '../../core/models/ensembles';
import { createModelStore } from '../../core/models/model-store';
import { DEFAULT_NAMESPACE } from '../../core/memory/memory-usage';
import type { KernelPort } from '../../core/nn/port';
import { PATTERN_METHODS, type PatternsApi } from '../../core/patterns/api';
import { createPatterns } from '../../core/patterns/patterns';
import { PIPELINE_METHODS, type PipelineApi } from '../../core/pipeline/api';
import { createPipelineApi } from '../../core/pipeline/serve';
import { createPipelineStore } from '../../core/pipeline/store';
import { referencePort } from '../../kernel/reference/mlp';
import { CATALOG_METHODS, type CatalogApi } from '../../core/catalog/api';
import { createCatalog } from '../../core/catalog/catalog';
import { LOOP_METHODS, type LoopApi } from '../../core/loop/api';
import { createLoop } from '../../core/loop/loop';
import type { EngineChange } from './types';

export type HostedApi = MemoryApi & ModelsApi & EnsemblesApi & PipelineApi & PatternsApi & CatalogApi & LoopApi;

/** Methods served by the tab that owns the database (forwarded there from the others). */
export const OWNER_METHODS: readonly string[] = [...MEMORY_METHODS, ...MODEL_METHODS, ...ENSEMBLE_METHODS, ...PIPELINE_METHODS, ...PATTERN_METHODS, ...CATALOG_METHODS, ...LOOP_METHODS];
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
  /** The default embedder of semantic search: the word vectors in the worker; hashing when left out (or when they failed to load). */
  embedder?: Embedder;
  /** Write retrieves' access counts this long after the first unwritten one (the engine: ACCESS_FLUSH_MS); left out: at once. */
  accessFlushMs?: number;
  /** The kernel the pattern classifier trains on (the wasm kernel in the worker); the plain-TS reference when left out. */
  port?: KernelPort;
  /** A monotonic clock for measured training times (performance.now); default the clock. */
  now?: () => number;
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
  const memory = createMemory({ db, clock: options.clock, indexFactory: options.indexFactory, embedder: options.embedder, deferAccess });
  const models = createModelStore(db, options.clock, options.indexFactory);
  const pipeline = createPipelineApi(createPipelineStore(db));
  // The classifier reads the same meaning embedder as search (none when the word vectors did not load: it trains without, and its figures say so).
  const patterns = createPatterns({ db, memory, port: options.port ?? referencePort, embedder: options.embedder?.kind === 'word-vectors' ? options.embedder : null, clock: options.clock, now: options.now });
  const catalog = createCatalog(db, models);
  const loop = createLoop({ db, pipeline, patterns, catalog, models, clock: options.clock, now: options.now });
  return {
    ...memory,
    ...models,
    ...createEnsembleStore(db),
    ...pipeline,
    ...patterns,
    ...catalog,
    ...loop,
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

type Changes = EngineChange | EngineChange[] | null;
/** What one method's call changed, from its arguments and its result. */
type Notice<M extends keyof HostedApi> = (args: Parameters<HostedApi[M]>, result: ReturnType<HostedApi[M]>) => Changes;

/**
 * Every method the owner serves, with what a call to it changed (for the change notice the owner sends after it
 * committed), or null where it changes nothing others show: reads, and usage bookkeeping (a retrieve's access count,
 * a load's last-use time, a classifier trained on demand), which changes on every read and would have every read
 * refresh every tab. The type lists every method of HostedApi, so a method added to any API fails to compile until
 * it says here whether it writes.
 */
const NOTICES: { [M in keyof HostedApi]: Notice<M> | null } = {
  memory_usage: (_, r) => (r.action === 'store' || (r.action === 'delete' && r.deleted) ? { what: 'memory', namespaces: [r.namespace] } : null),
  memory_store_batch([entries]) {
    if (!Array.isArray(entries) || entries.length === 0) return null;
    const names = new Set(entries.map((e) => String(e?.namespace ?? DEFAULT_NAMESPACE)));
    return { what: 'memory', namespaces: [...names].toSorted() };
  },
  memory_namespaces: null,
  memory_semantic_search: null,
  memory_stats: null,
  memory_clear_namespace: ([namespace], n) => (n > 0 ? { what: 'memory', namespaces: [String(namespace)] } : null),
  episode_record: () => ({ what: 'memory' }),
  episode_replay: null,
  episode_recent: null,
  episodic_configure: () => ({ what: 'memory' }),
  knowledge_put: () => ({ what: 'memory' }),
  knowledge_get: null,
  knowledge_children: null,
  knowledge_similar: null,
  knowledge_delete: (_, deleted) => (deleted ? { what: 'memory' } : null),
  memory_export: null,
  memory_import: () => ({ what: 'memory' }),

  model_save: (_, saved) => ({ what: 'models', modelIds: [saved.info.modelId], deleted: [] }),
  model_list: null,
  model_versions: null,
  model_load: null,
  model_describe: null,
  model_delete([input], r) {
    if (r.deletedVersions === 0 && !r.modelDeleted) return null;
    const modelId = String(input.modelId);
    return { what: 'models', modelIds: [modelId], deleted: [{ modelId, version: typeof input.version === 'string' ? input.version : null }] };
  },
  model_cleanup: (_, ids) => (ids.length === 0 ? null : { what: 'models', modelIds: ids, deleted: ids.map((modelId) => ({ modelId, version: null })) }),
  model_record_history: ([input]) => ({ what: 'models', modelIds: [String(input.modelId)], deleted: [] }),
  model_history: null,
  model_neighbours: null,
  // A version's accuracy measured here: its list entry and versions show it.
  model_record_accuracy: (_, v) => ({ what: 'models', modelIds: [v.modelId], deleted: [] }),

  ensemble_save: (_, e) => ({ what: 'ensembles', names: [e.name] }),
  ensemble_list: null,
  ensemble_get: null,

  // A stored run (and its profile) or a log line: pages showing the pipeline read again.
  pipeline_record_run: () => ({ what: 'pipeline' }),
  pipeline_log: () => ({ what: 'pipeline' }),
  pipeline_runs: null,
  pipeline_run: null,
  pipeline_profiles: null,
  pipeline_totals: null,
  pipeline_log_entries: null,
  pipeline_export_log: null,

  neural_patterns: (_, r) => (r.action === 'learn' && r.id !== null ? { what: 'patterns', learned: [r.id], corrected: false } : null),
  patterns_correct: () => ({ what: 'patterns', learned: [], corrected: true }),
  patterns_classifier: null,
  patterns_labels: null,
  patterns_recorded: null,

  catalog_list: null,
  catalog_entry: null,
  catalog_records: null,
  // A catalog version is a registry version (the Models page shows it); the Patterns page lists the catalog.
  catalog_save: (_, e) => (e.trained ? { what: 'models', modelIds: [e.trained.model_id], deleted: [] } : null),
  catalog_retrain_state: null,

  // A loop step is the Patterns page's; its record also stored a pipeline run (Pipeline page) and a learned operation.
  loop_recommend: () => ({ what: 'patterns', learned: [], corrected: false }),
  loop_record: (_, r) => [{ what: 'pipeline' }, { what: 'patterns', learned: r.pattern_memory_id === null ? [] : [r.pattern_memory_id], corrected: false }],
  loop_steps: null,
};

/** What a call that returned `result` changed (NOTICES); null for reads, writes that changed nothing, and unknown methods. */
export function changeOf(method: string, args: unknown[], result: unknown): Changes {
  const notice = Object.hasOwn(NOTICES, method) ? (NOTICES as Record<string, ((args: unknown[], result: unknown) => Changes) | null>)[method] : null;
  return notice ? notice(args, result) : null;
}
