// The pipeline's contract as the engine worker serves it (forwarded to the tab that owns the database, like memory and models), and the objects train_pipeline_run / train_pipeline_status return: the shapes `safla train-pipeline run|status --json` prints.
import type { IterationResult } from './iteration';
import { recommendations, type ImprovementRate, type Recommendation, type StrategyProfile } from './profiles';
import type { RunnerLabel, RunnerName } from './runner';
import { selectStrategy, type PresetName, type Selection, type Weights } from './selection';
import type { RunValidation } from './run-validation';
import type { LogEntry, LogInput, PipelineTotals, RecordedRun, RunRecordInput, StoredRun, StoredRunDetail } from './store';
import type { Strategy } from './strategies/types';
import type { Complexity } from './task';

export type { LogEntry, LogInput, PipelineTotals, RecordedRun, RunRecordInput, StoredRun, StoredRunDetail };

export interface PipelineApi {
  /**
   * Stores one strategy run (its test results and lint messages) and, when it was scored, its strategy's profile
   * learned from it, in one transaction. The score is computed again here from the result: a caller cannot store
   * a score its result does not earn. Returns the run's id and the profile after learning (null when unscored).
   */
  pipeline_record_run(run: RunRecordInput): RecordedRun;
  /** One line of the pipeline log; returns its id. */
  pipeline_log(entry: LogInput): number;
  /** Newest first (at most 10,000; 100 by default). */
  pipeline_runs(options?: { limit?: number; iteration_id?: string }): StoredRun[];
  /** One run with its per-test results and lint messages; null when there is none with that id. */
  pipeline_run(input: { id: number }): StoredRunDetail | null;
  /** Every strategy's profile (the starting values for one that has not run). */
  pipeline_profiles(): StrategyProfile[];
  pipeline_totals(): PipelineTotals;
  /** Oldest first; after_id pages on (what a live log reads after the last line it has); tail: the last n lines. */
  pipeline_log_entries(options?: { limit?: number; after_id?: number; tail?: number }): LogEntry[];
  /** The whole log as JSON Lines, oldest first. */
  pipeline_export_log(): string;
}

export const PIPELINE_METHODS = [
  'pipeline_record_run', 'pipeline_log', 'pipeline_runs', 'pipeline_run', 'pipeline_profiles', 'pipeline_totals',
  'pipeline_log_entries', 'pipeline_export_log',
] as const satisfies readonly (keyof PipelineApi)[];

/** Where a runner ran what: the browser's runners only (the node runner needs node: the CLI). */
export type BrowserRunnerName = Exclude<RunnerName, 'node'>;

/** The runners a browser has, the offline one first (app/pipeline/runners.ts). */
export const BROWSER_RUNNERS: readonly BrowserRunnerName[] = ['browser-sandbox', 'webcontainer'];

/** Where the browser keeps what the pipeline learns: the `state` of its results and of the agent tools' host. */
export const BROWSER_STATE = "memory.db in this browser's Origin Private File System, kept by the engine worker and shared by this site's tabs";

/** `saflaLab.train_pipeline_run`'s input: the CLI's flags as fields. */
export interface PipelineRunInput {
  complexity: Complexity;
  /** 1 to 100; 1 by default. */
  iterations?: number;
  /** One strategy; all three when left out. */
  strategy?: Strategy;
  /** The first iteration's seed; iteration i uses seed + i. Drawn when left out. */
  seed?: number;
  /** Per check; 30 s by default. */
  timeout_ms?: number;
  /** 'browser-sandbox' by default; 'webcontainer' falls back to the sandbox when it cannot run (the result records why). */
  runner?: BrowserRunnerName;
  /** How the strategy is selected afterwards: a preset, or custom weights. */
  preset?: PresetName;
  weights?: Weights;
  /** Compare the profiles before and after by the reference's ±5% rule (the CLI's --validate). */
  validate?: boolean;
}

export type SelectionOutput = { preset: PresetName | 'custom'; weights: Weights } & Selection;

/** What one command of iterations returns (the CLI's `train-pipeline run --json` without --validate). */
export interface PipelineRunOutput {
  action: 'run';
  /** Where the runs and profiles were stored. */
  state: string;
  complexity: Complexity;
  strategies: Strategy[];
  /** The seed of the first iteration; iteration i used seed + i (mod 2^32). */
  seed: number;
  timeout_ms: number;
  iterations_requested: number;
  /** runIteration's results: each run's result carries its runner label (and fallback, when there was one). */
  iterations: IterationResult[];
  /** Every runner that produced a result in this command. */
  runners: RunnerLabel[];
  profiles: StrategyProfile[];
  recommendations: Recommendation[];
  selection: SelectionOutput;
  /** With validate: the profiles before and after, by the reference's ±5% rule. */
  validation?: RunValidation;
  cancelled: boolean;
  duration_ms: number;
}

export interface PipelineStatusOutput {
  action: 'status';
  state: string;
  /** false when nothing was stored yet (the CLI: no state folder); the profiles are then the starting values. */
  exists: boolean;
  profiles: StrategyProfile[];
  improvement: { strategy: Strategy; rate: ImprovementRate; text: string }[];
  recommendations: Recommendation[];
  selection: SelectionOutput;
  recent_runs: StoredRun[];
  totals: PipelineTotals;
}

/** How many of the newest runs status lists. */
export const RECENT_RUNS = 10;

/** An improvement rate in words; never a percentage of a zero baseline. */
export function improvementText(rate: ImprovementRate): string {
  switch (rate.kind) {
    case 'not-enough-data': return `not enough data (${rate.points} of ${rate.needed} points)`;
    case 'relative': return `${rate.percent >= 0 ? '+' : ''}${rate.percent.toFixed(1)}% (last 5 scores' mean ${rate.recentMean.toFixed(1)} vs ${rate.olderMean.toFixed(1)} before)`;
    case 'absolute': return `${rate.change >= 0 ? '+' : ''}${rate.change.toFixed(1)} points (the earlier mean was 0, so no percentage)`;
  }
}

/** Every distinct label among an iteration list's results. */
export function runnersOf(iterations: readonly IterationResult[]): RunnerLabel[] {
  const seen = new Map<string, RunnerLabel>();
  for (const it of iterations) for (const r of it.runs) seen.set(JSON.stringify(r.result.label), r.result.label);
  return [...seen.values()];
}

export function selectionOutput(profiles: readonly StrategyProfile[], preset: PresetName | 'custom', weights: Weights): SelectionOutput {
  return { preset, weights, ...selectStrategy(profiles, weights) };
}

export function statusOutput(parts: { state: string; profiles: StrategyProfile[]; recent_runs: StoredRun[]; totals: PipelineTotals; preset: PresetName | 'custom'; weights: Weights }): PipelineStatusOutput {
  const { profiles } = parts;
  return {
    action: 'status',
    state: parts.state,
    exists: parts.totals.runs > 0 || parts.totals.log_entries > 0,
    profiles,
    improvement: profiles.map((p) => ({ strategy: p.strategy, rate: p.improvementRate, text: improvementText(p.improvementRate) })),
    recommendations: recommendations(profiles),
    selection: selectionOutput(profiles, parts.preset, parts.weights),
    recent_runs: parts.recent_runs,
    totals: parts.totals,
  };
}
