// Runtime checks for inputs that arrive over postMessage: each failure throws MemoryInputError naming the field and the method.
import { MemoryInputError } from './memory-usage';

/** Own property only: an inherited `constructor` or `__proto__` is never read as a field. */
export function own(obj: Record<string, unknown>, name: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, name) ? obj[name] : undefined;
}

export function objectOf(v: unknown, field: string, op: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new MemoryInputError(field, 'must be an object', op);
  return v as Record<string, unknown>;
}

export function stringOf(v: unknown, field: string, op: string, opts: { allowEmpty?: boolean; maxLength?: number } = {}): string {
  if (v === undefined || v === null) throw new MemoryInputError(field, 'is required', op);
  if (typeof v !== 'string') throw new MemoryInputError(field, `must be a string (got ${typeof v})`, op);
  if (!opts.allowEmpty && v.length === 0) throw new MemoryInputError(field, 'must not be empty', op);
  if (opts.maxLength !== undefined && v.length > opts.maxLength) {
    throw new MemoryInputError(field, `must be at most ${opts.maxLength} characters (got ${v.length})`, op);
  }
  return v;
}

export function optionalStringOf(v: unknown, field: string, op: string, opts: { allowEmpty?: boolean; maxLength?: number } = {}): string | null {
  return v === undefined || v === null ? null : stringOf(v, field, op, opts);
}

export function numberOf(v: unknown, field: string, op: string, opts: { min?: number; max?: number; integer?: boolean } = {}): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new MemoryInputError(field, `must be a finite number (got ${describe(v)})`, op);
  if (opts.integer && !Number.isInteger(v)) throw new MemoryInputError(field, `must be an integer (got ${v})`, op);
  if (opts.min !== undefined && v < opts.min) throw new MemoryInputError(field, `must be ≥ ${opts.min} (got ${v})`, op);
  if (opts.max !== undefined && v > opts.max) throw new MemoryInputError(field, `must be ≤ ${opts.max} (got ${v})`, op);
  return v;
}

/** JSON text of a value the caller wants kept as JSON; undefined becomes null. */
export function jsonOf(v: unknown, field: string, op: string): string {
  if (v === undefined) return 'null';
  let json: string | undefined;
  try {
    json = JSON.stringify(v);
  } catch (err) {
    throw new MemoryInputError(field, `must be JSON-serialisable (${(err as Error).message})`, op);
  }
  if (json === undefined) throw new MemoryInputError(field, `must be JSON-serialisable (got ${typeof v})`, op);
  return json;
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return Array.isArray(v) ? 'array' : typeof v;
}
