// Opens memory.db with sqlite-wasm on OPFS (the opfs-sahpool VFS) in the engine worker: retries while another worker still holds the files, then migrates.
import sqlite3InitModule, { type SAHPoolUtil, type Sqlite3Static } from '@sqlite.org/sqlite-wasm';
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
 * The cost: it cannot do WAL (no shared memory), and a second holder fails instead of waiting (retried below).
 *
 * Journal mode TRUNCATE with synchronous=FULL: a rollback journal is the only safe choice without WAL.
 * A commit is durable once COMMIT returns: the journal is written and flushed before the database pages,
 * the pages are flushed, then the journal is truncated to zero (the commit point). A reload or a killed
 * worker at any moment leaves either a complete transaction or a hot journal that the next open rolls
 * back, never half of one; FULL also flushes at the commit point so a browser or OS crash keeps it too.
 * TRUNCATE rather than DELETE keeps the journal's slot in the pool instead of releasing and re-claiming
 * a file for every transaction.
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

/** Opens (creating if needed) and migrates memory.db; throws what describeOpenError explains to the user. */
/** The connection settings memory.db runs with (see the journal note above); the benchmark applies the same ones. */
export function configureDb(db: SqliteDb): void {
  // Each OPFS write call costs about 0.5 ms on the machines we measured, whatever its size (4 KB: 0.5–0.7 ms,
  // 64 KB: 0.8–1.1 ms), so fewer, larger pages pay: batched retrieves went from 2,190 to 10,420 ops/s.
  // page_size only takes effect while the file is still empty, i.e. for a new memory.db.
  db.exec('PRAGMA page_size = 65536');
  db.exec('PRAGMA cache_size = -32768');
  db.exec('PRAGMA journal_mode = TRUNCATE');
  db.exec('PRAGMA synchronous = FULL');
  // Temp tables and sort spills in memory: each temp file would take a slot of the pool.
  db.exec('PRAGMA temp_store = MEMORY');
}

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
      opened.close();
      pool.pauseVfs();
    },
  };
}
