// A command of iterations (`safla train-pipeline run`, saflaLab.train_pipeline_run, the train_pipeline_run tool): iteration i on seed + i until done or cancelled, then the profiles, recommendations, selection and, asked for, validation in the one output shape they all return.
import { runnersOf, selectionOutput, type PipelineRunOutput } from './api';
import { runIteration, type IterationResult, type IterationStore, type ProgressEvent } from './iteration';
import { iterationSeed } from './limits';
import { recommendations } from './profiles';
import { validateRun } from './run-validation';
import type { AbortLike, TaskRunner } from './runner';
import type { PresetName, Weights } from './selection';
import type { Strategy } from './strategies/types';
import type { Complexity } from './task';

export interface PipelineCommand {
  complexity: Complexity;
  iterations: number;
  strategies: Strategy[];
  /** The first iteration's seed. */
  seed: number;
  timeout_ms: number;
  preset: PresetName | 'custom';
  weights: Weights;
  /** Compare the profiles before and after by the ±5% rule. */
  validate: boolean;
}

export interface PipelineCommandOptions {
  runner: TaskRunner;
  store: IterationStore;
  /** Where the store keeps what was learned (the output's `state`). */
  state: string;
  signal?: AbortLike;
  /** ms since the epoch: run and log timestamps. */
  clock?: () => number;
  /** A monotonic clock in ms for the command's duration (default: clock). */
  now?: () => number;
  /** Every progress event of every iteration, with the iteration's index (0-based). */
  onProgress?: (event: ProgressEvent, iteration: number, total: number) => void;
  /** Called after each iteration ends (done or cancelled). */
  onIteration?: (result: IterationResult, iteration: number, total: number) => void;
}

export async function runPipelineCommand(c: PipelineCommand, options: PipelineCommandOptions): Promise<PipelineRunOutput> {
  const { runner, store, signal } = options;
  const clock = options.clock ?? (() => Date.now());
  const now = options.now ?? clock;
  const started = now();
  const before = c.validate ? await store.loadProfiles() : [];
  const iterations: IterationResult[] = [];
  for (let i = 0; i < c.iterations && !options.signal?.aborted; i++) {
    const r = await runIteration({
      complexity: c.complexity, seed: iterationSeed(c.seed, i), strategies: c.strategies, runner, store, timeout_ms: c.timeout_ms, clock,
      ...(signal ? { signal } : {}),
      onProgress: (e) => options.onProgress?.(e, i, c.iterations),
    });
    iterations.push(r);
    options.onIteration?.(r, i, c.iterations);
    if (r.cancelled) break;
  }
  const last = iterations.at(-1);
  if (signal?.aborted && iterations.length < c.iterations && !last?.cancelled) {
    // Cancelled between two iterations: runIteration logged nothing of it, so this says where it stopped.
    await store.log({
      timestamp: clock(), level: 'warn', event: 'cancelled', iteration_id: last?.iteration_id ?? null,
      message: `cancelled after ${iterations.length} of ${c.iterations} iterations`,
    });
  }
  const profiles = await store.loadProfiles();
  return {
    action: 'run',
    state: options.state,
    complexity: c.complexity,
    strategies: c.strategies,
    seed: c.seed,
    timeout_ms: c.timeout_ms,
    iterations_requested: c.iterations,
    iterations,
    runners: runnersOf(iterations),
    profiles,
    recommendations: recommendations(profiles),
    selection: selectionOutput(profiles, c.preset, c.weights),
    ...(c.validate ? { validation: validateRun(before, profiles) } : {}),
    cancelled: signal?.aborted === true || iterations.some((r) => r.cancelled),
    duration_ms: now() - started,
  };
}
