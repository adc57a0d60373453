// memory_opfs_settings: one store, one retrieve and batched stores under each candidate set of SQLite settings, each on a
// fresh database of its own, with what each set costs in durability written beside its figures. The engine's choice is one row.
import type { Db } from '../../core/db/db';
import { migrate } from '../../core/db/migrations';
import type { MemoryUsageResult } from '../../core/memory/memory-usage';
import { median, timeCalls, warmUp, type TimingPlan } from '../../workers/compute/bench/timing';
import { ACCESS_FLUSH_MS, openMemory } from '../../workers/engine/memory-host';
import { configureDb } from '../../workers/engine/open-db';
import type { MemoryRow } from './types';

export const SETTINGS_BATCH = 1000;
const PREFILL = 2000;

export interface SqliteSetting {
  label: string;
  /** PRAGMAs in order, on an empty database before migrate (page_size only works there); or the engine's configureDb. */
  pragmas: string[] | ((db: Db) => void);
  /** What a crash can cost under this setting. */
  durability: string;
  /** The engine's own settings (configureDb). */
  engine?: boolean;
}

const PAGE_64K = ['page_size = 65536', 'cache_size = -32768', 'temp_store = MEMORY'];

/** The candidates measured; synchronous OFF and journal MEMORY/OFF are left out: a crash can corrupt the file under them. */
export const SQLITE_SETTINGS: SqliteSetting[] = [
  {
    label: 'before: TRUNCATE journal, synchronous FULL, normal locking',
    pragmas: [...PAGE_64K, 'journal_mode = TRUNCATE', 'synchronous = FULL'],
    durability: 'every acknowledged commit survives any crash; 4 syncs per commit, and each transaction re-reads the change counter and probes the journal',
  },
  {
    label: 'TRUNCATE, FULL, locking_mode EXCLUSIVE',
    pragmas: ['locking_mode = EXCLUSIVE', ...PAGE_64K, 'journal_mode = TRUNCATE', 'synchronous = FULL'],
    durability: 'as before (exclusive locking only keeps the page cache between transactions; we are the only connection)',
  },
  {
    label: 'PERSIST, FULL, EXCLUSIVE',
    pragmas: ['locking_mode = EXCLUSIVE', ...PAGE_64K, 'journal_mode = PERSIST', 'synchronous = FULL'],
    durability: 'as before; the journal header is zeroed instead of the file truncated',
  },
  {
    label: 'TRUNCATE, synchronous NORMAL, EXCLUSIVE',
    pragmas: ['locking_mode = EXCLUSIVE', ...PAGE_64K, 'journal_mode = TRUNCATE', 'synchronous = NORMAL'],
    durability: 'a reload or tab crash loses nothing; an OS crash or power cut can lose the last commits and, rarely, corrupt the file (SQLite documents this for rollback journals)',
  },
  {
    label: 'WAL, synchronous FULL, EXCLUSIVE (the engine: configureDb)',
    pragmas: configureDb,
    durability: 'every acknowledged commit survives any crash: one sync of the WAL per commit; a commit cut short is ignored on recovery',
    engine: true,
  },
  {
    label: 'WAL, synchronous NORMAL, EXCLUSIVE',
    pragmas: ['locking_mode = EXCLUSIVE', ...PAGE_64K, 'journal_mode = WAL', 'synchronous = NORMAL', 'wal_autocheckpoint = 256'],
    durability: 'a reload or tab crash loses nothing; an OS crash or power cut can lose commits since the last checkpoint (never corrupts)',
  },
  {
    label: 'WAL, FULL, EXCLUSIVE, 4 KiB pages',
    pragmas: ['locking_mode = EXCLUSIVE', 'page_size = 4096', 'cache_size = -32768', 'temp_store = MEMORY', 'journal_mode = WAL', 'synchronous = FULL', 'wal_autocheckpoint = 4096'],
    durability: 'as the engine; only the page size differs (it can change only for a new file)',
  },
  {
    label: 'WAL, FULL, EXCLUSIVE, 2 MiB cache',
    pragmas: ['locking_mode = EXCLUSIVE', 'page_size = 65536', 'cache_size = -2048', 'temp_store = MEMORY', 'journal_mode = WAL', 'synchronous = FULL', 'wal_autocheckpoint = 256'],
    durability: 'as the engine; a smaller page cache',
  },
];

export interface SettingsSuiteOptions {
  /** A fresh, empty database for setting i (the caller deletes it in close). */
  open(i: number): { db: Db; close(): void };
  plan: TimingPlan;
  storage: string;
  settings?: SqliteSetting[];
  onProgress?: (label: string) => void;
}

const sig = (x: number) => Number(x.toPrecision(4));
const valueOf = (i: number) => JSON.stringify({ task: `task-${i}`, outcome: i % 3 ? 'success' : 'failure', agent: 'coder', ms: (i * 37) % 5000, note: 'bench entry' });

interface Mode { run(): void; reps: number; samples: number[] }

function hit(res: MemoryUsageResult): void {
  if (res.action !== 'retrieve' || !res.found) throw new Error('memory_opfs_settings: a prefilled key was not found');
}

interface Prepared {
  setting: SqliteSetting;
  inForce: Record<string, unknown>;
  deferred: ReturnType<typeof openMemory>;
  modes: Mode[];
}

/** Opens and fills one setting's database and builds its four timed tasks. */
function prepare(s: SqliteSetting, db: Db): Prepared {
  if (typeof s.pragmas === 'function') s.pragmas(db);
  else for (const p of s.pragmas) db.exec(`PRAGMA ${p}`);
  migrate(db);
  // Read back, so the row says what was in force (an unsupported mode would show here).
  const inForce = Object.fromEntries(['journal_mode', 'synchronous', 'locking_mode', 'page_size', 'cache_size', 'wal_autocheckpoint'].map((p) => [p, Object.values(db.get(`PRAGMA ${p}`) ?? {})[0] ?? null]));
  // The engine's memory (deferred access counts) and one that writes each access at once, as retrieves did before.
  const deferred = openMemory(db, { accessFlushMs: ACCESS_FLUSH_MS });
  const immediate = openMemory(db);
  deferred.memory_store_batch(Array.from({ length: PREFILL }, (_, j) => ({ namespace: 'bench', key: `r${j}`, value: valueOf(j) })));
  let next = 0;
  let r = 0;
  const key = () => `r${(r = (r + 7919) % PREFILL)}`;
  const batch = Array.from({ length: SETTINGS_BATCH }, () => ({ namespace: 'bench', key: '', value: '' }));
  const modes: Mode[] = [
    { reps: 0, samples: [], run: () => { deferred.memory_usage({ action: 'store', namespace: 'bench', key: `s${next}`, value: valueOf(next++) }); } },
    { reps: 0, samples: [], run: () => hit(deferred.memory_usage({ action: 'retrieve', namespace: 'bench', key: key() })) },
    { reps: 0, samples: [], run: () => hit(immediate.memory_usage({ action: 'retrieve', namespace: 'bench', key: key() })) },
    {
      reps: 0, samples: [], run: () => {
        for (const it of batch) { it.key = `b${next}`; it.value = valueOf(next++); }
        deferred.memory_store_batch(batch);
      },
    },
  ];
  return { setting: s, inForce, deferred, modes };
}

/** Every setting's database is open at once and samples go round them in turn, so load on the machine hits all alike. */
export async function runSettingsSuite(opts: SettingsSuiteOptions): Promise<MemoryRow[]> {
  const settings = opts.settings ?? SQLITE_SETTINGS;
  const opened: { close(): void }[] = [];
  try {
    const prepared: Prepared[] = [];
    for (let i = 0; i < settings.length; i++) {
      opts.onProgress?.(`memory_opfs_settings: preparing ${settings[i].label}`);
      const { db, close } = opts.open(i);
      opened.push({ close });
      prepared.push(prepare(settings[i], db));
    }
    opts.onProgress?.('memory_opfs_settings: warming up');
    for (const p of prepared) for (const m of p.modes) m.reps = await warmUp(m, opts.plan);
    for (let k = 0; k < opts.plan.runs; k++) {
      opts.onProgress?.(`memory_opfs_settings: run ${k + 1}/${opts.plan.runs}`);
      for (const p of prepared) for (const m of p.modes) m.samples.push(await timeCalls(m, m.reps));
    }
    return prepared.map(({ setting: s, inForce, deferred, modes }) => {
      deferred.flushPending();
      const [store, retrieve, retrieveNow, batched] = modes.map((m) => median(m.samples));
      return {
        name: 'memory_opfs_settings',
        unit: 'ms',
        ours: sig(store),
        peer: null,
        peer_name: 'none',
        ratio: null,
        detail: `${s.label} on ${opts.storage}: ours = one memory_usage store (one transaction); every setting's database open at once, median of ${opts.plan.runs} samples taken in turn after warm-up`,
        setting: s.label,
        engine_setting: s.engine === true,
        pragmas: typeof s.pragmas === 'function' ? 'configureDb (workers/engine/open-db.ts)' : s.pragmas,
        in_force: inForce,
        durability: s.durability,
        single_store_ms: sig(store),
        single_retrieve_ms: sig(retrieve),
        single_retrieve_writing_access_ms: sig(retrieveNow),
        batched_store_ops_per_s: sig(SETTINGS_BATCH / (batched * 1e-3)),
        batch_size: SETTINGS_BATCH,
      };
    });
  } finally {
    for (const o of opened) o.close();
  }
}
