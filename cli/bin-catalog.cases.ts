// Bin test cases for `safla neural catalog` and `safla neural loop`: the 27 templates untrained until trained here, training from recorded runs and from a dropped dataset (measured accuracy = the registry's), too little data said with its count, and the loop on the real node runner.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrate } from '../core/db/migrations';
import { scoreRun } from '../core/pipeline/scoring';
import { createPipelineStore } from '../core/pipeline/store';
import type { Strategy } from '../core/pipeline/strategies/types';
import { resultOf } from '../core/pipeline/test-support';
import { isCleanError, safla } from './bin-support';
import { NodeDb } from './node-db';

/** The accuracies the reference claimed for its catalog (85–97%). */
const CLAIMED = /\b(8[5-9]|9[0-7])(\.\d+)?\s*%/;

/** Records scored pipeline runs in a state folder through the same store the CLI writes with (fast; the loop case below runs real ones). */
function recordRuns(folder: string, runs: { template: string; strategy: Strategy; pass: boolean }[]): void {
  const db = NodeDb.open(join(folder, '.safla', 'memory.db'));
  try {
    migrate(db);
    const store = createPipelineStore(db);
    runs.forEach((r, i) => {
      const result = { ...resultOf(r.pass ? 'pass' : 'fail', 'pass', 300, 200), label: { runner: 'node' as const, engine: `node ${process.version}`, version: 'bin test' } };
      store.recordStrategyRun({ iteration_id: `it-${i}`, task_id: `${r.template}-${i}`, template: r.template, complexity: 'easy', seed: i, strategy: r.strategy, result, score: scoreRun(r.strategy, result), changes: [], created_at: 1_700_000_000_000 + i });
    });
  } finally {
    db.close();
  }
}

export function catalogCases(): void {
  let folder = '';
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'safla-bin-catalog-'));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  const json = async (...args: string[]) => {
    const r = await safla(folder, 'neural', ...args, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout);
  };

  it('lists the 27 templates, each untrained, with what it learns and how much recorded data it has; no claimed figure anywhere; creates nothing', async () => {
    const list = await json('catalog');
    expect(list).toHaveLength(27);
    expect(list.map((e: { category: string }) => e.category).reduce((m: Record<string, number>, c: string) => ({ ...m, [c]: (m[c] ?? 0) + 1 }), {})).toEqual({ coordination: 8, consensus: 6, performance: 5, sparc: 4, specialized: 4 });
    expect(list.every((e: { status: string; trained: unknown }) => e.status === 'untrained' && e.trained === null)).toBe(true);
    const text = await safla(folder, 'neural', 'catalog');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^adaptive-coordinator\s+coordination\s+untrained\s+—\s+0 of 20\s+whether a strategy passes/m);
    expect(text.stdout).toMatch(/0 of 27 trained/);
    expect(text.stdout).not.toMatch(CLAIMED);
    expect(existsSync(join(folder, '.safla'))).toBe(false);
  });

  it('says when the recorded data is too thin, with the count, trains nothing and creates no state; names a bad template or dataset field', async () => {
    const thin = await safla(folder, 'neural', 'catalog', 'train', 'adaptive-coordinator');
    expect(thin.code).toBe(1);
    expect(isCleanError(thin.stderr)).toBe(true);
    expect(thin.stderr).toMatch(/adaptive-coordinator was not trained: 0 usable records of recorded scored runs .* at least 20 are needed to train/);
    expect(existsSync(join(folder, '.safla'))).toBe(false);
    const unknown = await safla(folder, 'neural', 'catalog', 'train', 'adaptive');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^safla: unknown catalog model "adaptive": use one of hierarchical-coordinator, /);
    const rows = Array.from({ length: 24 }, (_, i) => ({ template: 'slugify', complexity: 'easy', strategy: i % 2 ? 'aggressive' : 'conservative', outcome: i % 2 ? 'failed' : 'passed' }));
    await writeFile(join(folder, 'bad.json'), JSON.stringify(rows.map((r, i) => (i === 7 ? { ...r, strategy: 'reckless' } : r))));
    const bad = await safla(folder, 'neural', 'catalog', 'train', 'adaptive-coordinator', '--data', 'bad.json');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('safla: bad.json: trainingData[7].strategy must be one of conservative, balanced, aggressive (got "reckless")\n');
  });

  it('trains from a dropped dataset and from recorded runs: each a registry version whose measured accuracy the catalog shows exactly; the others stay untrained', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ template: ['slugify', 'palindrome'][i % 2], complexity: 'easy', strategy: ['conservative', 'aggressive', 'balanced'][i % 3], tests: i % 3 === 1 ? 'failed' : 'passed' }));
    await writeFile(join(folder, 'backend.json'), JSON.stringify(rows));
    const fromFile = await json('catalog', 'train', 'backend-dev', '--data', 'backend.json');
    expect(fromFile.entry).toMatchObject({ name: 'backend-dev', status: 'trained', trained: { model_id: 'catalog-backend-dev', version: '1.0.0', data: 'dataset', records: 30 } });

    recordRuns(folder, Array.from({ length: 24 }, (_, i) => ({ template: ['slugify', 'palindrome', 'email-validator'][i % 3], strategy: i % 2 ? 'aggressive' : 'conservative', pass: i % 2 === 0 })));
    const fromRuns = await json('catalog', 'train', 'adaptive-coordinator');
    console.log(`catalog train adaptive-coordinator from 24 recorded runs (built bin): training ${fromRuns.training_ms.toFixed(0)} ms, validation accuracy ${fromRuns.entry.trained.accuracy}`);
    expect(fromRuns.entry.trained).toMatchObject({ data: 'recorded', records: 24, through_id: 24, versions: 1 });
    const versions = await json('versions', '--model', 'catalog-adaptive-coordinator');
    expect(fromRuns.entry.trained.accuracy).toBe(versions[0].accuracy);
    expect(versions[0].provenance).toMatchObject({ source: 'measured', origin: 'trained' });
    const list = await json('catalog');
    const byName = Object.fromEntries(list.map((e: { name: string }) => [e.name, e]));
    expect(byName['adaptive-coordinator'].trained.accuracy).toBe(versions[0].accuracy);
    expect(byName['backend-dev'].trained.accuracy).toBe(fromFile.entry.trained.accuracy);
    expect(list.filter((e: { status: string }) => e.status === 'untrained')).toHaveLength(25);
    const text = await safla(folder, 'neural', 'catalog');
    expect(text.stdout).toMatch(new RegExp(`^adaptive-coordinator\\s+coordination\\s+${(versions[0].accuracy * 100).toFixed(1)}% accuracy\\s+1\\.0\\.0, 24 records`, 'm'));
    expect(text.stdout).toMatch(/2 of 27 trained/);
  });

  it('loop: recommends with confidence and reasoning (stored), runs the recommended strategy on the node runner, records it, and shows the history', async () => {
    const rec = await json('loop', 'recommend', 'Check that user emails are valid', '--complexity', 'easy', '--template', 'email-validator');
    expect(rec).toMatchObject({ status: 'recommended', complexity: 'easy', template: 'email-validator', model: { model_id: 'catalog-adaptive-coordinator' } });
    expect(rec.confidence).toBeGreaterThanOrEqual(0);
    expect(rec.confidence).toBeLessThanOrEqual(1);
    // The recorded runs say aggressive fails easy tasks and conservative passes them.
    expect(rec.recommended).not.toBe('aggressive');
    expect(rec.reasoning.join(' ')).toMatch(/aggressive failed 10 of 10 recent easy tasks/);
    // Progress goes to stderr (as train-pipeline run's); stdout is the one JSON document.
    const ran = await safla(folder, 'neural', 'loop', 'run', 'Check that user emails are valid', '--complexity', 'easy', '--seed', '7', '--json');
    expect(ran.code).toBe(0);
    expect(ran.stderr).toMatch(/^easy: URL validator \(url-validator-7\)\n {2}\w+: running npm test and npm run lint\n$/);
    const run = JSON.parse(ran.stdout);
    expect(run.cancelled).toBe(false);
    expect(run.iteration.runs).toHaveLength(1);
    expect(run.iteration.runs[0].result.label.runner).toBe('node');
    expect(run.recorded.step).toMatchObject({ status: 'recorded', ran_strategy: run.recommendation.recommended, run_id: run.recorded.run_id });
    expect(run.recorded.retrain).toMatchObject({ name: 'adaptive-coordinator', trained: true, new_records: 1, every: 10, due: false });
    const history = await json('loop', 'history');
    expect(history.map((s: { id: number }) => s.id)).toEqual([run.recommendation.id, rec.id]);
    const usage = await safla(folder, 'neural', 'loop', 'run', 'x');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--complexity <easy\|medium\|hard> is required/);
    const empty = await safla(folder, 'neural', 'loop', 'recommend', '--complexity', 'easy');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/the task is required/);
  });
}
