// One pipeline iteration: generate a task, run it under each strategy on a runner (tests + lint), score, update the profiles, persist and log, with progress events and cancel.
import { PipelineInputError } from './errors';
import { generateTask, isComplexity } from './generate';
import { recommendations, type Recommendation, type StrategyProfile } from './profiles';
import type { AbortLike, CheckResult, RunnerLabel, RunnerName, TaskRunner, TaskRunResult } from './runner';
import { scoreRun, type RunScore } from './scoring';
import type { LogInput, RecordedRun, RunRecordInput } from './store';
import { applyStrategyToFiles, isStrategy, STRATEGIES, type Strategy, type TransformChange } from './strategies/index';
import type { Complexity, GeneratedTask } from './task';
import { strategyRunText } from './text';

export const DEFAULT_TIMEOUT_MS = 30_000;

/** A generated task without its files: what progress, results and the log say of it. */
export type TaskSummary = Pick<GeneratedTask, 'id' | 'template' | 'complexity' | 'seed' | 'title' | 'description'>;

export interface StrategyRun {
  strategy: Strategy;
  /** Row id in pipeline_runs. */
  run_id: number;
  changes: TransformChange[];
  result: TaskRunResult;
  score: RunScore;
}

export type ProgressEvent =
  | { type: 'task'; iteration_id: string; task: TaskSummary }
  | { type: 'strategy-start'; iteration_id: string; strategy: Strategy; index: number; total: number }
  | { type: 'strategy-done'; iteration_id: string; strategy: Strategy; index: number; total: number; run: StrategyRun }
  | { type: 'cancelled'; iteration_id: string; completed: number; total: number }
  | { type: 'done'; iteration_id: string };

/**
 * What an iteration needs of persistence: a PipelineStore itself (node, the engine worker), or the same calls
 * as promises (the page, through the engine worker; app/pipeline/iteration-runner.ts).
 */
export interface IterationStore {
  loadProfiles(): StrategyProfile[] | Promise<StrategyProfile[]>;
  recordStrategyRun(run: RunRecordInput): RecordedRun | Promise<RecordedRun>;
  log(entry: LogInput): unknown;
}

export interface IterationOptions {
  complexity: Complexity;
  seed: number;
  /** Default: all three, in the reference's order. */
  strategies?: readonly Strategy[];
  runner: TaskRunner;
  store: IterationStore;
  /** ms since the epoch: run and log timestamps. */
  clock?: () => number;
  signal?: AbortLike;
  onProgress?: (event: ProgressEvent) => void;
  /** Deadline per check. */
  timeout_ms?: number;
  /** A template id instead of the seed's pick. */
  template?: string;
}

export interface IterationResult {
  iteration_id: string;
  task: TaskSummary;
  runs: StrategyRun[];
  profiles: StrategyProfile[];
  recommendations: Recommendation[];
  cancelled: boolean;
  duration_ms: number;
}

/** The label of a runner that could not run: which one was asked, no engine. */
export function unavailableLabel(runner: RunnerName): RunnerLabel {
  return { runner, engine: 'unavailable', version: 'unavailable' };
}

/** A run that did not happen: both checks 'not-run' with the reason, labelled with the runner that was asked. */
export function notRunResult(label: RunnerLabel, reason: string): TaskRunResult {
  const check: CheckResult = { status: 'not-run', duration_ms: 0, reason };
  return { label, test: { ...check, tests: [] }, lint: { ...check, messages: [] }, duration_ms: 0 };
}

function checkStrategies(list: readonly unknown[]): Strategy[] {
  if (list.length === 0) throw new PipelineInputError('strategies', 'is empty: name at least one strategy');
  for (const s of list) if (!isStrategy(s)) throw new PipelineInputError('strategies', `holds ${JSON.stringify(s)}; strategies are ${STRATEGIES.join(', ')}`);
  return [...new Set(list as Strategy[])];
}

function summary(task: GeneratedTask): TaskSummary {
  return { id: task.id, template: task.template, complexity: task.complexity, seed: task.seed, title: task.title, description: task.description };
}

export async function runIteration(options: IterationOptions): Promise<IterationResult> {
  if (!isComplexity(options.complexity)) throw new PipelineInputError('complexity', `must be easy, medium or hard (got ${JSON.stringify(options.complexity)})`);
  const strategies = checkStrategies(options.strategies ?? STRATEGIES);
  const timeout = options.timeout_ms ?? DEFAULT_TIMEOUT_MS;
  if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0) throw new PipelineInputError('timeout_ms', 'must be a positive number of milliseconds');
  const clock = options.clock ?? (() => Date.now());
  const { runner, store, signal } = options;
  const emit = (e: ProgressEvent) => options.onProgress?.(e);
  const started = clock();
  const task = generateTask({ complexity: options.complexity, seed: options.seed, ...(options.template !== undefined ? { template: options.template } : {}) });
  const iteration_id = `${task.complexity}-${task.seed}-${started}`;
  const profiles = new Map((await store.loadProfiles()).map((p) => [p.strategy, p]));
  await store.log({ timestamp: started, level: 'info', event: 'iteration-start', iteration_id, message: `${task.title} (${task.id}) under ${strategies.join(', ')} on ${runner.name}`, data: summary(task) });
  emit({ type: 'task', iteration_id, task: summary(task) });

  const runs: StrategyRun[] = [];
  let cancelled = false;
  const availability = await runner.available();
  for (const [index, strategy] of strategies.entries()) {
    if (signal?.aborted) {
      cancelled = true;
      break;
    }
    emit({ type: 'strategy-start', iteration_id, strategy, index, total: strategies.length });
    const { files, changes } = applyStrategyToFiles(strategy, task.files, [task.sourcePath]);
    let result: TaskRunResult;
    const asked = unavailableLabel(runner.name);
    if (!availability.ok) {
      result = notRunResult(asked, availability.reason);
    } else {
      try {
        result = await runner.run(files, { timeout_ms: timeout, ...(signal ? { signal } : {}) });
      } catch (err) {
        // The runner itself broke (not the task): that is no verdict on the code.
        result = notRunResult(asked, `the ${runner.name} runner failed: ${(err as Error).message}`);
      }
    }
    if (signal?.aborted) {
      // A run stopped half-way says nothing about the strategy: neither scored nor stored.
      cancelled = true;
      break;
    }
    const score = scoreRun(strategy, result);
    const now = clock();
    // The run and what its strategy learned from it land together; the profile is updated from the stored one (another tab may have learned meanwhile).
    const { run_id, profile } = await store.recordStrategyRun({
      iteration_id, task_id: task.id, template: task.template, complexity: task.complexity, seed: task.seed,
      strategy, result, score, changes, created_at: now,
    });
    if (profile) profiles.set(strategy, profile);
    const run: StrategyRun = { strategy, run_id, changes, result, score };
    runs.push(run);
    await store.log({ timestamp: now, level: score.scored ? 'info' : 'warn', event: 'strategy-run', iteration_id, message: strategyRunText(run),
      data: { run_id, strategy, label: result.label, test: result.test.status, lint: result.lint.status, score: score.scored ? score.score : null } });
    emit({ type: 'strategy-done', iteration_id, strategy, index, total: strategies.length, run });
  }

  const list = [...profiles.values()];
  const recs = recommendations(list);
  const ended = clock();
  if (cancelled) {
    await store.log({ timestamp: ended, level: 'warn', event: 'cancelled', iteration_id, message: `cancelled after ${runs.length} of ${strategies.length} strategies` });
    emit({ type: 'cancelled', iteration_id, completed: runs.length, total: strategies.length });
  } else {
    await store.log({ timestamp: ended, level: 'info', event: 'iteration-done', iteration_id, message: `${runs.length} strategies run`, data: { recommendations: recs } });
    emit({ type: 'done', iteration_id });
  }
  return { iteration_id, task: summary(task), runs, profiles: list, recommendations: recs, cancelled, duration_ms: ended - started };
}
