// createMemory on a real in-memory SQLite: batched store, lazy semantic search, namespaces, clearing, stats.
import { beforeEach, describe, expect, it } from 'vitest';
import { openMemoryDb } from '../../workers/engine/sqlite-db';
import type { Db } from '../db/db';
import { migrate } from '../db/migrations';
import type { MemoryApi } from './api';
import { createMemory } from './memory';
import { JSON_CHUNK_ROWS, STORE_CHUNK } from './memory-usage';
import { createPlainVectorIndex } from './plain-vector-index';
import { count, inputError, manualClock, memoryOn } from './test-support';
import { createHashingEmbedder } from './hashing-embedder';
import { encodedBytes, encodeVector, packVector } from './vector-codec';
import { embeddingText } from './vector-tier';

let db: Db;
let clock: ReturnType<typeof manualClock>;
let mem: MemoryApi;

beforeEach(async () => {
  ({ db, clock, mem } = memoryOn(await openMemoryDb()));
});

function rowsOf(d: Db) {
  return d.all('SELECT namespace, key, value, typeof(value) AS vt, metadata, created_at, updated_at, accessed_at, access_count, ttl, typeof(ttl) AS tt, expires_at FROM memory_entries ORDER BY namespace, key');
}

/** The rows the same stores make through memory_usage, one at a time, in a fresh database (uses the test's clock). */
async function oneByOne(batch: { key: string; value: string; namespace?: string; ttl?: number; metadata?: Record<string, unknown> }[]) {
  const ref = await openMemoryDb();
  migrate(ref);
  const one = createMemory({ db: ref, clock: clock.now });
  for (const e of batch) one.memory_usage({ action: 'store', ...e });
  return rowsOf(ref);
}

describe('memory_store_batch', () => {
  it('stores every entry in one go with memory_usage store semantics (upsert keeps id and created_at)', () => {
    mem.memory_usage({ action: 'store', key: 'a', value: 'old' });
    const first = mem.memory_usage({ action: 'retrieve', key: 'a' }) as { entry: { id: number; created_at: number } };
    clock.advance(1000);
    const res = mem.memory_store_batch([
      { key: 'a', value: 'new' },
      { key: 'b', value: 'héllo', namespace: 'n2', ttl: 10, metadata: { tag: 1 } },
      { key: 'c', value: '' },
    ]);
    expect(res).toEqual({ action: 'store_batch', stored: 3, size: 3 + 6 + 0 });
    const a = mem.memory_usage({ action: 'retrieve', key: 'a' }) as { value: string; entry: { id: number; created_at: number; updated_at: number; access_count: number } };
    expect(a.value).toBe('new');
    expect(a.entry).toMatchObject({ id: first.entry.id, created_at: first.entry.created_at, updated_at: clock.now(), access_count: 2 });
    expect(mem.memory_usage({ action: 'retrieve', key: 'b', namespace: 'n2' })).toMatchObject({
      value: 'héllo', entry: { metadata: { tag: 1 }, ttl: 10, expires_at: clock.now() + 10_000 },
    });
    clock.advance(10_000);
    expect(mem.memory_usage({ action: 'retrieve', key: 'b', namespace: 'n2' })).toMatchObject({ found: false });
  });

  it('validates every entry before writing anything and names the bad one', () => {
    const entries = [{ key: 'ok', value: 'v' }, { key: 'ok2', value: 'v' }, { key: 'bad', value: 7 }];
    const err = inputError(() => mem.memory_store_batch(entries as never));
    expect(err.field).toBe('entries[2].value');
    expect(err.message).toMatch(/^memory_store_batch: entries\[2\]\.value must be a string/);
    expect(inputError(() => mem.memory_store_batch([{ key: '', value: 'v' }])).field).toBe('entries[0].key');
    expect(inputError(() => mem.memory_store_batch([{ key: 'k', value: 'v', ttl: -5 }])).field).toBe('entries[0].ttl');
    expect(inputError(() => mem.memory_store_batch([null as never])).field).toBe('entries[0]');
    expect(inputError(() => mem.memory_store_batch('x' as never)).field).toBe('entries');
    expect(count(db, 'memory_entries')).toBe(0);
  });

  const tricky = ['plain', '', 'quote " and \\ backslash', 'line\nbreak\ttab', 'é€😀', '123', '1e5', 'null', 'true', '[1,2]', '{"a":1}', '\u0000nul', '\\u00e9 spelled out'];

  it('writes large batches in chunks with the same rows as storing one by one (repeated keys: the last wins)', async () => {
    const n = 2 * JSON_CHUNK_ROWS + 3 * STORE_CHUNK + 5;
    const batch = Array.from({ length: n }, (_, i) => ({
      key: `k${i % 700}${tricky[i % tricky.length]}`, value: `${tricky[(i * 7) % tricky.length]}${i % 5 === 0 ? '' : i}`,
      namespace: i % 2 === 0 ? 'even' : 'odd',
      ...(i % 3 === 0 ? { ttl: i % 2 === 0 ? 60 + i : 0.5, metadata: { i, s: tricky[i % tricky.length] } } : {}),
    }));
    const statements: string[] = [];
    const spy: Db = { exec: (q, p) => db.exec(q, p), all: (q, p) => db.all(q, p), get: (q, p) => db.get(q, p),
      run: (q, p) => (statements.push(q), db.run(q, p)), transaction: (fn) => db.transaction(fn) };
    expect(createMemory({ db: spy, clock: clock.now }).memory_store_batch(batch).stored).toBe(n);
    expect(statements.filter((q) => q.includes('json_each')).length).toBe(3);
    const got = rowsOf(db);
    expect(got).toEqual(await oneByOne(batch));
    expect(got.length).toBeGreaterThan(700);
    expect(got.every((r) => r.vt === 'text')).toBe(true);
  });

  it('stores text with lone surrogates exactly as single stores do (bound parameters, not JSON)', async () => {
    const batch = Array.from({ length: STORE_CHUNK + 8 }, (_, i) => ({
      key: `s${i}`, value: i === 3 ? 'bad \ud800 here' : i === 4 ? 'spelled \\ud800 out' : `ok ${i}`, ttl: i === 5 ? 10 : undefined,
    }));
    mem.memory_store_batch(batch);
    expect(rowsOf(db)).toEqual(await oneByOne(batch));
  });

  it('moves updated_at forward on each rewrite inside one batch', () => {
    const batch = Array.from({ length: 3 * STORE_CHUNK + 5 }, (_, i) => ({ key: `k${i % 40}`, value: `v${i}`, namespace: i % 2 === 0 ? 'even' : 'odd' }));
    mem.memory_store_batch(batch);
    // Each rewrite moved updated_at forward, even within one millisecond.
    const k0 = db.get<{ updated_at: number }>("SELECT updated_at FROM memory_entries WHERE key = 'k0' AND namespace = 'even'")!;
    expect(Number(k0.updated_at)).toBeGreaterThan(clock.now());
  });

  it('purges expired entries once per batch, so an expired key is stored fresh', () => {
    mem.memory_store_batch([{ key: 'k', value: 'a', ttl: 1 }]);
    clock.advance(5000);
    mem.memory_store_batch([{ key: 'other', value: 'x' }]);
    expect(count(db, 'memory_entries')).toBe(1);
  });
});

describe('memory_semantic_search', () => {
  const docs = [
    { key: 'cats', value: 'the cat sat on the mat and purred' },
    { key: 'dogs', value: 'a dog barked at the mail carrier' },
    { key: 'sql', value: 'sqlite stores rows in btree pages' },
    { key: 'wasm', value: 'webassembly simd kernels multiply matrices' },
  ];

  it('embeds lazily: nothing at store, everything missing at the first search, only changes afterwards', () => {
    mem.memory_store_batch(docs);
    expect(count(db, 'vector_memory')).toBe(0);
    const r1 = mem.memory_semantic_search({ query: 'cat on a mat' });
    expect(r1.indexed).toBe(4);
    expect(r1.results[0]).toMatchObject({ namespace: 'default', key: 'cats', value: docs[0].value });
    expect(r1.results[0].score).toBeGreaterThan(r1.results[1].score);
    expect(r1.results[0].score).toBeLessThanOrEqual(1.0001);
    expect(r1.embedder).toMatch(/^hashing-v1/);
    expect(count(db, 'vector_memory')).toBe(4);
    const blob = db.get<{ n: number }>('SELECT length(vector) AS n FROM vector_memory LIMIT 1')!;
    expect(Number(blob.n)).toBe(encodedBytes(384));

    expect(mem.memory_semantic_search({ query: 'cat' }).indexed).toBe(0);
    // Rewriting one entry re-embeds exactly that one, even within the same millisecond.
    mem.memory_usage({ action: 'store', key: 'sql', value: 'a kitten and a cat on the mat' });
    const r2 = mem.memory_semantic_search({ query: 'kitten cat mat', k: 2 });
    expect(r2.indexed).toBe(1);
    expect(r2.results.map((h) => h.key).toSorted()).toEqual(['cats', 'sql']);
  });

  it('writes each vector for its own entry, in chunks and singly (70 rows)', () => {
    const batch = Array.from({ length: 70 }, (_, i) => ({ key: `key ${i}`, value: `text number ${i} about topic ${i % 7}` }));
    mem.memory_store_batch(batch);
    expect(mem.memory_semantic_search({ query: 'topic 3' }).indexed).toBe(70);
    const emb = createHashingEmbedder();
    const vrows = db.all<{ key: string; source_id: number; source_updated_at: number; vector: Uint8Array; e_id: number; e_updated: number; value: string }>(
      `SELECT v.key, v.source_id, v.source_updated_at, v.vector, e.id AS e_id, e.updated_at AS e_updated, e.value
       FROM vector_memory v JOIN memory_entries e ON e.namespace = v.namespace AND e.key = v.key`);
    expect(vrows).toHaveLength(70);
    for (const r of vrows) {
      expect(r.source_id).toBe(r.e_id);
      expect(r.source_updated_at).toBe(r.e_updated);
      expect(r.vector).toEqual(packVector(encodeVector(emb.embed(embeddingText(r.key, r.value)))));
    }
    expect(mem.memory_semantic_search({ query: 'key 12 text number 12', k: 1 }).results[0].key).toBe('key 12');
  });

  it('drops vectors of deleted and expired entries and never returns them', () => {
    mem.memory_store_batch([...docs, { key: 'temp', value: 'cat cat cat', ttl: 5 }]);
    expect(mem.memory_semantic_search({ query: 'cat' }).results[0].key).toBe('temp');
    mem.memory_usage({ action: 'delete', key: 'cats' });
    clock.advance(6000);
    const res = mem.memory_semantic_search({ query: 'cat', k: 10 });
    expect(res.results.map((h) => h.key)).not.toContain('cats');
    expect(res.results.map((h) => h.key)).not.toContain('temp');
    expect(count(db, 'vector_memory')).toBe(3);
  });

  it('searches one namespace or all of them', () => {
    mem.memory_store_batch([{ key: 'a', value: 'red apple', namespace: 'x' }, { key: 'b', value: 'red apple pie', namespace: 'y' }]);
    expect(mem.memory_semantic_search({ query: 'apple', namespace: 'x' }).results.map((h) => h.namespace)).toEqual(['x']);
    expect(mem.memory_semantic_search({ query: 'apple' }).results.map((h) => h.namespace).toSorted()).toEqual(['x', 'y']);
    expect(mem.memory_semantic_search({ query: 'apple', namespace: 'nothing' }).count).toBe(0);
  });

  it('loads stored vectors on reopen instead of embedding again, and re-embeds what changed meanwhile', () => {
    mem.memory_store_batch(docs);
    const before = mem.memory_semantic_search({ query: 'dog barking' });
    const reopened = createMemory({ db, clock: clock.now });
    const after = reopened.memory_semantic_search({ query: 'dog barking' });
    expect(after.indexed).toBe(0);
    expect(after.results).toEqual(before.results);
    // A write that bypasses the facade (another instance) is caught by the full check on first use.
    mem.memory_usage({ action: 'store', key: 'dogs', value: 'nothing canine here' });
    const third = createMemory({ db, clock: clock.now });
    expect(third.memory_semantic_search({ query: 'dog' }).indexed).toBe(1);
  });

  it('runs no catch-up query when nothing changed since the last search', () => {
    const statements: string[] = [];
    const spy: Db = {
      exec: (sql, p) => db.exec(sql, p),
      all: (sql, p) => (statements.push(sql), db.all(sql, p)),
      get: (sql, p) => (statements.push(sql), db.get(sql, p)),
      run: (sql, p) => (statements.push(sql), db.run(sql, p)),
      transaction: (fn) => db.transaction(fn),
    };
    const m = createMemory({ db: spy, clock: clock.now });
    m.memory_store_batch(docs);
    m.memory_semantic_search({ query: 'cat' });
    const catchUp = () => statements.filter((q) => q.includes('LEFT JOIN vector_memory')).length;
    const before = catchUp();
    expect(before).toBeGreaterThan(0);
    m.memory_semantic_search({ query: 'dog' });
    m.memory_usage({ action: 'retrieve', key: 'cats' });
    m.memory_semantic_search({ query: 'sqlite' });
    expect(catchUp()).toBe(before);
    m.memory_usage({ action: 'store', key: 'cats', value: 'changed' });
    expect(m.memory_semantic_search({ query: 'changed' }).indexed).toBe(1);
    expect(catchUp()).toBeGreaterThan(before);
  });

  it('re-embeds vectors made by another embedder', () => {
    mem.memory_store_batch(docs);
    mem.memory_semantic_search({ query: 'x' });
    db.run("UPDATE vector_memory SET embedder = 'old-model'");
    const fresh = createMemory({ db, clock: clock.now });
    expect(fresh.memory_semantic_search({ query: 'cat' }).indexed).toBe(4);
  });

  it('rolls a failed catch-up back and retries it in full on the next search', () => {
    const inner = createHashingEmbedder();
    let failNext = false;
    const flaky = { name: inner.name, kind: inner.kind, label: inner.label, dim: inner.dim, embed: (t: string) => inner.embed(t), embedBatch: (texts: string[]) => {
      if (failNext) {
        failNext = false;
        throw new Error('embedder down');
      }
      return inner.embedBatch(texts);
    } };
    const m = createMemory({ db, clock: clock.now, embedder: flaky });
    m.memory_store_batch(docs);
    expect(m.memory_semantic_search({ query: 'cat' }).indexed).toBe(4);
    m.memory_usage({ action: 'store', key: 'dogs', value: 'changed text' });
    m.memory_usage({ action: 'delete', key: 'sql' });
    failNext = true;
    expect(() => m.memory_semantic_search({ query: 'cat' })).toThrow(/embedder down/);
    // The orphan delete of that catch-up was rolled back with it.
    expect(count(db, 'vector_memory')).toBe(4);
    const res = m.memory_semantic_search({ query: 'changed text', k: 10 });
    expect(res.indexed).toBe(1);
    expect(res.results[0].key).toBe('dogs');
    expect(res.results.map((h) => h.key)).not.toContain('sql');
    expect(count(db, 'vector_memory')).toBe(3);
  });

  it('uses the injected index factory', () => {
    let made = 0;
    const m = createMemory({ db, clock: clock.now, indexFactory: (dim) => {
      made++;
      return createPlainVectorIndex(dim);
    } });
    m.memory_store_batch(docs);
    m.memory_semantic_search({ query: 'cat' });
    expect(made).toBe(1);
  });

  it('rejects bad input', () => {
    expect(inputError(() => mem.memory_semantic_search({ query: '' })).field).toBe('query');
    expect(inputError(() => mem.memory_semantic_search({ query: 'x', k: 0 })).field).toBe('k');
    expect(inputError(() => mem.memory_semantic_search({ query: 'x', k: 101 })).field).toBe('k');
    expect(inputError(() => mem.memory_semantic_search({ query: 'x', namespace: 3 as never })).field).toBe('namespace');
    expect(inputError(() => mem.memory_semantic_search(null as never)).field).toBe('input');
  });
});

describe('namespaces, clear, stats', () => {
  it('lists namespaces with counts and UTF-8 bytes, clears one', () => {
    mem.memory_store_batch([
      { key: 'a', value: 'é', namespace: 'n1' },
      { key: 'b', value: 'xy', namespace: 'n1', ttl: 60 },
      { key: 'c', value: 'z', namespace: 'n2' },
    ]);
    expect(mem.memory_namespaces()).toEqual([
      { namespace: 'n1', entries: 2, bytes: 1 + 2 + 1 + 2, expiring: 1 },
      { namespace: 'n2', entries: 1, bytes: 2, expiring: 0 },
    ]);
    mem.memory_semantic_search({ query: 'z' });
    expect(mem.memory_clear_namespace('n1')).toBe(2);
    expect(mem.memory_clear_namespace('n1')).toBe(0);
    expect(mem.memory_namespaces().map((n) => n.namespace)).toEqual(['n2']);
    expect(mem.memory_semantic_search({ query: 'xy é' }).results.map((h) => h.key)).toEqual(['c']);
    expect(inputError(() => mem.memory_clear_namespace('')).field).toBe('namespace');
  });

  it('reports entries, the three SQL tiers, database bytes and the episodic config', () => {
    const empty = mem.memory_stats();
    expect(empty.entries).toEqual({ rows: 0, bytes: 0, namespaces: 0 });
    expect(empty.tiers.map((t) => t.tier)).toEqual(['vector', 'episodic', 'semantic']);
    expect(empty.tiers.every((t) => t.rows === 0 && t.savedFraction === null)).toBe(true);
    expect(empty.episodic).toEqual({ capacity: 10_000, ttlSeconds: 604_800 });
    expect(empty.databaseBytes).toBeGreaterThan(0);

    mem.memory_store_batch([{ key: 'k1', value: 'hello world' }, { key: 'k2', value: 'bye', namespace: 'x' }]);
    mem.memory_semantic_search({ query: 'hello' });
    mem.episode_record({ action: 'a', content: 'abc' });
    mem.knowledge_put({ key: 'f', kind: 'fact', content: 'water is wet' });
    const s = mem.memory_stats();
    expect(s.entries).toEqual({ rows: 2, bytes: 2 + 11 + 2 + 3, namespaces: 2 });
    const vector = s.tiers.find((t) => t.tier === 'vector')!;
    expect(vector).toEqual({ tier: 'vector', rows: 2, bytes: 2 * encodedBytes(384), rawBytes: 2 * 384 * 4, savedFraction: 1 - encodedBytes(384) / (384 * 4) });
    expect(s.tiers.find((t) => t.tier === 'episodic')).toMatchObject({ rows: 1, savedFraction: 0 });
    expect(s.tiers.find((t) => t.tier === 'semantic')).toMatchObject({ rows: 1 });
    const pages = Number(db.get<{ page_count: number }>('PRAGMA page_count')!.page_count);
    expect(s.databaseBytes).toBe(pages * Number(db.get<{ page_size: number }>('PRAGMA page_size')!.page_size));
  });
});
