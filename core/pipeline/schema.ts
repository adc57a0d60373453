// Migration 7: the training pipeline's tables (runs, their per-test results and lint messages, strategy profiles, the pipeline log). Kept apart until the lead appends it to core/db/migrations.ts after migrations 4-6.
import type { Migration } from '../db/migrations';

/**
 * - pipeline_runs: one task under one strategy on one runner. The runner label is stored with every row;
 *   success_rate, bonus and score are NULL for a 'not-run' (never a pass or a fail).
 * - pipeline_test_results / pipeline_lint_messages: what each run's checks reported, removed with their run.
 * - pipeline_profiles: each strategy's moving averages and its trend (JSON of the last 20 points); whether it
 *   is improving is derived from the trend when read, so it cannot disagree with it.
 * - pipeline_log: what the pipeline did, in order, exportable as JSONL.
 * Times are integer milliseconds since the epoch; durations are milliseconds (REAL).
 */
const schemaV6 = `
CREATE TABLE pipeline_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  iteration_id TEXT NOT NULL,
  task_id TEXT NOT NULL,
  template TEXT NOT NULL,
  complexity TEXT NOT NULL CHECK (complexity IN ('easy', 'medium', 'hard', 'custom')),
  seed INTEGER,
  strategy TEXT CHECK (strategy IN ('conservative', 'balanced', 'aggressive')),
  runner TEXT NOT NULL CHECK (runner IN ('browser-sandbox', 'webcontainer', 'node')),
  engine TEXT NOT NULL,
  runner_version TEXT NOT NULL,
  fallback_requested TEXT,
  fallback_reason TEXT,
  test_status TEXT NOT NULL CHECK (test_status IN ('pass', 'fail', 'timeout', 'error', 'not-run')),
  test_duration_ms REAL NOT NULL,
  test_reason TEXT,
  lint_status TEXT NOT NULL CHECK (lint_status IN ('pass', 'fail', 'timeout', 'error', 'not-run')),
  lint_duration_ms REAL NOT NULL,
  lint_reason TEXT,
  duration_ms REAL NOT NULL,
  success_rate REAL,
  bonus REAL,
  score REAL,
  changes TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL
);
CREATE INDEX idx_pipeline_runs_created ON pipeline_runs (created_at);
CREATE INDEX idx_pipeline_runs_iteration ON pipeline_runs (iteration_id);

CREATE TABLE pipeline_test_results (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id INTEGER NOT NULL REFERENCES pipeline_runs (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pass', 'fail', 'skip')),
  duration_ms REAL NOT NULL,
  error TEXT
);
CREATE INDEX idx_pipeline_test_results_run ON pipeline_test_results (run_id);

CREATE TABLE pipeline_lint_messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id INTEGER NOT NULL REFERENCES pipeline_runs (id) ON DELETE CASCADE,
  file TEXT NOT NULL,
  line INTEGER NOT NULL,
  col INTEGER NOT NULL,
  rule_id TEXT,
  severity INTEGER NOT NULL CHECK (severity IN (1, 2)),
  message TEXT NOT NULL
);
CREATE INDEX idx_pipeline_lint_messages_run ON pipeline_lint_messages (run_id);

CREATE TABLE pipeline_profiles (
  strategy TEXT PRIMARY KEY CHECK (strategy IN ('conservative', 'balanced', 'aggressive')),
  success_rate REAL NOT NULL,
  avg_score REAL NOT NULL,
  avg_execution_time REAL NOT NULL,
  uses INTEGER NOT NULL,
  real_executions INTEGER NOT NULL,
  trend TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE pipeline_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  timestamp INTEGER NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('info', 'warn', 'error')),
  event TEXT NOT NULL,
  iteration_id TEXT,
  message TEXT NOT NULL,
  data TEXT
);
CREATE INDEX idx_pipeline_log_time ON pipeline_log (timestamp);
`;

export const PIPELINE_MIGRATION_VERSION = 6;

export const pipelineMigration: Migration = {
  version: PIPELINE_MIGRATION_VERSION,
  name: 'training pipeline: runs, per-test results, lint messages, strategy profiles, pipeline log',
  sql: schemaV6,
};
