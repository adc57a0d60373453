// The Patterns store against the engine's own host (memory, patterns, catalog, loop on in-memory SQLite, the wasm kernel) behind a crossing call with change notices: analyse, learn, correct, figures, the catalog's training state, the loop, and live refresh.
import { createRoot } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../core/db/migrations';
import type { LoopRunResult } from '../../core/loop/run';
import { scoreRun } from '../../core/pipeline/scoring';
import { resultOf } from '../../core/pipeline/test-support';
import { loadKernelNode } from '../../kernel/js/node';
import { createWasmPort } from '../../kernel/js/network';
import { changeOf, openMemory } from '../../workers/engine/memory-host';
import { openMemoryDb } from '../../workers/engine/sqlite-db';
import type { EngineChange, EngineClient, EngineMethod } from '../../workers/engine/types';
import type { CatalogTraining } from '../patterns/catalog-train';
import { createPatternsStore, parseDataset } from './patterns';
import { crossingCall, type Impl } from './test-support';

let disposers: (() => void)[] = [];
afterEach(() => {
  for (const d of disposers) d();
  disposers = [];
});

async function setup(train: (name: string) => CatalogTraining = () => ({ done: Promise.reject(new Error('unused')), cancel: () => {} })) {
  const db = await openMemoryDb();
  migrate(db);
  const host = openMemory(db, { port: createWasmPort(await loadKernelNode()) });
  const calls: string[] = [];
  const listeners = new Set<(c: EngineChange) => void>();
  const call = crossingCall(host as unknown as Partial<Record<EngineMethod, Impl>>, calls);
  const engine: Pick<EngineClient, 'call' | 'onChange'> = {
    call: (async (method: EngineMethod, ...args: never[]) => {
      const value = await (call as (m: EngineMethod, ...a: never[]) => Promise<unknown>)(method, ...args);
      const change = changeOf(method, args, value);
      if (change) setTimeout(() => { for (const c of [change].flat()) for (const l of listeners) l(c); }, 0);
      return value;
    }) as EngineClient['call'],
    onChange(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
  };
  const store = createRoot((dispose) => {
    disposers.push(dispose);
    return createPatternsStore({
      engine,
      train: (input) => train(input.name),
      runLoop: async () => ({ cancelled: true }) as LoopRunResult,
      visibility: { hidden: () => false, onShown: () => () => {} },
    });
  });
  return { host, store, calls };
}

describe('the Patterns store', () => {
  it('analyses, learns with an outcome, and stores a correction of what it showed', async () => {
    const { store, host } = await setup();
    store.setOperation('Security audit of the login service: sessions, password storage and token expiry');
    await store.analyze();
    const a = store.result();
    expect(a.status).toBe('done');
    if (a.status !== 'done') return;
    expect(a.result).toMatchObject({ action: 'analyze', pattern: 'critical', learned: false });
    store.setOutcome('{"success": true, "duration": 1200}');
    await store.learn();
    const l = store.result();
    expect(l.status === 'done' && l.result).toMatchObject({ action: 'learn', learned: true, id: 1 });
    await store.correct('adaptive');
    const c = store.correction();
    expect(c.status === 'done' && c.result).toMatchObject({ pattern: 'adaptive', updated_record: true, corrections: 1 });
    expect(host.patterns_recorded()[0]).toMatchObject({ id: 1, pattern: 'adaptive', label_source: 'corrected', success: true });
    // The correction's notice refreshes the figures: the classifier retrains on it.
    await expect.poll(() => { const f = store.classifier(); return f.status === 'done' ? f.result.trained_on.corrections : -1; }).toBe(1);
    await expect.poll(() => store.recorded().length).toBe(1);
    store.setOperation('{"type": ');
    await store.analyze();
    expect(store.result()).toEqual({ status: 'failed', message: expect.stringMatching(/^Refused: operation is not valid JSON/) });
  });

  it('lists the catalog, says why a template cannot train yet, and follows a training to its measured result', async () => {
    let finish!: () => void;
    const { store, host } = await setup((name) => ({
      done: new Promise((resolve) => { finish = () => resolve({ action: 'train', entry: host.catalog_entry({ name }), result: {} as never, training_ms: 5 }); }),
      cancel: () => {},
    }));
    await store.refresh();
    expect(store.catalog()).toHaveLength(27);
    const adaptive = store.catalog()!.find((e) => e.name === 'adaptive-coordinator')!;
    expect(adaptive).toMatchObject({ status: 'untrained', recorded: { ready: false, usable: 0 } });
    const training = store.train('adaptive-coordinator', false);
    expect(store.training()['adaptive-coordinator'].phase.status).toBe('running');
    finish();
    await training;
    expect(store.training()['adaptive-coordinator'].phase.status).toBe('done');
    expect(parseDataset('runs.jsonl', '{"a": 1}\n{"a": 2}\n')).toEqual({ name: 'runs.jsonl', data: [{ a: 1 }, { a: 2 }] });
    expect(parseDataset('runs.json', '[{')).toMatchObject({ name: 'runs.json', error: expect.stringMatching(/^runs\.json is not valid JSON: /) });
  });

  it('recommends with the loop, and reads steps and runs recorded elsewhere without a click', async () => {
    const { store, host } = await setup();
    store.setTask('Validate email addresses in the signup form');
    await store.recommend();
    const r = store.recommendation();
    expect(r.status === 'done' && r.result).toMatchObject({ recommended: 'aggressive', status: 'recommended' });
    await expect.poll(() => store.steps().length).toBe(1);
    // A loop record from another tab: its notices (pipeline, patterns) bring the step's outcome here.
    const step = host.loop_steps()[0];
    const result = resultOf('fail', 'pass');
    host.loop_record({ step_id: step.id, run: { iteration_id: 'x', task_id: 'email-validator-1', template: 'email-validator', complexity: 'easy', seed: 1, strategy: 'aggressive', result, score: scoreRun('aggressive', result), changes: [], created_at: 2 } });
    await store.refresh();
    expect(store.steps()[0]).toMatchObject({ status: 'recorded', passed: false });
    store.setTask(' ');
    await store.recommend();
    expect(store.recommendation()).toEqual({ status: 'failed', message: 'Refused: task must describe the task in words (not empty).' });
  });
});
