// Multi-tab ownership in node: engines sharing one :memory: database (the "file"), a stand-in for Web Locks, and node's real BroadcastChannel.
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../core/db/migrations';
import type { MemoryUsageResult, RetrieveResult } from '../../core/memory/memory-usage';
import { Engine, type Backend, type ChannelLike, type EngineOptions, type LocksLike } from './engine';
import { openMemory, openWorking } from './memory-host';
import { openMemoryDb, type SqliteDb } from './sqlite-db';
import { encodeClf } from '../../core/format/clf';
import { irisRecords } from '../../core/datasets/iris.fixture';
import { parseModelConfig } from '../../core/models/config';
import { trainModel } from '../../core/models/model-ops';
import { referencePort } from '../../kernel/reference/mlp';
import { loadKernelNode } from '../../kernel/js/node';
import { createWasmPort } from '../../kernel/js/network';
import type { AnalyzeResult } from '../../core/patterns/api';
import type { EngineChange, EngineStatus } from './types';

/** Web Locks for one origin: exclusive, granted in request order, released when the callback's promise settles. */
class FakeLocks implements LocksLike {
  #queue: { cb: () => Promise<void>; done: () => void }[] = [];
  #held = false;
  request(_name: string, cb: () => Promise<void>): Promise<unknown> {
    return new Promise<void>((done) => {
      this.#queue.push({ cb, done });
      this.#next();
    });
  }
  #next(): void {
    if (this.#held) return;
    const head = this.#queue.shift();
    if (!head) return;
    this.#held = true;
    void head.cb().finally(() => {
      this.#held = false;
      head.done();
      this.#next();
    });
  }
}

let channelSeq = 0;
const engines: Engine[] = [];

afterEach(() => {
  for (const e of engines.splice(0)) e.dispose();
});

interface World {
  db: SqliteDb;
  locks: FakeLocks;
  channelName: string;
  opens: number;
  tab(id: string, extra?: Partial<EngineOptions> & { drop?: (msg: { t: string }) => boolean }): { engine: Engine; statuses: EngineStatus[]; changes: EngineChange[] };
}

async function world(): Promise<World> {
  const db = await openMemoryDb();
  migrate(db);
  const w: World = {
    db,
    locks: new FakeLocks(),
    channelName: `engine-test-${process.pid}-${++channelSeq}`,
    opens: 0,
    tab(id, extra = {}) {
      const statuses: EngineStatus[] = [];
      const changes: EngineChange[] = [];
      const { drop, ...rest } = extra;
      const engine = new Engine({
        tabId: id,
        locks: w.locks,
        channel: (): ChannelLike => {
          const bc = new BroadcastChannel(w.channelName);
          return {
            postMessage: (m) => {
              // oxlint-disable-next-line unicorn/require-post-message-target-origin -- a BroadcastChannel has no target origin
              if (!drop?.(m as { t: string })) bc.postMessage(m);
            },
            addEventListener: (type, fn) => bc.addEventListener(type, fn as (e: Event) => void),
            close: () => bc.close(),
          };
        },
        open: async (): Promise<Backend> => {
          w.opens++;
          return { db, memory: openMemory(db), vfs: 'memory', close: () => {} };
        },
        working: openWorking(),
        onStatus: (s) => statuses.push(s),
        onChange: (c) => changes.push(c),
        timing: { callTimeoutMs: 5_000, noOwnerWaitMs: 5_000 },
        ...rest,
      });
      engines.push(engine);
      engine.start();
      return { engine, statuses, changes };
    },
  };
  return w;
}

const store = (engine: Engine, key: string, value: string, namespace = 'ns') =>
  engine.call('memory_usage', [{ action: 'store', namespace, key, value }]) as Promise<MemoryUsageResult>;
const retrieve = (engine: Engine, key: string, namespace = 'ns') =>
  engine.call('memory_usage', [{ action: 'retrieve', namespace, key }]) as Promise<RetrieveResult>;

describe('Engine ownership', () => {
  it('makes the first tab the owner and the second a follower that forwards its calls', async () => {
    const w = await world();
    const a = w.tab('A');
    await expect.poll(() => a.engine.status().role).toBe('owner');
    const b = w.tab('B');
    await expect.poll(() => b.engine.status().role).toBe('follower');
    expect(a.engine.status()).toMatchObject({ role: 'owner', tabId: 'A', vfs: 'memory', error: null });
    expect(b.statuses.map((s) => s.role)).toEqual(['follower']);

    await store(a.engine, 'from-a', '1');
    await store(b.engine, 'from-b', '2');
    expect((await retrieve(b.engine, 'from-a')).value).toBe('1');
    expect((await retrieve(a.engine, 'from-b')).value).toBe('2');
    expect(w.opens).toBe(1);
  });

  it('hands ownership to the next tab when the owner closes; nothing written before is lost', async () => {
    const w = await world();
    const a = w.tab('A');
    await expect.poll(() => a.engine.status().role).toBe('owner');
    const b = w.tab('B');
    const c = w.tab('C');
    await expect.poll(() => c.engine.status().role).toBe('follower');
    for (let i = 0; i < 5; i++) await store(b.engine, `b${i}`, `v${i}`);
    a.engine.dispose();
    await expect.poll(() => b.engine.status().role).toBe('owner');
    // C forwards to the new owner without noticing more than a status change.
    await store(c.engine, 'c0', 'after');
    for (let i = 0; i < 5; i++) expect((await retrieve(c.engine, `b${i}`)).value).toBe(`v${i}`);
    expect((await retrieve(b.engine, 'c0')).value).toBe('after');
    expect(c.statuses.every((s) => s.role === 'follower')).toBe(true);
  });

  it('re-sends a call whose answer was lost with its owner, and runs it only once', async () => {
    const w = await world();
    let dropAnswers = true;
    const a = w.tab('A', { drop: (m) => dropAnswers && m.t === 'res' });
    await expect.poll(() => a.engine.status().role).toBe('owner');
    await store(a.engine, 'k', 'v');
    const b = w.tab('B');
    await expect.poll(() => b.engine.status().role).toBe('follower');
    // A runs the retrieve (access_count 1) but its answer never reaches B; then A's tab closes.
    const lost = retrieve(b.engine, 'k');
    await expect.poll(() => w.db.get<{ n: number }>("SELECT access_count AS n FROM memory_entries WHERE key = 'k'")!.n).toBe(1);
    dropAnswers = false;
    a.engine.dispose();
    const answer = await lost;
    expect(answer.found).toBe(true);
    expect(answer.entry!.access_count).toBe(1);
    // Ran once: the new owner answered from the request log instead of running it again.
    expect(w.db.get<{ n: number }>("SELECT access_count AS n FROM memory_entries WHERE key = 'k'")!.n).toBe(1);
    expect(b.engine.status().role).toBe('owner');
  });

  it('lets calls wait while no tab is ready, and fails them with a reason when none becomes ready in time', async () => {
    const w = await world();
    let openNow!: () => void;
    const gate = new Promise<void>((r) => (openNow = r));
    const a = w.tab('A', {
      open: async () => {
        await gate;
        return { db: w.db, memory: openMemory(w.db), vfs: 'memory', close: () => {} };
      },
    });
    const b = w.tab('B', { timing: { noOwnerWaitMs: 50, callTimeoutMs: 5_000 } });
    const early = store(a.engine, 'early', 'x');
    const tooLate = store(b.engine, 'late', 'y');
    await expect(tooLate).rejects.toMatchObject({ name: 'EngineError', message: expect.stringMatching(/No tab could open the memory database/) });
    openNow();
    await expect(early).resolves.toMatchObject({ action: 'store', stored: true });
    await expect.poll(() => b.engine.status().role).toBe('follower');
    expect((await retrieve(b.engine, 'early')).value).toBe('x');
  });

  it('reports a failed open in the status of the owner and its followers, and rejects calls with EngineOpenError', async () => {
    const w = await world();
    const held = Object.assign(new Error('Access Handles cannot be created if there is another open Access Handle or Writable stream associated with the same file.'), { name: 'NoModificationAllowedError' });
    const a = w.tab('A', { open: async () => { throw held; } });
    await expect.poll(() => a.engine.status().role).toBe('failed');
    expect(a.engine.status().error).toMatchObject({ kind: 'open', message: expect.stringMatching(/in use by something else.*Close other windows/) });
    await expect(store(a.engine, 'k', 'v')).rejects.toMatchObject({ name: 'EngineOpenError' });
    const b = w.tab('B');
    await expect.poll(() => b.engine.status().role).toBe('failed');
    expect(b.engine.status().error!.message).toMatch(/could not open it/);
    await expect(store(b.engine, 'k', 'v')).rejects.toMatchObject({ name: 'EngineOpenError' });
    // The working tier is per tab and still answers.
    await expect(b.engine.call('working_set', ['x', 1])).resolves.toMatchObject({ entries: 1 });
  });

  it('keeps MemoryInputError for bad input, here and through a follower', async () => {
    const w = await world();
    const a = w.tab('A');
    await expect.poll(() => a.engine.status().role).toBe('owner');
    const b = w.tab('B');
    await expect.poll(() => b.engine.status().role).toBe('follower');
    for (const e of [a.engine, b.engine]) {
      await expect(e.call('memory_usage', [{ action: 'store', key: '' , value: 'v' }])).rejects.toMatchObject({ name: 'MemoryInputError', message: 'memory_usage: key must not be empty' });
      await expect(e.call('memory_semantic_search', [{}])).rejects.toMatchObject({ name: 'MemoryInputError' });
      await expect(e.call('nope', [])).rejects.toMatchObject({ name: 'EngineError' });
    }
  });

  it('rolls back a write that runs out of space, rejects it with EngineQuotaError, and keeps earlier data', async () => {
    const w = await world();
    const a = w.tab('A');
    await expect.poll(() => a.engine.status().role).toBe('owner');
    const b = w.tab('B');
    await expect.poll(() => b.engine.status().role).toBe('follower');
    await store(a.engine, 'kept', 'yes');
    const pages = Number(w.db.get<{ page_count: number }>('PRAGMA page_count')!.page_count);
    w.db.exec(`PRAGMA max_page_count = ${pages + 3}`);
    const big = Array.from({ length: 200 }, (_, i) => ({ namespace: 'big', key: `k${i}`, value: 'x'.repeat(2000) }));
    for (const e of [a.engine, b.engine]) {
      await expect(e.call('memory_store_batch', [big])).rejects.toMatchObject({ name: 'EngineQuotaError', message: expect.stringMatching(/^Storage is full: /) });
      expect(e.status().error).toMatchObject({ kind: 'quota' });
    }
    expect(w.db.get<{ n: number }>("SELECT count(*) AS n FROM memory_entries WHERE namespace = 'big'")!.n).toBe(0);
    expect((await retrieve(b.engine, 'kept')).value).toBe('yes');
    // A successful call clears the quota error from the status.
    expect(b.engine.status().error).toBeNull();
  });

  it('answers the working tier in each tab itself', async () => {
    const w = await world();
    const a = w.tab('A');
    await expect.poll(() => a.engine.status().role).toBe('owner');
    const b = w.tab('B');
    await b.engine.call('working_set', ['k', { n: 1 }]);
    expect(await b.engine.call('working_get', ['k'])).toEqual({ found: true, value: { n: 1 } });
    expect(await a.engine.call('working_get', ['k'])).toEqual({ found: false, value: null });
  });
});

describe('change notices', () => {
  it('tell every tab, the owner and the writer included, what each committed write changed', async () => {
    const config = parseModelConfig({ modelId: 'iris', architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 4 }, { type: 'output', activation: 'softmax' }] }, training: { target: 'species', epochs: 3 } });
    const file = encodeClf((await trainModel(referencePort, config, { trainingData: irisRecords() }, { now: () => 0, wallClock: () => 0 })).artifact);
    const w = await world();
    const a = w.tab('A');
    await expect.poll(() => a.engine.status().role).toBe('owner');
    const b = w.tab('B');
    await expect.poll(() => b.engine.status().role).toBe('follower');

    // The owner's own write, and a follower's (run by the owner, announced by it).
    await store(a.engine, 'k1', 'v', 'notes');
    await store(b.engine, 'k2', 'v', 'other');
    // Reads, usage bookkeeping (a retrieve's access count, a load's last use) and writes that change nothing say nothing; nor does a refused write.
    await retrieve(b.engine, 'k1', 'notes');
    await b.engine.call('memory_usage', [{ action: 'delete', namespace: 'notes', key: 'absent' }]);
    await expect(b.engine.call('memory_usage', [{ action: 'store', key: '', value: 'v' }])).rejects.toMatchObject({ name: 'MemoryInputError' });
    await b.engine.call('memory_store_batch', [[{ key: 'x', value: '1' }, { namespace: 'notes', key: 'y', value: '2' }]]);
    await b.engine.call('memory_clear_namespace', ['other']);
    await b.engine.call('knowledge_put', [{ key: 'fact', kind: 'fact', content: 'cats purr' }]);
    await b.engine.call('model_save', [{ file }]);
    await b.engine.call('model_load', [{ modelId: 'iris' }]);
    // An accuracy measured in one tab shows in every tab's Models page.
    await b.engine.call('model_record_accuracy', [{ modelId: 'iris', version: '1.0.0', accuracy: 0.9, records: 150, measured_on: '150 records of iris.csv' }]);
    await a.engine.call('model_save', [{ file }]);
    await b.engine.call('model_delete', [{ modelId: 'iris', version: '1.0.0' }]);
    await b.engine.call('model_delete', [{ modelId: 'iris', version: '1.0.0' }]);
    await new Promise((r) => setTimeout(r, 5));
    await a.engine.call('model_cleanup', [{ unusedDays: 0 }]);

    const expected: EngineChange[] = [
      { what: 'memory', namespaces: ['notes'] },
      { what: 'memory', namespaces: ['other'] },
      { what: 'memory', namespaces: ['default', 'notes'] },
      { what: 'memory', namespaces: ['other'] },
      { what: 'memory' },
      { what: 'models', modelIds: ['iris'], deleted: [] },
      { what: 'models', modelIds: ['iris'], deleted: [] },
      { what: 'models', modelIds: ['iris'], deleted: [] },
      { what: 'models', modelIds: ['iris'], deleted: [{ modelId: 'iris', version: '1.0.0' }] },
      { what: 'models', modelIds: ['iris'], deleted: [{ modelId: 'iris', version: null }] },
    ];
    await expect.poll(() => b.changes).toEqual(expected);
    expect(a.changes).toEqual(expected);
  });
});

describe('pipeline through the engine', () => {
  it('stores a follower\'s pipeline run at the owner, tells every tab, and keeps PipelineInputError by name', async () => {
    const w = await world();
    const a = w.tab('A');
    await expect.poll(() => a.engine.status().role).toBe('owner');
    const b = w.tab('B');
    await expect.poll(() => b.engine.status().role).toBe('follower');
    const result = {
      label: { runner: 'browser-sandbox', engine: 'Chromium 156 worker', version: '1.0.0' },
      test: { status: 'pass', duration_ms: 10, tests: [{ name: 't', status: 'pass', duration_ms: 1 }] },
      lint: { status: 'pass', duration_ms: 5, messages: [] },
      duration_ms: 15,
    };
    const run = { iteration_id: 'i', task_id: 't-1', template: 't', complexity: 'easy', seed: 1, strategy: 'balanced', result, score: { scored: false, reason: '' }, changes: [], created_at: 1 };
    const recorded = await b.engine.call('pipeline_record_run', [run]) as { run_id: number; profile: { uses: number } };
    expect(recorded.profile.uses).toBe(1);
    await a.engine.call('pipeline_log', [{ timestamp: 2, level: 'info', event: 'iteration-done', message: 'done' }]);
    // Reads say nothing.
    expect(await b.engine.call('pipeline_runs', [])).toHaveLength(1);
    await b.engine.call('pipeline_profiles', []);
    await expect(b.engine.call('pipeline_record_run', [{ ...run, strategy: 'reckless' }])).rejects.toMatchObject({ name: 'PipelineInputError', message: expect.stringMatching(/^strategy must be one of/) });
    await expect.poll(() => b.changes).toEqual([{ what: 'pipeline' }, { what: 'pipeline' }]);
    expect(a.changes).toEqual([{ what: 'pipeline' }, { what: 'pipeline' }]);
  });
});

describe('neural_patterns through the engine', () => {
  it('runs at the owner for every tab, announces learns and corrections, and passes bad input back as PatternInputError', async () => {
    const port = createWasmPort(await loadKernelNode());
    const w = await world();
    const open = async (): Promise<Backend> => ({ db: w.db, memory: openMemory(w.db, { port }), vfs: 'memory', close: () => {} });
    const a = w.tab('A', { open });
    await expect.poll(() => a.engine.status().role).toBe('owner');
    const b = w.tab('B', { open });
    await expect.poll(() => b.engine.status().role).toBe('follower');
    const analyzed = await b.engine.call('neural_patterns', [{ action: 'analyze', operation: 'Review the pull request for the billing service' }]) as AnalyzeResult;
    expect(analyzed).toMatchObject({ action: 'analyze', pattern: 'critical', learned: false });
    const learned = await b.engine.call('neural_patterns', [{ action: 'learn', operation: { description: 'Review the pull request for the billing service' }, outcome: { success: true } }]) as AnalyzeResult;
    expect(learned).toMatchObject({ action: 'learn', learned: true, id: 1 });
    await expect(b.engine.call('neural_patterns', [{ action: 'learn', operation: '{"type": ' }])).rejects.toMatchObject({ name: 'PatternInputError', message: expect.stringMatching(/^neural_patterns: operation is not valid JSON/) });
    await b.engine.call('patterns_correct', [{ operation: 'Review the pull request for the billing service', pattern: 'critical', id: 1 }]);
    const figures = await a.engine.call('patterns_classifier', []) as { trained_on: { corrections: number } };
    expect(figures.trained_on.corrections).toBe(1);
    const expected: EngineChange[] = [{ what: 'patterns', learned: [1], corrected: false }, { what: 'patterns', learned: [], corrected: true }];
    await expect.poll(() => b.changes).toEqual(expected);
    expect(a.changes).toEqual(expected);
  });
});

describe('the catalog and the learning loop through the engine', () => {
  it('recommend and record run at the owner for a follower; a record tells every tab of the pipeline run and the learned operation; bad input keeps its name', async () => {
    const port = createWasmPort(await loadKernelNode());
    const w = await world();
    const open = async (): Promise<Backend> => ({ db: w.db, memory: openMemory(w.db, { port }), vfs: 'memory', close: () => {} });
    const a = w.tab('A', { open });
    await expect.poll(() => a.engine.status().role).toBe('owner');
    const b = w.tab('B', { open });
    await expect.poll(() => b.engine.status().role).toBe('follower');
    const list = await b.engine.call('catalog_list', []) as { status: string }[];
    expect(list).toHaveLength(27);
    expect(list.every((e) => e.status === 'untrained')).toBe(true);
    await expect(b.engine.call('catalog_records', [{ name: 'nope' }])).rejects.toMatchObject({ name: 'CatalogInputError', message: expect.stringMatching(/^catalog: name must be one of/) });
    const step = await b.engine.call('loop_recommend', [{ task: 'Parse IPv4 addresses', complexity: 'easy', template: 'ipv4-parser' }]) as { id: number; recommended: string };
    const result = {
      label: { runner: 'browser-sandbox', engine: 'Chromium 156 worker', version: '1.0.0' },
      test: { status: 'fail', duration_ms: 10, tests: [{ name: 't', status: 'fail', duration_ms: 1, error: 'x' }] },
      lint: { status: 'pass', duration_ms: 5, messages: [] },
      duration_ms: 15,
    };
    const run = { iteration_id: 'i', task_id: 't-1', template: 'ipv4-parser', complexity: 'easy', seed: 1, strategy: step.recommended, result, score: { scored: false, reason: '' }, changes: [], created_at: 1 };
    const rec = await b.engine.call('loop_record', [{ step_id: step.id, run }]) as { run_id: number; pattern_memory_id: number; step: { status: string; passed: boolean } };
    expect(rec.step).toMatchObject({ status: 'recorded', passed: false });
    await expect(b.engine.call('loop_record', [{ step_id: step.id, run }])).rejects.toMatchObject({ name: 'PipelineInputError' });
    const expected: EngineChange[] = [{ what: 'patterns', learned: [], corrected: false }, { what: 'pipeline' }, { what: 'patterns', learned: [rec.pattern_memory_id], corrected: false }];
    await expect.poll(() => b.changes).toEqual(expected);
    expect(a.changes).toEqual(expected);
  });
});
