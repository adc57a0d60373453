// Turns the typed errors a user's input can cause (core's validation errors, file-system and SQLite failures) into one-line CLI errors; anything else is a bug and keeps its stack.
import { CsvError } from '../core/data/csv';
import { ClfError } from '../core/format/clf';
import { MemoryInputError } from '../core/memory/memory-usage';
import { ConfigError } from '../core/models/config';
import { DataError } from '../core/models/featurizer';
import { LabInputError } from '../core/models/lab';
import { RegistryError } from '../core/models/registry';
import { DivergenceError, TrainingError } from '../core/training/train';
import { CliError } from './io';

const USER_ERRORS = [ClfError, CsvError, DataError, LabInputError, RegistryError, MemoryInputError, TrainingError, DivergenceError];

/** What a file-system error code means to someone who typed the path. */
const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EEXIST: 'it already exists',
  ENOSPC: 'the disk is full',
  EROFS: 'the file system is read-only',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  // Ours (io.ts): a device or pipe, which could be read without end.
  ENOTREG: 'it is not a regular file (a device, a pipe or a socket)',
};

export function fsReason(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? FS_REASONS[code] : undefined;
}

/** better-sqlite3's SqliteError: SQLite's message and its extended result code name (SQLITE_BUSY_SNAPSHOT, …). */
interface SqliteError extends Error {
  code: string;
}

/** SQLite's result codes that describe the state folder rather than a bug. */
function sqliteReason(e: SqliteError, where: string): string | undefined {
  const code = e.code;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return `${where} is busy: another safla process held it longer than the wait allows; try again`;
  if (code === 'SQLITE_NOTADB') return `${where} is not a SAFLA state database (SQLite says: ${e.message})`;
  if (code.startsWith('SQLITE_CORRUPT')) return `${where} is damaged (SQLite says: ${e.message}); move it away to start a new state`;
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM')) return `cannot write ${where}: ${e.message}`;
  if (code === 'SQLITE_FULL') return `${where}: the disk is full`;
  return undefined;
}

const isSqliteError = (e: unknown): e is SqliteError => e instanceof Error && e.name === 'SqliteError' && typeof (e as { code?: unknown }).code === 'string';

/** A CliError for errors a user can cause; undefined for bugs. `where` names the state database in SQLite messages. */
export function toUserError(e: unknown, where = 'the state database'): CliError | undefined {
  if (e instanceof CliError) return e;
  if (e instanceof ConfigError) return new CliError(`model config: ${e.issues.map((i) => `${i.path} ${i.message}`).join('\n  ')}`);
  if (USER_ERRORS.some((c) => e instanceof c)) return new CliError((e as Error).message);
  if (isSqliteError(e)) {
    const reason = sqliteReason(e, where);
    return reason === undefined ? undefined : new CliError(reason);
  }
  const fs = fsReason(e);
  if (fs !== undefined) {
    const path = (e as { path?: unknown }).path;
    return new CliError(`${typeof path === 'string' ? path : 'a file'}: ${fs}`);
  }
  return undefined;
}
