// One pipeline run: iterations one after another on one runner until done or cancelled, and its result in `safla train-pipeline run --json`'s shape. What the CLI command, the node tool context and the page (app/pipeline/iteration-runner.ts) all run.
import { runnersOf, selectionOutput, type PipelineRunOutput } from './api';
import { runIteration, type IterationResult, type IterationStore, type ProgressEvent } from './iteration';
import { recommendations } from './profiles';
import type { AbortLike, TaskRunner } from './runner';
import { validateRun } from './run-validation';
import type { PresetName, Weights } from './selection';
import type { Strategy } from './strategies/types';
import type { Complexity } from './task';

/** Each iteration runs the checks once per strategy (seconds each): 100 is already over an hour of work. */
export const MAX_ITERATIONS = 100;
/** Per check; below 100 ms not even node starts, above 10 minutes a task is stuck. */
export const MIN_TIMEOUT_MS = 100;
export const MAX_TIMEOUT_MS = 600_000;
/** Seeds are 32-bit: iteration i runs seed + i modulo 2^32. */
export const MAX_SEED = 0xffff_ffff;

/** What to run, checked by the caller (flags, a tool's schema, the page's form). */
export interface PipelineRunPlan {
  complexity: Complexity;
  iterations: number;
  strategies: Strategy[];
  /** The first iteration's seed. */
  seed: number;
  timeout_ms: number;
  /** How the result's selection weighs the profiles. */
  preset: PresetName | 'custom';
  weights: Weights;
  /** Compare the profiles before and after by the reference's ±5% rule. */
  validate: boolean;
}

/** Where it runs and is stored, and who watches it. */
export interface PipelineRunHost {
  /** Where the runs and profiles are stored, in words: the result's `state`. */
  state: string;
  runner: TaskRunner;
  store: IterationStore;
  /** ms since the epoch: run and log timestamps. */
  clock: () => number;
  /** A monotonic clock in ms: the run's duration. */
  now: () => number;
  /** Stops the run after the strategy run in progress (which is not stored). */
  signal?: AbortLike;
  /** Every progress event of every iteration, with the iteration's index (0-based) and the iterations planned. */
  onProgress?: (event: ProgressEvent, iteration: number, total: number) => void;
  /** Each iteration as it ends (done or cancelled). */
  onIteration?: (result: IterationResult, iteration: number, total: number) => void;
}

export async function runPipelineIterations(plan: PipelineRunPlan, host: PipelineRunHost): Promise<PipelineRunOutput> {
  const { runner, store } = host;
  const started = host.now();
  const before = plan.validate ? await store.loadProfiles() : [];
  const iterations: IterationResult[] = [];
  for (let i = 0; i < plan.iterations && !host.signal?.aborted; i++) {
    const r = await runIteration({
      complexity: plan.complexity, seed: (plan.seed + i) % (MAX_SEED + 1), strategies: plan.strategies, runner, store, timeout_ms: plan.timeout_ms,
      clock: host.clock, onProgress: (e) => host.onProgress?.(e, i, plan.iterations), signal: host.signal,
    });
    iterations.push(r);
    host.onIteration?.(r, i, plan.iterations);
    if (r.cancelled) break;
  }
  const last = iterations.at(-1);
  if (host.signal?.aborted && iterations.length < plan.iterations && !last?.cancelled) {
    // Cancelled between two iterations: runIteration logged nothing of it, so this says where it stopped.
    await store.log({
      timestamp: host.clock(), level: 'warn', event: 'cancelled', iteration_id: last?.iteration_id ?? null,
      message: `cancelled after ${iterations.length} of ${plan.iterations} iterations`,
    });
  }
  const profiles = await store.loadProfiles();
  return {
    action: 'run',
    state: host.state,
    complexity: plan.complexity,
    strategies: plan.strategies,
    seed: plan.seed,
    timeout_ms: plan.timeout_ms,
    iterations_requested: plan.iterations,
    iterations,
    runners: runnersOf(iterations),
    profiles,
    recommendations: recommendations(profiles),
    selection: selectionOutput(profiles, plan.preset, plan.weights),
    ...(plan.validate ? { validation: validateRun(before, profiles) } : {}),
    cancelled: host.signal?.aborted === true || iterations.some((r) => r.cancelled),
    duration_ms: host.now() - started,
  };
}
