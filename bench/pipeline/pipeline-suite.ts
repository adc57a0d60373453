// The pipeline suite: the browser sandbox against the node runner on the same generated task files (made once, handed to both), timed per iteration, start-up and lint warm-up, throughput; verdicts compared run by run.
import type { TaskFiles, TaskRunResult } from '../../core/pipeline/runner';
import { STRATEGIES } from '../../core/pipeline/strategies/index';
import { COMPLEXITIES, type Complexity } from '../../core/pipeline/task';
import { median } from '../../workers/compute/bench/timing';
import { disagreements } from './agreement';
import { canonicalFiles, emptyTask } from './files';
import { planIterations } from './plan';
import type { PipelineRow, RunnerSide, SandboxSide, SideBatch } from './types';

export interface PipelinePlan {
  /** Fresh test sandboxes / empty-task runs not counted after the cold (first) one. */
  fixedWarmup: number;
  /** Counted ones: the warm figure is their median. */
  fixedTimed: number;
  /** Untimed iterations per level. */
  iterationWarmup: number;
  /** Timed iterations per level. */
  iterationTimed: number;
  /** Timed iterations per level whose runs make the throughput batch. */
  batchPerLevel: number;
  /** Deadline per check handed to both runners (core's DEFAULT_TIMEOUT_MS). */
  timeoutMs: number;
}

// Six timed iterations per level: every template is timed once (the warm-up repeats the first one with another seed).
export const FULL_PLAN: PipelinePlan = { fixedWarmup: 2, fixedTimed: 11, iterationWarmup: 1, iterationTimed: 6, batchPerLevel: 3, timeoutMs: 30_000 };
export const QUICK_PLAN: PipelinePlan = { fixedWarmup: 1, fixedTimed: 3, iterationWarmup: 1, iterationTimed: 2, batchPerLevel: 1, timeoutMs: 30_000 };

export const FIXED_ROWS = ['sandbox_startup_cold', 'sandbox_startup_warm', 'lint_warmup', 'lint_warm'] as const;
export const THROUGHPUT_ROW = 'tasks_per_minute';
export const iterationRow = (level: Complexity) => `pipeline_iteration_${level}`;

export interface SuiteDeps {
  sandbox: SandboxSide;
  node: RunnerSide;
  plan: PipelinePlan;
  /** Hex SHA-256 of a string's UTF-8 bytes (node:crypto here; the page uses WebCrypto on what it received). */
  sha256(text: string): string;
  /** The 1-minute load average, recorded at the start and end of each measurement (the machine may be shared). */
  load(): number;
  filter?: string;
  onProgress?: (label: string) => void;
  onNote?: (message: string) => void;
}

const SANDBOX = 'browser-sandbox';
const NODE = 'node';
const round = (x: number, digits = 1) => Number(x.toFixed(digits));
const ratio = (num: number, den: number) => (den > 0 ? round(num / den, 3) : null);
const perMin = (b: SideBatch) => (b.runs.length * 60_000) / b.wall_ms;

/** Runs one batch on a side and checks that it received exactly the files planned (by fingerprint). */
async function runChecked(side: RunnerSide, sideName: string, files: TaskFiles[], expected: string[], timeoutMs: number, mismatches: string[]): Promise<SideBatch> {
  const batch = await side.runBatch(files, timeoutMs);
  if (batch.runs.length !== files.length) throw new Error(`the ${sideName} side returned ${batch.runs.length} results for ${files.length} tasks`);
  batch.runs.forEach((r, i) => {
    if (r.files_sha256 !== expected[i]) mismatches.push(`${sideName} run ${i + 1}: received files with SHA-256 ${r.files_sha256.slice(0, 12)}…, planned ${expected[i].slice(0, 12)}…`);
    // Every result names its runner: a result from another one (a fallback) would time the wrong thing.
    if (r.result.label.runner !== sideName) throw new Error(`the ${sideName} side's run ${i + 1} is labelled ${JSON.stringify(r.result.label)}`);
  });
  return batch;
}

/** A check that ended without a verdict makes its timing meaningless: said in a note, never hidden. */
function unhealthy(r: TaskRunResult): string | null {
  const bad = (['test', 'lint'] as const).filter((c) => !['pass', 'fail'].includes(r[c].status));
  return bad.length ? bad.map((c) => `${c} ${r[c].status}${r[c].reason ? ` (${r[c].reason})` : ''}`).join('; ') : null;
}

function testSummary(results: TaskRunResult[]): string {
  const tests = results.flatMap((r) => r.test.tests);
  const passed = tests.filter((t) => t.status === 'pass').length;
  const checks = (c: 'test' | 'lint') => {
    const counts = new Map<string, number>();
    for (const r of results) counts.set(r[c].status, (counts.get(r[c].status) ?? 0) + 1);
    return [...counts].map(([s, n]) => `${s} ${n}`).join(', ');
  };
  return `tests ${passed}/${tests.length} passed (checks: ${checks('test')}); lint checks: ${checks('lint')}`;
}

export async function runPipelineSuite(deps: SuiteDeps): Promise<PipelineRow[]> {
  const { sandbox, node, plan } = deps;
  const wanted = (name: string) => !deps.filter || name.includes(deps.filter);
  const progress = (label: string) => deps.onProgress?.(label);
  const note = (message: string) => deps.onNote?.(message);
  const hash = (files: TaskFiles) => deps.sha256(canonicalFiles(files));
  const rows: PipelineRow[] = [];
  const mismatches: string[] = [];
  const problems = new Set<string>();
  const health = (side: string, what: string, r: TaskRunResult) => {
    const bad = unhealthy(r);
    if (bad) problems.add(`${side} on ${what}: ${bad}`);
  };

  // 1. Fixed costs, first on both sides so that "cold" is cold: a fresh test sandbox to its first verdict, ESLint's first load.
  if (FIXED_ROWS.some(wanted)) {
    const empty = emptyTask();
    const emptyHash = hash(empty);
    const n = 1 + plan.fixedWarmup + plan.fixedTimed;
    const load0 = deps.load();
    progress(`sandbox start-up: ${n} fresh test sandboxes, each to the verdict of one empty test`);
    const starts = await sandbox.startup(n);
    progress('ESLint: a new lint sandbox loads it, then lints the empty task');
    const cold = await sandbox.lintCold(empty, plan.timeoutMs);
    if (cold.run.files_sha256 !== emptyHash) mismatches.push('sandbox lint warm-up: received files differ from those planned');
    if (cold.run.result.label.runner !== SANDBOX) throw new Error(`the lint warm-up's run is labelled ${JSON.stringify(cold.run.result.label)}`);
    if (!cold.first_in_page) note('the page had fetched ESLint before the lint warm-up: its first-lint figure is not cold');
    progress(`empty task × ${n - 1} on the browser sandbox (warm)`);
    const sbEmpty = await runChecked(sandbox, SANDBOX, Array(n - 1).fill(empty), Array(n - 1).fill(emptyHash), plan.timeoutMs, mismatches);
    progress(`empty task × ${n} on the node runner (the first is its cold start)`);
    const ndEmpty = await runChecked(node, NODE, Array(n).fill(empty), Array(n).fill(emptyHash), plan.timeoutMs, mismatches);
    const load1 = deps.load();
    const sbRuns = [cold.run, ...sbEmpty.runs];
    const emptyDisagree = sbRuns.flatMap((r, i) => disagreements(r.result, ndEmpty.runs[i].result).map((d) => `empty task run ${i + 1}: ${d}`));
    sbRuns.forEach((r) => health(SANDBOX, 'the empty task', r.result));
    ndEmpty.runs.forEach((r) => health(NODE, 'the empty task', r.result));

    const timedFrom = 1 + plan.fixedWarmup;
    const warmStarts = starts.slice(timedFrom);
    const ndTest = ndEmpty.runs.map((r) => r.result.test.duration_ms);
    const ndLint = ndEmpty.runs.map((r) => r.result.lint.duration_ms);
    const sbLint = sbRuns.map((r) => r.result.lint.duration_ms);
    const sbWarmLint = median(sbLint.slice(timedFrom));
    const ndWarmLint = median(ndLint.slice(timedFrom));
    const agree = emptyDisagree.length === 0 ? `both runners agree on all ${n} runs of the empty task` : `runners DISAGREE: ${emptyDisagree.join('; ')}`;
    const common = { load_1m: [round(load0, 2), round(load1, 2)], agreement: agree, ...(emptyDisagree.length ? { disagreements: emptyDisagree } : {}) };
    const firstLint = cold.eslint_load_ms + cold.first_lint_ms;
    rows.push(
      {
        name: 'sandbox_startup_cold', unit: 'ms', ours: round(starts[0].ready_ms), peer: round(ndTest[0]), peer_name: 'node runner: npm test', ratio: ratio(ndTest[0], starts[0].ready_ms),
        detail: 'the first of the page: ours = creating a sandboxed iframe (srcdoc, CSP, port) → blob worker with the node:test/node:assert shims → verdict of a file with one empty test; ' +
          'peer = the node runner\'s first `npm test` of this process on the same files (npm → node --test → the file → exit). Neither includes lint or writing files. ' + agree,
        ours_iframe_ms: round(starts[0].iframe_ms), ...common,
      },
      {
        name: 'sandbox_startup_warm', unit: 'ms', ours: round(median(warmStarts.map((s) => s.ready_ms))), peer: round(median(ndTest.slice(timedFrom))), peer_name: 'node runner: npm test',
        ratio: ratio(median(ndTest.slice(timedFrom)), median(warmStarts.map((s) => s.ready_ms))),
        detail: `median of ${plan.fixedTimed} after ${plan.fixedWarmup} warm-up (and the cold one): ours = a fresh sandboxed iframe → worker with shims → verdict of one empty test; peer = \`npm test\` on the same files. ${agree}`,
        ours_iframe_ms: round(median(warmStarts.map((s) => s.iframe_ms))),
        // The same path inside runner.run (its test check on the empty task: fresh sandbox → verdict), for comparison.
        ours_runner_test_check_ms: round(median(sbRuns.slice(timedFrom).map((r) => r.result.test.duration_ms))),
        ours_samples_ms: warmStarts.map((s) => round(s.ready_ms)), peer_samples_ms: ndTest.slice(timedFrom).map((x) => round(x)), ...common,
      },
      {
        name: 'lint_warmup', unit: 'ms', ours: round(firstLint), peer: round(ndLint[0]), peer_name: 'node runner: npm run lint', ratio: ratio(ndLint[0], firstLint),
        detail: 'first lint of the page / process, on the empty task: ours = a new lint sandbox, fetching and evaluating eslint-linter-browserify in its worker (ours_eslint_load_ms), then the first lint job; ' +
          'peer = the node runner\'s first `npm run lint` (every npm run lint starts node and loads ESLint again). ' +
          `Warm: ours ${round(sbWarmLint)} ms, node ${round(ndWarmLint)} ms (lint_warm). ${agree}`,
        ours_eslint_load_ms: round(cold.eslint_load_ms), ours_first_job_ms: round(cold.first_lint_ms), ours_warm_ms: round(sbWarmLint), ours_first_over_warm: ratio(firstLint, sbWarmLint),
        peer_warm_ms: round(ndWarmLint), peer_first_over_warm: ratio(ndLint[0], ndWarmLint), ...common,
      },
      {
        name: 'lint_warm', unit: 'ms', ours: round(sbWarmLint), peer: round(ndWarmLint), peer_name: 'node runner: npm run lint', ratio: ratio(ndWarmLint, sbWarmLint),
        detail: `median of ${plan.fixedTimed} lints of the empty task after ${plan.fixedWarmup} warm-up: ours = one job in the page's long-lived lint sandbox (ESLint already loaded); peer = \`npm run lint\` (a new node loading ESLint). ${agree}`,
        ours_samples_ms: sbLint.slice(timedFrom).map((x) => round(x)), peer_samples_ms: ndLint.slice(timedFrom).map((x) => round(x)), ...common,
      },
    );
  }

  // 2. One iteration = one generated task × 3 strategies, tests + lint each, on each runner; the side that goes first alternates.
  const levels = COMPLEXITIES.filter((l) => wanted(iterationRow(l)) || wanted(THROUGHPUT_ROW));
  const iterations = planIterations({ levels, warmup: plan.iterationWarmup, timed: plan.iterationTimed });
  for (const level of COMPLEXITIES.filter((l) => wanted(iterationRow(l)))) {
    const list = iterations.filter((it) => it.level === level);
    const load0 = deps.load();
    const sbWall: number[] = [];
    const ndWall: number[] = [];
    const per = new Map(STRATEGIES.map((s) => [s, { sbTest: [] as number[], sbLint: [] as number[], ndTest: [] as number[], ndLint: [] as number[], sb: [] as TaskRunResult[], nd: [] as TaskRunResult[] }]));
    const disagree: string[] = [];
    for (const [k, it] of list.entries()) {
      progress(`${iterationRow(level)}: ${it.task_id} (${it.warmup ? 'warm-up' : `timed ${k - plan.iterationWarmup + 1}/${plan.iterationTimed}`})`);
      const files = it.runs.map((r) => r.files);
      const expected = files.map(hash);
      const sides: [string, RunnerSide][] = k % 2 === 0 ? [[SANDBOX, sandbox], [NODE, node]] : [[NODE, node], [SANDBOX, sandbox]];
      const out: Record<string, SideBatch> = {};
      for (const [name, side] of sides) out[name] = await runChecked(side, name, files, expected, plan.timeoutMs, mismatches);
      const sb = out[SANDBOX];
      const nd = out[NODE];
      it.runs.forEach((r, i) => {
        for (const d of disagreements(sb.runs[i].result, nd.runs[i].result)) disagree.push(`${r.task_id} ${r.strategy}: ${d}`);
        health(SANDBOX, `${r.task_id} ${r.strategy}`, sb.runs[i].result);
        health(NODE, `${r.task_id} ${r.strategy}`, nd.runs[i].result);
      });
      if (it.warmup) continue;
      sbWall.push(sb.wall_ms);
      ndWall.push(nd.wall_ms);
      it.runs.forEach((r, i) => {
        const p = per.get(r.strategy)!;
        p.sbTest.push(sb.runs[i].result.test.duration_ms);
        p.sbLint.push(sb.runs[i].result.lint.duration_ms);
        p.ndTest.push(nd.runs[i].result.test.duration_ms);
        p.ndLint.push(nd.runs[i].result.lint.duration_ms);
        p.sb.push(sb.runs[i].result);
        p.nd.push(nd.runs[i].result);
      });
    }
    const timed = list.filter((it) => !it.warmup);
    const runsChecked = list.length * STRATEGIES.length;
    const agree = disagree.length === 0
      ? `Both runners agree on every test's verdict and on lint in all ${runsChecked} runs (warm-up included)`
      : `Runners DISAGREE in ${disagree.length} place(s): ${disagree.join('; ')}`;
    const strategies = Object.fromEntries([...per].map(([s, p]) => [s, {
      ours_test_ms: round(median(p.sbTest)), ours_lint_ms: round(median(p.sbLint)),
      peer_test_ms: round(median(p.ndTest)), peer_lint_ms: round(median(p.ndLint)),
      ours_verdicts: testSummary(p.sb), peer_verdicts: testSummary(p.nd),
    }]));
    const ours = median(sbWall);
    const peer = median(ndWall);
    rows.push({
      name: iterationRow(level), unit: 'ms', ours: round(ours), peer: round(peer), peer_name: 'node runner (npm test + npm run lint)', ratio: ratio(peer, ours),
      detail: `one generated ${level} task × 3 strategies (conservative, balanced, aggressive), tests + lint each, from the files handed to the runner to the third verdict ` +
        `(strategy transforms made beforehand, once, for both); median of ${timed.length} tasks (${timed.map((t) => t.template).join(', ')}) after ${plan.iterationWarmup} warm-up. ` +
        'ours = browser sandbox in Chromium: lint in the page\'s long-lived lint sandbox, then the tests in a fresh sandboxed iframe per run; ' +
        'peer = node runner: temp folder, files written, `npm test`, `npm run lint`, folder removed. ' + agree,
      tasks: timed.map((t) => t.task_id), warmup_tasks: list.filter((t) => t.warmup).map((t) => t.task_id),
      ours_samples_ms: sbWall.map((x) => round(x)), peer_samples_ms: ndWall.map((x) => round(x)),
      strategies, agreement: agree, ...(disagree.length ? { disagreements: disagree } : {}),
      load_1m: [round(load0, 2), round(deps.load(), 2)],
    });
  }

  // 3. Throughput: a fixed batch of strategy runs back to back on each runner.
  if (wanted(THROUGHPUT_ROW)) {
    const batch = COMPLEXITIES.flatMap((level) => iterations.filter((it) => it.level === level && !it.warmup).slice(0, plan.batchPerLevel)).flatMap((it) => it.runs);
    const files = batch.map((r) => r.files);
    const expected = files.map(hash);
    const load0 = deps.load();
    progress(`${THROUGHPUT_ROW}: ${batch.length} strategy runs back to back on the browser sandbox`);
    const sb = await runChecked(sandbox, SANDBOX, files, expected, plan.timeoutMs, mismatches);
    progress(`${THROUGHPUT_ROW}: the same ${batch.length} runs on the node runner`);
    const nd = await runChecked(node, NODE, files, expected, plan.timeoutMs, mismatches);
    const disagree = batch.flatMap((r, i) => disagreements(sb.runs[i].result, nd.runs[i].result).map((d) => `${r.task_id} ${r.strategy}: ${d}`));
    batch.forEach((r, i) => {
      health(SANDBOX, `${r.task_id} ${r.strategy}`, sb.runs[i].result);
      health(NODE, `${r.task_id} ${r.strategy}`, nd.runs[i].result);
    });
    const agree = disagree.length === 0 ? `both runners agree on all ${batch.length} runs` : `runners DISAGREE: ${disagree.join('; ')}`;
    rows.push({
      name: THROUGHPUT_ROW, unit: 'runs/min', ours: round(perMin(sb)), peer: round(perMin(nd)), peer_name: 'node runner', ratio: ratio(perMin(sb), perMin(nd)),
      detail: `strategy runs (tests + lint) completed per minute over one fixed batch of ${batch.length} runs (${plan.batchPerLevel} timed task(s) per level × 3 strategies: ` +
        `${[...new Set(batch.map((r) => r.task_id))].join(', ')}), run back to back, one at a time, after the iterations above; the batch's wall time on each side. ${agree}`,
      batch_runs: batch.length, ours_wall_ms: round(sb.wall_ms), peer_wall_ms: round(nd.wall_ms), agreement: agree, ...(disagree.length ? { disagreements: disagree } : {}),
      load_1m: [round(load0, 2), round(deps.load(), 2)],
    });
  }

  for (const m of mismatches) note(`files differ from the plan: ${m}`);
  for (const p of problems) note(`no verdict: ${p}`);
  for (const r of rows) {
    r.files_identical = mismatches.length === 0;
    if (Array.isArray(r.disagreements)) note(`${r.name}: ${r.agreement as string}`);
  }
  return rows.filter((r) => wanted(r.name));
}
