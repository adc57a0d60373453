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

export function stringOf(v: unknown, field: string, op: string | undefined, opts: { allowEmpty?: boolean; maxLength?: number } = {}): string {
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

/**
 * What one memory entry may hold: the same for memory_usage store, memory_store_batch and memory_import, so anything
 * stored survives export → import. Lengths are in UTF-16 code units (String.length). Expiry times are whole
 * milliseconds (expires_at = now + round(ttl·1000)), so a ttl under 1 ms would expire at once; the longest keeps
 * expires_at a safe integer.
 */
export const ENTRY_LIMITS = {
  namespaceChars: 4096,
  keyChars: 4096,
  valueChars: 16 * 1024 * 1024,
  metadataChars: 16 * 1024 * 1024,
  metadataDepth: 64,
  minTtlSeconds: 0.001,
  maxTtlSeconds: 100 * 365.25 * 86_400,
} as const;

/** An entry's namespace: a non-empty string of at most ENTRY_LIMITS.namespaceChars. */
export function entryNamespaceOf(v: unknown, field: string, op?: string): string {
  return stringOf(v, field, op, { maxLength: ENTRY_LIMITS.namespaceChars });
}

/** An entry's key: a non-empty string of at most ENTRY_LIMITS.keyChars. */
export function entryKeyOf(v: unknown, field: string, op?: string): string {
  return stringOf(v, field, op, { maxLength: ENTRY_LIMITS.keyChars });
}

/** An entry's value: a string, empty allowed, of at most ENTRY_LIMITS.valueChars. */
export function entryValueOf(v: unknown, field: string, op?: string): string {
  return stringOf(v, field, op, { allowEmpty: true, maxLength: ENTRY_LIMITS.valueChars });
}

/** Seconds until expiry, or null for none: finite, ≥ 1 ms, ≤ 100 years. */
export function entryTtlOf(v: unknown, field: string, op?: string): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new MemoryInputError(field, `must be a finite number of seconds (got ${describe(v)})`, op);
  if (v <= 0) throw new MemoryInputError(field, `must be positive seconds (got ${v}); leave it out for no expiry`, op);
  const { minTtlSeconds: min, maxTtlSeconds: max } = ENTRY_LIMITS;
  if (v < min) throw new MemoryInputError(field, `must be at least ${min} seconds (got ${v}, which expires at once: expiry is kept in whole milliseconds)`, op);
  if (v > max) throw new MemoryInputError(field, `must be at most ${max} seconds, 100 years (got ${v}); leave it out for no expiry`, op);
  return v;
}

/** Deepest nesting of arrays and objects in a JSON text (brackets inside strings do not count). */
export function jsonDepth(json: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

const JSON_KINDS: Record<string, string> = { '"': 'a string', '[': 'an array', t: 'a boolean', f: 'a boolean', n: 'null' };

/** An entry's metadata as the JSON text stored, or null: an object whose JSON is an object, within the limits. */
export function entryMetadataOf(v: unknown, field: string, op?: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) throw new MemoryInputError(field, `must be an object or null (got ${describe(v)})`, op);
  let json: string | undefined;
  try {
    json = JSON.stringify(v);
  } catch (err) {
    throw new MemoryInputError(field, `must be JSON-serialisable (${(err as Error).message})`, op);
  }
  // A Date, or anything with a toJSON, turns into other JSON, which would come back as something else than an object.
  if (json === undefined || json[0] !== '{') {
    throw new MemoryInputError(field, `must be a JSON object (got an object whose JSON is ${json === undefined ? 'nothing' : (JSON_KINDS[json[0]] ?? 'a number')})`, op);
  }
  const { metadataChars, metadataDepth } = ENTRY_LIMITS;
  if (json.length > metadataChars) throw new MemoryInputError(field, `must be at most ${metadataChars} characters as JSON (got ${json.length})`, op);
  const depth = jsonDepth(json);
  if (depth > metadataDepth) throw new MemoryInputError(field, `must be nested at most ${metadataDepth} deep (got ${depth})`, op);
  return json;
}
