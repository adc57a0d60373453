// The orchestrator with a scripted runner (the real end-to-end run through npm is cli/pipeline/iteration.node.test.ts): order of progress, profiles, persistence, not-run, runner failure and cancel.
import { beforeEach, describe, expect, it } from 'vitest';
import { openMemoryDb } from '../../workers/engine/sqlite-db';
import { migrate } from '../db/migrations';
import type { Db } from '../db/db';
import { runIteration, type IterationStore, type ProgressEvent } from './iteration';
import type { RunOptions, TaskFiles, TaskRunner, TaskRunResult } from './runner';
import { createPipelineStore, type PipelineStore } from './store';
import { nonFinite, resultOf } from './test-support';
import { PipelineInputError } from './errors';

let db: Db;
let store: PipelineStore;

beforeEach(async () => {
  db = await openMemoryDb();
  migrate(db);
  store = createPipelineStore(db);
});

/** Answers each call with the next scripted result, and records the files it was given. */
function scripted(results: (TaskRunResult | Error)[], onRun?: (options: RunOptions) => void): TaskRunner & { seen: TaskFiles[] } {
  const seen: TaskFiles[] = [];
  return {
    name: 'node',
    seen,
    available: async () => ({ ok: true }),
    async run(files, options) {
      seen.push(files);
      onRun?.(options);
      const r = results[seen.length - 1];
      if (r instanceof Error) throw r;
      return r;
    },
  };
}

function field(f: () => Promise<unknown>): Promise<string> {
  return f().then(() => 'nothing thrown', (e: PipelineInputError) => e.field);
}

const clock = () => {
  let t = 1_700_000_000_000;
  return () => (t += 1000);
};

describe('runIteration', () => {
  it('runs each strategy\'s version of one task, scores, learns, stores and logs, reporting progress in order', async () => {
    const runner = scripted([resultOf('pass', 'pass', 300, 400), resultOf('pass', 'pass', 200, 300), resultOf('fail', 'fail', 100, 200)]);
    const events: ProgressEvent[] = [];
    const r = await runIteration({ complexity: 'easy', seed: 3, runner, store, clock: clock(), onProgress: (e) => events.push(e) });
    expect(events.map((e) => (e.type === 'strategy-start' || e.type === 'strategy-done' ? `${e.type}:${e.strategy}` : e.type))).toEqual([
      'task', 'strategy-start:conservative', 'strategy-done:conservative', 'strategy-start:balanced', 'strategy-done:balanced',
      'strategy-start:aggressive', 'strategy-done:aggressive', 'done',
    ]);
    // The runner got three different versions of the same task, tests untouched.
    expect(new Set(runner.seen.map((f) => JSON.stringify(f))).size).toBe(3);
    expect(new Set(runner.seen.map((f) => JSON.stringify(Object.entries(f).filter(([p]) => p.startsWith('test/'))))).size).toBe(1);
    expect(r.runs.map((x) => x.score.scored && x.score.successRate)).toEqual([1, 1, 0]);
    const [c, b, a] = r.profiles;
    expect(c.uses + b.uses + a.uses).toBe(3);
    expect(c.successRate).toBeCloseTo(0.7);
    expect(a.successRate).toBeCloseTo(0.3);
    expect(r.recommendations).toContainEqual(expect.objectContaining({ strategy: 'aggressive', type: 'improve_reliability' }));
    expect(store.loadProfiles()).toEqual(r.profiles);
    expect(store.runs({ iteration_id: r.iteration_id }).map((x) => x.strategy)).toEqual(['aggressive', 'balanced', 'conservative']);
    expect(store.logEntries().map((e) => e.event)).toEqual(['iteration-start', 'strategy-run', 'strategy-run', 'strategy-run', 'iteration-done']);
    expect(r.cancelled).toBe(false);
    expect(nonFinite(r)).toEqual([]);
  });

  it('records every strategy as not-run, with the reason, when the runner is unavailable, and learns nothing', async () => {
    const runner: TaskRunner = { name: 'browser-sandbox', available: async () => ({ ok: false, reason: 'no Worker here' }), run: async () => { throw new Error('not called'); } };
    const r = await runIteration({ complexity: 'hard', seed: 1, runner, store, clock: clock() });
    expect(r.runs.map((x) => [x.result.test.status, x.result.lint.status, x.score])).toEqual(Array.from({ length: 3 }, () => ['not-run', 'not-run', { scored: false, reason: 'no Worker here' }]));
    expect(r.runs[0].result.label).toEqual({ runner: 'browser-sandbox', engine: 'unavailable', version: 'unavailable' });
    expect(store.loadProfiles().every((p) => p.uses === 0)).toBe(true);
    expect(store.runs().map((x) => x.score)).toEqual([null, null, null]);
    expect(store.logEntries().filter((e) => e.event === 'strategy-run').map((e) => e.level)).toEqual(['warn', 'warn', 'warn']);
  });

  it('records a runner that breaks as not-run, never as a failure of the code', async () => {
    const runner = scripted([new Error('EACCES: mkdtemp'), resultOf('pass', 'pass'), resultOf('pass', 'fail')]);
    const r = await runIteration({ complexity: 'medium', seed: 2, runner, store, clock: clock() });
    expect(r.runs[0].score).toEqual({ scored: false, reason: 'the node runner failed: EACCES: mkdtemp' });
    expect(r.profiles[0].uses).toBe(0);
    expect(r.profiles[1].uses).toBe(1);
  });

  it('stops at a cancel: the run in flight is neither scored nor stored', async () => {
    const ctrl = new AbortController();
    let calls = 0;
    const runner = scripted([resultOf('pass', 'pass'), resultOf('pass', 'pass'), resultOf('pass', 'pass')], () => {
      if (++calls === 2) ctrl.abort();
    });
    const events: string[] = [];
    const r = await runIteration({ complexity: 'easy', seed: 9, runner, store, clock: clock(), signal: ctrl.signal, onProgress: (e) => events.push(e.type) });
    expect(r.cancelled).toBe(true);
    expect(r.runs.map((x) => x.strategy)).toEqual(['conservative']);
    expect(store.runs()).toHaveLength(1);
    expect(store.loadProfiles().map((p) => p.uses)).toEqual([1, 0, 0]);
    expect(events.at(-1)).toBe('cancelled');
    expect(store.logEntries().at(-1)).toMatchObject({ event: 'cancelled', message: 'cancelled after 1 of 3 strategies' });
  });

  it('runs the named strategies only, once each', async () => {
    const runner = scripted([resultOf('pass', 'pass')]);
    const r = await runIteration({ complexity: 'easy', seed: 1, strategies: ['balanced', 'balanced'], runner, store, clock: clock() });
    expect(r.runs.map((x) => x.strategy)).toEqual(['balanced']);
  });

  it('names the field of bad options', async () => {
    const runner = scripted([]);
    expect(await field(() => runIteration({ complexity: 'easy', seed: 1, strategies: [], runner, store }))).toBe('strategies');
    expect(await field(() => runIteration({ complexity: 'easy', seed: 1, strategies: ['fast' as never], runner, store }))).toBe('strategies');
    expect(await field(() => runIteration({ complexity: 'easy', seed: 1, runner, store, timeout_ms: 0 }))).toBe('timeout_ms');
    expect(await field(() => runIteration({ complexity: 'expert' as never, seed: 1, runner, store }))).toBe('complexity');
    expect(runner.seen).toHaveLength(0);
  });
});

/** A value a moment later, copied, as a reply from a worker arrives. */
const later = <T>(f: () => T) => new Promise<T>((resolve, reject) => setTimeout(() => {
  try {
    resolve(structuredClone(f()));
  } catch (err) {
    reject(err as Error);
  }
}, 0));

/** The store as the page reaches it through the engine worker: every call a promise, values copied. */
function asyncStore(s: PipelineStore): IterationStore {
  return {
    loadProfiles: () => later(() => s.loadProfiles()),
    recordStrategyRun: (run) => later(() => s.recordStrategyRun(run)),
    log: (entry) => later(() => s.log(entry)),
  };
}

const results = () => [resultOf('pass', 'pass', 300, 400), resultOf('pass', 'pass', 200, 300), resultOf('fail', 'fail', 100, 200)];
const allPass = () => scripted([resultOf('pass', 'pass'), resultOf('pass', 'pass'), resultOf('pass', 'pass')]);

describe('runIteration over an asynchronous store', () => {
  it('runs, learns and persists exactly as over the synchronous store', async () => {
    const viaAsync = await runIteration({ complexity: 'easy', seed: 3, runner: scripted(results()), store: asyncStore(store), clock: clock() });
    const other = await openMemoryDb();
    migrate(other);
    const syncStore = createPipelineStore(other);
    const viaSync = await runIteration({ complexity: 'easy', seed: 3, runner: scripted(results()), store: syncStore, clock: clock() });
    expect(viaAsync).toEqual(viaSync);
    expect(store.loadProfiles()).toEqual(syncStore.loadProfiles());
    expect(store.logEntries().map((e) => e.event)).toEqual(['iteration-start', 'strategy-run', 'strategy-run', 'strategy-run', 'iteration-done']);
  });

  it('loses no learning when two iterations run at once over one database (two tabs)', async () => {
    await Promise.all([
      runIteration({ complexity: 'easy', seed: 1, runner: allPass(), store: asyncStore(store), clock: clock() }),
      runIteration({ complexity: 'easy', seed: 2, runner: allPass(), store: asyncStore(createPipelineStore(db)), clock: clock() }),
    ]);
    expect(store.loadProfiles().map((p) => p.uses)).toEqual([2, 2, 2]);
  });
});
