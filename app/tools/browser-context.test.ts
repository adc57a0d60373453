// The tool catalog over the browser's context in node: the engine's host and the compute worker's functions behind comlink (as the page reaches them), the real compute bridge and pool, the page's pipeline runner; every tool with valid and invalid input, nothing stored by a failing call.
import { readFileSync } from 'node:fs';
import { expose, wrap } from 'comlink';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { irisRecords } from '../../core/datasets/iris.fixture';
import type { Db } from '../../core/db/db';
import { migrate } from '../../core/db/migrations';
import { createWordVectorEmbedder } from '../../core/memory/word-vector-embedder';
import type { TaskRunner } from '../../core/pipeline/runner';
import { callTool, TOOLS, type ToolResult } from '../../core/tools/catalog';
import type { ToolCall, ToolContext } from '../../core/tools/context';
import { loadKernelNode } from '../../kernel/js/node';
import { createWasmPort } from '../../kernel/js/network';
import { createKernelVectorIndex } from '../../kernel/js/vector-index';
import { detectFeatures } from '../../kernel/js/features';
import { dumpDb } from '../../cli/tool.cases';
import { createModelsApi } from '../../workers/compute/models-api';
import { toCallError } from '../../workers/engine/errors';
import { openMemory } from '../../workers/engine/memory-host';
import { openMemoryDb } from '../../workers/engine/sqlite-db';
import { installErrorDetails } from '../../workers/error-details';
import type { EngineClient } from '../../workers/engine/types';
import { ComputeBridge } from '../bridges/compute';
import { ComputePool } from '../bridges/compute-pool';
import { standInWorker } from '../bridges/test-support';
import { pipelineStatus, runPipeline } from '../pipeline/iteration-runner';
import { BROWSER_RUNNERS } from '../../core/pipeline/api';
import { createBrowserToolContext } from './browser-context';
import { TOOL_NAMES } from './names';

const IRIS_CONFIG = {
  modelId: 'iris-mlp',
  architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 16, activation: 'relu' }, { type: 'output', activation: 'softmax' }] },
  training: { target: 'species', learning_rate: 0.01, batch_size: 16, epochs: 150, optimizer: 'adam', validation_split: 0.3, seed: 42 },
};
const FLOWER = { sepal_length: 6.9, sepal_width: 3.1, petal_length: 5.4, petal_width: 2.1 };
const iris = irisRecords();
const ports: MessagePort[] = [];
let db: Db;
let ctx: ToolContext;
let pool: ComputePool;
let compute: ComputeBridge;

/** Answers every task with passing tests and lint, labelled as the sandbox (the real sandbox needs a page). */
const passing: TaskRunner = {
  name: 'browser-sandbox',
  available: async () => ({ ok: true }),
  run: async () => ({ label: { runner: 'browser-sandbox', engine: 'node stand-in', version: '1' }, test: { status: 'pass', duration_ms: 4, tests: [{ name: 't', status: 'pass', duration_ms: 1 }] }, lint: { status: 'pass', duration_ms: 2, messages: [] }, duration_ms: 6 }),
};

beforeAll(async () => {
  // As the workers' entries do: errors cross with the field they name.
  installErrorDetails();
  db = await openMemoryDb();
  migrate(db);
  const kernel = await loadKernelNode();
  const words = createWordVectorEmbedder(new Uint8Array(readFileSync(new URL('../../models/word-vectors.bin', import.meta.url))));
  const host = openMemory(db, { indexFactory: (dim) => createKernelVectorIndex(kernel, dim), embedder: words, port: createWasmPort(kernel), now: () => performance.now() });
  // The engine worker's `call` over comlink, errors mapped as the engine maps them.
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  expose({ call: (method: string, args: unknown[]) => {
    try {
      return (host as unknown as Record<string, (...a: unknown[]) => unknown>)[method](...args);
    } catch (e) {
      throw toCallError(e);
    }
  } }, port2);
  const remote = wrap<{ call(method: string, args: unknown[]): Promise<unknown> }>(port1);
  const engine = { call: (method: string, ...args: unknown[]) => remote.call(method, args), storageEstimate: async () => ({ usage: 1234, quota: 5678 }) } as unknown as Pick<EngineClient, 'call' | 'storageEstimate'>;
  // The compute worker's functions (workers/compute/api.ts) on the node kernel.
  const worker = () => standInWorker({
    ...createModelsApi({ kernel: () => loadKernelNode(), now: () => performance.now(), wallClock: () => Date.now(), yieldToEvents: () => new Promise((r) => setTimeout(r, 0)) }),
    kernelInfo: async () => ({ flavor: kernel.flavor, features: detectFeatures(), memoryBytes: kernel.memoryBytes }),
  }).worker;
  compute = new ComputeBridge({ createWorker: worker, idleMs: 60_000 });
  pool = new ComputePool({ size: 2, createWorker: worker });
  const runners = { 'browser-sandbox': passing, webcontainer: passing };
  ctx = createBrowserToolContext({
    engine, pool, compute,
    pipeline: { run: (input, options) => runPipeline(input, { engine, runners, ...options }), status: (input) => pipelineStatus(engine, input) },
    heap: () => ({ used: 10, total: 20 }),
    log: (m) => process.stderr.write(`${m}\n`),
  });
}, 60_000);

afterAll(() => {
  compute?.terminate();
  pool?.terminate();
  ports.forEach((p) => p.close());
});

const call = (name: string, args: unknown, c?: ToolCall) => callTool(TOOLS, name, args, ctx, c);
const valid = new Set<string>();
const invalid = new Set<string>();

async function ok(name: string, args: unknown): Promise<Record<string, any>> {
  const r = await call(name, args);
  if (r.isError) throw new Error(`${name} failed: ${r.content[0].text}`);
  valid.add(name);
  return r.structuredContent as Record<string, any>;
}

/** A failing call: isError, the text names the field, and the database is as before. */
async function bad(name: string, args: unknown, field: string, problem?: RegExp): Promise<ToolResult> {
  const before = dumpDb(db);
  const r = await call(name, args);
  const text = r.content[0].text;
  expect(r.isError, `${name} should fail`).toBe(true);
  expect(text.startsWith(`${name}: ${field}`), `${text} should name ${field}`).toBe(true);
  expect(text).not.toMatch(/\n\s+at |internal error/);
  expect((r.structuredContent as { error: { field: string } }).error.field).toBe(field);
  if (problem) expect(text).toMatch(problem);
  expect(dumpDb(db), `${name} changed the database although it failed`).toBe(before);
  invalid.add(name);
  return r;
}

describe('the tool catalog over the browser context', () => {
  it('trains on the pool (history saved), and names bad data and configs, also when the worker finds them', async () => {
    const t = await ok('neural_train', { config: IRIS_CONFIG, training_data: { trainingData: iris } });
    expect(t).toMatchObject({ modelId: 'iris-mlp', version: '1.0.0', status: 'completed' });
    expect(t.accuracy).toBeGreaterThanOrEqual(0.93);
    expect(t.kernel).toMatch(/^wasm-/);
    expect(db.all('SELECT epoch FROM training_history')).toHaveLength(150);
    await bad('neural_train', { pattern_type: 'prediction', training_data: '[' }, 'training_data', /not valid JSON/);
    await bad('neural_train', { config: { ...IRIS_CONFIG, architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 8, activation: 'swish' }, { type: 'output', activation: 'softmax' }] } }, training_data: iris }, 'config.architecture.layers[1].activation');
    // Found in the compute worker: its field crosses comlink.
    await bad('neural_train', { config: { ...IRIS_CONFIG, training: { ...IRIS_CONFIG.training, target: 'colour' } }, training_data: iris }, 'training_data', /colour/);
  }, 60_000);

  it('predicts, explains and compresses on the compute bridge', async () => {
    const p = await ok('neural_predict', { modelId: 'iris-mlp', input: JSON.stringify(FLOWER) });
    expect(p).toMatchObject({ prediction: 'virginica', modelId: 'iris-mlp', version: '1.0.0' });
    expect(p.reasoning).toMatch(/of 9 similar records were 'virginica'/);
    const b = await ok('neural_predict_batch', { modelId: 'iris-mlp', inputs: [iris[0], iris[120]], batch_size: 1 });
    expect(b.predictions.map((x: { prediction: string }) => x.prediction)).toEqual([iris[0].species, iris[120].species]);
    await bad('neural_predict', { modelId: 'iris-mlp', input: '{' }, 'input', /not valid JSON/);
    await bad('neural_predict', { modelId: 'ghost', input: FLOWER }, 'modelId', /no model ghost/);
    await bad('neural_predict_batch', { modelId: 'iris-mlp', inputs: [] }, 'inputs', /empty/);
    const e = await ok('neural_explain', { modelId: 'iris-mlp', input: FLOWER, repeats: 3 });
    expect(['petal_length', 'petal_width']).toContain(e.explanation.decision_factors[0].factor);
    expect(e.prediction.nearest_examples).toHaveLength(5);
    await bad('neural_explain', { modelId: 'iris-mlp', repeats: 0 }, 'repeats');
    const c = await ok('neural_compress', { modelId: 'iris-mlp@1.0.0', training_data: { trainingData: iris } });
    expect(c).toMatchObject({ version: '1.1.0', compressed_model: { validation_records: 45 } });
    expect(c.compressed_model.accuracy_after).toBeGreaterThan(0.85);
    await bad('neural_compress', { modelId: 'iris-mlp@1.1.0' }, 'modelId', /already int8/);
  }, 60_000);

  it('keeps ensembles in the engine, fine-tunes on the pool, and refuses paths (the browser has no files)', async () => {
    const en = await ok('ensemble_create', { models: ['iris-mlp@1.0.0', 'iris-mlp@1.1.0'], name: 'pair', training_data: { trainingData: iris }, input: FLOWER });
    expect(en).toMatchObject({ ensemble_id: 'pair', persisted: true });
    expect(db.all('SELECT name FROM model_ensembles')).toEqual([{ name: 'pair' }]);
    await bad('ensemble_create', { models: ['iris-mlp@1.0.0', 'iris-mlp@1.0.0'] }, 'models[1]', /already a member/);
    const swapped = iris.map((r) => ({ ...r, species: r.species === 'setosa' ? 'virginica' : r.species === 'virginica' ? 'setosa' : r.species }));
    const t = await ok('transfer_learn', { sourceModel: 'iris-mlp@1.0.0', training_data: { trainingData: swapped }, epochs: 120, learning_rate: 0.05 });
    expect(t).toMatchObject({ version: '1.2.0', new_model_id: 'iris-mlp@1.2.0', transfer_results: { frozen_layers: [1], trained_layers: [2] } });
    expect(t.transfer_results.accuracy_after).toBeGreaterThan(0.85);
    await bad('transfer_learn', { sourceModel: 'iris-mlp@1.0.0', training_data: swapped.map(({ petal_width: _w, ...r }) => r) }, 'training_data.trainingData.petal_width', /none of the records/);
    await bad('model_save', { modelId: 'iris-mlp', path: 'iris.clf' }, 'path', /no file system/);
    await bad('model_load', { modelPath: 'iris.clf' }, 'modelPath', /no file system/);
    expect(await ok('model_load', { modelId: 'iris-mlp@1.0.0' })).toMatchObject({ version: '1.0.0', quantized: false, loaded: true });
    const list = await ok('model_list', { modelId: 'iris-mlp' });
    expect(list.versions.map((v: { version: string }) => v.version)).toEqual(['1.2.0', '1.1.0', '1.0.0']);
    await bad('model_list', { modelId: 'nope' }, 'modelId');
  }, 60_000);

  it('stores, finds and counts memory; learns and analyzes patterns in the engine', async () => {
    expect(await ok('memory_usage', { action: 'store', namespace: 'notes', key: 'vet', value: 'Take the cat to the veterinarian on Tuesday' })).toMatchObject({ stored: true });
    await ok('memory_usage', { action: 'store', namespace: 'notes', key: 'tax', value: 'The quarterly tax report is due in April' });
    expect(await ok('memory_usage', { action: 'retrieve', namespace: 'notes', key: 'vet' })).toMatchObject({ found: true });
    await bad('memory_usage', { action: 'store', namespace: 'notes', value: 'no key' }, 'key');
    const found = await ok('memory_search', { pattern: 'pet doctor appointment', namespace: 'notes' });
    expect([found.embedder_kind, found.results[0].key]).toEqual(['word-vectors', 'vet']);
    await bad('memory_search', { pattern: 'x', mode: 'telepathy' }, 'mode');
    const stats = await ok('memory_stats', {});
    expect(stats).toMatchObject({ storage: { usage: 1234, quota: 5678 }, process: { heap_used: 10, heap_total: 20 } });
    expect(stats.entries.rows).toBe(2);
    await bad('memory_stats', { verbose: true }, 'verbose');
    const a = await ok('neural_patterns', { action: 'analyze', operation: 'Security audit of the login service before the release' });
    expect(a).toMatchObject({ success: true, action: 'analyze', pattern: 'critical' });
    await bad('neural_patterns', { action: 'learn', operation: '{"type": ' }, 'operation', /JSON/);
  }, 60_000);

  it('runs the pipeline on the page\'s runners, reports status, and lists a running training with a cancel that stores nothing', async () => {
    const run = await ok('train_pipeline_run', { complexity: 'easy', strategy: 'balanced', seed: 3 });
    expect(run).toMatchObject({ action: 'run', strategies: ['balanced'], seed: 3, cancelled: false });
    expect(run.iterations[0].runs[0].result.label.runner).toBe('browser-sandbox');
    await bad('train_pipeline_run', { complexity: 'easy', runner: 'node' }, 'runner', /browser-sandbox, webcontainer/);
    expect((await ok('train_pipeline_status', { preset: 'production' })).totals.runs).toBe(1);
    await bad('train_pipeline_status', { preset: 'fast' }, 'preset');

    const before = dumpDb(db);
    const controller = new AbortController();
    let listed: unknown;
    // No early stopping (pattern_type's default network has it): only the cancel can end this training, however long neural_status takes.
    const endless = { modelId: 'endless', architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 8 }, { type: 'output', activation: 'softmax' }] }, training: { target: 'species' } };
    const r = await call('neural_train', { config: endless, training_data: iris, epochs: 100_000 }, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.progress !== 5) return;
        void call('neural_status', {}).then((s) => {
          listed = (s.structuredContent as { running_jobs: unknown[] }).running_jobs;
          controller.abort();
        });
      },
    });
    expect(listed).toMatchObject([{ tool: 'neural_train', total: 100_000 }]);
    expect(r.content[0].text).toMatch(/^neural_train: cancelled: training stopped after \d+ of 100000 epochs; nothing was saved$/);
    expect(dumpDb(db)).toBe(before);
    const aborted = new AbortController();
    aborted.abort();
    expect((await call('transfer_learn', { sourceModel: 'iris-mlp@1.0.0', training_data: iris }, { signal: aborted.signal })).content[0].text).toMatch(/^transfer_learn: cancelled/);
    expect(dumpDb(db)).toBe(before);

    const s = await ok('neural_status', { modelId: 'iris-mlp' });
    const f = detectFeatures();
    expect(s).toMatchObject({ host: 'browser', running_jobs: [], kernel: { simd: f.simd, relaxed_simd: f.relaxedSimd }, model: { version: '1.2.0' } });
    expect(s.kernel.build).toMatch(/^wasm-/);
    expect(s.ensembles).toEqual([{ name: 'pair', members: ['iris-mlp@1.0.0', 'iris-mlp@1.1.0'] }]);
    await bad('neural_status', { modelId: 'ghost' }, 'modelId');
    expect(ctx.pipeline.runners).toEqual(BROWSER_RUNNERS);
  }, 60_000);

  it('deletes models; every tool was called with valid input and refused invalid input', async () => {
    await bad('model_delete', { modelId: 'iris-mlp', version: '9.9.9' }, 'version');
    expect(await ok('model_delete', { modelId: 'iris-mlp@1.2.0' })).toMatchObject({ deletedVersions: 1, modelDeleted: false });
    // model_save only writes a file, and a page has none: its refusal above is all it does here.
    expect(TOOLS.map((t) => t.name).filter((n) => !valid.has(n))).toEqual(['model_save']);
    expect(TOOLS.map((t) => t.name).filter((n) => !invalid.has(n))).toEqual([]);
  });

  it('names the same tools as the catalog in app/tools/names.ts', () => {
    expect([...TOOL_NAMES]).toEqual(TOOLS.map((t) => t.name));
  });
});

describe('settle: a pool job under a tool call', () => {
  it('names a job that stopped on the call\'s cancel before its first epoch a cancel (ToolCancelledError), not a failure', async () => {
    const { settle } = await import('./browser-context');
    const { ToolCancelledError } = await import('../../core/tools/errors');
    const controller = new AbortController();
    let state = 'running';
    let reject!: (e: unknown) => void;
    const job = { done: new Promise<never>((_, r) => (reject = r)), cancel: () => { state = 'cancelled'; }, state: () => state };
    const settled = settle(job, controller.signal, 'training');
    controller.abort();
    // What core answers a stop before any epoch: a TrainingError, not an AbortError.
    reject(Object.assign(new Error('training was cancelled before the first epoch finished'), { name: 'TrainingError' }));
    await expect(settled).rejects.toBeInstanceOf(ToolCancelledError);
    // Without a cancel the same error is the job's failure, passed on as it is.
    const failing = { done: Promise.reject(Object.assign(new Error('bad data'), { name: 'DataError' })), cancel: () => {}, state: () => 'failed' };
    await expect(settle(failing, new AbortController().signal, 'training')).rejects.toMatchObject({ name: 'DataError' });
  });
});
