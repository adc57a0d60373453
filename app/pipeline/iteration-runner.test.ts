// Page-side iterations over a fake engine backed by core's pipeline API on SQLite, with scripted runners: persistence through the engine, the CLI's output shapes, cancel, and input errors by field.
import { describe, expect, it } from 'vitest';
import { PipelineInputError } from '../../core/pipeline/errors';
import type { RunnerLabel, TaskRunner, TaskRunResult } from '../../core/pipeline/runner';
import { nonFinite } from '../../core/pipeline/test-support';
import { fakePipelineEngine } from '../stores/test-support';
import { checkRunInput, pipelineStatus, runPipeline, type BrowserRunners } from './iteration-runner';

const SANDBOX: RunnerLabel = { runner: 'browser-sandbox', engine: 'Chromium 156 worker', version: '1.0.0' };

function result(pass: boolean, over: Partial<TaskRunResult> = {}): TaskRunResult {
  return {
    label: SANDBOX,
    test: { status: pass ? 'pass' : 'fail', duration_ms: 120, tests: [{ name: 'a', status: pass ? 'pass' : 'fail', duration_ms: 1, ...(pass ? {} : { error: 'AssertionError' }) }] },
    lint: { status: 'pass', duration_ms: 40, messages: [] },
    duration_ms: 160,
    ...over,
  };
}

/** Passes every version except the aggressive one (whose guards are gone), as the real templates do. */
function scripted(onRun?: () => void): TaskRunner & { runs: number } {
  const r = {
    name: 'browser-sandbox' as const,
    runs: 0,
    available: async () => ({ ok: true as const }),
    async run(files: Record<string, string>) {
      r.runs++;
      onRun?.();
      const source = Object.entries(files).find(([p]) => p.startsWith('src/'))![1];
      return result(/throw new TypeError|throw new RangeError/.test(source) && r.runs % 3 !== 0);
    },
  };
  return r;
}

function runners(sandbox: TaskRunner, webcontainer?: TaskRunner): BrowserRunners {
  return { 'browser-sandbox': sandbox, webcontainer: webcontainer ?? sandbox };
}

function fieldOf(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(PipelineInputError);
    return (err as PipelineInputError).field;
  }
  return 'nothing thrown';
}

describe('runPipeline', () => {
  it('runs the iterations on the page, persists every run through the engine and answers in the CLI\'s shape', async () => {
    const engine = await fakePipelineEngine();
    const progress: string[] = [];
    const out = await runPipeline({ complexity: 'easy', iterations: 2, seed: 41 }, {
      engine: engine.client, runners: runners(scripted()), onProgress: (e, i) => progress.push(`${i}:${e.type}`),
    });
    expect(out).toMatchObject({ action: 'run', complexity: 'easy', strategies: ['conservative', 'balanced', 'aggressive'], seed: 41, iterations_requested: 2, cancelled: false, runners: [SANDBOX] });
    expect(out.iterations.map((x) => x.task.seed)).toEqual([41, 42]);
    expect(out.iterations.flatMap((x) => x.runs.map((r) => r.result.label.runner))).toEqual(Array(6).fill('browser-sandbox'));
    expect(out.profiles.map((p) => p.uses)).toEqual([2, 2, 2]);
    expect(out.selection.ranking).toHaveLength(3);
    expect(nonFinite(out)).toEqual([]);
    expect(progress.filter((p) => p.endsWith(':done'))).toEqual(['0:done', '1:done']);
    // Everything went through the engine: runs, profiles and the log are in its database.
    expect(await engine.client.call('pipeline_runs')).toHaveLength(6);
    expect((await engine.client.call('pipeline_profiles')).map((p) => p.uses)).toEqual([2, 2, 2]);
    expect((await engine.client.call('pipeline_log_entries')).map((e) => e.event).filter((e) => e !== 'strategy-run')).toEqual(['iteration-start', 'iteration-done', 'iteration-start', 'iteration-done']);
  });

  it('with validate, compares the profiles before and after as the CLI\'s --validate does', async () => {
    const engine = await fakePipelineEngine();
    const out = await runPipeline({ complexity: 'easy', seed: 5, validate: true }, { engine: engine.client, runners: runners(scripted()) });
    expect(out.validation?.strategies.map((v) => [v.strategy, v.baseline])).toEqual([['conservative', 'starting-values'], ['balanced', 'starting-values'], ['aggressive', 'starting-values']]);
    const again = await runPipeline({ complexity: 'easy', seed: 6, validate: true }, { engine: engine.client, runners: runners(scripted()) });
    expect(again.validation?.overall?.baseline).toBe('learned');
    expect(nonFinite(again)).toEqual([]);
    expect((await runPipeline({ complexity: 'easy', seed: 7 }, { engine: engine.client, runners: runners(scripted()) })).validation).toBeUndefined();
  });

  it('runs the chosen runner and keeps the fallback its results record', async () => {
    const engine = await fakePipelineEngine();
    const fallback = { requested: 'webcontainer' as const, reason: 'the page is offline' };
    const wc: TaskRunner = { name: 'webcontainer', available: async () => ({ ok: true }), run: async () => ({ ...result(true), fallback }) };
    const out = await runPipeline({ complexity: 'medium', strategy: 'balanced', runner: 'webcontainer', seed: 1 }, { engine: engine.client, runners: runners(scripted(), wc) });
    expect(out.iterations[0].runs.map((r) => r.result.fallback)).toEqual([fallback]);
    const [stored] = await engine.client.call('pipeline_runs');
    expect([stored.strategy, stored.label.runner, stored.fallback]).toEqual(['balanced', 'browser-sandbox', fallback]);
  });

  it('stops at Cancel: the run in flight is not stored and no further iteration starts', async () => {
    const engine = await fakePipelineEngine();
    const ctrl = new AbortController();
    const runner = scripted(() => {
      if (runner.runs === 2) ctrl.abort();
    });
    const out = await runPipeline({ complexity: 'hard', iterations: 3, seed: 7 }, { engine: engine.client, runners: runners(runner), signal: ctrl.signal });
    expect(out.cancelled).toBe(true);
    expect(out.iterations).toHaveLength(1);
    expect(out.iterations[0].runs.map((r) => r.strategy)).toEqual(['conservative']);
    expect(await engine.client.call('pipeline_runs')).toHaveLength(1);
  });

  it('logs a Cancel that falls between two iterations, and starts no further one', async () => {
    const engine = await fakePipelineEngine();
    const ctrl = new AbortController();
    const out = await runPipeline({ complexity: 'easy', iterations: 3, seed: 7 }, { engine: engine.client, runners: runners(scripted()), signal: ctrl.signal, onIteration: () => ctrl.abort() });
    expect([out.cancelled, out.iterations.length, out.iterations[0].cancelled]).toEqual([true, 1, false]);
    const log = await engine.client.call('pipeline_log_entries');
    expect(log.at(-1)).toMatchObject({ event: 'cancelled', level: 'warn', message: 'cancelled after 1 of 3 iterations' });
  });

  it('names the field of malformed input before anything runs', async () => {
    expect(fieldOf(() => checkRunInput(null))).toBe('input');
    expect(fieldOf(() => checkRunInput({ complexity: 'expert' }))).toBe('complexity');
    expect(fieldOf(() => checkRunInput({ complexity: 'easy', iterations: 0 }))).toBe('iterations');
    expect(fieldOf(() => checkRunInput({ complexity: 'easy', iterations: 1.5 }))).toBe('iterations');
    expect(fieldOf(() => checkRunInput({ complexity: 'easy', strategy: 'fast' }))).toBe('strategy');
    expect(fieldOf(() => checkRunInput({ complexity: 'easy', seed: -1 }))).toBe('seed');
    expect(fieldOf(() => checkRunInput({ complexity: 'easy', timeout_ms: 5 }))).toBe('timeout_ms');
    expect(fieldOf(() => checkRunInput({ complexity: 'easy', preset: 'fastest' }))).toBe('preset');
    expect(fieldOf(() => checkRunInput({ complexity: 'easy', validate: 'yes' }))).toBe('validate');
    expect(fieldOf(() => checkRunInput({ complexity: 'easy', weights: { reliability: 1, speed: -1, score: 0 } }))).toBe('weights.speed');
    expect(() => checkRunInput({ complexity: 'easy', runner: 'node' })).toThrow(/runner must be one of browser-sandbox, webcontainer .*safla train-pipeline run/);
    const engine = await fakePipelineEngine();
    const runner = scripted();
    await expect(runPipeline({ complexity: 'easy', iterations: 'two' }, { engine: engine.client, runners: runners(runner) })).rejects.toThrow(/^iterations must be/);
    expect(runner.runs).toBe(0);
    expect(engine.calls).toEqual([]);
  });
});

describe('pipelineStatus', () => {
  it('reports what was learned in the CLI\'s status shape, improvement in words', async () => {
    const engine = await fakePipelineEngine();
    const empty = await pipelineStatus(engine.client);
    expect(empty).toMatchObject({ action: 'status', exists: false, recent_runs: [], totals: { runs: 0 } });
    await runPipeline({ complexity: 'easy', seed: 3 }, { engine: engine.client, runners: runners(scripted()) });
    const s = await pipelineStatus(engine.client, { preset: 'production' });
    expect(s).toMatchObject({ exists: true, totals: { runs: 3, scored_runs: 3, iterations: 1 }, selection: { preset: 'production', weights: { reliability: 0.7, speed: 0.1, score: 0.2 } } });
    expect(s.recent_runs).toHaveLength(3);
    expect(s.improvement.map((i) => i.text)).toEqual(Array(3).fill('not enough data (1 of 6 points)'));
    expect(nonFinite(s)).toEqual([]);
  });
});
