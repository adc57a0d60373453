// The Pipeline store against a fake engine serving core's pipeline API on SQLite, scripted runners, the real custom-task input checks and a fake fetch (no network).
import { createRoot } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../core/pipeline/chat-executor';
import type { RunnerLabel, RunOptions, TaskRunner, TaskRunResult } from '../../core/pipeline/runner';
import { nonFinite } from '../../core/pipeline/test-support';
import { runTask } from '../pipeline/run-task';
import { memoryBackend, UiState } from '../storage/ui-state';
import { createPipelineStore, type PipelineStoreOptions } from './pipeline';
import { fakePipelineEngine } from './test-support';

let disposers: (() => void)[] = [];
afterEach(() => {
  for (const d of disposers) d();
  disposers = [];
});

const SANDBOX: RunnerLabel = { runner: 'browser-sandbox', engine: 'Chromium 156 worker', version: '1.0.0' };

function result(pass: boolean): TaskRunResult {
  return {
    label: SANDBOX,
    test: { status: pass ? 'pass' : 'fail', duration_ms: 90, tests: [{ name: 'suite > case', status: pass ? 'pass' : 'fail', duration_ms: 1, ...(pass ? {} : { error: 'AssertionError: expected TypeError' }) }] },
    lint: { status: 'pass', duration_ms: 30, messages: pass ? [] : [{ file: 'src/a.js', line: 2, column: 3, ruleId: 'no-unused-vars', severity: 1, message: "'x' is unused" }] },
    duration_ms: 120,
  };
}

/** Passes unless the source lost its guards (the aggressive version); waits for `gate` when given, and ends at once on abort. */
function scripted(gate?: Promise<void>): TaskRunner & { runs: number } {
  const r = {
    name: 'browser-sandbox' as const,
    runs: 0,
    available: async () => ({ ok: true as const }),
    async run(files: Record<string, string>, options: RunOptions) {
      r.runs++;
      if (gate) {
        await new Promise<void>((resolve, reject) => {
          void gate.then(resolve);
          options.signal?.addEventListener('abort', () => reject(new DOMException('cancelled', 'AbortError')));
        });
      }
      const source = Object.entries(files).find(([p]) => p.startsWith('src/'))![1];
      return result(/throw new (Type|Range)Error/.test(source));
    },
  };
  return r;
}

interface Fetched {
  url: string;
  headers: Record<string, string>;
  body: { model: string; messages: { role: string; content: string }[] };
}

function fakeFetch(seen: Fetched[]): FetchLike {
  return async (url, init) => {
    seen.push({ url, headers: init.headers, body: JSON.parse(init.body) as Fetched['body'] });
    return { ok: true, status: 200, json: async () => ({ model: 'tiny-1', choices: [{ message: { content: `answer ${seen.length}` } }] }) };
  };
}

async function setup(over: Partial<PipelineStoreOptions> & { runner?: TaskRunner } = {}) {
  const engine = await fakePipelineEngine();
  const runner = over.runner ?? scripted();
  const downloads: { name: string; text: string; type: string }[] = [];
  const seen: Fetched[] = [];
  let online = true;
  const ui = new UiState(async () => memoryBackend());
  const options: PipelineStoreOptions = {
    engine: engine.client,
    runners: async () => ({ 'browser-sandbox': runner, webcontainer: runner }),
    runTask: (input, signal) => runTask(input, { 'browser-sandbox': runner, webcontainer: runner }, signal),
    endpoints: ui,
    fetch: fakeFetch(seen),
    online: () => online,
    download: (name, text, type) => downloads.push({ name, text, type }),
    clock: () => 1_700_000_000_000,
    seed: () => 12,
    visibility: { hidden: () => false, onShown: () => () => {} },
    ...over,
  };
  const store = createRoot((dispose) => {
    disposers.push(dispose);
    return createPipelineStore(options);
  });
  await store.refresh();
  return { store, engine, runner, downloads, seen, ui, setOnline: (v: boolean) => (online = v) };
}

describe('pipeline store: iterations', () => {
  it('runs an iteration with per-strategy progress, then shows profiles, history with runner labels and the log', async () => {
    let store!: Awaited<ReturnType<typeof setup>>['store'];
    const states: string[] = [];
    // What the page would show at each strategy's start.
    const runner = scripted();
    const run = runner.run.bind(runner);
    runner.run = async (files, options) => {
      states.push(store.progress()!.strategies.map((s) => `${s.strategy}:${s.state}`).join(' '));
      return run(files, options);
    };
    const ctx = await setup({ runner });
    store = ctx.store;
    const { engine } = ctx;
    await store.start();
    expect(states).toEqual([
      'conservative:running balanced:waiting aggressive:waiting',
      'conservative:done balanced:running aggressive:waiting',
      'conservative:done balanced:done aggressive:running',
    ]);
    const out = store.outcome();
    expect(out.status).toBe('done');
    if (out.status !== 'done') return;
    expect(out.result.iterations[0].runs.map((r) => `${r.strategy} ${r.result.label.runner}`)).toEqual(['conservative browser-sandbox', 'balanced browser-sandbox', 'aggressive browser-sandbox']);
    expect(out.result.seed).toBe(12);
    expect(nonFinite(out.result)).toEqual([]);
    await expect.poll(() => store.history().length).toBe(3);
    expect(store.history().map((r) => r.label.runner)).toEqual(['browser-sandbox', 'browser-sandbox', 'browser-sandbox']);
    expect(store.profiles()!.map((p) => p.uses)).toEqual([1, 1, 1]);
    expect(store.log().map((e) => e.event)).toEqual(['iteration-start', 'strategy-run', 'strategy-run', 'strategy-run', 'iteration-done']);
    expect(store.progress()).toBeNull();
    expect(engine.calls.filter((c) => c === 'pipeline_record_run')).toHaveLength(3);
  });

  it('cancels at once: the strategy in flight is not stored and the rest never start', async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const runner = scripted(gate);
    const { store } = await setup({ runner });
    store.setIterations('3');
    const done = store.start();
    await expect.poll(() => store.progress()?.strategies[0].state).toBe('running');
    store.cancel();
    expect(store.progress()?.cancelling).toBe(true);
    await done;
    open();
    const out = store.outcome();
    expect(out.status === 'done' && out.result.cancelled).toBe(true);
    expect(out.status === 'done' && out.result.iterations.flatMap((i) => i.runs)).toEqual([]);
    expect(runner.runs).toBe(1);
    await expect.poll(() => store.log().at(-1)?.event).toBe('cancelled');
    expect(store.history()).toEqual([]);
  });

  it('refuses a bad iteration count without running anything', async () => {
    const runner = scripted();
    const { store } = await setup({ runner });
    store.setIterations('0');
    expect(store.iterationsError()).toMatch(/^Iterations must be a whole number from 1 to 100/);
    await store.start();
    expect(runner.runs).toBe(0);
    expect(store.outcome().status).toBe('idle');
  });

  it('shows a run another tab stored, without a click, and a run\'s per-test results', async () => {
    const { store, engine } = await setup();
    const tab2 = engine.other();
    const r = result(false);
    const { run_id } = await tab2.call('pipeline_record_run', {
      iteration_id: 'x', task_id: 'slugify-1', template: 'slugify', complexity: 'easy', seed: 1, strategy: 'aggressive', result: r,
      score: { scored: false, reason: '' }, changes: [], created_at: 5,
    });
    await expect.poll(() => store.history().map((h) => h.id)).toEqual([run_id]);
    await store.showRun(run_id);
    const sel = store.selected();
    expect(sel?.phase.status === 'done' && sel.phase.result.tests).toEqual(r.test.tests);
    expect(sel?.phase.status === 'done' && sel.phase.result.messages.map((m) => m.ruleId)).toEqual(['no-unused-vars']);
    await store.showRun(999);
    expect(store.selected()?.phase).toEqual({ status: 'failed', message: 'There is no run 999.' });
  });

  it('exports the whole log as JSONL', async () => {
    const { store, downloads } = await setup();
    await store.start();
    await store.exportLog();
    expect(downloads).toHaveLength(1);
    expect(downloads[0].name).toBe('safla-pipeline-log-2023-11-14T22-13-20.jsonl');
    expect(downloads[0].type).toBe('application/x-ndjson');
    const lines = downloads[0].text.trimEnd().split('\n').map((l) => JSON.parse(l) as { event: string; time: string });
    expect(lines.map((l) => l.event)).toEqual(['iteration-start', 'strategy-run', 'strategy-run', 'strategy-run', 'iteration-done']);
    expect(store.exported()).toEqual({ status: 'done', result: { name: downloads[0].name, lines: 5 } });
  });
});

describe('pipeline store: custom tasks', () => {
  it('runs the sample task and logs it; a malformed task is refused naming the field', async () => {
    const { store } = await setup();
    const ed = store.editor;
    expect(ed.files().map((f) => f.path)).toEqual([expect.stringMatching(/^src\/.*\.js$/), expect.stringMatching(/^test\/.*\.test\.js$/), 'package.json', 'eslint.config.js']);
    await ed.run();
    const phase = ed.phase();
    expect(phase.status === 'done' && [phase.result.test.status, phase.result.label.runner]).toEqual(['pass', 'browser-sandbox']);
    await expect.poll(() => store.log().at(-1)?.event).toBe('custom-run');
    expect(store.log().at(-1)?.message).toMatch(/^custom task: tests pass \(1\/1 passed\), lint pass \(0 messages\), \d+ ms on browser-sandbox \(Chromium 156 worker, [^)]+\)$/);

    ed.setTimeoutText('5');
    await ed.run();
    expect(ed.phase()).toMatchObject({ status: 'invalid', field: 'timeout_ms' });
    ed.setTimeoutText('10000');
    expect(ed.addFile('lib/../x.js')).toBe(true);
    await ed.run();
    expect(ed.phase()).toMatchObject({ status: 'invalid', field: 'files["lib/../x.js"]' });
    ed.removeFile('lib/../x.js');
    for (const f of ed.files().filter((x) => x.path.startsWith('test/'))) ed.removeFile(f.path);
    await ed.run();
    expect(ed.phase()).toMatchObject({ status: 'invalid', field: 'files', message: expect.stringMatching(/has no test file/) });
    expect(ed.addFile('package.json')).toBe(false);
    expect(ed.fileError()).toBe('There is already a file package.json.');
  });
});

describe('pipeline store: selection and train-and-stream', () => {
  it('selects by preset or custom weights, naming a bad weight', async () => {
    const { store } = await setup();
    const s = store.stream;
    expect(s.selection()).toMatchObject({ ok: true, preset: 'balanced', trained: false });
    s.setMode('production');
    expect(s.selection()).toMatchObject({ ok: true, weights: { reliability: 0.7, speed: 0.1, score: 0.2 } });
    s.setMode('custom');
    s.setCustom({ reliability: '1', speed: 'fast', score: '0' });
    expect(s.selection()).toMatchObject({ ok: false, field: 'weights.speed' });
    s.setCustom({ reliability: '0', speed: '0', score: '0' });
    expect(s.selection()).toMatchObject({ ok: false, field: 'weights' });
    s.setCustom({ reliability: '0', speed: '1', score: '0' });
    // On the starting values, speed alone picks the strategy expected to be fastest.
    expect(s.selection()).toMatchObject({ ok: true, preset: 'custom', selection: { strategy: 'aggressive' } });
  });

  it('without an endpoint shows the plan and says no step was executed; nothing is fetched', async () => {
    const { store, seen } = await setup();
    await store.stream.run();
    const p = store.stream.phase();
    expect(p.status).toBe('done');
    if (p.status !== 'done') return;
    expect(p.result.executed).toBe(false);
    expect(p.result.steps.every((s) => s.status === 'not-executed')).toBe(true);
    expect(p.result.note).toMatch(/no step was executed/);
    expect(seen).toEqual([]);
  });

  it('executes the steps on the endpoint the user entered, from the page, and keeps the key out of the log', async () => {
    const { store, seen, ui } = await setup();
    const s = store.stream;
    s.setEndpointForm({ baseUrl: 'ftp://nope', model: 'tiny', apiKey: '' });
    expect(await s.saveEndpoint()).toBe(false);
    expect(s.endpointError()?.field).toBe('endpoint.baseUrl');
    s.setEndpointForm({ baseUrl: 'http://127.0.0.1:9/v1', model: 'tiny', apiKey: 'sk-secret' });
    expect(await s.saveEndpoint()).toBe(true);
    expect((await ui.getChatEndpoint())?.apiKey).toBe('sk-secret');
    await s.run();
    const p = s.phase();
    // On the starting values the balanced preset picks aggressive: two steps.
    expect(p.status === 'done' && [p.result.strategy, ...p.result.steps.map((x) => x.status)]).toEqual(['aggressive', 'done', 'done']);
    expect(p.status === 'done' && p.result.executor).toBe('openai-compatible http://127.0.0.1:9/v1 (tiny)');
    expect(seen.map((f) => f.url)).toEqual(Array(2).fill('http://127.0.0.1:9/v1/chat/completions'));
    expect(seen[0].headers.authorization).toBe('Bearer sk-secret');
    expect(seen[1].body.messages[1].content).toContain('answer 1');
    await expect.poll(() => store.log().at(-1)?.event).toBe('train-and-stream');
    expect(JSON.stringify(store.log())).not.toContain('sk-secret');
  });

  it('offline, uses no endpoint and says why no step was executed', async () => {
    const { store, seen, setOnline } = await setup();
    store.stream.setEndpointForm({ baseUrl: 'https://api.example.com/v1', model: 'm', apiKey: '' });
    await store.stream.saveEndpoint();
    setOnline(false);
    await store.stream.run();
    const p = store.stream.phase();
    expect(p.status === 'done' && p.result.note).toMatch(/^This browser is offline, so the configured endpoint was not used and no step was executed/);
    expect(seen).toEqual([]);
  });
});
