// The Lab API end to end in node over real parts: training on the kernel (the compute worker's functions), the model store on SQLite, neighbours from its vector index.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../core/db/migrations';
import { irisRecords } from '../../core/datasets/iris.fixture';
import { createModelStore } from '../../core/models/model-store';
import { loadKernelNode } from '../../kernel/js/node';
import { createModelsApi } from '../../workers/compute/models-api';
import type { EngineClient } from '../../workers/engine/types';
import { openMemoryDb } from '../../workers/engine/sqlite-db';
import type { TaskRunner } from '../../core/pipeline/runner';
import { pipelineStatus, runPipeline } from '../pipeline/iteration-runner';
import { runTask } from '../pipeline/run-task';
import { fakePipelineEngine } from '../stores/test-support';
import { createLabApi } from './lab-api';

async function setup() {
  const db = await openMemoryDb();
  migrate(db);
  const store = createModelStore(db);
  const engine = { call: async (method: string, ...args: unknown[]) => (store as unknown as Record<string, (...a: unknown[]) => unknown>)[method](...args) } as Pick<EngineClient, 'call'>;
  const worker = createModelsApi({ kernel: () => loadKernelNode(), now: () => performance.now(), wallClock: () => Date.now(), yieldToEvents: () => Promise.resolve() });
  let job = 0;
  const lab = createLabApi({
    engine,
    pool: { train: (req, onEpoch) => ({ done: worker.neural_train({ ...req, jobId: `j${++job}` }, onEpoch) }) },
    compute: { predict: (key, file, inputs, k, _signal, neighbours) => worker.neural_predict_batch(key, file, inputs, k, neighbours) },
  });
  return { lab, store };
}

describe('Lab API', () => {
  it('neural_train trains for real, saves a version with its history, and returns the reference shape', async () => {
    const { lab, store } = await setup();
    const epochs: number[] = [];
    const r = await lab.neural_train({ pattern_type: 'prediction', training_data: JSON.stringify({ trainingData: irisRecords() }), epochs: 40 }, (m) => epochs.push(m.epoch));
    expect(r).toMatchObject({ success: true, pattern_type: 'prediction', epochs: 40, status: 'completed', version: '1.0.0' });
    expect(r.modelId).toMatch(/^model_prediction_\d+$/);
    expect(r.accuracy).toBeGreaterThan(0.8);
    expect(store.model_versions(r.modelId)).toHaveLength(1);
    expect(store.model_history({ modelId: r.modelId }).map((h) => h.epoch)).toEqual(epochs);
  });

  it('neural_predict explains with the similar training examples held for the model', async () => {
    const { lab } = await setup();
    const { modelId } = await lab.neural_train({ config: { architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 16 }, { type: 'output', activation: 'softmax' }] }, training: { target: 'species', epochs: 100, learning_rate: 0.01 } }, training_data: irisRecords() });
    const p = await lab.neural_predict({ modelId, input: '{"sepal_length": 5.0, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}' });
    expect(p.prediction).toBe('setosa');
    expect(p.confidence).toBeGreaterThan(0.5);
    expect(p.reasoning).toMatch(/^9 of 9 similar records were 'setosa'/);
    await expect(lab.neural_predict({ modelId, input: '[1]' })).rejects.toThrow(/input must be a record/);
    await expect(lab.neural_predict({ modelId: 'nope', input: {} })).rejects.toThrow(/no model nope/);
  });
});

/** The Lab API with its pipeline over a fake engine (core's pipeline API on SQLite) and a runner that passes every task. */
async function pipelineLab() {
  const engine = await fakePipelineEngine();
  const label = { runner: 'browser-sandbox' as const, engine: 'Chromium 156 worker', version: '1.0.0' };
  const runner: TaskRunner = {
    name: 'browser-sandbox',
    available: async () => ({ ok: true }),
    run: async () => ({ label, test: { status: 'pass', duration_ms: 5, tests: [{ name: 't', status: 'pass', duration_ms: 1 }] }, lint: { status: 'pass', duration_ms: 3, messages: [] }, duration_ms: 8 }),
  };
  const runners = { 'browser-sandbox': runner, webcontainer: runner };
  const lab = createLabApi({
    engine: engine.client,
    pool: { train: () => { throw new Error('not used'); } },
    compute: { predict: () => { throw new Error('not used'); } },
    pipeline: {
      runTask: (input, signal) => runTask(input, runners, signal),
      run: (input) => runPipeline(input, { engine: engine.client, runners }),
      status: (input) => pipelineStatus(engine.client, input),
    },
  });
  return { lab, label };
}

describe('Lab API: the pipeline', () => {
  it('pipeline_run_task runs a custom task and names the field of malformed input', async () => {
    const { lab, label } = await pipelineLab();
    const files = { 'test/a.test.js': "import { test } from 'node:test';\ntest('t', () => {});\n" };
    const r = await lab.pipeline_run_task({ files });
    expect([r.label, r.test.tests.map((t) => t.status), r.lint.messages, typeof r.duration_ms]).toEqual([label, ['pass'], [], 'number']);
    await expect(lab.pipeline_run_task({ files: 'x' })).rejects.toMatchObject({ name: 'TaskInputError', message: 'files must be an object of path → file text' });
    await expect(lab.pipeline_run_task({ files, runner: 'cloud' })).rejects.toThrow(/^runner must be one of browser-sandbox, webcontainer, node/);
    await expect(lab.pipeline_run_task({ files: { '../a.test.js': '' } })).rejects.toThrow(/^files\["\.\.\/a\.test\.js"\] must not contain/);
  });

  it('train_pipeline_run and train_pipeline_status answer in the CLI\'s --json shapes', async () => {
    const { lab } = await pipelineLab();
    const run = await lab.train_pipeline_run({ complexity: 'easy', iterations: 1, strategy: 'conservative', seed: 4 });
    expect(run).toMatchObject({ action: 'run', strategies: ['conservative'], seed: 4, iterations_requested: 1, cancelled: false });
    expect(run.iterations[0].runs.map((r) => r.result.label.runner)).toEqual(['browser-sandbox']);
    const status = await lab.train_pipeline_status();
    expect(status).toMatchObject({ action: 'status', exists: true, totals: { runs: 1 } });
    await expect(lab.train_pipeline_run({ complexity: 'easy', iterations: 0 })).rejects.toMatchObject({ name: 'PipelineInputError', message: 'iterations must be a whole number from 1 to 100 (got 0)' });
  });
});

describe('Lab API neural_patterns', () => {
  it('analyzes, learns, predicts and corrects through the engine with the worker API objects', async () => {
    const { openMemory } = await import('../../workers/engine/memory-host');
    const { createWasmPort } = await import('../../kernel/js/network');
    const db = await openMemoryDb();
    migrate(db);
    const host = openMemory(db, { port: createWasmPort(await loadKernelNode()) });
    const engine = { call: async (method: string, ...args: unknown[]) => (host as unknown as Record<string, (...a: unknown[]) => unknown>)[method](...args) } as Pick<EngineClient, 'call'>;
    const lab = createLabApi({ engine, pool: { train: () => { throw new Error('unused'); } }, compute: { predict: () => { throw new Error('unused'); } } });
    const a = await lab.neural_patterns({ action: 'analyze', operation: '{"description": "Security audit of the login service"}' });
    expect(a).toMatchObject({ action: 'analyze', pattern: 'critical', learned: false });
    expect(a.confidence).toBeGreaterThan(0);
    expect(a.confidence).toBeLessThanOrEqual(1);
    const l = await lab.neural_patterns({ action: 'learn', operation: 'Security audit of the login service', outcome: '{"success": true}' });
    expect(l).toMatchObject({ action: 'learn', learned: true, id: 1 });
    const p = await lab.neural_patterns({ action: 'predict', operation: 'Security audit of the signup service' });
    expect(p).toMatchObject({ action: 'predict', success_probability: null, evidence_count: 1, enough_evidence: false });
    expect((await lab.neural_patterns_correct({ operation: 'Security audit of the login service', pattern: 'critical', id: 1 })).corrections).toBe(1);
    expect((await lab.neural_patterns_classifier()).trained_on.corrections).toBe(1);
    await expect(lab.neural_patterns({ action: 'analyze', operation: [] })).rejects.toThrow(/neural_patterns: operation must be a JSON object/);
  });
});
