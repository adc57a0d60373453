// The recorded data the catalog trains on, read from the database as flat records per source (operations, pipeline runs and iterations, test results, memory entries, training history), with every field's kind.
import type { Db } from '../db/db';
import { parseOperation, PATTERNS } from '../patterns/operation';

export type FieldKind = 'numeric' | 'categorical' | 'text' | 'boolean';

/** One field of a source's records: its kind, the values it takes when they are fixed, and what it holds. */
export interface FieldSpec {
  name: string;
  kind: FieldKind;
  /** The values a categorical field takes (null: whatever was recorded). */
  values: readonly string[] | null;
  description: string;
}

export type SourceName = 'operations' | 'pipeline_runs' | 'pipeline_iterations' | 'pipeline_tests' | 'memory_entries' | 'training_history' | 'operations_and_runs';

export interface SourceSpec {
  name: SourceName;
  /** Where its rows come from, in words. */
  label: string;
  /** Which rows become records, and how. */
  rows: string;
  fields: readonly FieldSpec[];
}

export type SourceRecord = Record<string, string | number | boolean | null>;

/** At most this many of the newest rows of a source are read: a catalog model learns from recent history. */
export const SOURCE_ROW_LIMIT = 5000;

const STRATEGY_VALUES = ['conservative', 'balanced', 'aggressive'] as const;
const LEVELS = ['low', 'medium', 'high'] as const;

const f = (name: string, kind: FieldKind, description: string, values: readonly string[] | null = null): FieldSpec => ({ name, kind, values, description });

export const SOURCES: Record<SourceName, SourceSpec> = {
  operations: {
    name: 'operations',
    label: 'operations learned by neural_patterns (pattern_memory, the patterns namespace)',
    rows: 'one record per learned operation: its fields, the pattern recorded for it (the classifier\'s, given or corrected) and its outcome',
    fields: [
      f('type', 'categorical', 'operation.type as recorded (api_deployment, …)'),
      f('complexity', 'categorical', 'operation.complexity as a level (easy/low → low, medium → medium, hard/high → high)', LEVELS),
      f('agents', 'numeric', 'how many agents the operation had (a list\'s length or a count)'),
      f('description', 'text', 'the operation\'s text (its description, else its type\'s words)'),
      f('pattern', 'categorical', 'the cognitive pattern recorded for it', PATTERNS),
      f('outcome', 'categorical', 'whether its recorded outcome succeeded', ['succeeded', 'failed']),
      f('duration_ms', 'numeric', 'how long it took (ms) by its outcome or its duration field'),
    ],
  },
  pipeline_runs: {
    name: 'pipeline_runs',
    label: 'scored runs of the training pipeline (pipeline_runs)',
    rows: 'one record per scored strategy run of a generated task (custom tasks and runs that did not run are left out)',
    fields: [
      f('template', 'categorical', 'the generated task\'s template (palindrome, lru-cache, …)'),
      f('complexity', 'categorical', 'the task\'s complexity', ['easy', 'medium', 'hard']),
      f('strategy', 'categorical', 'the strategy applied to the task', STRATEGY_VALUES),
      f('runner', 'categorical', 'the runner that ran it', ['browser-sandbox', 'webcontainer', 'node']),
      f('outcome', 'categorical', 'passed when both npm test and npm run lint passed', ['passed', 'failed']),
      f('tests', 'categorical', 'whether npm test passed', ['passed', 'failed']),
      f('lint', 'categorical', 'whether npm run lint passed', ['passed', 'failed']),
      f('test_status', 'categorical', 'how npm test ended', ['pass', 'fail', 'timeout', 'error']),
      f('checks_passed', 'categorical', 'how many of the two checks passed', ['0 of 2', '1 of 2', '2 of 2']),
      f('bottleneck', 'categorical', 'which check took longer', ['tests', 'lint']),
      f('duration_ms', 'numeric', 'time of tests and lint (ms)'),
      f('score', 'numeric', 'the run\'s score (0–100)'),
    ],
  },
  pipeline_iterations: {
    name: 'pipeline_iterations',
    label: 'pipeline iterations (pipeline_runs grouped by iteration)',
    rows: 'one record per iteration that scored at least two strategies on one generated task',
    fields: [
      f('template', 'categorical', 'the generated task\'s template'),
      f('complexity', 'categorical', 'the task\'s complexity', ['easy', 'medium', 'hard']),
      f('leader', 'categorical', 'the strategy with the highest score in the iteration (ties: the first run)', STRATEGY_VALUES),
      f('strategies_passed', 'categorical', 'how many of its three strategies passed both checks (iterations that ran all three)', ['0 of 3', '1 of 3', '2 of 3', '3 of 3']),
    ],
  },
  pipeline_tests: {
    name: 'pipeline_tests',
    label: 'per-test results of pipeline runs (pipeline_test_results)',
    rows: 'one record per test that passed or failed in a scored strategy run of a generated task',
    fields: [
      f('test', 'text', 'the test\'s full name (suite > test)'),
      f('template', 'categorical', 'the generated task\'s template'),
      f('strategy', 'categorical', 'the strategy of the run', STRATEGY_VALUES),
      f('result', 'categorical', 'whether the test passed', ['pass', 'fail']),
    ],
  },
  memory_entries: {
    name: 'memory_entries',
    label: 'memory entries (memory_entries, every namespace)',
    rows: 'one record per stored entry',
    fields: [
      f('namespace', 'categorical', 'the entry\'s namespace'),
      f('key', 'text', 'the entry\'s key'),
      f('value', 'text', 'the entry\'s value (its first 2,000 characters)'),
      f('value_length', 'numeric', 'the value\'s length in characters'),
      f('has_ttl', 'boolean', 'whether it was stored with a time to live'),
      f('read_again', 'categorical', 'whether it was retrieved after it was stored', ['read again', 'never read']),
      f('rewritten', 'categorical', 'whether it was stored again after its first store', ['rewritten', 'written once']),
      f('expires', 'categorical', 'whether it has a time to live', ['expires', 'kept']),
    ],
  },
  training_history: {
    name: 'training_history',
    label: 'per-epoch training history of the models in the registry (training_history)',
    rows: 'one record per recorded epoch with a validation score',
    fields: [
      f('model_type', 'categorical', 'the model\'s type (prediction, coordination, …)'),
      f('epoch', 'numeric', 'the epoch number'),
      f('learning_rate', 'numeric', 'the learning rate of the epoch'),
      f('loss', 'numeric', 'the training loss of the epoch'),
      f('accuracy', 'numeric', 'the training score of the epoch'),
      f('val_accuracy', 'numeric', 'the validation score of the epoch'),
    ],
  },
  operations_and_runs: {
    name: 'operations_and_runs',
    label: 'learned operations and scored pipeline runs together',
    rows: 'one record per learned operation with an outcome and per scored pipeline run of a generated task',
    fields: [
      f('source', 'categorical', 'where the record came from', ['operation', 'pipeline run']),
      f('level', 'categorical', 'complexity as a level (easy → low, hard → high)', LEVELS),
      f('text', 'text', 'the operation\'s text, or the run\'s template and strategy'),
      f('outcome', 'categorical', 'succeeded (an operation) or passed both checks (a run)', ['succeeded', 'failed']),
    ],
  },
};

/** The source's newest rows, oldest first, and the id of the newest row read (what "trained through" means for that source). */
export interface SourceRows {
  records: SourceRecord[];
  /** The highest row id read (pattern_memory, pipeline_runs, …); null when there were none. */
  through: number | null;
}

const level = (c: number | null): (typeof LEVELS)[number] | null => (c === null ? null : c < 0.25 ? 'low' : c < 0.75 ? 'medium' : 'high');
const levelOfComplexity: Record<string, (typeof LEVELS)[number]> = { easy: 'low', medium: 'medium', hard: 'high' };
/** The id of the last of rows read oldest first, null when none: what "trained through" records. */
const newestId = (rows: readonly { id: number }[]): number | null => (rows.length === 0 ? null : Number(rows[rows.length - 1].id));

/*
 * Which rows the filtered sources read, written once for the readers below and for rowsAfter (the retrain trigger):
 * scored strategy runs of generated tasks (custom tasks have no template to learn from), per-test results that passed
 * or failed in one, and epochs with a validation score.
 */
const SCORED_RUN = "r.score IS NOT NULL AND r.strategy IS NOT NULL AND r.complexity != 'custom'";
const TESTS_FROM = `pipeline_test_results t JOIN pipeline_runs r ON r.id = t.run_id WHERE ${SCORED_RUN} AND t.status IN ('pass', 'fail')`;
const HISTORY_FROM = 'training_history h JOIN neural_models m ON m.model_id = h.model_id WHERE h.val_accuracy IS NOT NULL';

interface OpRow { id: number; pattern_type: string; pattern_data: string; description: string | null; success: number | null; duration_ms: number | null }

function operations(db: Db): SourceRows {
  const rows = db.all<OpRow>('SELECT id, pattern_type, pattern_data, description, success, duration_ms FROM pattern_memory ORDER BY id DESC LIMIT ?', [SOURCE_ROW_LIMIT]).toReversed();
  const records: SourceRecord[] = [];
  for (const r of rows) {
    let data: { operation?: unknown };
    try {
      data = JSON.parse(r.pattern_data) as { operation?: unknown };
    } catch {
      continue;
    }
    let op;
    try {
      op = parseOperation(data.operation ?? r.description ?? '');
    } catch {
      continue;
    }
    const agents = op.agentCount ?? (op.agents.length > 0 ? op.agents.length : null);
    records.push({
      type: op.type,
      complexity: level(op.complexity),
      agents,
      description: r.description ?? op.description,
      pattern: (PATTERNS as readonly string[]).includes(r.pattern_type) ? r.pattern_type : null,
      outcome: r.success === null ? null : Number(r.success) === 1 ? 'succeeded' : 'failed',
      duration_ms: r.duration_ms === null ? null : Number(r.duration_ms),
    });
  }
  return { records, through: newestId(rows) };
}

interface RunRow {
  id: number; iteration_id: string; template: string; complexity: string; strategy: string; runner: string;
  test_status: string; lint_status: string; test_duration_ms: number; lint_duration_ms: number; success_rate: number; score: number;
}

/** Scored strategy runs of generated tasks, oldest first. */
function scoredRuns(db: Db): RunRow[] {
  return db.all<RunRow>(
    `SELECT r.id, r.iteration_id, r.template, r.complexity, r.strategy, r.runner, r.test_status, r.lint_status, r.test_duration_ms, r.lint_duration_ms, r.success_rate, r.score
     FROM pipeline_runs r WHERE ${SCORED_RUN} ORDER BY r.id DESC LIMIT ?`, [SOURCE_ROW_LIMIT],
  ).toReversed();
}

const passed = (r: RunRow) => r.test_status === 'pass' && r.lint_status === 'pass';

function pipelineRuns(db: Db): SourceRows {
  const rows = scoredRuns(db);
  return {
    records: rows.map((r) => ({
      template: r.template,
      complexity: r.complexity,
      strategy: r.strategy,
      runner: r.runner,
      outcome: passed(r) ? 'passed' : 'failed',
      tests: r.test_status === 'pass' ? 'passed' : 'failed',
      lint: r.lint_status === 'pass' ? 'passed' : 'failed',
      test_status: r.test_status,
      checks_passed: `${(r.test_status === 'pass' ? 1 : 0) + (r.lint_status === 'pass' ? 1 : 0)} of 2`,
      bottleneck: Number(r.test_duration_ms) >= Number(r.lint_duration_ms) ? 'tests' : 'lint',
      duration_ms: Number(r.test_duration_ms) + Number(r.lint_duration_ms),
      score: Number(r.score),
    })),
    through: newestId(rows),
  };
}

function pipelineIterations(db: Db): SourceRows {
  const rows = scoredRuns(db);
  const groups = new Map<string, RunRow[]>();
  for (const r of rows) groups.set(r.iteration_id, [...(groups.get(r.iteration_id) ?? []), r]);
  const records: SourceRecord[] = [];
  for (const runs of groups.values()) {
    const strategies = new Set(runs.map((r) => r.strategy));
    if (strategies.size < 2) continue;
    let leader = runs[0];
    for (const r of runs) if (Number(r.score) > Number(leader.score)) leader = r;
    records.push({
      template: runs[0].template,
      complexity: runs[0].complexity,
      leader: leader.strategy,
      strategies_passed: strategies.size === 3 ? `${STRATEGY_VALUES.filter((s) => runs.some((r) => r.strategy === s && passed(r))).length} of 3` : null,
    });
  }
  return { records, through: newestId(rows) };
}

function pipelineTests(db: Db): SourceRows {
  const rows = db.all<{ id: number; name: string; status: string; template: string; strategy: string }>(
    `SELECT t.id, t.name, t.status, r.template, r.strategy FROM ${TESTS_FROM} ORDER BY t.id DESC LIMIT ?`, [SOURCE_ROW_LIMIT],
  ).toReversed();
  return {
    records: rows.map((r) => ({ test: r.name, template: r.template, strategy: r.strategy, result: r.status })),
    through: newestId(rows),
  };
}

function memoryEntries(db: Db): SourceRows {
  const rows = db.all<{ id: number; namespace: string; key: string; value: string; ttl: number | null; access_count: number; created_at: number; updated_at: number }>(
    'SELECT id, namespace, key, value, ttl, access_count, created_at, updated_at FROM memory_entries ORDER BY id DESC LIMIT ?', [SOURCE_ROW_LIMIT],
  ).toReversed();
  return {
    records: rows.map((r) => ({
      namespace: r.namespace,
      key: r.key,
      value: r.value.slice(0, 2000),
      value_length: r.value.length,
      has_ttl: r.ttl !== null,
      read_again: Number(r.access_count) > 0 ? 'read again' : 'never read',
      rewritten: Number(r.updated_at) > Number(r.created_at) ? 'rewritten' : 'written once',
      expires: r.ttl !== null ? 'expires' : 'kept',
    })),
    through: newestId(rows),
  };
}

const num = (v: number | null) => (v === null || !Number.isFinite(Number(v)) ? null : Number(v));

function trainingHistory(db: Db): SourceRows {
  const rows = db.all<{ id: number; model_type: string | null; epoch: number; learning_rate: number | null; loss: number | null; accuracy: number | null; val_accuracy: number | null }>(
    `SELECT h.id, m.model_type, h.epoch, h.learning_rate, h.loss, h.accuracy, h.val_accuracy FROM ${HISTORY_FROM} ORDER BY h.id DESC LIMIT ?`, [SOURCE_ROW_LIMIT],
  ).toReversed();
  return {
    records: rows.map((r) => ({ model_type: r.model_type, epoch: Number(r.epoch), learning_rate: num(r.learning_rate), loss: num(r.loss), accuracy: num(r.accuracy), val_accuracy: num(r.val_accuracy) })),
    through: newestId(rows),
  };
}

function operationsAndRuns(db: Db): SourceRows {
  const ops = operations(db).records.filter((r) => r.outcome !== null).map((r) => ({ source: 'operation', level: r.complexity, text: r.description, outcome: r.outcome }));
  const runs = pipelineRuns(db);
  const fromRuns = runs.records.map((r) => ({
    source: 'pipeline run', level: levelOfComplexity[String(r.complexity)] ?? null, text: `${String(r.template).replace(/-/g, ' ')} task, ${String(r.strategy)} strategy`,
    outcome: r.outcome === 'passed' ? 'succeeded' : 'failed',
  }));
  // Through: the runs' newest id (operations are counted in their own source); a retrain trigger reads runs.
  return { records: [...ops, ...fromRuns], through: runs.through };
}

const READERS: Record<SourceName, (db: Db) => SourceRows> = {
  operations, pipeline_runs: pipelineRuns, pipeline_iterations: pipelineIterations, pipeline_tests: pipelineTests,
  memory_entries: memoryEntries, training_history: trainingHistory, operations_and_runs: operationsAndRuns,
};

/** A source's records (newest SOURCE_ROW_LIMIT rows, oldest first). */
export function readSource(db: Db, name: SourceName): SourceRows {
  return READERS[name](db);
}

/**
 * Rows a source would read that were recorded after a row id (its "through"): what a retrain trigger counts. The
 * sources made of pipeline runs count runs, as their through is a run's id.
 */
const AFTER_SQL: Record<SourceName, string> = {
  operations: 'SELECT COUNT(*) AS n FROM pattern_memory WHERE id > ?',
  pipeline_runs: `SELECT COUNT(*) AS n FROM pipeline_runs r WHERE ${SCORED_RUN} AND r.id > ?`,
  pipeline_iterations: `SELECT COUNT(*) AS n FROM pipeline_runs r WHERE ${SCORED_RUN} AND r.id > ?`,
  operations_and_runs: `SELECT COUNT(*) AS n FROM pipeline_runs r WHERE ${SCORED_RUN} AND r.id > ?`,
  pipeline_tests: `SELECT COUNT(*) AS n FROM ${TESTS_FROM} AND t.id > ?`,
  memory_entries: 'SELECT COUNT(*) AS n FROM memory_entries WHERE id > ?',
  training_history: `SELECT COUNT(*) AS n FROM ${HISTORY_FROM} AND h.id > ?`,
};

export function rowsAfter(db: Db, name: SourceName, after: number): number {
  return Number(db.get<{ n: number }>(AFTER_SQL[name], [after])?.n ?? 0);
}
