// A command of iterations over a scripted runner and a real store: seeds wrap, the output's shape, validation, and a Cancel between two iterations logged.
import { beforeEach, describe, expect, it } from 'vitest';
import { openMemoryDb } from '../../workers/engine/sqlite-db';
import { migrate } from '../db/migrations';
import { MAX_SEED } from './limits';
import { PRESETS } from './selection';
import { runPipelineCommand, type PipelineCommand } from './run';
import type { TaskRunner } from './runner';
import { createPipelineStore, type PipelineStore } from './store';
import { nonFinite, resultOf } from './test-support';

let store: PipelineStore;

beforeEach(async () => {
  const db = await openMemoryDb();
  migrate(db);
  store = createPipelineStore(db);
});

const runner: TaskRunner = { name: 'node', available: async () => ({ ok: true }), run: async () => resultOf('pass', 'fail', 100, 50) };

const command = (over: Partial<PipelineCommand> = {}): PipelineCommand => ({
  complexity: 'easy', iterations: 2, strategies: ['balanced'], seed: MAX_SEED, timeout_ms: 1000, preset: 'balanced', weights: PRESETS.balanced, validate: false, ...over,
});

describe('runPipelineCommand', () => {
  it('runs iteration i on seed + i (wrapping at 2^32) and answers with the stored profiles and a selection', async () => {
    const progress: string[] = [];
    const out = await runPipelineCommand(command(), { runner, store, state: 'here', onProgress: (e, i, total) => progress.push(`${i}/${total}:${e.type}`) });
    expect(out).toMatchObject({ action: 'run', state: 'here', seed: MAX_SEED, iterations_requested: 2, cancelled: false, runners: [resultOf('pass', 'pass').label] });
    expect(out.iterations.map((x) => x.task.seed)).toEqual([MAX_SEED, 0]);
    expect(out.profiles.find((p) => p.strategy === 'balanced')?.uses).toBe(2);
    expect(out.profiles).toEqual(store.loadProfiles());
    expect(out.selection.preset).toBe('balanced');
    expect(out.validation).toBeUndefined();
    expect(progress.filter((p) => p.endsWith(':done'))).toEqual(['0/2:done', '1/2:done']);
    expect(nonFinite(out)).toEqual([]);
  });

  it('with validate, compares the profiles from before the command with those after', async () => {
    const first = await runPipelineCommand(command({ iterations: 1, validate: true }), { runner, store, state: 'here' });
    expect(first.validation?.strategies.map((s) => [s.strategy, s.baseline])).toEqual([['balanced', 'starting-values']]);
    const second = await runPipelineCommand(command({ iterations: 1, validate: true }), { runner, store, state: 'here' });
    expect(second.validation?.strategies.map((s) => [s.strategy, s.baseline])).toEqual([['balanced', 'learned']]);
  });

  it('logs a Cancel that falls between two iterations and starts no further one', async () => {
    const ctrl = new AbortController();
    const out = await runPipelineCommand(command({ iterations: 3 }), { runner, store, state: 'here', signal: ctrl.signal, onIteration: () => ctrl.abort() });
    expect([out.cancelled, out.iterations.length, out.iterations[0].cancelled]).toEqual([true, 1, false]);
    expect(store.logEntries().at(-1)).toMatchObject({ event: 'cancelled', level: 'warn', message: 'cancelled after 1 of 3 iterations', iteration_id: out.iterations[0].iteration_id });
  });
});
