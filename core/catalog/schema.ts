// Migration 9: what the catalog and the learning loop keep: each catalog training (what it learned from, up to which row) and each loop step (recommendation, its inputs and reasoning, the run and its outcome).
import type { Migration } from '../db/migrations';

/**
 * - catalog_trainings: one row per trained catalog version (the model itself is a normal registry version,
 *   model_id catalog-<template>): where its records came from ('recorded' data or a 'dataset' the user gave), how many,
 *   the newest source row they reached (through_id: what a retrain trigger counts new rows after), the measured
 *   training time.
 * - loop_steps: one row per recommendation of the learning loop, with everything it was computed from (inputs: every
 *   strategy's evidence, profile terms and model probability), its confidence and reasoning; once run, the pipeline
 *   run it led to, the outcome, and the neural_patterns record of it. status: 'recommended' (not run, or the run was
 *   cancelled), 'recorded' (run and stored).
 * Times are integer milliseconds since the epoch.
 */
const schemaV9 = `
CREATE TABLE catalog_trainings (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  template TEXT NOT NULL,
  model_id TEXT NOT NULL,
  version TEXT NOT NULL,
  data TEXT NOT NULL CHECK (data IN ('recorded', 'dataset')),
  source TEXT NOT NULL,
  records INTEGER NOT NULL,
  through_id INTEGER,
  training_ms REAL NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX idx_catalog_trainings_template ON catalog_trainings (template, id);

CREATE TABLE loop_steps (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  task TEXT NOT NULL,
  complexity TEXT NOT NULL CHECK (complexity IN ('easy', 'medium', 'hard')),
  template TEXT,
  recommended TEXT NOT NULL CHECK (recommended IN ('conservative', 'balanced', 'aggressive')),
  confidence REAL NOT NULL,
  preset TEXT NOT NULL,
  weights TEXT NOT NULL,
  inputs TEXT NOT NULL,
  reasoning TEXT NOT NULL,
  model TEXT,
  status TEXT NOT NULL DEFAULT 'recommended' CHECK (status IN ('recommended', 'recorded')),
  run_id INTEGER REFERENCES pipeline_runs (id) ON DELETE SET NULL,
  ran_strategy TEXT,
  passed INTEGER CHECK (passed IN (0, 1)),
  score REAL,
  duration_ms REAL,
  pattern_memory_id INTEGER REFERENCES pattern_memory (id) ON DELETE SET NULL,
  latency_ms REAL,
  created_at INTEGER NOT NULL,
  recorded_at INTEGER
);
CREATE INDEX idx_loop_steps_complexity ON loop_steps (complexity, id);
`;

export const catalogLoopMigration: Migration = { version: 9, name: 'catalog trainings and learning-loop steps', sql: schemaV9 };
