// The pipeline API over a PipelineStore, as the engine worker serves it: every write checked field by field (a console script can call it too), the score recomputed from the result.
import type { PipelineApi } from './api';
import { PipelineInputError } from './errors';
import type { CheckResult, LintMessage, TaskRunResult, TestResult } from './runner';
import { scoreRun } from './scoring';
import type { LogInput, PipelineStore, RunRecordInput } from './store';
import { STRATEGIES, type Strategy, type TransformChange } from './strategies/types';
import { COMPLEXITIES, type Complexity } from './task';

const RUNNERS = ['browser-sandbox', 'webcontainer', 'node'] as const;
const CHECK_STATUSES = ['pass', 'fail', 'timeout', 'error', 'not-run'] as const;
const TEST_STATUSES = ['pass', 'fail', 'skip'] as const;
const CHANGE_KINDS = ['added-check', 'removed-guard', 'inlined-helper'] as const;
const LEVELS = ['info', 'warn', 'error'] as const;
/** Long texts (an assertion's message, a reason) are kept whole up to this; a run's rows are bounded by the runner. */
const MAX_TEXT = 100_000;
const MAX_ROWS = 10_000;

type Obj = Record<string, unknown>;

function obj(v: unknown, field: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new PipelineInputError(field, 'must be an object');
  return v as Obj;
}

function text(v: unknown, field: string, { empty = true } = {}): string {
  if (typeof v !== 'string') throw new PipelineInputError(field, `must be text (got ${v === null ? 'null' : typeof v})`);
  if (!empty && v === '') throw new PipelineInputError(field, 'must not be empty');
  if (v.length > MAX_TEXT) throw new PipelineInputError(field, `is ${v.length} characters; at most ${MAX_TEXT}`);
  return v;
}

function ms(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new PipelineInputError(field, `must be a finite number of milliseconds, at least 0 (got ${String(v)})`);
  return v;
}

function int(v: unknown, field: string, min: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new PipelineInputError(field, `must be an integer of at least ${min} (got ${String(v)})`);
  return v;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], field: string): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw new PipelineInputError(field, `must be one of ${allowed.join(', ')} (got ${JSON.stringify(v)})`);
  return v as T;
}

function list<T>(v: unknown, field: string, each: (x: unknown, field: string) => T): T[] {
  if (!Array.isArray(v)) throw new PipelineInputError(field, 'must be an array');
  if (v.length > MAX_ROWS) throw new PipelineInputError(field, `holds ${v.length} items; at most ${MAX_ROWS}`);
  return v.map((x, i) => each(x, `${field}[${i}]`));
}

function optionalText(v: unknown, field: string): { value?: string } {
  return v === undefined ? {} : { value: text(v, field) };
}

function check(v: unknown, field: string): CheckResult {
  const c = obj(v, field);
  const reason = optionalText(c.reason, `${field}.reason`).value;
  return { status: oneOf(c.status, CHECK_STATUSES, `${field}.status`), duration_ms: ms(c.duration_ms, `${field}.duration_ms`), ...(reason !== undefined ? { reason } : {}) };
}

function testResult(v: unknown, field: string): TestResult {
  const t = obj(v, field);
  const error = optionalText(t.error, `${field}.error`).value;
  return { name: text(t.name, `${field}.name`), status: oneOf(t.status, TEST_STATUSES, `${field}.status`), duration_ms: ms(t.duration_ms, `${field}.duration_ms`), ...(error !== undefined ? { error } : {}) };
}

function lintMessage(v: unknown, field: string): LintMessage {
  const m = obj(v, field);
  if (m.severity !== 1 && m.severity !== 2) throw new PipelineInputError(`${field}.severity`, `must be 1 or 2 (got ${String(m.severity)})`);
  if (m.ruleId !== null) text(m.ruleId, `${field}.ruleId`);
  return {
    file: text(m.file, `${field}.file`), line: int(m.line, `${field}.line`, 0), column: int(m.column, `${field}.column`, 0),
    ruleId: m.ruleId as string | null, severity: m.severity, message: text(m.message, `${field}.message`),
  };
}

function result(v: unknown, field: string): TaskRunResult {
  const r = obj(v, field);
  const label = obj(r.label, `${field}.label`);
  const test = obj(r.test, `${field}.test`);
  const lint = obj(r.lint, `${field}.lint`);
  const out: TaskRunResult = {
    label: { runner: oneOf(label.runner, RUNNERS, `${field}.label.runner`), engine: text(label.engine, `${field}.label.engine`, { empty: false }), version: text(label.version, `${field}.label.version`, { empty: false }) },
    test: { ...check(test, `${field}.test`), tests: list(test.tests, `${field}.test.tests`, testResult) },
    lint: { ...check(lint, `${field}.lint`), messages: list(lint.messages, `${field}.lint.messages`, lintMessage) },
    duration_ms: ms(r.duration_ms, `${field}.duration_ms`),
  };
  if (r.fallback !== undefined) {
    const f = obj(r.fallback, `${field}.fallback`);
    out.fallback = { requested: oneOf(f.requested, RUNNERS, `${field}.fallback.requested`), reason: text(f.reason, `${field}.fallback.reason`) };
  }
  return out;
}

function change(v: unknown, field: string): TransformChange {
  const c = obj(v, field);
  return { kind: oneOf(c.kind, CHANGE_KINDS, `${field}.kind`), where: text(c.where, `${field}.where`), detail: text(c.detail, `${field}.detail`) };
}

/** A strategy run of a generated task, checked; its score is recomputed from its result. */
export function checkRunRecord(input: unknown): RunRecordInput {
  const r = obj(input, 'run');
  const strategy: Strategy = oneOf(r.strategy, STRATEGIES, 'strategy');
  const complexity: Complexity = oneOf(r.complexity, COMPLEXITIES, 'complexity');
  const res = result(r.result, 'result');
  return {
    iteration_id: text(r.iteration_id, 'iteration_id', { empty: false }),
    task_id: text(r.task_id, 'task_id', { empty: false }),
    template: text(r.template, 'template', { empty: false }),
    complexity,
    seed: r.seed === null ? null : int(r.seed, 'seed', 0),
    strategy,
    result: res,
    score: scoreRun(strategy, res),
    changes: list(r.changes, 'changes', change),
    created_at: ms(r.created_at, 'created_at'),
  };
}

export function checkLogEntry(input: unknown): LogInput {
  const e = obj(input, 'entry');
  if (e.iteration_id !== undefined && e.iteration_id !== null) text(e.iteration_id, 'entry.iteration_id');
  if (e.data !== undefined) {
    try {
      JSON.stringify(e.data);
    } catch (err) {
      throw new PipelineInputError('entry.data', `must be JSON data (${(err as Error).message})`);
    }
  }
  return {
    timestamp: ms(e.timestamp, 'entry.timestamp'),
    level: oneOf(e.level, LEVELS, 'entry.level'),
    event: text(e.event, 'entry.event', { empty: false }),
    iteration_id: (e.iteration_id as string | null | undefined) ?? null,
    message: text(e.message, 'entry.message'),
    ...(e.data !== undefined ? { data: e.data } : {}),
  };
}

function options(v: unknown): Obj {
  return v === undefined || v === null ? {} : obj(v, 'options');
}

export function createPipelineApi(store: PipelineStore): PipelineApi {
  return {
    pipeline_record_run: (run) => store.recordStrategyRun(checkRunRecord(run)),
    pipeline_log: (entry) => store.log(checkLogEntry(entry)),
    pipeline_runs(input) {
      const o = options(input);
      return store.runs({
        ...(o.limit !== undefined ? { limit: int(o.limit, 'limit', 1) } : {}),
        ...(o.iteration_id !== undefined ? { iteration_id: text(o.iteration_id, 'iteration_id') } : {}),
      });
    },
    pipeline_run: (input) => store.run(int(obj(input, 'input').id, 'id', 1)) ?? null,
    pipeline_profiles: () => store.loadProfiles(),
    pipeline_totals: () => store.totals(),
    pipeline_log_entries(input) {
      const o = options(input);
      return store.logEntries({
        ...(o.limit !== undefined ? { limit: int(o.limit, 'limit', 1) } : {}),
        ...(o.after_id !== undefined ? { after_id: int(o.after_id, 'after_id', 0) } : {}),
        ...(o.tail !== undefined ? { tail: int(o.tail, 'tail', 1) } : {}),
      });
    },
    pipeline_export_log: () => store.exportLogJsonl(),
  };
}
