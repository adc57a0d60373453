// Whatever memory_usage (and memory_store_batch) accepts survives export → import: seeded random entries, and the limits at their edges.
import { describe, expect, it } from 'vitest';
import { openMemoryDb } from '../../workers/engine/sqlite-db';
import type { Db } from '../db/db';
import { createRng, type Rng } from '../random';
import type { MemoryApi } from './api';
import { inputError, memoryOn } from './test-support';
import { ENTRY_LIMITS } from './validate';

/** Text of one kind the generator mixes: each is something a user or an agent really sends. */
const PIECES: ((rng: Rng) => string)[] = [
  (rng) => `plain ascii ${rng.int(1000)}`,
  () => '😀𝕏𝄞🧬', // astral: surrogate pairs
  () => 'e\u0301 a\u0308 n\u0303 \u0915\u094d\u0937', // combining marks, a Devanagari conjunct
  () => 'שלום עולם مرحبا \u202eevil\u202c \u200f', // RTL text, a bidi override, an RLM
  () => 'nul\u0000inside\u0000', // NUL characters
  () => '\ud800 lone \udfff surrogates', // stored as U+FFFD, like any ill-formed UTF-16
  () => '  \t\n\r ', // whitespace only
  () => '"quotes" \\backslash\\ \\u0041 {json:[1]}', // JSON and escape look-alikes
  () => "'; DROP TABLE memory_entries; -- % _", // SQL and LIKE look-alikes
  () => '\ufeff\u00a0\u2028\u2029', // BOM, NBSP, JSON-breaking line separators
];

function text(rng: Rng, parts = 1 + rng.int(3)): string {
  return Array.from({ length: parts }, () => PIECES[rng.int(PIECES.length)](rng)).join(rng.next() < 0.5 ? ' ' : '');
}

function metadata(rng: Rng, depth = 0): Record<string, unknown> | null {
  if (depth === 0 && rng.next() < 0.3) return null;
  const out: Record<string, unknown> = {};
  const n = rng.int(4);
  for (let i = 0; i < n; i++) {
    const key = rng.next() < 0.2 ? '__proto__' : text(rng, 1);
    const kind = rng.int(7);
    const v = kind === 0 ? text(rng)
      : kind === 1 ? [0.1 + 0.2, -0, 1e308, -5e-324, 2 ** 53 + 2][rng.int(5)]
      : kind === 2 ? rng.next() < 0.5
      : kind === 3 ? null
      : kind === 4 ? [text(rng, 1), rng.int(10), [[]], {}]
      : depth < 3 ? metadata(rng, depth + 1) : {};
    // An own __proto__ key, as JSON.parse and structured clone make it (an object literal would set the prototype instead).
    Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

const TTLS = [null, null, ENTRY_LIMITS.minTtlSeconds, 1.5, 3600, 86_400 * 365, ENTRY_LIMITS.maxTtlSeconds];

function value(rng: Rng): string {
  const r = rng.next();
  if (r < 0.15) return '';
  // Large values: up to 3 MB of text beside the small ones.
  if (r < 0.2) return text(rng).repeat(1 + rng.int(100_000));
  return text(rng);
}

/** Every row of memory_entries without its surrogate id, in (namespace, key) order. */
function entryRows(db: Db): Record<string, unknown>[] {
  return db.all<Record<string, unknown>>('SELECT * FROM memory_entries ORDER BY namespace, key').map(({ id: _id, ...rest }) => rest);
}

async function fresh(): Promise<{ db: Db; mem: MemoryApi }> {
  return memoryOn(await openMemoryDb());
}

describe('export → import round trip', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`keeps every entry that memory_usage and memory_store_batch accepted, exactly (seed ${seed})`, async () => {
      const rng = createRng(seed);
      const { db, mem, clock } = memoryOn(await openMemoryDb());
      const namespaces = ['default', text(rng, 1), '名前空間', 'x'.repeat(ENTRY_LIMITS.namespaceChars)];
      const keys: [string, string][] = [];
      for (let i = 0; i < 60; i++) {
        const namespace = namespaces[rng.int(namespaces.length)];
        const key = rng.next() < 0.05 ? 'k'.repeat(ENTRY_LIMITS.keyChars) : `${text(rng, 1)}#${i}`;
        const entry = { namespace, key, value: value(rng), metadata: metadata(rng), ttl: TTLS[rng.int(TTLS.length)] };
        if (rng.next() < 0.5) mem.memory_usage({ action: 'store', ...entry });
        else mem.memory_store_batch([entry]);
        keys.push([namespace, key]);
        clock.advance(rng.int(3));
        // Some entries are read (access counts) and some rewritten (updated_at moves past created_at).
        if (rng.next() < 0.3) mem.memory_usage({ action: 'retrieve', namespace, key });
        if (rng.next() < 0.1) mem.memory_usage({ action: 'store', namespace, key, value: value(rng) });
      }
      // Vectors too: the import carries them for the rows it writes.
      mem.memory_semantic_search({ query: 'plain ascii' });
      const json = mem.memory_export();

      const other = memoryOn(await openMemoryDb());
      other.clock.set(clock.now());
      const res = other.mem.memory_import(json);
      // Entries whose 1 ms ttl ran out while the clock moved are gone from both; lone surrogates made some keys one.
      const stored = entryRows(db);
      expect(stored.length).toBeGreaterThan(40);
      expect(res.imported.memory_entries).toBe(stored.length);
      expect(entryRows(other.db)).toEqual(stored);
      let found = 0;
      for (const [namespace, key] of keys) {
        const a = mem.memory_usage({ action: 'retrieve', namespace, key });
        const b = other.mem.memory_usage({ action: 'retrieve', namespace, key });
        if (a.action !== 'retrieve' || b.action !== 'retrieve') throw new Error('not a retrieve');
        expect(b.found, `${namespace}/${key}`).toBe(a.found);
        if (a.found) found++;
        expect(b).toEqual({ ...a, entry: a.entry && { ...a.entry, id: b.entry?.id } });
      }
      expect(found).toBeGreaterThan(40);
      expect(other.mem.memory_semantic_search({ query: 'plain ascii' }).indexed).toBe(0);
      // And the imported database exports the same document again (apart from when it was made).
      const again = JSON.parse(other.mem.memory_export()) as { tables: unknown };
      expect(again.tables).toEqual((JSON.parse(mem.memory_export()) as { tables: unknown }).tables);
    }, 60_000);
  }
});

describe('entry limits are the same for store, batch and import', () => {
  const L = ENTRY_LIMITS;
  type Field = 'namespace' | 'key' | 'value' | 'metadata' | 'ttl';
  const atLimit: [Field, unknown][] = [
    ['namespace', 'n'.repeat(L.namespaceChars)],
    ['key', 'k'.repeat(L.keyChars)],
    ['value', 'v'.repeat(L.valueChars)],
    ['value', ''],
    ['metadata', { m: 'm'.repeat(L.metadataChars - 8) }],
    ['metadata', JSON.parse(`${'{"a":'.repeat(L.metadataDepth)}1${'}'.repeat(L.metadataDepth)}`)],
    ['ttl', L.minTtlSeconds],
    ['ttl', L.maxTtlSeconds],
  ];
  const overLimit: [Field, unknown, RegExp][] = [
    ['namespace', 'n'.repeat(L.namespaceChars + 1), /at most 4096 characters/],
    ['namespace', '', /must not be empty/],
    ['key', 'k'.repeat(L.keyChars + 1), /at most 4096 characters/],
    ['key', '', /must not be empty/],
    ['value', 'v'.repeat(L.valueChars + 1), /at most 16777216 characters/],
    ['metadata', { m: 'm'.repeat(L.metadataChars - 7) }, /at most 16777216 characters as JSON/],
    ['metadata', JSON.parse(`${'{"a":'.repeat(L.metadataDepth + 1)}1${'}'.repeat(L.metadataDepth + 1)}`), /nested at most 64 deep/],
    ['metadata', [1], /object/],
    ['ttl', 0.0001, /at least 0.001 seconds/],
    ['ttl', 0.0004999, /at least 0.001 seconds/],
    ['ttl', L.maxTtlSeconds + 1, /at most 3155760000 seconds, 100 years/],
    ['ttl', 0, /positive/],
  ];

  const base = { namespace: 'ns', key: 'k', value: 'v', metadata: null, ttl: null };

  for (const [field, v] of atLimit) {
    it(`accepts ${field} at its limit (${typeof v === 'string' ? `${v.length} chars` : typeof v === 'number' ? v : 'object'}) in all three`, async () => {
      const { mem } = await fresh();
      mem.memory_usage({ action: 'store', ...base, [field]: v });
      mem.memory_store_batch([{ ...base, key: 'k2', [field]: field === 'key' ? (v as string).replace('k', 'j') : v }]);
      const other = await fresh();
      other.mem.memory_import(mem.memory_export());
      expect(other.mem.memory_usage({ action: 'list', namespace: field === 'namespace' ? (v as string) : 'ns' })).toMatchObject({ count: 2 });
    }, 60_000);
  }

  for (const [field, v, problem] of overLimit) {
    it(`refuses ${field} = ${typeof v === 'string' ? `${v.length} chars` : JSON.stringify(v)?.slice(0, 20)} alike in all three`, async () => {
      const { mem, db } = await fresh();
      const store = inputError(() => mem.memory_usage({ action: 'store', ...base, [field]: v } as never));
      expect(store.field).toBe(field);
      expect(store.problem).toMatch(problem);
      const batch = inputError(() => mem.memory_store_batch([{ ...base, [field]: v } as never]));
      expect(batch.field).toBe(`entries[0].${field}`);
      expect(batch.problem).toBe(store.problem);
      // The same row in an otherwise valid export document.
      mem.memory_usage({ action: 'store', ...base });
      const doc = JSON.parse(mem.memory_export()) as { tables: { memory_entries: Record<string, unknown>[] } };
      doc.tables.memory_entries[0][field] = v;
      if (field === 'ttl' && typeof v === 'number') doc.tables.memory_entries[0].expires_at = 1_700_000_000_000 + Math.round(v * 1000);
      const other = await fresh();
      const imp = inputError(() => other.mem.memory_import(JSON.stringify(doc)));
      expect(imp.field).toBe(`tables.memory_entries[0].${field}`);
      expect(imp.problem).toBe(store.problem);
      expect(entryRows(other.db)).toEqual([]);
      expect(entryRows(db)).toHaveLength(1);
    }, 60_000);
  }

  it('says why a ttl that rounds to now is refused', async () => {
    const { mem } = await fresh();
    const err = inputError(() => mem.memory_usage({ action: 'store', key: 'k', value: 'v', ttl: 0.0001 }));
    expect(err.message).toBe('memory_usage: ttl must be at least 0.001 seconds (got 0.0001, which expires at once: expiry is kept in whole milliseconds)');
    expect(inputError(() => mem.memory_store_batch([{ key: 'k', value: 'v', ttl: 0.0001 }])).message)
      .toBe('memory_store_batch: entries[0].ttl must be at least 0.001 seconds (got 0.0001, which expires at once: expiry is kept in whole milliseconds)');
  });

  it('refuses metadata whose JSON is not an object (a Date, an object with toJSON)', async () => {
    const { mem } = await fresh();
    expect(inputError(() => mem.memory_usage({ action: 'store', key: 'k', value: 'v', metadata: new Date(0) as never })).problem).toMatch(/JSON object/);
    expect(inputError(() => mem.memory_usage({ action: 'store', key: 'k', value: 'v', metadata: { toJSON: () => [1] } })).problem).toMatch(/JSON object/);
  });
});
