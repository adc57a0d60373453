// The pipeline suite's node half, loaded by bench/run.mjs: the node runner here, the browser sandbox in the bench page (through playwright), the suite between them.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import type { RunnerLabel, TaskFiles } from '../../core/pipeline/runner';
import { createNodeRunner } from '../../cli/pipeline/node-runner';
import { canonicalFiles, emptyTask } from './files';
import { FULL_PLAN, QUICK_PLAN, runPipelineSuite, type PipelinePlan } from './pipeline-suite';
import type { LintCold, PageEnv, PipelinePageApi, PipelineRow, RunnerSide, SandboxSide, SideBatch, SideRun, StartupSample } from './types';

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The node runner as the suite drives it: one runner for the whole bench, each task's fingerprint taken before its timed region. */
export function nodeSide(runner = createNodeRunner()): RunnerSide & { label(): Promise<RunnerLabel> } {
  let seen: RunnerLabel | null = null;
  return {
    async runBatch(list: TaskFiles[], timeoutMs: number): Promise<SideBatch> {
      const hashes = list.map((files) => sha256(canonicalFiles(files)));
      const runs: SideRun[] = [];
      const t0 = performance.now();
      for (const [i, files] of list.entries()) {
        const t = performance.now();
        const result = await runner.run(files, { timeout_ms: timeoutMs });
        runs.push({ files_sha256: hashes[i], result, wall_ms: performance.now() - t });
        seen = result.label;
      }
      return { runs, wall_ms: performance.now() - t0 };
    },
    async label() {
      // The label (node and npm versions) on the results; a tiny run tells it when none was run yet.
      seen ??= (await runner.run(emptyTask(), { timeout_ms: 30_000 })).label;
      return seen;
    },
  };
}

type PageWindow = { benchPipeline: PipelinePageApi };

/** The bench page's browser-sandbox runner, reached through page.evaluate: arguments and results cross as JSON. */
export function pageSide(page: Page): SandboxSide & { env(): Promise<PageEnv> } {
  return {
    env: () => page.evaluate(() => (globalThis as unknown as PageWindow).benchPipeline.env()),
    startup: (count: number): Promise<StartupSample[]> => page.evaluate((n) => (globalThis as unknown as PageWindow).benchPipeline.startup(n), count),
    lintCold: (files: TaskFiles, timeoutMs: number): Promise<LintCold> =>
      page.evaluate(([f, t]) => (globalThis as unknown as PageWindow).benchPipeline.lintCold(f, t), [files, timeoutMs] as const),
    runBatch: (list: TaskFiles[], timeoutMs: number): Promise<SideBatch> =>
      page.evaluate(([l, t]) => (globalThis as unknown as PageWindow).benchPipeline.runBatch(l, t), [list, timeoutMs] as const),
  };
}

/** An installed package's version (read from its folder: eslint-linter-browserify's exports hide its package.json). */
function packageVersion(name: string): string {
  const entry = createRequire(import.meta.url).resolve(name);
  const dir = entry.slice(0, entry.lastIndexOf(`/node_modules/${name}/`) + `/node_modules/${name}/`.length);
  return (JSON.parse(readFileSync(`${dir}package.json`, 'utf8')) as { version: string }).version;
}

export interface PipelineBenchOptions {
  /** The bench page (pipeline.html), loaded, with window.benchPipeline defined. */
  page: Page;
  quick: boolean;
  filter?: string;
  onProgress?: (label: string) => void;
  onNote?: (message: string) => void;
}

export interface PipelineBenchEnv {
  sandbox: PageEnv;
  node: RunnerLabel;
  eslint: string;
  eslintLinterBrowserify: string;
  plan: PipelinePlan;
}

export async function runPipelineBench(options: PipelineBenchOptions): Promise<{ rows: PipelineRow[]; env: PipelineBenchEnv }> {
  const plan = options.quick ? QUICK_PLAN : FULL_PLAN;
  const sandbox = pageSide(options.page);
  const node = nodeSide();
  const sandboxEnv = await sandbox.env();
  const rows = await runPipelineSuite({
    sandbox, node, plan, sha256,
    load: () => loadavg()[0],
    ...(options.filter === undefined ? {} : { filter: options.filter }),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.onNote ? { onNote: options.onNote } : {}),
  });
  // Asked after the suite, so the node runner's first run in the suite is its cold one.
  const nodeLabel = await node.label();
  return {
    rows,
    env: { sandbox: sandboxEnv, node: nodeLabel, eslint: packageVersion('eslint'), eslintLinterBrowserify: packageVersion('eslint-linter-browserify'), plan },
  };
}
