// The pipeline store on a real in-memory SQLite: migration 6 after 1-5, runs with their tests and lint messages stored all or nothing, profiles round-tripped, the log exported as JSONL.
import { beforeEach, describe, expect, it } from 'vitest';
import { openMemoryDb } from '../../workers/engine/sqlite-db';
import type { Db } from '../db/db';
import { migrate, migrations, schemaVersion } from '../db/migrations';
import { defaultProfile, updateProfile } from './profiles';
import { PIPELINE_MIGRATION_VERSION } from './schema';
import { scoreRun } from './scoring';
import { createPipelineStore, type PipelineStore, type RunRecordInput } from './store';
import { resultOf } from './test-support';

let db: Db;
let store: PipelineStore;

beforeEach(async () => {
  db = await openMemoryDb();
  migrate(db);
  store = createPipelineStore(db);
});

function record(over: Partial<RunRecordInput> = {}): RunRecordInput {
  const result = resultOf('fail', 'pass', 120, 300);
  result.test.tests = [
    { name: 'suite > passes', status: 'pass', duration_ms: 0.5 },
    { name: 'suite > fails', status: 'fail', duration_ms: 1.5, error: 'Missing expected exception (TypeError).' },
  ];
  result.lint.messages = [{ file: 'src/a.js', line: 3, column: 7, ruleId: 'no-unused-vars', severity: 2, message: "'x' is defined but never used." }];
  return {
    iteration_id: 'easy-1-1000', task_id: 'email-validator-1', template: 'email-validator', complexity: 'easy', seed: 1,
    strategy: 'aggressive', result, score: scoreRun('aggressive', result), changes: [{ kind: 'removed-guard', where: 'f', detail: 'if (x)' }],
    created_at: 1000, ...over,
  };
}

describe('migration 6', () => {
  it('is in the list as version 6 and creates the pipeline tables', () => {
    expect(migrations.findIndex((m) => m.version === PIPELINE_MIGRATION_VERSION)).toBe(PIPELINE_MIGRATION_VERSION - 1);
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(PIPELINE_MIGRATION_VERSION);
    const names = db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'pipeline_%' ORDER BY name").map((r) => r.name);
    expect(names).toEqual(['pipeline_lint_messages', 'pipeline_log', 'pipeline_profiles', 'pipeline_runs', 'pipeline_test_results']);
  });
});

describe('runs', () => {
  it('stores a run with its label, scores, test results and lint messages', () => {
    const id = store.recordRun(record());
    const run = store.run(id)!;
    expect(run).toMatchObject({
      id, strategy: 'aggressive', label: { runner: 'node', engine: 'node v20', version: 'npm 11' }, fallback: null,
      test: { status: 'fail', duration_ms: 120, reason: null }, lint: { status: 'pass', duration_ms: 300, reason: null },
      success_rate: 0.5, changes: [{ kind: 'removed-guard', where: 'f', detail: 'if (x)' }],
    });
    expect(run.score).toBeCloseTo(30 + (1 - 420 / 5000) * 20 + 4);
    expect(run.tests).toEqual(record().result.test.tests);
    expect(run.messages).toEqual(record().result.lint.messages);
    expect(store.runs()).toEqual([expect.objectContaining({ id })]);
  });

  it('stores a not-run with its reason and no score', () => {
    const result = resultOf('not-run', 'not-run');
    const id = store.recordRun(record({ result, score: scoreRun('balanced', result), strategy: 'balanced' }));
    expect(store.run(id)).toMatchObject({ test: { status: 'not-run', reason: 'not-run for the test' }, success_rate: null, bonus: null, score: null });
  });

  it('keeps a fallback and lists runs newest first, by iteration', () => {
    const result = { ...resultOf('pass', 'pass'), fallback: { requested: 'webcontainer' as const, reason: 'offline' } };
    store.recordRun(record());
    const id = store.recordRun(record({ result, iteration_id: 'other' }));
    expect(store.run(id)!.fallback).toEqual({ requested: 'webcontainer', reason: 'offline' });
    expect(store.runs().map((r) => r.iteration_id)).toEqual(['other', 'easy-1-1000']);
    expect(store.runs({ iteration_id: 'other' }).map((r) => r.id)).toEqual([id]);
    expect(store.runs({ limit: 1 })).toHaveLength(1);
  });

  it('stores nothing of a run whose data the schema refuses', () => {
    const bad = record();
    bad.result.test.tests = [{ name: 'x', status: 'maybe' as never, duration_ms: 1 }];
    expect(() => store.recordRun(bad)).toThrow(/CHECK/);
    expect(store.runs()).toEqual([]);
    expect(db.get('SELECT COUNT(*) AS n FROM pipeline_lint_messages')).toEqual({ n: 0 });
  });
});

describe('profiles', () => {
  it('gives the defaults before any run and round-trips a learned profile with its derived fields', () => {
    expect(store.loadProfiles()).toEqual([defaultProfile('conservative'), defaultProfile('balanced'), defaultProfile('aggressive')]);
    let p = defaultProfile('balanced');
    for (let i = 0; i < 7; i++) p = updateProfile(p, { scored: true, score: 10 * i, successRate: 1, executionMs: 400, bonus: 0.25 }, 'node', i);
    store.saveProfile(p, 5);
    p = updateProfile(p, { scored: true, score: 99, successRate: 1, executionMs: 300, bonus: 0.25 }, 'browser-sandbox', 9);
    store.saveProfile(p, 9);
    expect(store.loadProfiles()[1]).toEqual(p);
    expect(store.loadProfiles()[1].improvementRate.kind).toBe('relative');
  });
});

describe('log', () => {
  it('keeps entries in order and exports them as JSONL', () => {
    store.log({ timestamp: Date.UTC(2025, 0, 1), level: 'info', event: 'iteration-start', iteration_id: 'i1', message: 'start', data: { a: 1 } });
    store.log({ timestamp: Date.UTC(2025, 0, 1, 0, 0, 1), level: 'warn', event: 'cancelled', message: 'stop' });
    const lines = store.exportLogJsonl().trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { id: 1, timestamp: Date.UTC(2025, 0, 1), time: '2025-01-01T00:00:00.000Z', level: 'info', event: 'iteration-start', iteration_id: 'i1', message: 'start', data: { a: 1 } },
      { id: 2, timestamp: Date.UTC(2025, 0, 1, 0, 0, 1), time: '2025-01-01T00:00:01.000Z', level: 'warn', event: 'cancelled', iteration_id: null, message: 'stop', data: null },
    ]);
    expect(store.logEntries({ after_id: 1 }).map((e) => e.id)).toEqual([2]);
  });

  it('gives the last lines, oldest first, for a log view that starts at the end', () => {
    for (let i = 1; i <= 5; i++) store.log({ timestamp: i, level: 'info', event: 'e', message: `line ${i}` });
    expect(store.logEntries({ tail: 2 }).map((e) => e.message)).toEqual(['line 4', 'line 5']);
    expect(store.logEntries({ tail: 2, after_id: 4 }).map((e) => e.message)).toEqual(['line 5']);
  });

  it('exports an empty log as an empty string', () => {
    expect(store.exportLogJsonl()).toBe('');
  });
});

describe('recordStrategyRun', () => {
  it('stores a run and learns from it against the stored profile, in one transaction', () => {
    const first = store.recordStrategyRun(record());
    expect(store.run(first.run_id)?.strategy).toBe('aggressive');
    const aggressive = () => store.loadProfiles().find((p) => p.strategy === 'aggressive')!;
    expect(first.profile).toEqual(aggressive());
    expect(aggressive().uses).toBe(1);
    // A second writer (another tab) over the same database: each update starts from what is stored, so none is lost.
    const other = createPipelineStore(db);
    other.recordStrategyRun(record({ created_at: 2000 }));
    const third = store.recordStrategyRun(record({ created_at: 3000 }));
    expect(third.profile?.uses).toBe(3);
    expect(aggressive().trend.map((t) => t.timestamp)).toEqual([1000, 2000, 3000]);
  });

  it('stores an unscored run or a custom task without touching any profile', () => {
    const result = resultOf('not-run', 'not-run');
    expect(store.recordStrategyRun(record({ result, score: scoreRun('balanced', result), strategy: 'balanced' })).profile).toBeNull();
    expect(store.recordStrategyRun(record({ strategy: null, complexity: 'custom' })).profile).toBeNull();
    expect(store.loadProfiles().every((p) => p.uses === 0)).toBe(true);
    expect(store.runs()).toHaveLength(2);
  });

  it('leaves nothing behind when the profile cannot be saved', () => {
    db.exec('DROP TABLE pipeline_profiles');
    expect(() => store.recordStrategyRun(record())).toThrow();
    expect(store.runs()).toEqual([]);
  });
});

describe('totals', () => {
  it('counts runs, scored runs, iterations, log entries, per strategy and per runner, in SQL', () => {
    expect(store.totals()).toEqual({ runs: 0, scored_runs: 0, iterations: 0, log_entries: 0, first_run_at: null, last_run_at: null, by_strategy: [], by_runner: [] });
    store.recordRun(record());
    const notRun = resultOf('not-run', 'not-run');
    store.recordRun(record({ iteration_id: 'b', strategy: 'balanced', result: notRun, score: scoreRun('balanced', notRun), created_at: 5000 }));
    store.log({ timestamp: 1, level: 'info', event: 'x', message: 'y' });
    const t = store.totals();
    expect(t).toMatchObject({ runs: 2, scored_runs: 1, iterations: 2, log_entries: 1, first_run_at: 1000, last_run_at: 5000 });
    expect(t.by_strategy).toEqual([
      { strategy: 'aggressive', runs: 1, tests_passed: 0, lint_passed: 1, mean_score: store.runs()[1].score },
      { strategy: 'balanced', runs: 1, tests_passed: 0, lint_passed: 0, mean_score: null },
    ]);
    expect(t.by_runner).toEqual([{ label: { runner: 'node', engine: 'node v20', version: 'npm 11' }, runs: 2 }]);
  });
});
