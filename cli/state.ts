// The CLI's state folder (`.safla/` in the current folder, or --state DIR, or SAFLA_STATE): memory.db with the browser's schema and migrations, through NodeDb, serving core's memory and model registry.
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { migrate, migrations, schemaVersion } from '../core/db/migrations';
import type { MemoryApi } from '../core/memory/api';
import type { Embedder } from '../core/memory/embedder';
import { createMemory } from '../core/memory/memory';
import type { ModelsApi } from '../core/models/api';
import { createModelStore } from '../core/models/model-store';
import { fsReason, toUserError } from './errors';
import { CliError, type CliIo } from './io';
import { NodeDb } from './node-db';
import { makeFolders } from './out-path';

export const DEFAULT_STATE_DIR = '.safla';
export const DB_FILE = 'memory.db';
/** How long a command waits for another safla process (a second MCP server, a parallel train) to finish its write. */
export const BUSY_TIMEOUT_MS = 10_000;

export interface CliState {
  dir: string;
  file: string;
  db: NodeDb;
  memory: MemoryApi;
  models: ModelsApi;
  close(): void;
}

/** --state, else SAFLA_STATE, else .safla in the current folder; relative paths start from the current folder. */
export function stateDir(io: CliIo, flag: unknown): string {
  const named = typeof flag === 'string' && flag !== '' ? flag : io.env.SAFLA_STATE;
  return resolve(io.cwd(), named !== undefined && named !== '' ? named : DEFAULT_STATE_DIR);
}

/** Uniform in [0, 1) from the OS's generator, for the episodic tier's unseeded replays (product code never uses Math.random); every memory the CLI opens takes this one. */
export function secureRandom(): number {
  return randomBytes(4).readUInt32LE(0) / 2 ** 32;
}

/** What the state's memory is built with: the clock, and the embedder search by meaning uses by default. */
export interface StateOptions {
  clock?: () => number;
  embedder?: Embedder;
}

/**
 * Opens (with create: creating) the state database and brings it to the latest schema. WAL lets readers run
 * beside a writer and several processes share the file; synchronous=FULL makes a commit durable once it
 * returns (WAL with NORMAL could lose the last commits on a power cut); writers wait BUSY_TIMEOUT_MS for each other.
 * Returns undefined when create is false and there is no state yet. embedder: the default for search by meaning (the MCP server
 * passes the word vectors; without it the memory's default, hashing, serves).
 */
export function openState(dir: string, options: StateOptions & { create: boolean; busyTimeoutMs?: number }): CliState | undefined {
  const file = join(dir, DB_FILE);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new CliError(`state folder ${dir} is a file, not a folder (give another with --state DIR)`);
  if (!options.create && !existsSync(file)) return undefined;
  try {
    makeFolders(dir);
  } catch (e) {
    throw new CliError(`cannot create the state folder ${dir}: ${fsReason(e) ?? (e as Error).message}`);
  }
  let db: NodeDb | undefined;
  try {
    db = NodeDb.open(file, { busyTimeoutMs: options.busyTimeoutMs ?? BUSY_TIMEOUT_MS });
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = FULL');
    const current = schemaVersion(db);
    if (current > migrations.length) throw new CliError(`${file} has schema version ${current}, newer than this safla knows (${migrations.length}): update safla`);
    // One write transaction around all migrations, so two processes opening a new folder at once do not both migrate it.
    if (current < migrations.length) db.transaction(() => migrate(db!));
  } catch (e) {
    db?.close();
    throw toUserError(e, file) ?? e;
  }
  return stateOn(dir, file, db, options);
}

/** The state's services over an open, migrated database; closing the state closes the database. */
function stateOn(dir: string, file: string, db: NodeDb, options: StateOptions): CliState {
  const clock = options.clock ?? Date.now;
  return {
    dir,
    file,
    db,
    memory: createMemory({ db, clock, random: secureRandom, ...(options.embedder ? { embedder: options.embedder } : {}) }),
    models: createModelStore(db, clock),
    close: () => db.close(),
  };
}

/**
 * Runs fn with the state open (created when missing) and closes it afterwards; SQLite failures become CLI errors naming the file.
 * embedder: the memory's default for search by meaning (commands that store or search by meaning pass the word vectors).
 */
export async function withState<T>(io: CliIo, flag: unknown, fn: (state: CliState) => T | Promise<T>, options: { embedder?: Embedder } = {}): Promise<T> {
  const state = openState(stateDir(io, flag), { ...options, create: true, clock: io.wallClock })!;
  try {
    return await fn(state);
  } catch (e) {
    throw toUserError(e, state.file) ?? e;
  } finally {
    state.close();
  }
}

/** As withState, but without creating a state that does not exist yet (fn gets undefined then): for commands that only read. */
export async function withExistingState<T>(io: CliIo, flag: unknown, fn: (state: CliState | undefined) => T | Promise<T>, options: { embedder?: Embedder } = {}): Promise<T> {
  const state = openState(stateDir(io, flag), { ...options, create: false, clock: io.wallClock });
  try {
    return await fn(state);
  } catch (e) {
    throw (state && toUserError(e, state.file)) ?? e;
  } finally {
    state?.close();
  }
}

/**
 * As withExistingState, but without a state folder fn gets an empty state in memory, migrated, that is gone afterwards:
 * for reading commands that compute what they read (neural_patterns trains its classifier) and create no folder.
 */
export async function withStateOrScratch<T>(io: CliIo, flag: unknown, fn: (state: CliState) => T | Promise<T>, options: { embedder?: Embedder } = {}): Promise<T> {
  return withExistingState(io, flag, async (state) => {
    if (state) return fn(state);
    const db = NodeDb.open(':memory:');
    try {
      migrate(db);
      return await fn(stateOn('', ':memory:', db, { ...options, clock: io.wallClock }));
    } finally {
      db.close();
    }
  }, options);
}
