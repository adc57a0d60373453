// The pipeline bench's pure parts: the planned tasks, the files' fingerprint, the agreement check, and that the suite hands both runners the same files and reports where they disagree (timings are never asserted).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateTask } from '../../core/pipeline/generate';
import type { RunnerName, TaskFiles, TaskRunResult, TestResult } from '../../core/pipeline/runner';
import { STRATEGIES } from '../../core/pipeline/strategies/index';
import { templatesOf } from '../../core/pipeline/templates/index';
import { disagreements } from './agreement';
import { canonicalFiles, emptyTask } from './files';
import { FIXED_ROWS, runPipelineSuite, type PipelinePlan } from './pipeline-suite';
import { planIterations } from './plan';
import type { SandboxSide, SideBatch, RunnerSide } from './types';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function result(tests: TestResult[], lint: 'pass' | 'fail' = 'pass', runner: RunnerName = 'node'): TaskRunResult {
  const failed = tests.some((t) => t.status === 'fail');
  return {
    label: { runner, engine: 'test', version: '0' },
    test: { status: failed ? 'fail' : 'pass', duration_ms: 1, tests },
    lint: { status: lint, duration_ms: 1, messages: lint === 'fail' ? [{ file: 'src/a.js', line: 3, column: 1, ruleId: 'no-unused-vars', severity: 2, message: 'x' }] : [] },
    duration_ms: 2,
  };
}

describe('planIterations', () => {
  it('gives each level warm-up and timed tasks over distinct templates, each under the three strategies, the same every time', () => {
    const plan = planIterations({ warmup: 1, timed: 5 });
    expect(plan).toHaveLength(18);
    for (const level of ['easy', 'medium', 'hard'] as const) {
      const list = plan.filter((x) => x.level === level);
      expect(list.map((x) => x.warmup)).toEqual([true, false, false, false, false, false]);
      // All six of the level's templates, one task each.
      expect(new Set(list.map((x) => x.template))).toEqual(new Set(templatesOf(level).map((t) => t.id)));
      for (const iteration of list) {
        expect(iteration.runs.map((r) => r.strategy)).toEqual([...STRATEGIES]);
        const task = generateTask({ complexity: level, seed: iteration.seed, template: iteration.template });
        const [conservative, balanced, aggressive] = iteration.runs.map((r) => r.files);
        // Balanced hands over the generated files as they are; the other two change the source and only the source.
        expect(balanced).toEqual(task.files);
        for (const changed of [conservative, aggressive]) {
          expect(changed[task.sourcePath]).not.toBe(task.files[task.sourcePath]);
          expect({ ...changed, [task.sourcePath]: '' }).toEqual({ ...task.files, [task.sourcePath]: '' });
        }
      }
    }
    expect(planIterations({ warmup: 1, timed: 5 })).toEqual(plan);
  });
});

describe('canonicalFiles', () => {
  it('does not depend on key order and changes with any byte of any file', () => {
    const a: TaskFiles = { 'src/a.js': 'export const a = 1;\n', 'test/a.test.js': 'x' };
    const b: TaskFiles = { 'test/a.test.js': 'x', 'src/a.js': 'export const a = 1;\n' };
    expect(canonicalFiles(a)).toBe(canonicalFiles(b));
    expect(canonicalFiles({ ...a, 'src/a.js': 'export const a = 2;\n' })).not.toBe(canonicalFiles(a));
    expect(canonicalFiles({ ...a, 'src/b.js': '' })).not.toBe(canonicalFiles(a));
  });
});

const pass = (name: string): TestResult => ({ name, status: 'pass', duration_ms: 1 });
const fail = (name: string): TestResult => ({ name, status: 'fail', duration_ms: 1, error: 'no' });

describe('disagreements', () => {
  it('is empty when the verdicts agree, whatever the timings and order', () => {
    const a = result([pass('s > one'), fail('s > two')]);
    const b = { ...result([fail('s > two'), pass('s > one')]), duration_ms: 999 };
    expect(disagreements(a, b)).toEqual([]);
  });

  it('names the test whose verdict differs, a test one side did not report, and lint differences', () => {
    const a = result([pass('one'), pass('two'), pass('three')]);
    const b = result([pass('one'), fail('two')], 'fail');
    const d = disagreements(a, b);
    expect(d).toContain('tests sandbox pass, node fail');
    expect(d).toContain('test "two": sandbox pass, node fail');
    expect(d).toContain('test "three": sandbox pass, node missing');
    expect(d).toContain('lint sandbox pass, node fail');
    expect(d.some((x) => x.startsWith('lint findings') && x.includes('src/a.js:3:no-unused-vars'))).toBe(true);
  });

  it('keeps every verdict of a repeated test name', () => {
    expect(disagreements(result([pass('t'), pass('t')]), result([pass('t'), fail('t')]))).toContain('test "t": sandbox pass,pass, node pass,fail');
  });
});

/** A side that records what it was handed and answers with a verdict made from the files alone (so two honest sides agree). */
function fakeSide(runner: RunnerName, opts: { flipRun?: number; tamper?: boolean } = {}): SandboxSide & { seen: TaskFiles[][] } {
  const seen: TaskFiles[][] = [];
  let count = 0;
  const verdict = (files: TaskFiles): TaskRunResult => {
    const n = count++;
    const failing = Object.values(files).some((t) => t.includes('throw')) ? 'fail' : 'pass';
    const status = n === opts.flipRun ? (failing === 'pass' ? 'fail' : 'pass') : failing;
    return result([{ name: 'suite > first', status, duration_ms: 1 }, { name: 'suite > second', status: 'pass', duration_ms: 1 }], 'pass', runner);
  };
  const runBatch = async (list: TaskFiles[]): Promise<SideBatch> => {
    seen.push(list);
    const runs = list.map((files) => ({ files_sha256: sha256(canonicalFiles(opts.tamper ? { ...files, extra: '' } : files)), result: verdict(files), wall_ms: 5 }));
    return { runs, wall_ms: 5 * list.length };
  };
  return {
    seen,
    runBatch,
    async startup(n) {
      return Array.from({ length: n }, () => ({ ready_ms: 3, iframe_ms: 1 }));
    },
    async lintCold(files) {
      const b = await runBatch([files]);
      return { eslint_load_ms: 10, first_lint_ms: 1, first_in_page: true, run: b.runs[0] };
    },
  };
}

const tiny: PipelinePlan = { fixedWarmup: 1, fixedTimed: 1, iterationWarmup: 1, iterationTimed: 2, batchPerLevel: 1, timeoutMs: 1000 };

describe('runPipelineSuite', () => {
  it('hands both runners identical files in every batch and reports that they agree', async () => {
    const sandbox = fakeSide('browser-sandbox');
    const node = fakeSide('node');
    const notes: string[] = [];
    const rows = await runPipelineSuite({ sandbox, node: node as RunnerSide, plan: tiny, sha256, load: () => 0.5, onNote: (m) => notes.push(m) });
    expect(rows.map((r) => r.name)).toEqual([...FIXED_ROWS, 'pipeline_iteration_easy', 'pipeline_iteration_medium', 'pipeline_iteration_hard', 'tasks_per_minute']);
    // The sandbox's first batch is lintCold's single empty task; afterwards the batches pair up one to one.
    const sbBatches = [[...sandbox.seen[0], ...sandbox.seen[1]], ...sandbox.seen.slice(2)];
    expect(sbBatches).toEqual(node.seen);
    expect(node.seen[0]).toEqual([emptyTask(), emptyTask(), emptyTask()]);
    expect(node.seen.slice(1, 10).every((b) => b.length === 3)).toBe(true);
    expect(node.seen.at(-1)).toHaveLength(9);
    expect(notes).toEqual([]);
    for (const r of rows) {
      expect(r.files_identical).toBe(true);
      expect(r.disagreements).toBeUndefined();
      expect(r.detail).toBeTruthy();
    }
    expect(rows[4].agreement).toMatch(/agree on every test's verdict and on lint in all 9 runs/);
  });

  it('reports a verdict the runners disagree on in the row and in a note', async () => {
    const sandbox = fakeSide('browser-sandbox');
    // The node side's runs: 0-2 the empty task, 3-5 the easy warm-up task under conservative, balanced, aggressive.
    const node = fakeSide('node', { flipRun: 4 });
    const notes: string[] = [];
    const rows = await runPipelineSuite({ sandbox, node, plan: tiny, sha256, load: () => 0.5, onNote: (m) => notes.push(m) });
    const easy = rows.find((r) => r.name === 'pipeline_iteration_easy')!;
    const d = easy.disagreements as string[];
    expect(d).toHaveLength(2);
    expect(d[0]).toMatch(/^email-validator-9000 balanced: tests sandbox (pass|fail), node (pass|fail)$/);
    expect(d[1]).toMatch(/^email-validator-9000 balanced: test "suite > first": sandbox (pass|fail), node (pass|fail)$/);
    expect(easy.detail).toMatch(/DISAGREE/);
    expect(notes.some((n) => n.startsWith('pipeline_iteration_easy: Runners DISAGREE'))).toBe(true);
    expect(rows.find((r) => r.name === 'pipeline_iteration_medium')!.disagreements).toBeUndefined();
  });

  it('flags files that arrived different from those planned', async () => {
    const notes: string[] = [];
    const rows = await runPipelineSuite({ sandbox: fakeSide('browser-sandbox', { tamper: true }), node: fakeSide('node'), plan: tiny, sha256, load: () => 0.5, onNote: (m) => notes.push(m), filter: 'pipeline_iteration_hard' });
    expect(rows.map((r) => r.name)).toEqual(['pipeline_iteration_hard']);
    expect(rows[0].files_identical).toBe(false);
    expect(notes.filter((n) => n.startsWith('files differ from the plan: browser-sandbox run'))).toHaveLength(9);
  });

  it('refuses a result labelled with another runner than the one it asked', async () => {
    const run = runPipelineSuite({ sandbox: fakeSide('webcontainer'), node: fakeSide('node'), plan: tiny, sha256, load: () => 0.5 });
    await expect(run).rejects.toThrow(/labelled .*webcontainer/);
  });

  it('runs only what the filter asks for', async () => {
    const sandbox = fakeSide('browser-sandbox');
    const node = fakeSide('node');
    const rows = await runPipelineSuite({ sandbox, node, plan: tiny, sha256, load: () => 0.5, filter: 'lint_warm' });
    expect(rows.map((r) => r.name)).toEqual(['lint_warmup', 'lint_warm']);
    // Only the fixed-cost phase ran: the empty task, never a generated one.
    expect(node.seen.flat().every((f) => canonicalFiles(f) === canonicalFiles(emptyTask()))).toBe(true);
  });
});
