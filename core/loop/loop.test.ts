// The learning loop: confidence as a probability, the recommendation moving when recorded outcomes favour another strategy (with the reasoning saying why), a step's run recorded with its profile and neural_patterns record, the catalog model as prior, and a whole turn on a scripted runner.
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog/catalog';
import { catalogDb } from '../catalog/test-support.node';
import { encodeClf } from '../format/clf';
import { parseModelConfig } from '../models/config';
import { trainModel } from '../models/model-ops';
import { createMemory } from '../memory/memory';
import { createPatterns } from '../patterns/patterns';
import { wasmPort, wordVectors } from '../patterns/test-support.node';
import type { TaskRunner } from '../pipeline/runner';
import { scoreRun } from '../pipeline/scoring';
import { createPipelineApi } from '../pipeline/serve';
import type { Strategy } from '../pipeline/strategies/types';
import { resultOf } from '../pipeline/test-support';
import { LOOP_MODEL, MODEL_PRIOR, type LoopStep } from './api';
import { probabilityBest } from './confidence';
import { createLoop } from './loop';
import { runLoopStep } from './run';

async function loopEnv() {
  const env = await catalogDb();
  const { db, models, pipeline, clock } = env;
  const embedder = wordVectors();
  const patterns = createPatterns({ db, memory: createMemory({ db, clock, embedder }), port: await wasmPort(), embedder, clock, now: () => performance.now() });
  const pipelineApi = createPipelineApi(pipeline);
  const catalog = createCatalog(db, models);
  const loop = createLoop({ db, pipeline: pipelineApi, patterns, catalog, models, clock, now: () => performance.now() });
  /** A run of a step's strategy with the given statuses, as a runner would report it. */
  const runFor = (step: LoopStep, strategy: Strategy, test: 'pass' | 'fail', lint: 'pass' | 'fail' = 'pass') => {
    const result = resultOf(test, lint, 150, 60);
    return { iteration_id: `loop-${step.id}`, task_id: `${step.template ?? 'palindrome'}-${step.id}`, template: step.template ?? 'palindrome', complexity: step.complexity, seed: step.id, strategy, result, score: scoreRun(strategy, result), changes: [], created_at: clock() };
  };
  return { ...env, patterns, pipelineApi, catalog, loop, runFor };
}

const TASK = 'Validate the email addresses users type into the signup form';

describe('confidence', () => {
  it('is the probability that the recommended strategy has the highest weighted score', () => {
    const even = { alpha: 1, beta: 1, fixed: 0 };
    expect(probabilityBest(even, [even], 0.4)).toBeCloseTo(0.5, 3);
    expect(probabilityBest(even, [even, even], 0.4)).toBeCloseTo(1 / 3, 3);
    expect(probabilityBest({ alpha: 11, beta: 1, fixed: 0 }, [{ alpha: 1, beta: 11, fixed: 0 }], 0.4)).toBeGreaterThan(0.999);
    // A lead in the certain terms (speed, score) counts too: 0.2 of score at weight 0.4 is half the reliability scale.
    expect(probabilityBest({ alpha: 1, beta: 1, fixed: 0.2 }, [even], 0.4)).toBeCloseTo(0.875, 2);
    expect(probabilityBest({ alpha: 1, beta: 1, fixed: 0.2 }, [even], 0)).toBe(1);
  });
});

describe('the loop', () => {
  it('moves its recommendation when recorded outcomes favour another strategy, and its reasoning says why', async () => {
    const { loop, runFor } = await loopEnv();
    const first = loop.loop_recommend({ task: TASK, complexity: 'easy', template: 'email-validator' });
    // Before any run: even reliability, so the pipeline's starting speed figures decide (aggressive's 1000 ms).
    expect(first.recommended).toBe('aggressive');
    expect(first.changed_from).toBeNull();
    expect(first.reasoning[0]).toMatch(/^aggressive has no recent easy runs; balanced has no recent easy runs; conservative has no recent easy runs/);
    expect(first.confidence).toBeGreaterThan(0);
    expect(first.confidence).toBeLessThan(1);
    expect(first.estimates.map((e) => e.strategy)).toEqual(['aggressive', 'balanced', 'conservative']);
    expect(first.reasoning.join(' ')).toMatch(/No catalog model adaptive-coordinator is trained yet/);
    expect(first.reasoning).toContain('Speed and score of aggressive, balanced, conservative are the pipeline\'s starting values, not measurements: they have no scored run yet.');
    expect(first.latency_ms).toBeGreaterThanOrEqual(0);

    // Outcomes that favour another strategy: aggressive fails its tests each time it is tried.
    let step = first;
    let outcomes = 0;
    while (step.recommended === 'aggressive' && outcomes < 10) {
      loop.loop_record({ step_id: step.id, run: runFor(step, 'aggressive', 'fail') });
      outcomes++;
      step = loop.loop_recommend({ task: TASK, complexity: 'easy', template: 'email-validator' });
    }
    console.log(`loop (scripted outcomes): the recommendation left aggressive after ${outcomes} recorded failures`);
    expect(step.recommended).not.toBe('aggressive');
    expect(step.reasoning.join(' ')).toContain('Speed and score of balanced, conservative are the pipeline\'s starting values');
    expect(step.changed_from).toEqual({ step_id: step.id - 1, strategy: 'aggressive' });
    const why = step.reasoning.join(' ');
    expect(why).toContain(`aggressive failed ${outcomes} of ${outcomes} recent easy tasks`);
    expect(why).toMatch(new RegExp(`Changed from aggressive \\(step #${step.id - 1}\\): aggressive's reliability moved from \\d+% to \\d+%`));

    // The other strategy passes: the recommendation stays, and grows surer.
    const chosen = step.recommended;
    let next = step;
    for (let i = 0; i < 4; i++) {
      loop.loop_record({ step_id: next.id, run: runFor(next, chosen, 'pass') });
      next = loop.loop_recommend({ task: TASK, complexity: 'easy', template: 'email-validator' });
    }
    expect(next.recommended).toBe(chosen);
    expect(next.confidence).toBeGreaterThan(step.confidence);
    expect(next.reasoning.join(' ')).toContain(`${chosen} passed 4 of 4 recent easy tasks`);
    // neural_patterns recorded each outcome with its strategy, and reads them back for similar tasks.
    expect(next.patterns?.by_strategy.find((s) => s.strategy === chosen)).toEqual({ strategy: chosen, succeeded: 4, of: 4 });
    expect(next.patterns?.by_strategy.find((s) => s.strategy === 'aggressive')).toEqual({ strategy: 'aggressive', succeeded: 0, of: outcomes });
    // Another complexity has its own evidence.
    expect(loop.loop_recommend({ task: TASK, complexity: 'hard' }).reasoning[0]).toMatch(/has no recent hard runs/);
    expect(loop.loop_steps({ complexity: 'easy' }).map((s) => s.recommended).toReversed()).toEqual([...Array(outcomes).fill('aggressive'), ...Array(5).fill(chosen)]);
  });

  it('records a step\'s run with its profile and a neural_patterns record, once, refusing what does not fit', async () => {
    const { loop, runFor, db, patterns } = await loopEnv();
    const step = loop.loop_recommend({ task: TASK, complexity: 'easy', template: 'email-validator' });
    expect(() => loop.loop_record({ step_id: 99, run: runFor(step, 'balanced', 'pass') })).toThrow(/step_id names no loop step \(99\)/);
    expect(() => loop.loop_record({ step_id: step.id, run: { ...runFor(step, 'balanced', 'pass'), complexity: 'hard' } })).toThrow(/run.complexity must be the step's complexity easy/);
    const r = loop.loop_record({ step_id: step.id, run: runFor(step, 'balanced', 'pass', 'fail') });
    expect(r.profile).toMatchObject({ strategy: 'balanced', uses: 1 });
    expect(r.step).toMatchObject({ status: 'recorded', run_id: r.run_id, ran_strategy: 'balanced', passed: false, duration_ms: 210 });
    expect(r.step.score).toBeCloseTo(Number(db.get<{ score: number }>('SELECT score FROM pipeline_runs WHERE id = ?', [r.run_id])!.score), 9);
    expect(r.retrain).toEqual({ name: LOOP_MODEL, trained: false, new_records: 0, every: 10, due: false });
    const op = patterns.patterns_recorded({ limit: 1 })[0];
    expect(op).toMatchObject({ id: r.pattern_memory_id, description: `pipeline task: ${TASK}`, success: false, duration_ms: 210, metadata: { strategy: 'balanced', template: 'email-validator', loop_step: step.id } });
    expect(() => loop.loop_record({ step_id: step.id, run: runFor(step, 'balanced', 'pass') })).toThrow(/already has its run/);
    expect(() => loop.loop_recommend({ task: ' ', complexity: 'easy' })).toThrow(/task must describe the task/);
    expect(() => loop.loop_recommend({ task: TASK, complexity: 'trivial' as never })).toThrow(/complexity must be one of easy, medium, hard/);
  });

  it('uses the catalog\'s trained model as the reliability prior and names it', async () => {
    const { loop, catalog, recordRun } = await loopEnv();
    for (let i = 0; i < 12; i++) {
      const template = ['slugify', 'email-validator', 'palindrome'][i % 3];
      recordRun({ template, strategy: 'aggressive', test: 'fail', complexity: 'medium' });
      recordRun({ template, strategy: 'conservative', test: 'pass', complexity: 'medium' });
    }
    const records = catalog.catalog_records({ name: LOOP_MODEL });
    const trained = await trainModel(await wasmPort(), parseModelConfig(records.config), { trainingData: records.records }, { now: () => performance.now(), wallClock: () => 0 });
    catalog.catalog_save({ name: LOOP_MODEL, file: encodeClf(trained.artifact), history: trained.outcome.history, data: 'recorded', records: records.records.length, through_id: records.through_id, training_ms: 1 });
    const step = loop.loop_recommend({ task: TASK, complexity: 'easy', template: 'email-validator' });
    expect(step.model).toMatchObject({ model_id: 'catalog-adaptive-coordinator', version: '1.0.0', accuracy: trained.result.accuracy });
    const agg = step.estimates.find((e) => e.strategy === 'aggressive')!;
    const con = step.estimates.find((e) => e.strategy === 'conservative')!;
    expect(agg.model_probability!).toBeLessThan(0.5);
    expect(con.model_probability!).toBeGreaterThan(0.5);
    // No easy runs yet: the prior alone, worth MODEL_PRIOR runs.
    expect(con.alpha).toBeCloseTo(1 + MODEL_PRIOR * con.model_probability!, 9);
    expect(step.recommended).not.toBe('aggressive');
    expect(step.reasoning.join(' ')).toMatch(/Catalog model catalog-adaptive-coordinator@1\.0\.0 \(measured validation accuracy \d\.\d\d\) predicts passing/);
  });

  it('runs a whole turn: the recommended strategy on the generated task, recorded through the step', async () => {
    const { loop, pipelineApi } = await loopEnv();
    const ran: string[] = [];
    // A scripted runner (the e2e and the CLI tests run real ones): tests fail when the file lost its guards.
    const runner: TaskRunner = {
      name: 'node',
      available: async () => ({ ok: true }),
      run: async (files) => {
        const src = Object.entries(files).find(([p]) => p.startsWith('src/'))![1];
        ran.push(src.slice(0, 20));
        return resultOf(/throw new/.test(src) ? 'pass' : 'fail', 'pass', 120, 40);
      },
    };
    const turn = await runLoopStep({ ...loop, ...pipelineApi }, runner, { task: TASK, complexity: 'easy', seed: 5 });
    expect(turn.cancelled).toBe(false);
    expect(turn.iteration.runs.map((r) => r.strategy)).toEqual([turn.recommendation.recommended]);
    expect(turn.recorded?.step).toMatchObject({ id: turn.recommendation.id, status: 'recorded', run_id: turn.iteration.runs[0].run_id });
    expect(turn.recommendation.template).toBe(turn.iteration.task.template);
    expect(ran).toHaveLength(1);
  });
});
