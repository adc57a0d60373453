// Error mapping for the engine: every rejected call carries one of EngineErrorName, and a failed open becomes a sentence for the user.
import { errorDetails } from '../error-details';
import type { EngineErrorInfo, EngineErrorName } from './types';

/** SQLite primary result codes we tell apart (the low byte of an extended code). */
const SQLITE_IOERR = 10;
const SQLITE_CORRUPT = 11;
const SQLITE_FULL = 13;
const SQLITE_NOTADB = 26;

/**
 * An error that crosses comlink and BroadcastChannel intact: comlink sends an Error's name and message
 * (not its class), so the name is the contract; the UI switches on it.
 */
export function engineError(name: EngineErrorName, message: string): Error {
  const err = new Error(message);
  err.name = name;
  return err;
}

/** A plain copy for postMessage (BroadcastChannel clones Errors inconsistently across browsers), with the field it names. */
export interface WireError extends ReturnType<typeof errorDetails> {
  name: string;
  message: string;
}

export function toWire(err: Error): WireError {
  return { name: err.name, message: err.message, ...errorDetails(err) };
}

export function fromWire(w: WireError): Error {
  const err = Object.assign(new Error(w.message), errorDetails(w));
  err.name = w.name;
  return err;
}

function resultCode(err: unknown): number | null {
  const rc = (err as { resultCode?: unknown } | null)?.resultCode;
  return typeof rc === 'number' ? rc & 0xff : null;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function nameOf(err: unknown): string {
  return (err as { name?: unknown } | null)?.name === undefined ? '' : String((err as { name: unknown }).name);
}

/**
 * Whether err means the storage is full: SQLite's own SQLITE_FULL (max_page_count, a full disk), a
 * QuotaExceededError thrown directly, or an I/O error of the OPFS VFS whose underlying cause (which the
 * sahpool VFS reports through sqlite3's logger, see lastVfsError) was a QuotaExceededError.
 */
export function isQuotaError(err: unknown, lastVfsError?: unknown): boolean {
  if (nameOf(err) === 'QuotaExceededError') return true;
  const rc = resultCode(err);
  if (rc === SQLITE_FULL || /SQLITE_FULL|database or disk is full/.test(messageOf(err))) return true;
  return (rc === SQLITE_IOERR || /SQLITE_IOERR/.test(messageOf(err))) && nameOf(lastVfsError) === 'QuotaExceededError';
}

/**
 * Maps what a memory, model or pipeline call threw to the error its caller gets. Bad input keeps its name and message
 * (MemoryInputError, PipelineInputError, ClfError, RegistryError…: the UI words its message by name); errors named by the engine pass through.
 */
const PASS_THROUGH = new Set(['MemoryInputError', 'PipelineInputError', 'PatternInputError', 'CatalogInputError', 'EngineOpenError', 'EngineQuotaError', 'EngineError', 'ClfError', 'RegistryError', 'ConfigError', 'DataError', 'LabInputError']);

export function toCallError(err: unknown, lastVfsError?: unknown): Error {
  const name = nameOf(err);
  if (PASS_THROUGH.has(name)) {
    return err instanceof Error ? err : engineError(name as EngineErrorName, messageOf(err));
  }
  if (isQuotaError(err, lastVfsError)) {
    return engineError('EngineQuotaError', `Storage is full: the change was not saved and earlier data is intact. Free some space (delete namespaces or old models) or allow this site more storage. (${messageOf(err)})`);
  }
  return engineError('EngineError', messageOf(err));
}

/** Turns a failed open into what the status shows: which kind of failure, and what the user can do. */
export function describeOpenError(err: unknown): EngineErrorInfo {
  const msg = messageOf(err);
  const name = nameOf(err);
  if (name === 'EngineUnsupported' || /Missing required OPFS APIs|locks? (API )?(is )?not available/i.test(msg)) {
    return { kind: 'unsupported', message: `This browser cannot keep the memory database: ${msg}. Use a current Chromium, Firefox or Safari outside private browsing.` };
  }
  if (name === 'NoModificationAllowedError' || /Access Handles? cannot be created|NoModificationAllowed/i.test(msg)) {
    return {
      kind: 'open',
      message: `The memory database is in use by something else in this browser (another window of this site that is not cooperating, or a stuck tab): ${msg}. Close other windows of SAFLA Lab and reload.`,
    };
  }
  const rc = resultCode(err);
  if (rc === SQLITE_NOTADB || rc === SQLITE_CORRUPT || /SQLITE_NOTADB|SQLITE_CORRUPT|malformed|not a database/i.test(msg)) {
    return { kind: 'open', message: `The memory database file is damaged and cannot be opened: ${msg}. Its data cannot be read; clearing this site's storage starts a new one.` };
  }
  if (isQuotaError(err)) {
    return { kind: 'quota', message: `Storage is full, so the memory database could not be opened: ${msg}. Free some space or allow this site more storage.` };
  }
  if (/newer than this app/.test(msg)) {
    return { kind: 'open', message: `${msg}. Reload to get the latest version of SAFLA Lab.` };
  }
  return { kind: 'open', message: `The memory database could not be opened: ${msg}.` };
}
