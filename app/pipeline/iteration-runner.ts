// Pipeline iterations run on this page (the sandbox runner creates iframes, so it needs the page) and persisted through the engine worker: what the Pipeline page and saflaLab.train_pipeline_run share.
import { BROWSER_RUNNERS, BROWSER_STATE, RECENT_RUNS, statusOutput, type BrowserRunnerName, type PipelineRunInput, type PipelineRunOutput, type PipelineStatusOutput } from '../../core/pipeline/api';
import { PipelineInputError } from '../../core/pipeline/errors';
import { DEFAULT_TIMEOUT_MS, type IterationStore } from '../../core/pipeline/iteration';
import { MAX_ITERATIONS, MAX_SEED, MAX_TIMEOUT_MS, MIN_TIMEOUT_MS, wholeInRange } from '../../core/pipeline/limits';
import { runPipelineCommand, type PipelineCommand, type PipelineCommandOptions } from '../../core/pipeline/run';
import type { TaskRunner, TaskRunResult } from '../../core/pipeline/runner';
import { resolveWeights } from '../../core/pipeline/selection';
import { STRATEGIES, type Strategy } from '../../core/pipeline/strategies/types';
import { COMPLEXITIES, type Complexity } from '../../core/pipeline/task';
import { runText } from '../../core/pipeline/text';
import type { EngineClient } from '../../workers/engine/types';


export type PipelineEngine = Pick<EngineClient, 'call'>;
export type BrowserRunners = Record<BrowserRunnerName, TaskRunner>;

/** The store runIteration writes to, reached through the engine worker (forwarded to the tab that owns the database). */
export function engineIterationStore(engine: PipelineEngine): IterationStore {
  return {
    loadProfiles: () => engine.call('pipeline_profiles'),
    recordStrategyRun: (run) => engine.call('pipeline_record_run', run),
    log: (entry) => engine.call('pipeline_log', entry),
  };
}

/** A seed from the browser's cryptographic generator (product code never uses Math.random); printed with the result so a run can be repeated. */
export function drawSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

export interface CheckedRunInput extends Omit<PipelineCommand, 'seed'> {
  seed: number | undefined;
  runner: BrowserRunnerName;
}

/** train_pipeline_run's input checked field by field before anything runs or is stored. */
export function checkRunInput(input: unknown): CheckedRunInput {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new PipelineInputError('input', 'must be an object: { complexity, iterations?, strategy?, seed?, timeout_ms?, runner?, preset?, weights?, validate? }');
  const i = input as Partial<Record<keyof PipelineRunInput, unknown>>;
  if (typeof i.complexity !== 'string' || !(COMPLEXITIES as readonly string[]).includes(i.complexity)) {
    throw new PipelineInputError('complexity', `must be one of ${COMPLEXITIES.join(', ')} (got ${JSON.stringify(i.complexity)})`);
  }
  if (i.strategy !== undefined && (typeof i.strategy !== 'string' || !(STRATEGIES as readonly string[]).includes(i.strategy))) {
    throw new PipelineInputError('strategy', `must be one of ${STRATEGIES.join(', ')}, or left out for all three (got ${JSON.stringify(i.strategy)})`);
  }
  const runner = i.runner ?? 'browser-sandbox';
  if (typeof runner !== 'string' || !(BROWSER_RUNNERS as readonly string[]).includes(runner)) {
    const why = runner === 'node' ? ': the node runner needs node, use `safla train-pipeline run`' : '';
    throw new PipelineInputError('runner', `must be one of ${BROWSER_RUNNERS.join(', ')} (got ${JSON.stringify(runner)})${why}`);
  }
  const { preset, weights } = resolveWeights(i.preset, i.weights);
  if (i.validate !== undefined && typeof i.validate !== 'boolean') throw new PipelineInputError('validate', `must be true or false (got ${JSON.stringify(i.validate)})`);
  return {
    complexity: i.complexity as Complexity,
    iterations: i.iterations === undefined ? 1 : wholeInRange(i.iterations, 'iterations', 1, MAX_ITERATIONS),
    strategies: i.strategy === undefined ? [...STRATEGIES] : [i.strategy as Strategy],
    seed: i.seed === undefined ? undefined : wholeInRange(i.seed, 'seed', 0, MAX_SEED),
    timeout_ms: i.timeout_ms === undefined ? DEFAULT_TIMEOUT_MS : wholeInRange(i.timeout_ms, 'timeout_ms', MIN_TIMEOUT_MS, MAX_TIMEOUT_MS),
    runner: runner as BrowserRunnerName,
    preset,
    weights,
    validate: i.validate === true,
  };
}

export interface RunPipelineOptions extends Pick<PipelineCommandOptions, 'signal' | 'onProgress' | 'onIteration' | 'clock' | 'now'> {
  engine: PipelineEngine;
  runners: BrowserRunners;
  seed?: () => number;
}

/** Runs the iterations one after another on the chosen runner until done or cancelled; the result has the CLI's --json shape. */
export async function runPipeline(input: unknown, options: RunPipelineOptions): Promise<PipelineRunOutput> {
  const { runner, seed, ...command } = checkRunInput(input);
  const { engine, runners, seed: draw, ...rest } = options;
  return runPipelineCommand(
    { ...command, seed: seed ?? (draw ?? drawSeed)() },
    { ...rest, now: options.now ?? (() => performance.now()), runner: runners[runner], store: engineIterationStore(engine), state: BROWSER_STATE },
  );
}

/** What was learned so far, in the CLI's `train-pipeline status --json` shape. */
export async function pipelineStatus(engine: PipelineEngine, input: unknown = {}): Promise<PipelineStatusOutput> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new PipelineInputError('input', 'must be an object: { preset?, weights? }');
  const o = input as { preset?: unknown; weights?: unknown };
  const { preset, weights } = resolveWeights(o.preset, o.weights);
  const [profiles, recent_runs, totals] = await Promise.all([
    engine.call('pipeline_profiles'), engine.call('pipeline_runs', { limit: RECENT_RUNS }), engine.call('pipeline_totals'),
  ]);
  return statusOutput({ state: BROWSER_STATE, profiles, recent_runs, totals, preset, weights });
}

/** One line for the pipeline log about a custom task's run: what ran where, and how it went. */
export function customRunMessage(r: TaskRunResult): string {
  return `custom task: ${runText(r)}`;
}
