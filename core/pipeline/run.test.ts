// runPipelineIterations on a real store (SQLite in memory, as the CLI and the engine hold it) with a scripted runner: seeds per iteration, the CLI's result shape, validation, a cancel between iterations logged; the page's own cases over the engine are app/pipeline/iteration-runner.test.ts.
import { describe, expect, it } from 'vitest';
import { openMemoryDb } from '../../workers/engine/sqlite-db';
import { migrate } from '../db/migrations';
import { MAX_SEED, runPipelineIterations, type PipelineRunPlan } from './run';
import type { TaskRunner } from './runner';
import { resolveWeights } from './selection';
import { createPipelineStore } from './store';
import { resultOf } from './test-support';

const passing: TaskRunner = { name: 'node', available: async () => ({ ok: true }), run: async () => resultOf('pass', 'pass') };

async function setup() {
  const db = await openMemoryDb();
  migrate(db);
  let t = 0;
  return { store: createPipelineStore(db), clock: () => 1_700_000_000_000 + t, now: () => (t += 10) };
}

const plan = (over: Partial<PipelineRunPlan> = {}): PipelineRunPlan => ({
  complexity: 'easy', iterations: 2, strategies: ['balanced'], seed: MAX_SEED, timeout_ms: 1000, ...resolveWeights('production'), validate: false, ...over,
});

describe('runPipelineIterations', () => {
  it('runs the iterations one after another, seed + i modulo 2^32, stores each run and answers in the CLI\'s shape', async () => {
    const { store, clock, now } = await setup();
    const seen: string[] = [];
    const out = await runPipelineIterations(plan({ validate: true }), {
      state: '/tmp/state', runner: passing, store, clock, now,
      onProgress: (e, i, total) => seen.push(`${i}/${total}:${e.type}`), onIteration: (r, i) => seen.push(`${i}:${r.task.seed}`),
    });
    expect(out.iterations.map((x) => x.task.seed)).toEqual([MAX_SEED, 0]);
    expect(seen.filter((s) => !s.includes('strategy'))).toEqual(['0/2:task', '0/2:done', `0:${MAX_SEED}`, '1/2:task', '1/2:done', '1:0']);
    expect(out).toMatchObject({ action: 'run', state: '/tmp/state', seed: MAX_SEED, iterations_requested: 2, cancelled: false, selection: { preset: 'production' } });
    expect(out.runners.map((l) => l.runner)).toEqual(['node']);
    expect(out.validation?.strategies.map((s) => s.strategy)).toEqual(['balanced']);
    expect(store.totals().runs).toBe(2);
    expect(out.duration_ms).toBeGreaterThan(0);
  });

  it('stops at a cancel between two iterations, logs where, and starts no further one', async () => {
    const { store, clock, now } = await setup();
    const ctrl = new AbortController();
    const out = await runPipelineIterations(plan({ iterations: 3 }), { state: 's', runner: passing, store, clock, now, signal: ctrl.signal, onIteration: () => ctrl.abort() });
    expect([out.cancelled, out.iterations.length, out.iterations[0].cancelled]).toEqual([true, 1, false]);
    expect(store.logEntries().at(-1)).toMatchObject({ event: 'cancelled', level: 'warn', message: 'cancelled after 1 of 3 iterations' });
  });
});
