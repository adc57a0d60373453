// Helpers shared by the memory tiers' tests (pure: the tests open the database themselves): a hand-moved clock, error capture, row counts.
import type { Db } from '../db/db';
import { migrate } from '../db/migrations';
import type { MemoryApi } from './api';
import { createMemory } from './memory';
import { MemoryInputError } from './memory-usage';

/** A clock tests move by hand. */
export function manualClock(start = 1_700_000_000_000): { now: () => number; advance: (ms: number) => void; set: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => { t += ms; }, set: (ms) => { t = ms; } };
}

/** The MemoryInputError fn throws; fails the caller's expectation when it throws something else or nothing. */
export function inputError(fn: () => unknown): MemoryInputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof MemoryInputError) return err;
    throw err;
  }
  throw new Error('expected a MemoryInputError, nothing was thrown');
}

export function count(db: Db, table: string): number {
  return Number(db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`)!.n);
}

/** Migrates an opened (empty) database and builds the memory over it with a hand-moved clock. */
export function memoryOn(db: Db): { db: Db; clock: ReturnType<typeof manualClock>; mem: MemoryApi } {
  migrate(db);
  const clock = manualClock();
  return { db, clock, mem: createMemory({ db, clock: clock.now }) };
}
