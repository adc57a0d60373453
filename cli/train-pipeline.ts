// `safla train-pipeline run|status`: generated tasks run under the strategies with real `npm test` and `npm run lint` on the node runner, scored and learned into the state folder's profiles, and read back from there.
import { RECENT_RUNS, statusOutput, type PipelineRunOutput, type PipelineStatusOutput, type PipelineTotals } from '../core/pipeline/api';
import type { ProgressEvent } from '../core/pipeline/iteration';
import { defaultProfiles } from '../core/pipeline/profiles';
import { runPipelineIterations } from '../core/pipeline/run';
import { createPipelineStore } from '../core/pipeline/store';
import { createNodeRunner } from './pipeline/node-runner';
import { listenForInterrupt } from './interrupt';
import type { CliIo } from './io';
import type { Flags } from './neural';
import { complexityFlag, iterationsFlag, seedFlag, strategiesFlag, timeoutFlag, weightsFlags } from './pipeline-flags';
import { labelText, lintText, ms, profileLines, recommendationLines, scoreText, selectionLines, table, testsText, validationLines } from './pipeline-format';
import { stateDir, withExistingState, withState } from './state';

/** Per check (`npm test`, then `npm run lint`); a generated task takes about a second. */
export const CLI_TIMEOUT_MS = 60_000;

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
  let output: PipelineRunOutput;
  try {
    output = await withState(io, flags.state, (state) => runPipelineIterations(
      { complexity, iterations, strategies, seed, timeout_ms, preset, weights, validate: flags.validate === true },
      {
        state: state.dir, runner, store: createPipelineStore(state.db), clock: io.wallClock, now: io.now, signal: interrupt.signal,
        onProgress: (e, i) => {
          const line = progressLine(i + 1, iterations, e);
          if (line !== undefined) io.err(line);
        },
      },
    ));
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

const NO_TOTALS: PipelineTotals = { runs: 0, scored_runs: 0, iterations: 0, log_entries: 0, first_run_at: null, last_run_at: null, by_strategy: [], by_runner: [] };

export async function pipelineStatus(io: CliIo, flags: Flags): Promise<void> {
  const { preset, weights } = weightsFlags(flags);
  const out = await withExistingState(io, flags.state, (state): PipelineStatusOutput => {
    if (!state) return { ...statusOutput({ state: stateDir(io, flags.state), profiles: defaultProfiles(), recent_runs: [], totals: NO_TOTALS, preset, weights }), exists: false };
    const store = createPipelineStore(state.db);
    return statusOutput({ state: state.dir, profiles: store.loadProfiles(), recent_runs: store.runs({ limit: RECENT_RUNS }), totals: store.totals(), preset, weights });
  });
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
