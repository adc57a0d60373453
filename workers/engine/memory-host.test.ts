// What the engine serves: core's memory and model store over one database, semantic search alike on the kernel's index and the plain one, and the tab's working tier in stats.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { migrate } from '../../core/db/migrations';
import { createWordVectorEmbedder } from '../../core/memory/word-vector-embedder';
import { loadKernelNode } from '../../kernel/js/node';
import { createKernelVectorIndex } from '../../kernel/js/vector-index';
import { ACCESS_FLUSH_MS, changeOf, openMemory, openWorking, OWNER_METHODS, withWorkingTier } from './memory-host';
import { toCallError } from './errors';
import { openMemoryDb } from './sqlite-db';

async function host(withKernel: boolean) {
  const db = await openMemoryDb();
  migrate(db);
  const kernel = withKernel ? await loadKernelNode() : undefined;
  return openMemory(db, { clock: () => 1_000_000, indexFactory: kernel ? (dim) => createKernelVectorIndex(kernel, dim) : undefined });
}

const count = (db: Awaited<ReturnType<typeof openMemoryDb>>) => Number(db.get<{ n: number }>("SELECT access_count AS n FROM memory_entries WHERE key = 'k'")!.n);

const notes = [
  'the kernel runs int8 dot products over every stored code row',
  'episodic memory keeps events for seven days by default',
  'the working tier is an LRU cache bounded by bytes',
  'semantic facts carry a confidence between zero and one',
  'opfs sahpool holds its files exclusively per origin',
];

describe('memory host', () => {
  it('serves every memory and model method', async () => {
    const h = await host(false);
    for (const m of OWNER_METHODS) expect(typeof (h as unknown as Record<string, unknown>)[m], m).toBe('function');
    expect(h.model_list()).toEqual([]);
  });

  it('serves the ensembles (the agent tools\' ensemble_create) and announces a saved one', async () => {
    const h = await host(false);
    for (const m of ['ensemble_save', 'ensemble_list', 'ensemble_get']) expect(OWNER_METHODS, m).toContain(m);
    expect(h.ensemble_list()).toEqual([]);
    const ensemble = { name: 'pair', members: [{ modelId: 'a', version: '1.0.0', weight: 0.9, weight_source: 'measured' }, { modelId: 'b', version: '1.0.0', weight: 0.8, weight_source: 'measured' }], labels: ['x', 'y'], created_at: 5 };
    // Members must be saved versions; the refusal keeps its name across the worker boundary.
    let refused: unknown;
    try {
      h.ensemble_save(ensemble);
    } catch (e) {
      refused = toCallError(e);
    }
    expect(refused).toMatchObject({ name: 'LabInputError', message: 'members[0] a@1.0.0 is not a saved version' });
    expect(h.ensemble_get({ name: 'pair' })).toBeNull();
    expect(changeOf('ensemble_save', [ensemble], ensemble)).toEqual({ what: 'ensembles', names: ['pair'] });
    expect(changeOf('ensemble_list', [], [])).toBeNull();
  });

  it('gives the same semantic search results on the kernel index as on the plain index', async () => {
    const [plain, kernel] = [await host(false), await host(true)];
    for (const h of [plain, kernel]) h.memory_store_batch(notes.map((value, i) => ({ namespace: 'notes', key: `n${i}`, value })));
    const q = { query: 'int8 dot products on the kernel', k: 3 };
    const a = plain.memory_semantic_search(q);
    const b = kernel.memory_semantic_search(q);
    expect(b.results.map((r) => r.key)).toEqual(a.results.map((r) => r.key));
    expect(b.results[0].key).toBe('n0');
    b.results.forEach((r, i) => expect(r.score).toBeCloseTo(a.results[i].score, 5));
  });

  it("adds this tab's working tier to the owner's stats", async () => {
    const h = await host(false);
    const working = openWorking();
    working.working_set('draft', { text: 'hello' });
    const stats = withWorkingTier(h.memory_stats(), working.working_stats());
    expect(stats.tiers.map((t) => t.tier)).toEqual(['vector', 'episodic', 'semantic', 'working']);
    expect(stats.tiers[3]).toMatchObject({ rows: 1, bytes: working.working_stats().bytes });
  });

  it('searches by meaning on the kernel index when given the word vectors, with hashing still selectable', async () => {
    const db = await openMemoryDb();
    migrate(db);
    const kernel = await loadKernelNode();
    const embedder = createWordVectorEmbedder(new Uint8Array(readFileSync(new URL('../../models/word-vectors.bin', import.meta.url))));
    const h = openMemory(db, { clock: () => 1_000_000, indexFactory: (dim) => createKernelVectorIndex(kernel, dim), embedder });
    h.memory_store_batch([
      { key: 'vet', value: 'Took Luna the cat to the vet on Tuesday for her yearly vaccinations.' },
      { key: 'museum', value: 'Visit the art museum with the kids on Sunday afternoon.' },
    ]);
    const r = h.memory_semantic_search({ query: 'pet doctor visit' });
    expect([r.embedder_kind, r.results[0].key]).toEqual(['word-vectors', 'vet']);
    expect(h.memory_semantic_search({ query: 'pet doctor visit', embedder: 'hashing' }).results[0].key).toBe('museum');
  });

  describe('access counts', () => {
    afterEach(() => vi.useRealTimers());

    it('are written by a timer ACCESS_FLUSH_MS after a retrieve, not by the retrieve, and by flushPending on close', async () => {
      vi.useFakeTimers();
      const db = await openMemoryDb();
      migrate(db);
      const h = openMemory(db, { accessFlushMs: ACCESS_FLUSH_MS });
      h.memory_usage({ action: 'store', key: 'k', value: 'v' });
      expect(h.memory_usage({ action: 'retrieve', key: 'k' })).toMatchObject({ entry: { access_count: 1 } });
      h.memory_usage({ action: 'retrieve', key: 'k' });
      expect(count(db)).toBe(0);
      vi.advanceTimersByTime(ACCESS_FLUSH_MS - 1);
      expect(count(db)).toBe(0);
      vi.advanceTimersByTime(1);
      expect(count(db)).toBe(2);
      h.memory_usage({ action: 'retrieve', key: 'k' });
      h.flushPending();
      expect(count(db)).toBe(3);
      // The timer flushPending cancelled does not fire on a closed database.
      db.close();
      vi.advanceTimersByTime(10 * ACCESS_FLUSH_MS);
    });

    it('are written at once without accessFlushMs (node tests, the CLI)', async () => {
      const db = await openMemoryDb();
      migrate(db);
      const h = openMemory(db);
      h.memory_usage({ action: 'store', key: 'k', value: 'v' });
      h.memory_usage({ action: 'retrieve', key: 'k' });
      expect(count(db)).toBe(1);
    });
  });
});
