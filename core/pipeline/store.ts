// The pipeline's persistence over core/db's Db: runs with their test results and lint messages, strategy profiles, and the pipeline log (exportable as JSONL).
import type { Db, SqlValue } from '../db/db';
import { defaultProfile, updateProfile, withDerived, type StrategyProfile, type TrendPoint } from './profiles';
import type { CheckStatus, LintMessage, RunnerLabel, TaskRunResult, TestResult } from './runner';
import type { RunScore } from './scoring';
import type { Complexity } from './task';
import { STRATEGIES, type Strategy, type TransformChange } from './strategies/types';

export interface RunRecordInput {
  iteration_id: string;
  task_id: string;
  template: string;
  complexity: Complexity | 'custom';
  seed: number | null;
  /** null for a custom task run as written. */
  strategy: Strategy | null;
  result: TaskRunResult;
  score: RunScore;
  changes: TransformChange[];
  created_at: number;
}

export interface StoredRun {
  id: number;
  iteration_id: string;
  task_id: string;
  template: string;
  complexity: Complexity | 'custom';
  seed: number | null;
  strategy: Strategy | null;
  label: RunnerLabel;
  fallback: { requested: string; reason: string } | null;
  test: { status: CheckStatus; duration_ms: number; reason: string | null };
  lint: { status: CheckStatus; duration_ms: number; reason: string | null };
  duration_ms: number;
  /** null for a run that was not scored ('not-run'). */
  success_rate: number | null;
  bonus: number | null;
  score: number | null;
  changes: TransformChange[];
  created_at: number;
}

export interface StoredRunDetail extends StoredRun {
  tests: TestResult[];
  messages: LintMessage[];
}

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogInput {
  timestamp: number;
  level: LogLevel;
  /** A short machine-readable name: 'iteration-start', 'strategy-run', 'cancelled', ... */
  event: string;
  iteration_id?: string | null;
  message: string;
  data?: unknown;
}

export interface LogEntry {
  id: number;
  timestamp: number;
  level: LogLevel;
  event: string;
  iteration_id: string | null;
  message: string;
  data: unknown;
}

/** A stored run and its strategy's profile after learning from it (null: unscored, or a custom task without a strategy). */
export interface RecordedRun {
  run_id: number;
  profile: StrategyProfile | null;
}

/** Counts over every stored run (what `train-pipeline status` reports), computed by SQLite without reading the rows. */
export interface PipelineTotals {
  runs: number;
  scored_runs: number;
  iterations: number;
  log_entries: number;
  first_run_at: number | null;
  last_run_at: number | null;
  by_strategy: { strategy: string | null; runs: number; tests_passed: number; lint_passed: number; mean_score: number | null }[];
  by_runner: { label: RunnerLabel; runs: number }[];
}

export interface PipelineStore {
  /** One run with its test results and lint messages, all or nothing; returns its id. */
  recordRun(run: RunRecordInput): number;
  /**
   * A run, and for a scored strategy run its profile updated from the STORED profile, in one transaction: two
   * writers (tabs, processes) learning at once each start from the other's result, so no update is lost.
   */
  recordStrategyRun(run: RunRecordInput): RecordedRun;
  /** Newest first. */
  runs(options?: { limit?: number; iteration_id?: string }): StoredRun[];
  run(id: number): StoredRunDetail | undefined;
  /** Every strategy's profile, the defaults for those that have not run. */
  loadProfiles(): StrategyProfile[];
  saveProfile(profile: StrategyProfile, updatedAt: number): void;
  totals(): PipelineTotals;
  log(entry: LogInput): number;
  /** Oldest first; after_id pages on. */
  /** tail: the last n lines (after after_id), still oldest first: where a log view starts. */
  logEntries(options?: { limit?: number; after_id?: number; tail?: number }): LogEntry[];
  /** The whole log, one JSON object a line, oldest first. */
  exportLogJsonl(): string;
  /** Runs fn atomically (a run, its profile and its log line land together or not at all). */
  transaction<T>(fn: () => T): T;
}

interface RunRow {
  id: number; iteration_id: string; task_id: string; template: string; complexity: string; seed: number | null;
  strategy: string | null; runner: string; engine: string; runner_version: string; fallback_requested: string | null;
  fallback_reason: string | null; test_status: string; test_duration_ms: number; test_reason: string | null;
  lint_status: string; lint_duration_ms: number; lint_reason: string | null; duration_ms: number;
  success_rate: number | null; bonus: number | null; score: number | null; changes: string; created_at: number;
}

function toRun(r: RunRow): StoredRun {
  return {
    id: Number(r.id),
    iteration_id: r.iteration_id,
    task_id: r.task_id,
    template: r.template,
    complexity: r.complexity as StoredRun['complexity'],
    seed: r.seed === null ? null : Number(r.seed),
    strategy: r.strategy as Strategy | null,
    label: { runner: r.runner as RunnerLabel['runner'], engine: r.engine, version: r.runner_version },
    fallback: r.fallback_requested === null ? null : { requested: r.fallback_requested, reason: r.fallback_reason ?? '' },
    test: { status: r.test_status as CheckStatus, duration_ms: r.test_duration_ms, reason: r.test_reason },
    lint: { status: r.lint_status as CheckStatus, duration_ms: r.lint_duration_ms, reason: r.lint_reason },
    duration_ms: r.duration_ms,
    success_rate: r.success_rate,
    bonus: r.bonus,
    score: r.score,
    changes: JSON.parse(r.changes) as TransformChange[],
    created_at: Number(r.created_at),
  };
}

function limitOf(v: number | undefined, dflt: number): number {
  return v !== undefined && Number.isInteger(v) && v > 0 ? Math.min(v, 10_000) : dflt;
}

export function createPipelineStore(db: Db): PipelineStore {
  const store: PipelineStore = {
    transaction: (fn) => db.transaction(fn),

    recordRun(run) {
      return db.transaction(() => {
        const r = run.result;
        const s = run.score;
        const id = db.run(
          `INSERT INTO pipeline_runs (iteration_id, task_id, template, complexity, seed, strategy, runner, engine, runner_version,
             fallback_requested, fallback_reason, test_status, test_duration_ms, test_reason, lint_status, lint_duration_ms, lint_reason,
             duration_ms, success_rate, bonus, score, changes, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [run.iteration_id, run.task_id, run.template, run.complexity, run.seed, run.strategy, r.label.runner, r.label.engine, r.label.version,
            r.fallback?.requested ?? null, r.fallback?.reason ?? null, r.test.status, r.test.duration_ms, r.test.reason ?? null,
            r.lint.status, r.lint.duration_ms, r.lint.reason ?? null, r.duration_ms,
            s.scored ? s.successRate : null, s.scored ? s.bonus : null, s.scored ? s.score : null,
            JSON.stringify(run.changes), run.created_at],
        ).lastInsertRowid;
        for (const t of r.test.tests) {
          db.run('INSERT INTO pipeline_test_results (run_id, name, status, duration_ms, error) VALUES (?, ?, ?, ?, ?)',
            [id, t.name, t.status, t.duration_ms, t.error ?? null]);
        }
        for (const m of r.lint.messages) {
          db.run('INSERT INTO pipeline_lint_messages (run_id, file, line, col, rule_id, severity, message) VALUES (?, ?, ?, ?, ?, ?, ?)',
            [id, m.file, m.line, m.column, m.ruleId, m.severity, m.message]);
        }
        return id;
      });
    },

    recordStrategyRun(run) {
      return db.transaction(() => {
        const run_id = store.recordRun(run);
        if (!run.score.scored || run.strategy === null) return { run_id, profile: null };
        const stored = store.loadProfiles().find((p) => p.strategy === run.strategy) ?? defaultProfile(run.strategy);
        const profile = updateProfile(stored, run.score, run.result.label.runner, run.created_at);
        store.saveProfile(profile, run.created_at);
        return { run_id, profile };
      });
    },

    runs(options = {}) {
      const params: SqlValue[] = [];
      let where = '';
      if (options.iteration_id !== undefined) {
        where = 'WHERE iteration_id = ?';
        params.push(options.iteration_id);
      }
      params.push(limitOf(options.limit, 100));
      return db.all<RunRow>(`SELECT * FROM pipeline_runs ${where} ORDER BY id DESC LIMIT ?`, params).map(toRun);
    },

    run(id) {
      const row = db.get<RunRow>('SELECT * FROM pipeline_runs WHERE id = ?', [id]);
      if (!row) return undefined;
      const tests = db.all<{ name: string; status: string; duration_ms: number; error: string | null }>(
        'SELECT name, status, duration_ms, error FROM pipeline_test_results WHERE run_id = ? ORDER BY id', [id],
      ).map((t): TestResult => ({ name: t.name, status: t.status as TestResult['status'], duration_ms: t.duration_ms, ...(t.error !== null ? { error: t.error } : {}) }));
      const messages = db.all<{ file: string; line: number; col: number; rule_id: string | null; severity: number; message: string }>(
        'SELECT file, line, col, rule_id, severity, message FROM pipeline_lint_messages WHERE run_id = ? ORDER BY id', [id],
      ).map((m): LintMessage => ({ file: m.file, line: Number(m.line), column: Number(m.col), ruleId: m.rule_id, severity: m.severity === 1 ? 1 : 2, message: m.message }));
      return { ...toRun(row), tests, messages };
    },

    loadProfiles() {
      const rows = db.all<{ strategy: string; success_rate: number; avg_score: number; avg_execution_time: number; uses: number; real_executions: number; trend: string }>(
        'SELECT strategy, success_rate, avg_score, avg_execution_time, uses, real_executions, trend FROM pipeline_profiles',
      );
      const byName = new Map(rows.map((r) => [r.strategy, r]));
      return STRATEGIES.map((strategy) => {
        const r = byName.get(strategy);
        if (!r) return defaultProfile(strategy);
        return withDerived({
          strategy, successRate: r.success_rate, avgScore: r.avg_score, avgExecutionTime: r.avg_execution_time,
          uses: Number(r.uses), realExecutions: Number(r.real_executions), trend: JSON.parse(r.trend) as TrendPoint[],
        });
      });
    },

    saveProfile(p, updatedAt) {
      db.run(
        `INSERT INTO pipeline_profiles (strategy, success_rate, avg_score, avg_execution_time, uses, real_executions, trend, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (strategy) DO UPDATE SET success_rate = excluded.success_rate, avg_score = excluded.avg_score,
           avg_execution_time = excluded.avg_execution_time, uses = excluded.uses, real_executions = excluded.real_executions,
           trend = excluded.trend, updated_at = excluded.updated_at`,
        [p.strategy, p.successRate, p.avgScore, p.avgExecutionTime, p.uses, p.realExecutions, JSON.stringify(p.trend), updatedAt],
      );
    },

    totals() {
      const all = db.get<{ runs: number; scored: number | null; iterations: number; first: number | null; last: number | null }>(
        'SELECT COUNT(*) AS runs, SUM(score IS NOT NULL) AS scored, COUNT(DISTINCT iteration_id) AS iterations, MIN(created_at) AS first, MAX(created_at) AS last FROM pipeline_runs',
      )!;
      const byStrategy = db.all<{ strategy: string | null; runs: number; tests: number; lint: number; mean: number | null }>(
        `SELECT strategy, COUNT(*) AS runs, SUM(test_status = 'pass') AS tests, SUM(lint_status = 'pass') AS lint, AVG(score) AS mean
         FROM pipeline_runs GROUP BY strategy ORDER BY strategy`,
      );
      const byRunner = db.all<{ runner: string; engine: string; version: string; runs: number }>(
        'SELECT runner, engine, runner_version AS version, COUNT(*) AS runs FROM pipeline_runs GROUP BY runner, engine, runner_version ORDER BY runs DESC, runner, engine',
      );
      const log = db.get<{ n: number }>('SELECT COUNT(*) AS n FROM pipeline_log')!;
      return {
        runs: Number(all.runs),
        scored_runs: Number(all.scored ?? 0),
        iterations: Number(all.iterations),
        log_entries: Number(log.n),
        first_run_at: all.first === null ? null : Number(all.first),
        last_run_at: all.last === null ? null : Number(all.last),
        by_strategy: byStrategy.map((s) => ({ strategy: s.strategy, runs: Number(s.runs), tests_passed: Number(s.tests), lint_passed: Number(s.lint), mean_score: s.mean })),
        by_runner: byRunner.map((r) => ({ label: { runner: r.runner as RunnerLabel['runner'], engine: r.engine, version: r.version }, runs: Number(r.runs) })),
      };
    },

    log(e) {
      return db.run('INSERT INTO pipeline_log (timestamp, level, event, iteration_id, message, data) VALUES (?, ?, ?, ?, ?, ?)',
        [e.timestamp, e.level, e.event, e.iteration_id ?? null, e.message, e.data === undefined ? null : JSON.stringify(e.data)]).lastInsertRowid;
    },

    logEntries(options = {}) {
      type Row = { id: number; timestamp: number; level: string; event: string; iteration_id: string | null; message: string; data: string | null };
      const rows = options.tail !== undefined
        ? db.all<Row>('SELECT id, timestamp, level, event, iteration_id, message, data FROM pipeline_log WHERE id > ? ORDER BY id DESC LIMIT ?',
          [options.after_id ?? 0, limitOf(options.tail, 1000)]).toReversed()
        : db.all<Row>('SELECT id, timestamp, level, event, iteration_id, message, data FROM pipeline_log WHERE id > ? ORDER BY id LIMIT ?',
          [options.after_id ?? 0, limitOf(options.limit, 1000)]);
      return rows.map((r) => ({
        id: Number(r.id), timestamp: Number(r.timestamp), level: r.level as LogLevel, event: r.event,
        iteration_id: r.iteration_id, message: r.message, data: r.data === null ? null : JSON.parse(r.data),
      }));
    },

    exportLogJsonl() {
      const lines: string[] = [];
      let after = 0;
      for (;;) {
        const page = store.logEntries({ after_id: after, limit: 1000 });
        if (page.length === 0) break;
        for (const e of page) lines.push(JSON.stringify({ ...e, time: new Date(e.timestamp).toISOString() }));
        after = page[page.length - 1].id;
      }
      return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
    },
  };
  return store;
}
