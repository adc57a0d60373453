// Opens memory.db with sqlite-wasm on OPFS (the opfs-sahpool VFS) in the engine worker: retries while another worker still holds the files, then migrates.
import sqlite3InitModule, { type SAHPoolUtil, type Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import type { Db } from '../../core/db/db';
import { migrate } from '../../core/db/migrations';
import { SqliteDb } from './sqlite-db';

/*
 * Why opfs-sahpool and not the `opfs` VFS:
 * - it needs no cross-origin isolation (no SharedArrayBuffer/Atomics, no async proxy worker), so the
 *   engine works even where COOP/COEP are missing (an embed, a misconfigured host) and nothing extra
 *   has to be precached for offline use;
 * - it is faster: synchronous access handles are used directly from this worker, with no round-trip
 *   to a proxy per I/O call;
 * - it holds its files exclusively per origin, which is exactly our model: one tab owns the database
 *   (Web Lock 'safla-memory-db') and the others forward to it, so `opfs`'s multi-tab locking buys nothing.
 * The cost: a second holder fails instead of waiting (retried below).
 *
 * Journal: WAL in exclusive locking mode, synchronous=FULL (see configureDb). The VFS has no shared
 * memory, which SQLite's WAL needs only to share its index between connections; with
 * locking_mode=EXCLUSIVE the index lives in this connection's heap, and we have one connection.
 * - A commit appends the changed pages to memory.db-wal and syncs that file once; COMMIT returns
 *   after the sync, so an acknowledged write survives a reload, a killed worker, a browser crash and
 *   (as far as the OPFS flush reaches the disk) a power cut. The rollback journal (TRUNCATE) synced
 *   4 times per commit: journal, journal header, database, truncation.
 * - A crash mid-commit leaves frames without a commit record at the end of the WAL, which the next
 *   open ignores: a transaction is whole or absent, never half (the e2e suite reloads in the middle of
 *   batched writes and checks this).
 * - Pages go back into memory.db at checkpoints (every WAL_AUTOCHECKPOINT pages, and on close).
 * - Reads need no lock and no file access between transactions: exclusive mode keeps SQLite's page
 *   cache valid instead of re-reading the change counter and probing the journal's size (2–4 file
 *   calls, ≈ 0.3–0.7 ms each where OPFS calls cross processes, as in an incognito profile).
 * Measured (memory_opfs_settings in bench/results/memory.json and README): one store 0.5–0.7 ms on this
 * VM's disk when it is quiet and 1–5.5 ms under load (the previous settings: 1.5 ms and 6–14 ms); 9.3 ms
 * in an incognito profile, whose file calls cross processes (was 17 ms). bench/README.md lists the others.
 * The price: a database left in WAL mode (by a worker killed before it closed) can be opened only by
 * a connection that sets locking_mode=EXCLUSIVE before reading it, i.e. by this code and later versions.
 * close() switches back to TRUNCATE, so a cleanly closed memory.db opens with any version.
 */

export const VFS_NAME = 'opfs-sahpool';
/** The pool's OPFS directory; its own name so no other sqlite-wasm user of this origin shares our files. */
export const POOL_DIRECTORY = '.safla-sahpool';
export const DB_FILE = '/memory.db';

/** How long to keep retrying while another worker (a reloading tab's old one) still holds the access handles. */
const HOLD_RETRY_MS = 8_000;

export interface OpenedDb {
  db: SqliteDb;
  vfs: string;
  /** Closes the database and lets go of the pool's files (the worker ending does the same). */
  close(): void;
}

let modulePromise: Promise<Sqlite3Static> | undefined;
/** The last error the sahpool VFS reported through sqlite3's logger (it turns I/O exceptions into bare SQLITE_IOERR codes). */
let lastVfsError: unknown;

export function takeLastVfsError(): unknown {
  const e = lastVfsError;
  lastVfsError = undefined;
  return e;
}

function loadSqlite(): Promise<Sqlite3Static> {
  // sqlite3ApiConfig is read once at init: route the VFS's error log through us so a QuotaExceededError
  // behind an SQLITE_IOERR can be recognised, and log it as a warning (it is handled, not a crash).
  (globalThis as { sqlite3ApiConfig?: unknown }).sqlite3ApiConfig = {
    error: (...args: unknown[]) => {
      const e = args.find((a) => a instanceof Error || (typeof a === 'object' && a !== null && 'name' in a));
      if (e) lastVfsError = e;
      console.warn('sqlite3:', ...args);
    },
    warn: (...args: unknown[]) => console.warn('sqlite3:', ...args),
    log: () => {},
    debug: () => {},
    // We use opfs-sahpool only: the `opfs` and `opfs-wl` VFSes would each start an async proxy worker
    // (which also fails offline, where it is not precached) for nothing.
    disable: { vfs: { opfs: true, 'opfs-wl': true } },
  };
  modulePromise ??= sqlite3InitModule();
  return modulePromise;
}

function isHeldElsewhere(err: unknown): boolean {
  const e = err as { name?: string; message?: string } | null;
  return e?.name === 'NoModificationAllowedError' || /Access Handles? cannot be created|NoModificationAllowedError/i.test(e?.message ?? '');
}

function unsupported(message: string): Error {
  const err = new Error(message);
  err.name = 'EngineUnsupported';
  return err;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function installPool(sqlite3: Sqlite3Static, onRetry?: (attempt: number, err: unknown) => void): Promise<SAHPoolUtil> {
  const deadline = Date.now() + HOLD_RETRY_MS;
  let wait = 100;
  for (let attempt = 1; ; attempt++) {
    try {
      const options: Parameters<Sqlite3Static['installOpfsSAHPoolVfs']>[0] & { forceReinitIfPreviouslyFailed: boolean } = {
        name: VFS_NAME,
        directory: POOL_DIRECTORY,
        // memory.db, its journal, and room for a spare.
        initialCapacity: 4,
        // A failed attempt must never delete the pool (the default does): it may be held only for a moment.
        preserveOnInitFailure: true,
        // Without this a failed install is cached and every retry would get the same rejection
        // (a runtime option of 3.54 that its .d.ts does not list yet).
        forceReinitIfPreviouslyFailed: true,
      };
      return await sqlite3.installOpfsSAHPoolVfs(options);
    } catch (err) {
      if (!isHeldElsewhere(err) || Date.now() + wait > deadline) throw err;
      onRetry?.(attempt, err);
      await sleep(wait);
      wait = Math.min(wait * 1.5, 1000);
    }
  }
}

/** Pages the WAL may hold before SQLite copies them back into memory.db (16 MiB of 64 KiB pages). */
export const WAL_AUTOCHECKPOINT = 256;
/** What the WAL file is cut back to after a checkpoint, so one large import does not keep its size. */
export const JOURNAL_SIZE_LIMIT = 16 * 1024 * 1024;

/** The connection settings memory.db runs with (see the journal note above); the benchmark applies the same ones. */
export function configureDb(db: Db): void {
  // First, before anything reads the file: a database left in WAL mode opens only in exclusive mode on this VFS.
  db.exec('PRAGMA locking_mode = EXCLUSIVE');
  // Each OPFS call has a fixed cost (≈ 0.5 ms where calls cross processes), so fewer, larger pages pay for batches
  // and reads. page_size only takes effect while the file is still empty, i.e. for a new memory.db.
  db.exec('PRAGMA page_size = 65536');
  db.exec('PRAGMA cache_size = -32768');
  const mode = db.get<{ journal_mode: string }>('PRAGMA journal_mode = WAL')?.journal_mode;
  if (mode !== 'wal') {
    // Not expected on opfs-sahpool; a rollback journal is as safe, only slower.
    console.warn(`engine: journal_mode WAL refused (got ${String(mode)}); using TRUNCATE`);
    db.exec('PRAGMA journal_mode = TRUNCATE');
  }
  db.exec('PRAGMA synchronous = FULL');
  db.exec(`PRAGMA wal_autocheckpoint = ${WAL_AUTOCHECKPOINT}`);
  db.exec(`PRAGMA journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
  // Temp tables and sort spills in memory: each temp file would take a slot of the pool.
  db.exec('PRAGMA temp_store = MEMORY');
}

/** Checkpoints and leaves memory.db in rollback-journal mode, which every version can open; then closes it. */
export function closeDb(db: SqliteDb): void {
  try {
    db.exec('PRAGMA journal_mode = TRUNCATE');
  } catch (err) {
    // The WAL stays and the next open recovers it: nothing is lost, only the mode stays WAL.
    console.warn('engine: could not leave WAL mode before closing:', err);
  }
  db.close();
}

/** Opens (creating if needed) and migrates memory.db; throws what describeOpenError explains to the user. */
export async function openOpfsDb(onRetry?: (attempt: number, err: unknown) => void): Promise<OpenedDb> {
  if (typeof navigator === 'undefined' || !navigator.storage?.getDirectory) throw unsupported('OPFS (navigator.storage.getDirectory) is not available');
  const sqlite3 = await loadSqlite();
  const pool = await installPool(sqlite3, onRetry);
  let db: SqliteDb | undefined;
  try {
    db = new SqliteDb(new pool.OpfsSAHPoolDb(DB_FILE), sqlite3);
    configureDb(db);
    migrate(db);
  } catch (err) {
    db?.close();
    // Let go of the files so a later attempt (or another tab) can have them; pauseVfs keeps them on disk.
    pool.pauseVfs();
    throw err;
  }
  const opened = db;
  // What the VFS reported while we retried is history now; only errors of later calls matter.
  takeLastVfsError();
  return {
    db: opened,
    vfs: VFS_NAME,
    close() {
      closeDb(opened);
      pool.pauseVfs();
    },
  };
}
