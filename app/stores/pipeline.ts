// The Pipeline page's store: iterations run on this page with per-task/per-strategy progress and Cancel, what the engine keeps (profiles, runs with their per-test results, the log) read live, the log's JSONL export, and the custom-task editor, selection and train-and-stream parts.
import { batch, createSignal, onCleanup } from 'solid-js';
import type { BrowserRunnerName, PipelineRunOutput } from '../../core/pipeline/api';
import type { FetchLike } from '../../core/pipeline/chat-executor';
import type { IterationResult, StrategyRun, TaskSummary } from '../../core/pipeline/iteration';
import { MAX_ITERATIONS } from '../../core/pipeline/limits';
import { recommendations, type StrategyProfile } from '../../core/pipeline/profiles';
import type { TaskRunResult } from '../../core/pipeline/runner';
import type { LogEntry, PipelineTotals, StoredRun, StoredRunDetail } from '../../core/pipeline/store';
import { STRATEGIES, type Strategy } from '../../core/pipeline/strategies/types';
import type { Complexity } from '../../core/pipeline/task';
import type { EngineClient } from '../../workers/engine/types';
import { customRunMessage, drawSeed, runPipeline, type BrowserRunners } from '../pipeline/iteration-runner';
import { CHANGE_COALESCE_MS, coalesce, type Visibility } from './coalesce';
import type { Phase } from './lab';
import { createEditor } from './pipeline-editor';
import { createStream, type EndpointStorage } from './pipeline-stream';

export type { Phase };

/** Runs the history lists (newest first). */
export const HISTORY_LIMIT = 50;
/** Log lines the live log keeps on screen (the export has them all). */
export const LOG_TAIL = 300;

export interface PipelineStoreOptions {
  engine: Pick<EngineClient, 'call' | 'onChange'>;
  /** The browser's runners, loaded on first use (the sandbox's scripts and ESLint stay out of the page until asked for). */
  runners: () => Promise<BrowserRunners>;
  /** A custom task: checked field by field, then run (app/pipeline/run-task.ts). */
  runTask: (input: unknown, signal?: AbortSignal) => Promise<TaskRunResult>;
  endpoints: EndpointStorage;
  fetch: FetchLike;
  online: () => boolean;
  download: (name: string, text: string, type: string) => void;
  /** Wall clock (ms since the epoch): stored timestamps. */
  clock?: () => number;
  /** Monotonic ms: durations. */
  now?: () => number;
  seed?: () => number;
  visibility?: Visibility;
}

export type StrategyState = 'waiting' | 'running' | 'done' | 'cancelled';

/** What the page shows while iterations run: which iteration, its task, and each strategy's state and result. */
export interface RunProgress {
  iteration: number;
  total: number;
  task: TaskSummary | null;
  strategies: { strategy: Strategy; state: StrategyState; run?: StrategyRun }[];
  /** Iterations already finished in this command. */
  finished: IterationResult[];
  cancelling: boolean;
}

export function describePipelineError(err: unknown): string {
  const e = err as { name?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  switch (e?.name) {
    case 'PipelineInputError':
    case 'TaskInputError': return `Refused: ${message}.`;
    case 'EngineQuotaError':
    case 'EngineOpenError': return message;
    default: return `The pipeline failed: ${message}`;
  }
}

export function createPipelineStore(options: PipelineStoreOptions) {
  const { engine } = options;
  const clock = options.clock ?? Date.now;
  const now = options.now ?? (() => performance.now());

  const [complexity, setComplexity] = createSignal<Complexity>('easy');
  const [iterations, setIterations] = createSignal('1');
  const [strategy, setStrategy] = createSignal<Strategy | 'all'>('all');
  const [runner, setRunner] = createSignal<BrowserRunnerName>('browser-sandbox');
  const [progress, setProgress] = createSignal<RunProgress | null>(null);
  const [outcome, setOutcome] = createSignal<Phase<PipelineRunOutput>>({ status: 'idle' });

  const [profiles, setProfiles] = createSignal<StrategyProfile[]>();
  const [history, setHistory] = createSignal<StoredRun[]>([]);
  const [totals, setTotals] = createSignal<PipelineTotals>();
  const [log, setLog] = createSignal<LogEntry[]>([]);
  const [viewError, setViewError] = createSignal<string>();
  const [selected, setSelected] = createSignal<{ id: number; phase: Phase<StoredRunDetail> }>();
  const [exported, setExported] = createSignal<Phase<{ name: string; lines: number }>>({ status: 'idle' });
  let controller: AbortController | undefined;
  let lastLogId = 0;

  const iterationsError = () => {
    const t = iterations().trim();
    const n = Number(t);
    return /^\d+$/.test(t) && n >= 1 && n <= MAX_ITERATIONS ? undefined : `Iterations must be a whole number from 1 to ${MAX_ITERATIONS} (got “${iterations()}”).`;
  };

  /** Appends what is new; two reads that overlap (a refresh on a notice while another runs) add each line once. */
  function append(page: LogEntry[]): void {
    if (page.length === 0) return;
    lastLogId = Math.max(lastLogId, page[page.length - 1].id);
    setLog((l) => {
      const last = l.at(-1)?.id ?? 0;
      return [...l, ...page.filter((e) => e.id > last)].slice(-LOG_TAIL);
    });
  }

  async function readLog(): Promise<void> {
    // Starts at the end of the log, then pages on from the last line shown: a live log reads only what is new.
    if (lastLogId === 0) {
      append(await engine.call('pipeline_log_entries', { tail: LOG_TAIL }));
      return;
    }
    for (;;) {
      const page = await engine.call('pipeline_log_entries', { after_id: lastLogId, limit: 1000 });
      append(page);
      if (page.length < 1000) return;
    }
  }

  async function refresh(): Promise<void> {
    try {
      const [p, h, t] = await Promise.all([engine.call('pipeline_profiles'), engine.call('pipeline_runs', { limit: HISTORY_LIMIT }), engine.call('pipeline_totals')]);
      batch(() => {
        setProfiles(p);
        setHistory(h);
        setTotals(t);
      });
      await readLog();
      setViewError(undefined);
    } catch (err) {
      setViewError(describePipelineError(err));
    }
  }

  // A run stored or a log line written in any tab (this one included) shows here without a click.
  const live = coalesce(() => refresh(), CHANGE_COALESCE_MS, options.visibility);
  const unsubscribe = engine.onChange((c) => {
    if (c.what === 'pipeline') live.request();
  });
  onCleanup(() => {
    unsubscribe();
    live.cancel();
    controller?.abort();
  });

  const update = (f: (p: RunProgress) => RunProgress) => setProgress((p) => (p ? f(p) : p));

  const mark = (s: Strategy, state: StrategyState, run?: StrategyRun) =>
    update((p) => ({ ...p, strategies: p.strategies.map((x) => (x.strategy === s ? { strategy: s, state, ...(run ? { run } : {}) } : x)) }));

  async function start(): Promise<void> {
    if (progress() || iterationsError()) return;
    const total = Number(iterations().trim());
    const strategies = strategy() === 'all' ? [...STRATEGIES] : [strategy() as Strategy];
    const fresh = (): RunProgress['strategies'] => strategies.map((s) => ({ strategy: s, state: 'waiting' }));
    controller = new AbortController();
    const signal = controller.signal;
    batch(() => {
      setProgress({ iteration: 0, total, task: null, strategies: fresh(), finished: [], cancelling: false });
      setOutcome({ status: 'running' });
    });
    try {
      const runners = await options.runners();
      const out = await runPipeline(
        { complexity: complexity(), iterations: total, runner: runner(), ...(strategy() === 'all' ? {} : { strategy: strategy() }) },
        {
          engine, runners, signal, clock, now, seed: options.seed ?? drawSeed,
          onProgress: (e, i) => {
            switch (e.type) {
              case 'task': update((p) => ({ ...p, iteration: i, task: e.task, strategies: fresh() })); break;
              case 'strategy-start': mark(e.strategy, 'running'); break;
              case 'strategy-done': mark(e.strategy, 'done', e.run); break;
              case 'cancelled': update((p) => ({ ...p, strategies: p.strategies.map((x) => (x.state === 'done' ? x : { ...x, state: 'cancelled' })) })); break;
              case 'done': break;
            }
          },
          onIteration: (r) => update((p) => ({ ...p, finished: [...p.finished, r] })),
        },
      );
      setOutcome({ status: 'done', result: out });
    } catch (err) {
      setOutcome({ status: 'failed', message: describePipelineError(err) });
    } finally {
      controller = undefined;
      setProgress(null);
      // The notices bring the rest; reading now shows the final state at once.
      void refresh();
    }
  }

  /** Stops at once: the strategy in flight has its sandbox removed and is neither scored nor stored. */
  function cancel(): void {
    if (!controller) return;
    setProgress((p) => (p ? { ...p, cancelling: true } : p));
    controller.abort();
  }

  async function showRun(id: number): Promise<void> {
    setSelected({ id, phase: { status: 'running' } });
    try {
      const detail = await engine.call('pipeline_run', { id });
      setSelected((s) => (s?.id === id ? { id, phase: detail ? { status: 'done', result: detail } : { status: 'failed', message: `There is no run ${id}.` } } : s));
    } catch (err) {
      setSelected((s) => (s?.id === id ? { id, phase: { status: 'failed', message: describePipelineError(err) } } : s));
    }
  }

  async function exportLog(): Promise<void> {
    setExported({ status: 'running' });
    try {
      const text = await engine.call('pipeline_export_log');
      const name = `safla-pipeline-log-${new Date(clock()).toISOString().slice(0, 19).replaceAll(':', '-')}.jsonl`;
      options.download(name, text, 'application/x-ndjson');
      setExported({ status: 'done', result: { name, lines: text === '' ? 0 : text.trimEnd().split('\n').length } });
    } catch (err) {
      setExported({ status: 'failed', message: describePipelineError(err) });
    }
  }

  const editor = createEditor({
    runTask: options.runTask,
    logRun: async (r) => {
      await engine.call('pipeline_log', {
        timestamp: clock(), level: r.test.status === 'pass' && r.lint.status === 'pass' ? 'info' : 'warn', event: 'custom-run', message: customRunMessage(r),
        data: { label: r.label, test: r.test.status, lint: r.lint.status, tests: r.test.tests.length, messages: r.lint.messages.length, duration_ms: r.duration_ms, ...(r.fallback ? { fallback: r.fallback } : {}) },
      });
    },
  });

  const stream = createStream({
    profiles, endpoints: options.endpoints, fetch: options.fetch, online: options.online, now,
    logResult: async (r) => {
      await engine.call('pipeline_log', {
        timestamp: clock(), level: 'info', event: 'train-and-stream',
        message: `train-and-stream chose ${r.strategy} (${r.preset} weights): ${r.note}`,
        data: { strategy: r.strategy, preset: r.preset, weights: r.weights, executed: r.executed, executor: r.executor, steps: r.steps.map((s) => ({ id: s.step.id, status: s.status })) },
      });
    },
  });

  return {
    complexity, setComplexity, iterations, setIterations, iterationsError, strategy, setStrategy, runner, setRunner,
    progress, outcome, start, cancel,
    profiles, recommendations: () => recommendations(profiles() ?? []), history, totals, log, viewError, refresh,
    selected, showRun, closeRun: () => setSelected(undefined),
    exported, exportLog,
    editor, stream,
  };
}

export type PipelineStore = ReturnType<typeof createPipelineStore>;
