// Export → import round trips on real in-memory SQLite, and corrupted documents rejected with their path and nothing written.
import { beforeEach, describe, expect, it } from 'vitest';
import { openMemoryDb } from '../../workers/engine/sqlite-db';
import type { Db } from '../db/db';
import { migrate } from '../db/migrations';
import type { MemoryApi } from './api';
import { createMemory } from './memory';
import { count, inputError, manualClock } from './test-support';

let db: Db;
let clock: ReturnType<typeof manualClock>;
let mem: MemoryApi;

async function fresh(): Promise<{ db: Db; mem: MemoryApi }> {
  const d = await openMemoryDb();
  migrate(d);
  return { db: d, mem: createMemory({ db: d, clock: clock.now }) };
}

beforeEach(async () => {
  clock = manualClock();
  ({ db, mem } = await fresh());
  mem.memory_store_batch([
    { key: 'cats', value: 'the cat sat on the mat', metadata: { tag: 'pets', __proto__x: 1 } },
    { key: 'dogs', value: 'a dog barked at the mail carrier', namespace: 'animals', ttl: 3600 },
    { key: 'sql', value: 'sqlite stores rows in btree pages' },
  ]);
  mem.memory_usage({ action: 'retrieve', key: 'cats' });
  mem.memory_semantic_search({ query: 'cat' });
  mem.episode_record({ action: 'train', context: { lr: 0.1 }, outcome: { acc: 0.9 }, session_id: 's1' });
  mem.episode_record({ action: 'eval' });
  mem.knowledge_put({ key: 'animal', kind: 'fact', content: 'a living thing' });
  mem.knowledge_put({ key: 'cat', kind: 'rule', content: 'cats purr', parent: 'animal', confidence: 0.7, source: 'obs' });
  mem.knowledge_similar({ query: 'purr' });
  mem.episodic_configure({ capacity: 500 });
});

/** Every row of a table without surrogate ids (which a merge does not keep). */
function rows(d: Db, table: string, drop: string[] = ['id']): Record<string, unknown>[] {
  return d.all<Record<string, unknown>>(`SELECT * FROM ${table} ORDER BY 1`).map((r) => {
    const out = { ...r };
    for (const c of drop) delete out[c];
    return out;
  }).toSorted((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

const TABLES: [string, string[]][] = [
  ['memory_entries', ['id']], ['semantic_memory', ['id']], ['episodic_memory', ['id']],
  ['vector_memory', ['id', 'source_id']], ['memory_settings', []],
];

describe('memory_export / memory_import', () => {
  it('exports one document that imports into a fresh database as identical rows with equal search results', async () => {
    const json = mem.memory_export();
    const doc = JSON.parse(json);
    expect(doc).toMatchObject({ format: 'safla-memory', version: 1, embedder: expect.stringMatching(/^hashing-v1/) });
    expect(new Date(doc.exported_at).getTime()).toBe(clock.now());
    expect(typeof doc.tables.vector_memory[0].vector).toBe('string');

    const other = await fresh();
    const res = other.mem.memory_import(json);
    expect(res).toEqual({ action: 'import', imported: { memory_entries: 3, semantic_memory: 2, episodic_memory: 2, vector_memory: 5, memory_settings: 1 } });
    for (const [table, drop] of TABLES) expect(rows(other.db, table, drop), table).toEqual(rows(db, table, drop));
    const a = mem.memory_semantic_search({ query: 'cat on a mat' });
    const b = other.mem.memory_semantic_search({ query: 'cat on a mat' });
    expect(b.indexed).toBe(0);
    expect(b.results).toEqual(a.results);
    expect(other.mem.knowledge_similar({ query: 'purr' })).toEqual(mem.knowledge_similar({ query: 'purr' }).map((h) => ({
      ...h, item: { ...h.item, id: other.mem.knowledge_get(h.item.key)!.id },
    })));
    expect(other.mem.memory_stats().episodic).toEqual({ capacity: 500, ttlSeconds: 604_800 });
    expect(other.mem.knowledge_children('animal').map((i) => i.key)).toEqual(['cat']);
  });

  it('merges: upserts by unique key, keeps rows the document lacks, does not duplicate episodes', async () => {
    const json = mem.memory_export();
    const other = await fresh();
    other.mem.memory_usage({ action: 'store', key: 'cats', value: 'local version' });
    other.mem.memory_usage({ action: 'store', key: 'local-only', value: 'x' });
    other.mem.memory_semantic_search({ query: 'local' });
    other.mem.memory_import(json);
    other.mem.memory_import(json);
    expect(other.mem.memory_usage({ action: 'retrieve', key: 'cats' })).toMatchObject({ value: 'the cat sat on the mat' });
    expect(other.mem.memory_usage({ action: 'retrieve', key: 'local-only' })).toMatchObject({ found: true });
    expect(count(other.db, 'episodic_memory')).toBe(2);
    // The replaced entry's vector is the document's, so the search ranks the imported text.
    expect(other.mem.memory_semantic_search({ query: 'cat sat on the mat', k: 1 }).results[0]).toMatchObject({ key: 'cats', value: 'the cat sat on the mat' });
  });

  it('re-links vectors to the ids rows get in the target database', async () => {
    const json = mem.memory_export();
    const other = await fresh();
    other.mem.memory_store_batch(Array.from({ length: 10 }, (_, i) => ({ key: `pad${i}`, value: 'padding' })));
    other.mem.memory_import(json);
    const linked = other.db.all<{ ok: number }>(`SELECT (v.source_id = e.id) AS ok FROM vector_memory v
      JOIN memory_entries e ON v.source = 'entry' AND e.namespace = v.namespace AND e.key = v.key`);
    expect(linked.length).toBe(3);
    expect(linked.every((r) => Number(r.ok) === 1)).toBe(true);
    expect(other.mem.memory_semantic_search({ query: 'dog barked', namespace: 'animals' }).results[0].key).toBe('dogs');
  });

  it('keeps vectors of another embedder but re-embeds them before they are searched', async () => {
    const doc = JSON.parse(mem.memory_export());
    for (const v of doc.tables.vector_memory) v.embedder = 'some-other-model';
    const other = await fresh();
    other.mem.memory_import(JSON.stringify(doc));
    expect(other.mem.memory_semantic_search({ query: 'cat' }).indexed).toBe(3);
    expect(other.db.get("SELECT COUNT(*) AS n FROM vector_memory WHERE embedder = 'some-other-model'")).toEqual({ n: 2 });
    expect(other.mem.knowledge_similar({ query: 'purr' })[0].item.key).toBe('cat');
    expect(other.db.get("SELECT COUNT(*) AS n FROM vector_memory WHERE embedder = 'some-other-model'")).toEqual({ n: 0 });
  });

  describe('rejects a corrupted document, naming the path, writing nothing', () => {
    let base: Record<string, any>;
    let target: { db: Db; mem: MemoryApi };
    beforeEach(async () => {
      base = JSON.parse(mem.memory_export());
      target = await fresh();
      target.mem.memory_usage({ action: 'store', key: 'keep', value: 'me' });
    });
    const snapshot = () => TABLES.map(([t]) => rows(target.db, t, []));

    const cases: [string, (d: Record<string, any>) => unknown, string, RegExp][] = [
      ['not JSON', () => '{', 'json', /valid JSON/],
      ['wrong format', (d) => ({ ...d, format: 'other' }), 'format', /safla-memory/],
      ['wrong version', (d) => ({ ...d, version: 2 }), 'version', /must be 1/],
      ['tables missing', (d) => ({ ...d, tables: null }), 'tables', /object/],
      ['table not an array', (d) => { d.tables.memory_entries = {}; return d; }, 'tables.memory_entries', /array/],
      ['key of wrong type', (d) => { d.tables.memory_entries[2].key = 5; return d; }, 'tables.memory_entries[2].key', /string/],
      ['missing field', (d) => { delete d.tables.memory_entries[1].value; return d; }, 'tables.memory_entries[1].value', /required/],
      ['negative time', (d) => { d.tables.memory_entries[0].created_at = -1; return d; }, 'tables.memory_entries[0].created_at', /non-negative integer/],
      ['bad ttl', (d) => { d.tables.memory_entries[0].ttl = 0; return d; }, 'tables.memory_entries[0].ttl', /positive/],
      ['metadata an array', (d) => { d.tables.memory_entries[0].metadata = [1]; return d; }, 'tables.memory_entries[0].metadata', /object or null/],
      ['duplicate key', (d) => { d.tables.memory_entries.push({ ...d.tables.memory_entries[0] }); return d; }, 'tables.memory_entries[3].key', /repeats/],
      ['confidence out of range', (d) => { d.tables.semantic_memory[1].confidence = 2; return d; }, 'tables.semantic_memory[1].confidence', /\[0, 1\]/],
      ['unknown kind', (d) => { d.tables.semantic_memory[0].kind = 'belief'; return d; }, 'tables.semantic_memory[0].kind', /fact/],
      ['missing parent', (d) => { d.tables.semantic_memory[1].parent = 'ghost'; return d; }, 'tables.semantic_memory[1].parent', /neither/],
      ['cyclic parents', (d) => { d.tables.semantic_memory[0].parent = 'cat'; return d; }, 'tables.semantic_memory[0].parent', /cyclic/],
      ['bad base64', (d) => { d.tables.vector_memory[0].vector = 'abc'; return d; }, 'tables.vector_memory[0].vector', /base64/],
      ['truncated vector', (d) => { d.tables.vector_memory[0].vector = 'AAAA'; return d; }, 'tables.vector_memory[0].vector', /bytes/],
      ['vector of no row', (d) => { d.tables.vector_memory[0].key = 'nobody'; return d; }, 'tables.vector_memory[0].key', /names no/],
      ['bad source', (d) => { d.tables.vector_memory[0].source = 'x'; return d; }, 'tables.vector_memory[0].source', /entry/],
      ['bad dim', (d) => { d.tables.vector_memory[0].dim = 0; return d; }, 'tables.vector_memory[0].dim', /integer/],
      ['unknown setting', (d) => { d.tables.memory_settings[0].name = 'evil'; return d; }, 'tables.memory_settings[0].name', /known/],
      ['bad episodic setting', (d) => { d.tables.memory_settings[0].value = { capacity: -4 }; return d; }, 'tables.memory_settings[0].value.capacity', /≥ 1/],
      ['episode without action', (d) => { d.tables.episodic_memory[1].event_type = ''; return d; }, 'tables.episodic_memory[1].event_type', /empty/],
    ];
    for (const [name, corrupt, path, msg] of cases) {
      it(name, () => {
        const before = snapshot();
        const d = corrupt(structuredClone(base));
        const err = inputError(() => target.mem.memory_import(typeof d === 'string' ? d : JSON.stringify(d)));
        expect(err.field).toBe(path);
        expect(err.message).toMatch(msg);
        expect(err.message).toMatch(/^memory_import: /);
        expect(snapshot()).toEqual(before);
      });
    }

    it('a row that fails at write time (the last one) rolls back the whole import', () => {
      const before = snapshot();
      // A valid document cannot fail at write time, so a temporary trigger makes the last table's insert fail.
      target.db.exec("CREATE TEMP TRIGGER boom BEFORE INSERT ON memory_settings BEGIN SELECT RAISE(ABORT, 'boom'); END");
      expect(() => target.mem.memory_import(JSON.stringify(base))).toThrow(/boom/);
      expect(snapshot()).toEqual(before);
    });

    it('__proto__ and constructor keys are inert', () => {
      const d = structuredClone(base);
      const text = JSON.stringify(d).replace('"tables":{', '"tables":{"__proto__":{"polluted":1},"constructor":{"x":1},')
        .replace('"namespace":"default"', '"__proto__":{"polluted":2},"namespace":"default"');
      target.mem.memory_import(text);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(count(target.db, 'memory_entries')).toBe(4);
    });
  });
});
