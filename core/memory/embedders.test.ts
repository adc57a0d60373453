// The memory with two embedders: word vectors by default, hashing on request, one stored vector per row and embedder, and databases from before migration 5.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { openMemoryDb } from '../../workers/engine/sqlite-db';
import type { Db } from '../db/db';
import { migrate, migrations } from '../db/migrations';
import { createHashingEmbedder } from './hashing-embedder';
import { createMemory } from './memory';
import { count, inputError, manualClock } from './test-support';
import { encodeVector, packVector } from './vector-codec';
import { embeddingText } from './vector-tier';
import { parseWordVectorAsset } from './word-vector-asset';
import { createWordVectorEmbedder } from './word-vector-embedder';

const words = createWordVectorEmbedder(parseWordVectorAsset(new Uint8Array(readFileSync(new URL('../../models/word-vectors.bin', import.meta.url)))));
const hashing = createHashingEmbedder();

const notes = [
  { key: 'luna-vet', value: 'Took Luna the cat to the vet on Tuesday for her yearly vaccinations.' },
  { key: 'museum', value: 'Visit the art museum with the kids on Sunday afternoon.' },
  { key: 'groceries', value: 'Buy milk, eggs, bread, apples and coffee at the supermarket.' },
  { key: 'tax', value: 'File income declarations with the revenue service by April 15.' },
  { key: 'wifi', value: 'The wireless internet drops every few minutes; restart the router.' },
  { key: 'cake', value: 'Chocolate cake with raspberry frosting for the birthday celebration.' },
];

let db: Db;
let clock: ReturnType<typeof manualClock>;
beforeEach(async () => {
  db = await openMemoryDb();
  clock = manualClock();
});

const top = (r: { results: { key: string }[] }) => r.results[0]?.key;
const embedderOf = () => db.all<{ embedder: string; n: number }>('SELECT embedder, COUNT(*) AS n FROM vector_memory GROUP BY embedder ORDER BY embedder')
  .map((r) => [r.embedder, Number(r.n)]);

describe('semantic search with the word-vector embedder as the default', () => {
  beforeEach(() => migrate(db));

  it('finds the cat-vet note for "pet doctor visit" and names the embedder in the result and on every hit', () => {
    const mem = createMemory({ db, clock: clock.now, embedder: words });
    mem.memory_store_batch(notes);
    const r = mem.memory_semantic_search({ query: 'pet doctor visit', k: 3 });
    expect(r.results[0].key).toBe('luna-vet');
    expect(r).toMatchObject({ embedder: words.name, embedder_kind: 'word-vectors', embedder_label: words.label, indexed: notes.length });
    expect(r.results.every((h) => h.embedder === 'word-vectors')).toBe(true);
    expect(r.embedders.map((e) => e.kind)).toEqual(['word-vectors', 'hashing']);
    // By spelling, the note that shares a word with the query wins instead.
    const byHashing = mem.memory_semantic_search({ query: 'pet doctor visit', k: 6, embedder: 'hashing' });
    expect(byHashing).toMatchObject({ embedder: hashing.name, embedder_kind: 'hashing' });
    expect(byHashing.results[0].key).toBe('museum');
    expect(byHashing.results.findIndex((h) => h.key === 'luna-vet')).toBeGreaterThan(0);
    expect(byHashing.results.every((h) => h.embedder === 'hashing')).toBe(true);
  });

  it('keeps one vector per row and embedder, so switching back and forth embeds nothing again', () => {
    const mem = createMemory({ db, clock: clock.now, embedder: words });
    mem.memory_store_batch(notes);
    expect(mem.memory_semantic_search({ query: 'cake' }).indexed).toBe(6);
    expect(mem.memory_semantic_search({ query: 'cake', embedder: 'hashing' }).indexed).toBe(6);
    expect(mem.memory_semantic_search({ query: 'cake' }).indexed).toBe(0);
    expect(mem.memory_semantic_search({ query: 'cake', embedder: 'hashing' }).indexed).toBe(0);
    expect(embedderOf()).toEqual([[hashing.name, 6], [words.name, 6]].toSorted());
    // A rewrite makes each embedder's vector of that row stale, and only that one.
    mem.memory_usage({ action: 'store', key: 'cake', value: 'Lemon tart for the party' });
    expect(mem.memory_semantic_search({ query: 'dessert', embedder: 'hashing' }).indexed).toBe(1);
    const dessert = mem.memory_semantic_search({ query: 'dessert' });
    expect([dessert.indexed, top(dessert)]).toEqual([1, 'cake']);
    // A delete drops the row's vectors of both embedders.
    mem.memory_usage({ action: 'delete', key: 'cake' });
    mem.memory_semantic_search({ query: 'x' });
    mem.memory_semantic_search({ query: 'x', embedder: 'hashing' });
    expect(count(db, 'vector_memory')).toBe(10);
  });

  it('keeps the word vectors of a session that ran without them (they failed to load) for the next one that has them', () => {
    const mem = createMemory({ db, clock: clock.now, embedder: words });
    mem.memory_store_batch(notes);
    expect(mem.memory_semantic_search({ query: 'cake' }).indexed).toBe(6);
    // The next session could not load the word vectors: it searches by hashing and leaves their vectors alone.
    const without = createMemory({ db, clock: clock.now });
    expect(without.memory_semantic_search({ query: 'cake' }).embedder_kind).toBe('hashing');
    expect(embedderOf()).toEqual([[hashing.name, 6], [words.name, 6]].toSorted());
    // Once they load again, nothing is embedded anew.
    const again = createMemory({ db, clock: clock.now, embedder: words });
    expect(again.memory_semantic_search({ query: 'cake' }).indexed).toBe(0);
  });

  it('rejects an embedder it does not have, naming the field and the choices', () => {
    const mem = createMemory({ db, clock: clock.now, embedder: words });
    const err = inputError(() => mem.memory_semantic_search({ query: 'x', embedder: 'bert' }));
    expect(err.field).toBe('embedder');
    expect(err.message).toMatch(/"word-vectors", "hashing"/);
    expect(inputError(() => mem.memory_semantic_search({ query: 'x', embedder: 3 as never })).field).toBe('embedder');
  });

  it('answers knowledge_similar with the default embedder', () => {
    const mem = createMemory({ db, clock: clock.now, embedder: words });
    mem.knowledge_put({ key: 'vet', kind: 'fact', content: 'Veterinarians treat sick animals such as cats and dogs.' });
    mem.knowledge_put({ key: 'tax', kind: 'fact', content: 'Income declarations are filed with the revenue service.' });
    expect(mem.knowledge_similar({ query: 'pet doctor' })[0].item.key).toBe('vet');
  });

  it('exports vectors of both embedders and imports them back without re-embedding', async () => {
    const mem = createMemory({ db, clock: clock.now, embedder: words });
    mem.memory_store_batch(notes);
    mem.memory_semantic_search({ query: 'x' });
    mem.memory_semantic_search({ query: 'x', embedder: 'hashing' });
    const doc = mem.memory_export();
    const other = await openMemoryDb();
    migrate(other);
    const copy = createMemory({ db: other, clock: clock.now, embedder: words });
    expect(copy.memory_import(doc).imported.vector_memory).toBe(12);
    const r = copy.memory_semantic_search({ query: 'pet doctor visit' });
    expect([r.indexed, top(r)]).toEqual([0, 'luna-vet']);
    expect(copy.memory_semantic_search({ query: 'x', embedder: 'hashing' }).indexed).toBe(0);
  });
});

/** What the memory wrote at schema version 3: entries, and hashing vectors keyed by (source, namespace, key). */
function legacyDatabase(old: Db, retired: string[] = []): void {
  migrate(old, migrations.slice(0, 3));
  notes.forEach((n, i) => {
    const t = 1_600_000_000_000 + i;
    old.run(`INSERT INTO memory_entries (namespace, key, value, created_at, updated_at, accessed_at) VALUES ('default', ?, ?, ?, ?, ?)`, [n.key, n.value, t, t, t]);
    const id = Number(old.get<{ id: number }>('SELECT last_insert_rowid() AS id')!.id);
    const name = retired[i] ?? hashing.name;
    old.run(`INSERT INTO vector_memory (source, source_id, source_updated_at, embedder, namespace, key, dim, vector, created_at, updated_at)
      VALUES ('entry', ?, ?, ?, 'default', ?, 384, ?, ?, ?)
      ON CONFLICT (source, namespace, key) DO UPDATE SET vector = excluded.vector`,
    [id, t, name, n.key, packVector(encodeVector(hashing.embed(embeddingText(n.key, n.value)))), t, t]);
  });
}

describe('a database whose vectors were made before migration 5 (hashing only, one vector per row)', () => {
  it('migrates keeping every vector, then re-embeds lazily by meaning and reuses the hashing vectors', () => {
    legacyDatabase(db);
    const before = db.all('SELECT source, source_id, source_updated_at, embedder, namespace, key, dim, vector FROM vector_memory ORDER BY id');
    expect(migrate(db, migrations.slice(0, 5)).applied).toEqual([4, 5]);
    expect(db.all('SELECT source, source_id, source_updated_at, embedder, namespace, key, dim, vector FROM vector_memory ORDER BY id')).toEqual(before);

    const mem = createMemory({ db, clock: clock.now, embedder: words });
    const r = mem.memory_semantic_search({ query: 'pet doctor visit' });
    expect([r.embedder_kind, r.indexed, top(r)]).toEqual(['word-vectors', notes.length, 'luna-vet']);
    // The old hashing vectors are still current for their rows: nothing to embed for a hashing search.
    const h = mem.memory_semantic_search({ query: 'wireless router', embedder: 'hashing' });
    expect([h.indexed, top(h)]).toEqual([0, 'wifi']);
    // Each row now has a vector per embedder, each recording which embedder (and version) made it.
    expect(embedderOf()).toEqual([[hashing.name, 6], [words.name, 6]].toSorted());
    const dims = db.all<{ embedder: string; dim: number }>('SELECT DISTINCT embedder, dim FROM vector_memory ORDER BY dim');
    expect(dims).toEqual([{ embedder: words.name, dim: words.dim }, { embedder: hashing.name, dim: 384 }]);
  });

  it('drops vectors made by an embedder version this memory no longer has and makes them anew', () => {
    legacyDatabase(db, ['hashing-v0-old', 'hashing-v0-old']);
    migrate(db);
    const mem = createMemory({ db, clock: clock.now, embedder: words });
    const r = mem.memory_semantic_search({ query: 'milk', embedder: 'hashing' });
    expect([r.indexed, top(r)]).toEqual([2, 'groceries']);
    expect(db.get("SELECT COUNT(*) AS n FROM vector_memory WHERE embedder = 'hashing-v0-old'")).toEqual({ n: 0 });
    expect(embedderOf()).toEqual([[hashing.name, 6]]);
  });
});
