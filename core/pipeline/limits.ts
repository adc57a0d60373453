// The training pipeline's input bounds, defined once for the CLI's flags, the browser's input checks and the console API.
import { PipelineInputError } from './errors';

/** Each iteration runs `npm test` and `npm run lint` once per strategy (seconds each): 100 is already over an hour of work at the default timeout. */
export const MAX_ITERATIONS = 100;
/** Per check; below 100 ms not even node starts, above 10 minutes a task is stuck. */
export const MIN_TIMEOUT_MS = 100;
export const MAX_TIMEOUT_MS = 600_000;
/** Seeds are unsigned 32-bit integers. */
export const MAX_SEED = 0xffff_ffff;

/** The seed of iteration i (0-based) of a command whose first seed is `first`: first + i, wrapping past MAX_SEED. */
export function iterationSeed(first: number, i: number): number {
  return (first + i) % (MAX_SEED + 1);
}

/** A whole number in [min, max], or a PipelineInputError naming the field. */
export function wholeInRange(v: unknown, field: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new PipelineInputError(field, `must be a whole number from ${min} to ${max} (got ${JSON.stringify(v)})`);
  return v;
}
