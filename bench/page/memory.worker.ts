// The memory bench worker: vector search (ours vs hnswlib-wasm vs plain JS) and memory_usage ops on OPFS (sqlite-wasm sahpool).
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { detectFeatures } from '../../kernel/js/features';
import { loadKernelBrowser } from '../../kernel/js/browser';
import { configureDb } from '../../workers/engine/open-db';
import { SqliteDb } from '../../workers/engine/sqlite-db';
import { FULL_PLAN, QUICK_PLAN } from '../../workers/compute/bench/suite';
import { runSettingsSuite } from '../memory/settings-suite';
import { runStoreSuite } from '../memory/store-suite';
import type { MemoryRow } from '../memory/types';
import { kernelContestant, plainJsBruteForce, runVectorSuite } from '../memory/vector-suite';
import { EF_SEARCH_LADDER, HNSW_EF_CONSTRUCTION, HNSW_M, hnswContestant, TARGET_RECALL } from './hnsw-peer';
import type { BenchMessage, BenchRequest } from './messages';

const post = (m: BenchMessage) => self.postMessage(m, []);
const VFS_NAME = 'safla-bench-memory';
const STORE_CASES = ['memory_store_ops', 'memory_retrieve_ops', 'memory_opfs_settings'];

interface SyncHandle {
  write(buf: Uint8Array, opts: { at: number }): number;
  truncate(size: number): void;
  flush(): void;
  close(): void;
}

/**
 * Microseconds per OPFS SyncAccessHandle.write of 4 KB and 64 KB (overwriting a pre-sized file), and per write of 4 KB
 * followed by flush(): what a page write of the VFS costs here, and what a commit's sync costs.
 */
async function opfsWriteCost(): Promise<{ opfs_write_us_4k: number; opfs_write_us_64k: number; opfs_write_flush_us_4k: number }> {
  const root = await navigator.storage.getDirectory();
  const name = 'safla-bench-write-cost';
  const fh = await root.getFileHandle(name, { create: true });
  const h = (await (fh as unknown as { createSyncAccessHandle(): Promise<SyncHandle> }).createSyncAccessHandle());
  const per = (size: number, n: number, flush = false): number => {
    const buf = new Uint8Array(size).fill(7);
    h.truncate(size * n);
    for (let i = 0; i < 20; i++) h.write(buf, { at: (i % n) * size });
    h.flush();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      h.write(buf, { at: i * size });
      if (flush) h.flush();
    }
    return Number((((performance.now() - t0) / n) * 1000).toPrecision(3));
  };
  try {
    return { opfs_write_us_4k: per(4096, 500), opfs_write_us_64k: per(65536, 200), opfs_write_flush_us_4k: per(4096, 100, true) };
  } finally {
    h.close();
    await root.removeEntry(name);
  }
}

/** Runs the store suite on a fresh sahpool database and removes the pool's files afterwards. */
async function storeRows(req: BenchRequest, onProgress: (label: string) => void): Promise<{ rows: MemoryRow[]; sqlite: string }> {
  const sqlite3 = await sqlite3InitModule();
  // clearOnInit: start from an empty pool; preserveOnInitFailure: never delete another holder's files.
  const pool = await sqlite3.installOpfsSAHPoolVfs({ name: VFS_NAME, clearOnInit: true, preserveOnInitFailure: true });
  // The suite's database and the settings suite's eight, each with its journal or WAL.
  await pool.reserveMinimumCapacity(24);
  const raw = new pool.OpfsSAHPoolDb('/bench-memory.sqlite3');
  try {
    const db = new SqliteDb(raw, sqlite3);
    // The engine's own settings first, so the figures are the product's; --sqlite-pragmas can override them.
    configureDb(db);
    const pragmas = (req.sqlitePragmas ?? '').split(';').map((x) => x.trim()).filter(Boolean);
    for (const p of pragmas) raw.exec(`PRAGMA ${p}`);
    const journal = String(raw.selectValue('PRAGMA journal_mode'));
    const synchronous = ['OFF', 'NORMAL', 'FULL', 'EXTRA'][Number(raw.selectValue('PRAGMA synchronous'))] ?? 'unknown';
    const locking = String(raw.selectValue('PRAGMA locking_mode'));
    const rows = await runStoreSuite({
      db,
      plan: req.quick ? QUICK_PLAN : FULL_PLAN,
      storage: `OPFS via sqlite-wasm ${sqlite3.version.libVersion} opfs-sahpool VFS (the engine's settings: journal_mode=${journal}, synchronous=${synchronous}, locking_mode=${locking}${pragmas.length ? `; then PRAGMA ${pragmas.join('; ')}` : ''})`,
      pragmas,
      filter: req.filter,
      onProgress,
    });
    if (!req.filter || 'memory_opfs_settings'.includes(req.filter)) {
      rows.push(...await runSettingsSuite({
        open: (i) => {
          const name = `/settings-${i}.sqlite3`;
          const settingsDb = new SqliteDb(new pool.OpfsSAHPoolDb(name), sqlite3);
          return { db: settingsDb, close: () => { settingsDb.close(); pool.unlink(name); } };
        },
        plan: req.quick ? QUICK_PLAN : FULL_PLAN,
        storage: `OPFS via sqlite-wasm ${sqlite3.version.libVersion} opfs-sahpool VFS, a fresh database per setting`,
        onProgress,
      }));
    }
    const writeCost = await opfsWriteCost();
    for (const r of rows) Object.assign(r, writeCost);
    // The same suite on an in-memory database in this worker: what the memory code costs without OPFS writes.
    onProgress('memory store/retrieve on an in-memory database (for comparison)');
    const mem = new SqliteDb(new sqlite3.oo1.DB(':memory:'), sqlite3);
    try {
      const inMemory = await runStoreSuite({ db: mem, plan: req.quick ? QUICK_PLAN : FULL_PLAN, storage: 'in-memory', filter: req.filter });
      for (const r of rows) {
        const m = inMemory.find((x) => x.name === r.name);
        if (m) Object.assign(r, { in_memory_batched_ops_per_s: m.batched_ops_per_s, in_memory_single_ops_per_s: m.single_ops_per_s, ...(m.batched_large_ops_per_s === undefined ? {} : { in_memory_batched_large_ops_per_s: m.batched_large_ops_per_s }) });
      }
    } finally {
      mem.close();
    }
    return { rows, sqlite: sqlite3.version.libVersion };
  } finally {
    raw.close();
    await pool.removeVfs();
  }
}

async function run(req: BenchRequest): Promise<void> {
  const kernel = await loadKernelBrowser();
  const plan = req.quick ? QUICK_PLAN : FULL_PLAN;
  let step = 0;
  const onProgress = (label: string) => post({ type: 'progress', progress: { done: step++, total: 0, label } });
  const onNote = (message: string) => post({ type: 'note', message });
  post({
    type: 'memory-env',
    env: {
      kernelFlavor: kernel.flavor,
      kernelFeatures: detectFeatures(),
      crossOriginIsolated: self.crossOriginIsolated,
      userAgent: navigator.userAgent,
      hnsw: { package: 'hnswlib-wasm', M: HNSW_M, efConstruction: HNSW_EF_CONSTRUCTION, efSearchLadder: EF_SEARCH_LADDER, targetRecall: TARGET_RECALL },
      runsPerCase: plan.runs,
      warmupMs: plan.warmupMs,
      sampleMs: plan.sampleMs,
      quick: req.quick,
      filter: req.filter ?? null,
    },
  });
  const rows: MemoryRow[] = [];
  rows.push(...await runVectorSuite({
    contestants: [kernelContestant(kernel), await hnswContestant(), plainJsBruteForce],
    plan,
    quick: req.quick,
    filter: req.filter,
    onProgress,
    onNote,
  }));
  if (STORE_CASES.some((n) => !req.filter || n.includes(req.filter))) {
    const store = await storeRows(req, onProgress);
    rows.push(...store.rows);
    onNote(`sqlite-wasm ${store.sqlite}`);
  }
  if (kernel.liveBuffers !== 0) onNote(`kernel buffers left after the memory suite: ${kernel.liveBuffers}`);
  post({ type: 'rows', rows });
}

self.addEventListener('message', (e: MessageEvent<BenchRequest>) => {
  run(e.data).catch((err: unknown) => post({ type: 'error', message: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) }));
});
