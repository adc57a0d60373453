// `safla train-pipeline run|status`: generated tasks run under the strategies with real `npm test` and `npm run lint` on the node runner, scored and learned into the state folder's profiles, and read back from there.
import type { Db } from '../core/db/db';
import { runIteration, type IterationResult, type ProgressEvent } from '../core/pipeline/iteration';
import { defaultProfiles, recommendations, type Recommendation, type StrategyProfile } from '../core/pipeline/profiles';
import type { RunnerLabel } from '../core/pipeline/runner';
import { selectStrategy, type PresetName, type Selection, type Weights } from '../core/pipeline/selection';
import { createPipelineStore, type StoredRun } from '../core/pipeline/store';
import type { Strategy } from '../core/pipeline/strategies/types';
import type { Complexity } from '../core/pipeline/task';
import { createNodeRunner } from './pipeline/node-runner';
import { listenForInterrupt } from './interrupt';
import type { CliIo } from './io';
import type { Flags } from './neural';
import { complexityFlag, iterationsFlag, MAX_SEED, seedFlag, strategiesFlag, timeoutFlag, weightsFlags } from './pipeline-flags';
import { improvementText, labelText, lintText, ms, profileLines, recommendationLines, scoreText, selectionLines, table, testsText, validationLines } from './pipeline-format';
import { validateRun, type RunValidation } from './pipeline-validation';
import { stateDir, withExistingState, withState } from './state';

/** Per check (`npm test`, then `npm run lint`); a generated task takes about a second. */
export const CLI_TIMEOUT_MS = 60_000;

export interface PipelineRunOutput {
  action: 'run';
  state: string;
  complexity: Complexity;
  strategies: Strategy[];
  /** The seed of the first iteration; iteration i used seed + i (mod 2^32). */
  seed: number;
  timeout_ms: number;
  iterations_requested: number;
  /** runIteration's results, as the engine worker returns them: each run's result carries its runner label. */
  iterations: IterationResult[];
  /** Every runner that produced a result in this command. */
  runners: RunnerLabel[];
  profiles: StrategyProfile[];
  recommendations: Recommendation[];
  selection: { preset: PresetName | 'custom'; weights: Weights } & Selection;
  validation?: RunValidation;
  cancelled: boolean;
  duration_ms: number;
}

function progressLine(iteration: number, total: number, e: ProgressEvent): string | undefined {
  switch (e.type) {
    case 'task': return `[${iteration}/${total}] ${e.task.complexity}: ${e.task.title} (${e.task.id})`;
    case 'strategy-start': return `  ${e.strategy}: running npm test and npm run lint (${e.index + 1}/${e.total})`;
    case 'strategy-done': {
      const r = e.run.result;
      const why = [r.test, r.lint].map((c) => c.reason).filter((x): x is string => x !== undefined)[0];
      return `  ${e.strategy}: tests ${testsText(r)}, lint ${lintText(r)}, ${ms(r.test.duration_ms + r.lint.duration_ms)}, score ${scoreText(e.run.score)} on ${labelText(r.label)}` +
        (why === undefined ? '' : `\n    ${why.split('\n')[0]}`);
    }
    case 'cancelled': return `  cancelled after ${e.completed} of ${e.total} strategies (the interrupted one is not stored)`;
    case 'done': return undefined;
  }
}

function uniqueLabels(iterations: readonly IterationResult[]): RunnerLabel[] {
  const seen = new Map<string, RunnerLabel>();
  for (const it of iterations) for (const r of it.runs) seen.set(JSON.stringify(r.result.label), r.result.label);
  return [...seen.values()];
}

export async function pipelineRun(io: CliIo, flags: Flags): Promise<void> {
  // Every flag is checked before the state folder is opened: a mistake stores nothing.
  const complexity = complexityFlag(flags);
  const iterations = iterationsFlag(flags);
  const strategies = strategiesFlag(flags);
  const { seed } = seedFlag(flags);
  const timeout_ms = timeoutFlag(flags, CLI_TIMEOUT_MS);
  const { preset, weights } = weightsFlags(flags);
  const json = flags.json === true;
  const runner = createNodeRunner();
  const interrupt = listenForInterrupt(io.err);
  const started = io.now();
  let output: PipelineRunOutput;
  try {
    output = await withState(io, flags.state, async (state) => {
      const store = createPipelineStore(state.db);
      const before = store.loadProfiles();
      const results: IterationResult[] = [];
      for (let i = 0; i < iterations && !interrupt.signal.aborted; i++) {
        const r = await runIteration({
          complexity, seed: (seed + i) % (MAX_SEED + 1), strategies, runner, store, timeout_ms,
          clock: io.wallClock, signal: interrupt.signal,
          onProgress: (e) => {
            const line = progressLine(i + 1, iterations, e);
            if (line !== undefined) io.err(line);
          },
        });
        results.push(r);
        if (r.cancelled) break;
      }
      const profiles = store.loadProfiles();
      return {
        action: 'run' as const,
        state: state.dir,
        complexity, strategies, seed, timeout_ms,
        iterations_requested: iterations,
        iterations: results,
        runners: uniqueLabels(results),
        profiles,
        recommendations: recommendations(profiles),
        selection: { preset, weights, ...selectStrategy(profiles, weights) },
        ...(flags.validate === true ? { validation: validateRun(before, profiles) } : {}),
        cancelled: interrupt.received() !== undefined,
        duration_ms: io.now() - started,
      };
    });
  } finally {
    interrupt.dispose();
  }
  if (json) io.out(JSON.stringify(output, null, 2));
  else for (const line of runSummary(output)) io.out(line);
  if (output.cancelled) {
    const kept = output.iterations.reduce((s, it) => s + it.runs.length, 0);
    throw interrupt.error(`${kept} completed strategy run${kept === 1 ? ' was' : 's were'} kept in ${output.state}; the interrupted run was not stored`);
  }
}

function runSummary(o: PipelineRunOutput): string[] {
  const runs = o.iterations.flatMap((it) => it.runs.map((r) => ({ task: it.task.id, ...r })));
  const lines = [
    `${o.cancelled ? 'Cancelled after' : 'Ran'} ${o.iterations.length} of ${o.iterations_requested} iteration${o.iterations_requested === 1 ? '' : 's'} (${o.complexity}, seed ${o.seed}) in ${ms(o.duration_ms)}; state: ${o.state}`,
  ];
  if (runs.length > 0) {
    const header = ['Task', 'Strategy', 'Tests', 'Lint', 'Time', 'Score', 'Runner'];
    const rows = runs.map((r) => [r.task, r.strategy, testsText(r.result), lintText(r.result), ms(r.result.test.duration_ms + r.result.lint.duration_ms), scoreText(r.score), labelText(r.result.label)]);
    lines.push('', ...table([header, ...rows]));
  }
  lines.push('', ...profileLines(o.profiles), '', ...recommendationLines(o.recommendations), '');
  lines.push(...selectionLines(o.selection.preset, o.selection.weights, o.selection, o.profiles.some((p) => p.uses > 0)));
  if (o.validation) {
    lines.push('', 'Validation (profiles before → after this run; ±5% rule, a change from a baseline of 0 given as a difference):');
    for (const s of o.validation.strategies) lines.push(`  ${s.strategy} (baseline: ${s.baseline}):`, ...validationLines(s.validation, '    '));
    if (o.validation.overall) lines.push(`  all of them (baseline: ${o.validation.overall.baseline}):`, ...validationLines(o.validation.overall.validation, '    '));
    lines.push(`  ${o.validation.note}`);
  }
  return lines;
}

export interface PipelineTotals {
  runs: number;
  scored_runs: number;
  iterations: number;
  log_entries: number;
  first_run_at: number | null;
  last_run_at: number | null;
  by_strategy: { strategy: string | null; runs: number; tests_passed: number; lint_passed: number; mean_score: number | null }[];
  by_runner: { label: RunnerLabel; runs: number }[];
}

export interface PipelineStatusOutput {
  action: 'status';
  state: string;
  /** false when there is no state folder yet: everything below is then the starting values. */
  exists: boolean;
  profiles: StrategyProfile[];
  improvement: { strategy: Strategy; rate: StrategyProfile['improvementRate']; text: string }[];
  recommendations: Recommendation[];
  selection: { preset: PresetName | 'custom'; weights: Weights } & Selection;
  recent_runs: StoredRun[];
  totals: PipelineTotals;
}

/** Totals over the stored runs, counted by SQLite (the store's API pages through runs; counting needs no rows). */
function totals(db: Db): PipelineTotals {
  const all = db.get<{ runs: number; scored: number | null; iterations: number; first: number | null; last: number | null }>(
    'SELECT COUNT(*) AS runs, SUM(score IS NOT NULL) AS scored, COUNT(DISTINCT iteration_id) AS iterations, MIN(created_at) AS first, MAX(created_at) AS last FROM pipeline_runs',
  )!;
  const byStrategy = db.all<{ strategy: string | null; runs: number; tests: number; lint: number; mean: number | null }>(
    `SELECT strategy, COUNT(*) AS runs, SUM(test_status = 'pass') AS tests, SUM(lint_status = 'pass') AS lint, AVG(score) AS mean
     FROM pipeline_runs GROUP BY strategy ORDER BY strategy`,
  );
  const byRunner = db.all<{ runner: string; engine: string; version: string; runs: number }>(
    'SELECT runner, engine, runner_version AS version, COUNT(*) AS runs FROM pipeline_runs GROUP BY runner, engine, runner_version ORDER BY runs DESC',
  );
  const log = db.get<{ n: number }>('SELECT COUNT(*) AS n FROM pipeline_log')!;
  return {
    runs: Number(all.runs),
    scored_runs: Number(all.scored ?? 0),
    iterations: Number(all.iterations),
    log_entries: Number(log.n),
    first_run_at: all.first === null ? null : Number(all.first),
    last_run_at: all.last === null ? null : Number(all.last),
    by_strategy: byStrategy.map((s) => ({ strategy: s.strategy, runs: Number(s.runs), tests_passed: Number(s.tests), lint_passed: Number(s.lint), mean_score: s.mean })),
    by_runner: byRunner.map((r) => ({ label: { runner: r.runner as RunnerLabel['runner'], engine: r.engine, version: r.version }, runs: Number(r.runs) })),
  };
}

const NO_TOTALS: PipelineTotals = { runs: 0, scored_runs: 0, iterations: 0, log_entries: 0, first_run_at: null, last_run_at: null, by_strategy: [], by_runner: [] };

/** How many of the newest runs status lists. */
export const RECENT_RUNS = 10;

export async function pipelineStatus(io: CliIo, flags: Flags): Promise<void> {
  const { preset, weights } = weightsFlags(flags);
  const status = await withExistingState(io, flags.state, (state): Omit<PipelineStatusOutput, 'improvement' | 'recommendations' | 'selection'> => {
    if (!state) return { action: 'status', state: stateDir(io, flags.state), exists: false, profiles: defaultProfiles(), recent_runs: [], totals: NO_TOTALS };
    const store = createPipelineStore(state.db);
    return { action: 'status', state: state.dir, exists: true, profiles: store.loadProfiles(), recent_runs: store.runs({ limit: RECENT_RUNS }), totals: totals(state.db) };
  });
  const out: PipelineStatusOutput = {
    ...status,
    improvement: status.profiles.map((p) => ({ strategy: p.strategy, rate: p.improvementRate, text: improvementText(p.improvementRate) })),
    recommendations: recommendations(status.profiles),
    selection: { preset, weights, ...selectStrategy(status.profiles, weights) },
  };
  if (flags.json === true) {
    io.out(JSON.stringify(out, null, 2));
    return;
  }
  for (const line of statusLines(out)) io.out(line);
}

const when = (t: number | null): string => (t === null ? '—' : new Date(t).toISOString().replace('T', ' ').slice(0, 19));

function statusLines(o: PipelineStatusOutput): string[] {
  if (!o.exists || o.totals.runs === 0) {
    return [
      `Training pipeline: no runs yet in ${o.state}.`,
      'Run some: safla train-pipeline run --complexity easy --iterations 3',
      '',
      ...profileLines(o.profiles),
    ];
  }
  const t = o.totals;
  const lines = [
    `Training pipeline in ${o.state}: ${t.runs} run${t.runs === 1 ? '' : 's'} (${t.scored_runs} scored) in ${t.iterations} iteration${t.iterations === 1 ? '' : 's'}, ${t.log_entries} log entries; first ${when(t.first_run_at)}, last ${when(t.last_run_at)} (UTC)`,
    ...t.by_strategy.map((s) => `  ${s.strategy ?? 'custom'}: ${s.runs} runs, tests passed ${s.tests_passed}, lint passed ${s.lint_passed}, mean score ${s.mean_score === null ? '—' : s.mean_score.toFixed(1)}`),
    `Runners: ${t.by_runner.map((r) => `${labelText(r.label)} × ${r.runs}`).join('; ')}`,
    '',
    ...profileLines(o.profiles),
    '',
    ...recommendationLines(o.recommendations),
    '',
    ...selectionLines(o.selection.preset, o.selection.weights, o.selection, o.profiles.some((p) => p.uses > 0)),
    '',
    `Recent runs (newest first, ${o.recent_runs.length} of ${t.runs}):`,
  ];
  const header = ['Id', 'When (UTC)', 'Task', 'Strategy', 'Tests', 'Lint', 'Score', 'Runner'];
  const rows = o.recent_runs.map((r) => [String(r.id), when(r.created_at), r.task_id, r.strategy ?? 'custom', r.test.status, r.lint.status, r.score === null ? 'not scored' : r.score.toFixed(1), labelText(r.label)]);
  lines.push(...table([header, ...rows]).map((l) => `  ${l}`));
  return lines;
}

/** `train-pipeline log`: the whole pipeline log, one JSON object a line, oldest first (nothing when there is no state yet). */
export async function pipelineLog(io: CliIo, flags: Flags): Promise<void> {
  const jsonl = await withExistingState(io, flags.state, (state) => (state ? createPipelineStore(state.db).exportLogJsonl() : ''));
  if (jsonl !== '') io.out(jsonl.trimEnd());
}
