// The pipeline API the engine worker serves, on a real in-memory SQLite: runs stored with the score their result earns, malformed input refused by field with nothing stored, reads and the JSONL export.
import { beforeEach, describe, expect, it } from 'vitest';
import { openMemoryDb } from '../../workers/engine/sqlite-db';
import { migrate } from '../db/migrations';
import type { PipelineApi } from './api';
import { PipelineInputError } from './errors';
import { scoreRun } from './scoring';
import { createPipelineApi } from './serve';
import { createPipelineStore, type RunRecordInput } from './store';
import { resultOf } from './test-support';

let api: PipelineApi;

beforeEach(async () => {
  const db = await openMemoryDb();
  migrate(db);
  api = createPipelineApi(createPipelineStore(db));
});

function run(over: Partial<RunRecordInput> = {}): RunRecordInput {
  const result = resultOf('pass', 'fail', 200, 300);
  result.label = { runner: 'browser-sandbox', engine: 'Chromium 156 worker', version: '1.0.0' };
  result.test.tests = [{ name: 'a > b', status: 'pass', duration_ms: 1 }];
  result.lint.messages = [{ file: 'src/x.js', line: 1, column: 2, ruleId: 'no-unused-vars', severity: 2, message: 'unused' }];
  return {
    iteration_id: 'easy-5-1', task_id: 'slugify-5', template: 'slugify', complexity: 'easy', seed: 5, strategy: 'balanced',
    result, score: scoreRun('balanced', result), changes: [], created_at: 1_000, ...over,
  };
}

function fieldOf(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(PipelineInputError);
    return (err as PipelineInputError).field;
  }
  return 'nothing thrown';
}

describe('pipeline API', () => {
  it('stores a run with its tests and lint messages and learns from it', () => {
    const { run_id, profile } = api.pipeline_record_run(run());
    expect(profile).toMatchObject({ strategy: 'balanced', uses: 1 });
    expect(api.pipeline_run({ id: run_id })).toMatchObject({ label: { runner: 'browser-sandbox' }, tests: [{ name: 'a > b' }], messages: [{ ruleId: 'no-unused-vars' }] });
    expect(api.pipeline_runs().map((r) => r.id)).toEqual([run_id]);
    expect(api.pipeline_profiles()[1]).toEqual(profile);
    expect(api.pipeline_totals().runs).toBe(1);
    expect(api.pipeline_run({ id: 999 })).toBeNull();
  });

  it('stores the score the result earns, whatever score the caller sent', () => {
    const honest = run();
    const { run_id } = api.pipeline_record_run({ ...honest, score: { scored: true, successRate: 1, executionMs: 1, bonus: 0.25, score: 100 } });
    const stored = api.pipeline_run({ id: run_id })!;
    expect(stored.score).toBe(honest.score.scored ? honest.score.score : null);
    expect(stored.success_rate).toBe(0.5);
  });

  it('refuses malformed runs by field and stores nothing', () => {
    const r = run();
    expect(fieldOf(() => api.pipeline_record_run(null as never))).toBe('run');
    expect(fieldOf(() => api.pipeline_record_run({ ...r, strategy: 'reckless' as never }))).toBe('strategy');
    expect(fieldOf(() => api.pipeline_record_run({ ...r, complexity: 'custom' }))).toBe('complexity');
    expect(fieldOf(() => api.pipeline_record_run({ ...r, seed: 1.5 }))).toBe('seed');
    expect(fieldOf(() => api.pipeline_record_run({ ...r, created_at: Number.NaN }))).toBe('created_at');
    expect(fieldOf(() => api.pipeline_record_run({ ...r, result: { ...r.result, label: { runner: 'cloud', engine: 'x', version: '1' } as never } }))).toBe('result.label.runner');
    expect(fieldOf(() => api.pipeline_record_run({ ...r, result: { ...r.result, duration_ms: Number.POSITIVE_INFINITY } }))).toBe('result.duration_ms');
    expect(fieldOf(() => api.pipeline_record_run({ ...r, result: { ...r.result, test: { ...r.result.test, status: 'great' as never } } }))).toBe('result.test.status');
    expect(fieldOf(() => api.pipeline_record_run({ ...r, result: { ...r.result, test: { ...r.result.test, tests: [{ name: 3 }] as never } } }))).toBe('result.test.tests[0].name');
    expect(fieldOf(() => api.pipeline_record_run({ ...r, result: { ...r.result, lint: { ...r.result.lint, messages: [{ ...r.result.lint.messages[0], severity: 3 }] as never } } }))).toBe('result.lint.messages[0].severity');
    expect(fieldOf(() => api.pipeline_record_run({ ...r, result: { ...r.result, fallback: { requested: 'webcontainer', reason: 7 } as never } }))).toBe('result.fallback.reason');
    expect(fieldOf(() => api.pipeline_record_run({ ...r, changes: [{ kind: 'rewrote-everything', where: 'f', detail: '' }] as never }))).toBe('changes[0].kind');
    expect(api.pipeline_runs()).toEqual([]);
    expect(api.pipeline_profiles().every((p) => p.uses === 0)).toBe(true);
  });

  it('logs, pages the log and exports it as JSONL; refuses a malformed line by field', () => {
    const first = api.pipeline_log({ timestamp: 10, level: 'info', event: 'iteration-start', iteration_id: 'i', message: 'go', data: { n: 1 } });
    api.pipeline_log({ timestamp: 20, level: 'warn', event: 'cancelled', message: 'stop' });
    expect(api.pipeline_log_entries({ after_id: first }).map((e) => e.event)).toEqual(['cancelled']);
    expect(api.pipeline_export_log().trimEnd().split('\n').map((l) => (JSON.parse(l) as { event: string }).event)).toEqual(['iteration-start', 'cancelled']);
    expect(fieldOf(() => api.pipeline_log({ timestamp: 1, level: 'loud' as never, event: 'x', message: 'y' }))).toBe('entry.level');
    expect(fieldOf(() => api.pipeline_log({ timestamp: 1, level: 'info', event: '', message: 'y' }))).toBe('entry.event');
    expect(fieldOf(() => api.pipeline_run({ id: 'x' as never }))).toBe('id');
    expect(api.pipeline_log_entries()).toHaveLength(2);
  });
});
