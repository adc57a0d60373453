// Shapes shared by the pipeline bench's page (window.benchPipeline), its node-side driver and the suite.
import type { RunnerLabel, TaskFiles, TaskRunResult } from '../../core/pipeline/runner';
import type { BenchRow } from '../../workers/compute/bench/types';

/** One task run by one runner: the SHA-256 of the files as that side received them, the result, and the wall time of `runner.run`. */
export interface SideRun {
  files_sha256: string;
  result: TaskRunResult;
  /** From the files handed to runner.run to its verdict (tests + lint). */
  wall_ms: number;
}

export interface SideBatch {
  runs: SideRun[];
  /** The whole batch, run back to back. */
  wall_ms: number;
}

/** A fresh test sandbox taken to the verdict of one empty test. */
export interface StartupSample {
  /** Creating the iframe → its worker (shims loaded) reported the empty test file done. */
  ready_ms: number;
  /** Of which: the iframe, its document and the private port (SandboxHost.startupMs). */
  iframe_ms: number;
}

export interface LintCold {
  /** A new lint sandbox with ESLint loaded (fetch + evaluation of eslint-linter-browserify in its worker). */
  eslint_load_ms: number;
  /** The first lint job on that sandbox (its lint.duration_ms). */
  first_lint_ms: number;
  /** False when this page had loaded ESLint's text before: then the fetch was not cold. */
  first_in_page: boolean;
  run: SideRun;
}

export interface PageEnv {
  userAgent: string;
  crossOriginIsolated: boolean;
  label: RunnerLabel;
}

/** What bench/page/pipeline.ts puts on window.benchPipeline for bench/run.mjs (through page.evaluate). */
export interface PipelinePageApi {
  env(): Promise<PageEnv>;
  startup(count: number): Promise<StartupSample[]>;
  lintCold(files: TaskFiles, timeoutMs: number): Promise<LintCold>;
  runBatch(files: TaskFiles[], timeoutMs: number): Promise<SideBatch>;
}

/** A runner as the suite drives it: the browser sandbox (in the page) or the node runner (here). */
export interface RunnerSide {
  runBatch(files: TaskFiles[], timeoutMs: number): Promise<SideBatch>;
}

export interface SandboxSide extends RunnerSide {
  startup(count: number): Promise<StartupSample[]>;
  lintCold(files: TaskFiles, timeoutMs: number): Promise<LintCold>;
}

export type PipelineRow = BenchRow & Record<string, unknown>;
