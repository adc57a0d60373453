// createLoop: the learning loop over one database: recommend (evidence from recorded runs, the catalog's trained model, the pipeline's weights, neural_patterns' view), record a step's run and outcome, and the step history.
import type { CatalogApi } from '../catalog/api';
import { modelIdOf } from '../catalog/templates';
import type { ModelsApi } from '../models/api';
import type { Db } from '../db/db';
import { decodeClf, type ModelArtifact } from '../format/clf';
import { featurize } from '../models/featurizer';
import { readOutput } from '../models/lab';
import { inferPlain } from '../models/model-ops';
import type { PatternsApi, PredictResult } from '../patterns/api';
import type { PipelineApi } from '../pipeline/api';
import { PipelineInputError } from '../pipeline/errors';
import { resolveWeights } from '../pipeline/selection';
import { STRATEGIES, type Strategy } from '../pipeline/strategies/types';
import { COMPLEXITIES, type Complexity } from '../pipeline/task';
import {
  LOOP_MODEL, RECENT_RUNS, type LoopApi, type LoopRecommendInput, type LoopRecordInput, type LoopRecordResult, type LoopStep, type ModelUse, type PatternsView,
} from './api';
import { recommendStrategy, type Evidence } from './recommend';

export interface LoopOptions {
  db: Db;
  pipeline: PipelineApi;
  patterns: PatternsApi;
  catalog: CatalogApi;
  /** The registry the catalog saves into (the loop reads its model's latest version there). */
  models: ModelsApi;
  /** ms since the epoch. */
  clock?: () => number;
  /** Monotonic ms, for the measured latency. */
  now?: () => number;
}

/** The operation type neural_patterns records loop tasks under. */
export const LOOP_OPERATION_TYPE = 'pipeline_task';
const MAX_TASK = 2000;
const isStrategy = (v: unknown): v is Strategy => (STRATEGIES as readonly unknown[]).includes(v);
const LIMIT_MAX = 1000;

interface StepRow {
  id: number; task: string; complexity: string; template: string | null; recommended: string; confidence: number; preset: string; weights: string;
  inputs: string; reasoning: string; model: string | null; status: string; run_id: number | null; ran_strategy: string | null; passed: number | null;
  score: number | null; duration_ms: number | null; pattern_memory_id: number | null; latency_ms: number | null; created_at: number; recorded_at: number | null;
}

function toStep(r: StepRow): LoopStep {
  const inputs = JSON.parse(r.inputs) as Pick<LoopStep, 'estimates' | 'patterns' | 'changed_from'>;
  return {
    id: Number(r.id), task: r.task, complexity: r.complexity as Complexity, template: r.template, recommended: r.recommended as Strategy, confidence: Number(r.confidence),
    preset: r.preset as LoopStep['preset'], weights: JSON.parse(r.weights) as LoopStep['weights'], estimates: inputs.estimates, reasoning: JSON.parse(r.reasoning) as string[],
    model: r.model === null ? null : (JSON.parse(r.model) as ModelUse), patterns: inputs.patterns, changed_from: inputs.changed_from,
    status: r.status as LoopStep['status'], run_id: r.run_id === null ? null : Number(r.run_id), ran_strategy: r.ran_strategy as Strategy | null,
    passed: r.passed === null ? null : Number(r.passed) === 1, score: r.score === null ? null : Number(r.score), duration_ms: r.duration_ms === null ? null : Number(r.duration_ms),
    pattern_memory_id: r.pattern_memory_id === null ? null : Number(r.pattern_memory_id), latency_ms: r.latency_ms === null ? null : Number(r.latency_ms),
    created_at: Number(r.created_at), recorded_at: r.recorded_at === null ? null : Number(r.recorded_at),
  };
}

function checkInput(input: LoopRecommendInput): { task: string; complexity: Complexity; template: string | null } {
  if (typeof input !== 'object' || input === null) throw new PipelineInputError('input', 'must be {task, complexity, template?, preset?, weights?}');
  if (typeof input.task !== 'string' || input.task.trim() === '') throw new PipelineInputError('task', 'must describe the task in words (not empty)');
  if (input.task.length > MAX_TASK) throw new PipelineInputError('task', `is ${input.task.length} characters; at most ${MAX_TASK}`);
  if (!(COMPLEXITIES as readonly unknown[]).includes(input.complexity)) throw new PipelineInputError('complexity', `must be one of ${COMPLEXITIES.join(', ')} (got ${JSON.stringify(input.complexity)})`);
  if (input.template !== undefined && input.template !== null && (typeof input.template !== 'string' || input.template === '')) throw new PipelineInputError('template', 'must be a template name or left out');
  return { task: input.task.trim(), complexity: input.complexity, template: input.template ?? null };
}

/**
 * The model's probability of 'passed' for each strategy on this task: its outputs only (predictRecords would also search
 * the file's example records for an explanation, which costs more than the rest of a recommendation on a large model).
 */
function passProbabilities(a: ModelArtifact, template: string | null, complexity: Complexity): Record<Strategy, number> {
  const width = a.schema.width;
  const x = new Float32Array(STRATEGIES.length * width);
  STRATEGIES.forEach((strategy, i) => featurize(a.schema, { ...(template === null ? {} : { template }), complexity, strategy }, x.subarray(i * width, (i + 1) * width)));
  const out = inferPlain(a, x, STRATEGIES.length);
  const k = out.length / STRATEGIES.length;
  return Object.fromEntries(STRATEGIES.map((s, i) => [s, readOutput(a.schema, out.subarray(i * k, (i + 1) * k), i).probabilities?.passed ?? 0])) as Record<Strategy, number>;
}

export function createLoop(opts: LoopOptions): LoopApi {
  const { db, pipeline, patterns, catalog, models } = opts;
  const clock = opts.clock ?? Date.now;
  const now = opts.now ?? clock;
  let cached: { key: string; artifact: ModelArtifact } | undefined;

  /** The catalog's trained adaptive-coordinator (latest version, its accuracy only when measured here), decoded once per version. */
  function model(): { use: ModelUse; artifact: ModelArtifact } | null {
    // The registry's row alone: the catalog's entry would also read every recorded run to say how ready it is.
    const modelId = modelIdOf(LOOP_MODEL);
    const latest = models.model_versions(modelId)[0];
    if (!latest) return null;
    const key = `${modelId}@${latest.version}`;
    if (cached?.key !== key) {
      const row = db.get<{ weights: Uint8Array }>('SELECT weights FROM model_versions WHERE model_id = ? AND version = ?', [modelId, latest.version]);
      if (!row) return null;
      cached = { key, artifact: decodeClf(row.weights) };
    }
    const accuracy = latest.provenance?.source === 'measured' ? latest.accuracy : null;
    return { use: { model_id: modelId, version: latest.version, accuracy }, artifact: cached.artifact };
  }

  /** The last RECENT_RUNS scored runs of each strategy at a complexity: how many passed both checks. */
  function evidence(complexity: Complexity): Record<Strategy, Evidence> {
    const out = {} as Record<Strategy, Evidence>;
    for (const s of STRATEGIES) {
      const rows = db.all<{ ok: number }>(
        `SELECT (test_status = 'pass' AND lint_status = 'pass') AS ok FROM pipeline_runs
         WHERE strategy = ? AND complexity = ? AND score IS NOT NULL ORDER BY id DESC LIMIT ?`, [s, complexity, RECENT_RUNS],
      );
      out[s] = { runs: rows.length, passed: rows.filter((r) => Number(r.ok) === 1).length };
    }
    return out;
  }

  function patternsView(task: string, complexity: Complexity): PatternsView {
    const p = patterns.neural_patterns({ action: 'predict', operation: { type: LOOP_OPERATION_TYPE, complexity, description: task } }) as PredictResult;
    const by_strategy = STRATEGIES.map((strategy) => {
      const sim = p.similarPatterns.filter((s) => s.score >= p.evidence.min_similarity && s.success !== null && s.attributes.strategy === strategy);
      return { strategy, succeeded: sim.filter((s) => s.success).length, of: sim.length };
    });
    return { pattern: p.pattern, confidence: p.confidence, success_probability: p.success_probability, evidence_count: p.evidence_count, by_strategy };
  }

  const getStep = (id: number): LoopStep | undefined => {
    const r = db.get<StepRow>('SELECT * FROM loop_steps WHERE id = ?', [id]);
    return r ? toStep(r) : undefined;
  };

  return {
    loop_recommend(input) {
      const started = now();
      const { task, complexity, template } = checkInput(input);
      const { preset, weights } = resolveWeights(input.preset, input.weights);
      const m = model();
      const modelPart = m ? {
        use: m.use,
        probability: passProbabilities(m.artifact, template, complexity),
      } : undefined;
      const prevRow = db.get<StepRow>('SELECT * FROM loop_steps WHERE complexity = ? ORDER BY id DESC LIMIT 1', [complexity]);
      const previous = prevRow ? toStep(prevRow) : null;
      const view = patternsView(task, complexity);
      const rec = recommendStrategy({
        complexity, profiles: pipeline.pipeline_profiles(), evidence: evidence(complexity), model: modelPart, weights,
        presetLabel: preset === 'custom' ? 'custom' : `the ${preset} preset's`, patterns: view, previous,
      });
      const t = clock();
      const latency = now() - started;
      const id = db.run(
        `INSERT INTO loop_steps (task, complexity, template, recommended, confidence, preset, weights, inputs, reasoning, model, status, latency_ms, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'recommended', ?, ?)`,
        [task, complexity, template, rec.recommended, rec.confidence, preset, JSON.stringify(weights),
          JSON.stringify({ estimates: rec.estimates, patterns: view, changed_from: rec.changed_from }), JSON.stringify(rec.reasoning),
          modelPart ? JSON.stringify(modelPart.use) : null, latency, t],
      ).lastInsertRowid;
      return getStep(id)!;
    },

    loop_record(input: LoopRecordInput): LoopRecordResult {
      if (typeof input !== 'object' || input === null) throw new PipelineInputError('input', 'must be {step_id, run}');
      if (!Number.isInteger(input.step_id)) throw new PipelineInputError('step_id', `must be a loop step's id (got ${JSON.stringify(input.step_id)})`);
      const step = getStep(input.step_id);
      if (!step) throw new PipelineInputError('step_id', `names no loop step (${input.step_id})`);
      if (step.status === 'recorded') throw new PipelineInputError('step_id', `step ${step.id} already has its run (#${step.run_id})`);
      const run = input.run;
      if (typeof run !== 'object' || run === null || !isStrategy(run.strategy)) throw new PipelineInputError('run.strategy', 'must be the strategy that ran (conservative, balanced or aggressive)');
      if (run.complexity !== step.complexity) throw new PipelineInputError('run.complexity', `must be the step's complexity ${step.complexity} (got ${JSON.stringify(run.complexity)})`);
      return db.transaction(() => {
        const recorded = pipeline.pipeline_record_run(run);
        const r = run.result;
        const scored = r.test.status !== 'not-run' && r.lint.status !== 'not-run';
        const passed = scored ? r.test.status === 'pass' && r.lint.status === 'pass' : null;
        const duration = r.test.duration_ms + r.lint.duration_ms;
        const stored = db.get<{ score: number | null }>('SELECT score FROM pipeline_runs WHERE id = ?', [recorded.run_id]);
        let patternId: number | null = null;
        if (passed !== null) {
          const learned = patterns.neural_patterns({
            action: 'learn',
            operation: { type: LOOP_OPERATION_TYPE, complexity: step.complexity, description: step.task },
            outcome: { success: passed, duration },
            metadata: { strategy: run.strategy, template: run.template, loop_step: step.id },
          });
          patternId = learned.action === 'learn' ? learned.id : null;
        }
        db.run(`UPDATE loop_steps SET status = 'recorded', run_id = ?, ran_strategy = ?, passed = ?, score = ?, duration_ms = ?, pattern_memory_id = ?, recorded_at = ? WHERE id = ?`,
          [recorded.run_id, run.strategy, passed === null ? null : passed ? 1 : 0, stored?.score ?? null, duration, patternId, clock(), step.id]);
        return { step: getStep(step.id)!, run_id: recorded.run_id, profile: recorded.profile, pattern_memory_id: patternId, retrain: catalog.catalog_retrain_state({ name: LOOP_MODEL }) };
      });
    },

    loop_steps: (input) => readSteps(db, input),
  };
}

/** Loop steps, newest first (what loop_steps serves; the CLI's history reads it without the rest of the loop). */
export function readSteps(db: Db, input?: { limit?: number; complexity?: Complexity }): LoopStep[] {
  const limit = input?.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > LIMIT_MAX) throw new PipelineInputError('limit', `must be a whole number from 1 to ${LIMIT_MAX} (got ${JSON.stringify(limit)})`);
  if (input?.complexity !== undefined && !(COMPLEXITIES as readonly unknown[]).includes(input.complexity)) throw new PipelineInputError('complexity', `must be one of ${COMPLEXITIES.join(', ')}`);
  const rows = input?.complexity === undefined
    ? db.all<StepRow>('SELECT * FROM loop_steps ORDER BY id DESC LIMIT ?', [limit])
    : db.all<StepRow>('SELECT * FROM loop_steps WHERE complexity = ? ORDER BY id DESC LIMIT ?', [input.complexity, limit]);
  return rows.map(toStep);
}
