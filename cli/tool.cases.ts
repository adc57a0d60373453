// Every catalog tool called with valid input (results checked against what was stored and computed) and with invalid input (a tool error naming the field, the state database unchanged): run in-process over the node context and over stdio against the built bin.
import { existsSync, mkdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { irisRecords } from '../core/datasets/iris.fixture';
import type { Db } from '../core/db/db';
import { decodeClf } from '../core/format/clf';
import { contentHash } from '../core/models/registry';
import { TOOLS, type ToolResult } from '../core/tools/catalog';
import { IRIS_CONFIG } from './bin-support';

export interface ToolEnv {
  call(name: string, args: unknown): Promise<ToolResult>;
  /** Every table of the state database as text, for comparing before and after a failing call. */
  dump(): string;
  /** The folder relative paths start from (the server's working folder). */
  dir: string;
}

/**
 * Every table, rows in rowid order, BLOBs as their length and sha256. neural_models.last_used_at is left out: loading a
 * model records its use (what `neural cleanup` reads), also when the call then fails on the records it was given.
 */
export function dumpDb(db: Db): string {
  const tables = db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").map((r) => r.name);
  const out: Record<string, unknown[]> = {};
  for (const t of tables) {
    out[t] = db.all<Record<string, unknown>>(`SELECT * FROM "${t}" ORDER BY rowid`).map((row) => {
      if (t === 'neural_models') delete row.last_used_at;
      return row;
    });
  }
  return JSON.stringify(out, (_k, v: unknown) => (v instanceof Uint8Array ? `blob ${v.length} ${contentHash(v)}` : typeof v === 'bigint' ? v.toString() : v));
}

export const FLOWER = { sepal_length: 6.9, sepal_width: 3.1, petal_length: 5.4, petal_width: 2.1 };
const SWAP: Record<string, string> = { setosa: 'virginica', virginica: 'setosa', versicolor: 'versicolor' };

const NOTES = [
  { key: 'vet', value: 'Take the cat to the veterinarian on Tuesday for her vaccination' },
  { key: 'tax', value: 'The quarterly tax report is due at the end of April' },
  { key: 'deploy', value: 'Deploy the billing service to production after the tests pass' },
  { key: 'groceries', value: 'Buy milk, eggs and bread on the way home' },
];

export function toolCases(env: () => ToolEnv): void {
  const valid = new Set<string>();
  const invalid = new Set<string>();
  const iris = irisRecords();

  async function ok(name: string, args: unknown): Promise<Record<string, any>> {
    const r = await env().call(name, args);
    if (r.isError) throw new Error(`${name} failed: ${r.content[0].text}`);
    expect(r.content[0].type).toBe('text');
    expect(JSON.parse(r.content[0].text)).toEqual(r.structuredContent);
    valid.add(name);
    return r.structuredContent as Record<string, any>;
  }

  /** A failing call: isError, the text names the field, and the database is exactly as before. */
  async function bad(name: string, args: unknown, field: string, problem?: RegExp): Promise<string> {
    const before = env().dump();
    const r = await env().call(name, args);
    expect(r.isError, `${name}(${JSON.stringify(args).slice(0, 200)}) should fail`).toBe(true);
    const text = r.content[0].text;
    expect(text.startsWith(`${name}: ${field}`), `${text} should name ${field}`).toBe(true);
    expect(text).not.toMatch(/\n\s+at |internal error/);
    expect((r.structuredContent as { error: { field: string } }).error.field).toBe(field);
    if (problem) expect(text).toMatch(problem);
    expect(env().dump(), `${name} changed the database although it failed: ${text}`).toBe(before);
    invalid.add(name);
    return text;
  }

  it('memory_usage stores, retrieves, lists, searches and deletes; bad actions and fields are named', async () => {
    for (const n of NOTES) {
      const s = await ok('memory_usage', { action: 'store', namespace: 'notes', key: n.key, value: n.value, ttl: 86_400, metadata: { source: 'test' } });
      expect(s).toMatchObject({ success: true, action: 'store', stored: true, namespace: 'notes', key: n.key, storage_type: 'sqlite' });
      expect(s.size).toBe(Buffer.byteLength(n.value));
    }
    const got = await ok('memory_usage', { action: 'retrieve', namespace: 'notes', key: 'vet' });
    expect(got).toMatchObject({ found: true, value: NOTES[0].value });
    expect(got.entry.metadata).toEqual({ source: 'test' });
    const list = await ok('memory_usage', { action: 'list', namespace: 'notes' });
    expect(list.count).toBe(4);
    const found = await ok('memory_usage', { action: 'search', namespace: 'notes', value: 'milk' });
    expect(found.results.map((e: { key: string }) => e.key)).toEqual(['groceries']);
    await ok('memory_usage', { action: 'store', key: 'scratch', value: 'x' });
    expect(await ok('memory_usage', { action: 'delete', key: 'scratch' })).toMatchObject({ deleted: true });
    await bad('memory_usage', { action: 'store', namespace: 'notes', value: 'no key' }, 'key');
    await bad('memory_usage', { action: 'fly' }, 'action', /must be one of "store"/);
    await bad('memory_usage', { action: 'store', key: 'k', value: 'v', ttl: -1 }, 'ttl');
    await bad('memory_usage', { action: 'store', key: 'k', value: { not: 'text' } }, 'value', /must be text/);
    await bad('memory_usage', { action: 'list', colour: 'red' }, 'colour', /is not a parameter/);
  });

  it('memory_search finds by meaning, spelling and keyword; memory_stats counts what is stored', async () => {
    const meaning = await ok('memory_search', { pattern: 'pet doctor appointment', namespace: 'notes' });
    expect(meaning.mode).toBe('meaning');
    expect(meaning.embedder_kind).toBe('word-vectors');
    expect(meaning.results[0].key).toBe('vet');
    expect(meaning.results[0].score).toBeGreaterThan(meaning.results[1].score);
    const spelling = await ok('memory_search', { pattern: 'veterinarain', mode: 'spelling', limit: 2 });
    expect(spelling.embedder_kind).toBe('hashing');
    expect(spelling.results[0].key).toBe('vet');
    expect(spelling.count).toBeLessThanOrEqual(2);
    const keyword = await ok('memory_search', { pattern: 'April', mode: 'keyword' });
    expect(keyword.results.map((e: { key: string }) => e.key)).toEqual(['tax']);
    await bad('memory_search', { pattern: '' }, 'pattern', /must not be empty/);
    await bad('memory_search', { pattern: 'x', limit: 0 }, 'limit');
    await bad('memory_search', { pattern: 'x', mode: 'telepathy' }, 'mode');
    const stats = await ok('memory_stats', {});
    expect(stats.entries.rows).toBe(4);
    expect(stats.entries.namespaces).toBe(1);
    expect(stats.tiers.map((t: { tier: string }) => t.tier)).toEqual(expect.arrayContaining(['vector', 'episodic', 'semantic']));
    expect(stats.storage.database_bytes).toBeGreaterThan(0);
    expect(stats.process.rss).toBeGreaterThan(0);
    await bad('memory_stats', { verbose: true }, 'verbose');
  });

  it('neural_patterns analyzes with the classifier\'s probability, learns outcomes and predicts from them; bad operations are named and store nothing', async () => {
    const a = await ok('neural_patterns', { action: 'analyze', operation: '{"type": "review", "description": "Security audit of the login service before the release"}' });
    expect(a).toMatchObject({ success: true, action: 'analyze', pattern: 'critical', learned: false });
    expect(a.confidence).toBeGreaterThan(0);
    expect(a.confidence).toBeLessThanOrEqual(1);
    expect(Object.values(a.probabilities as Record<string, number>).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 5);
    for (const [i, success] of [true, true, false].entries()) {
      const l = await ok('neural_patterns', { action: 'learn', operation: { type: 'deployment', description: `Deploy the billing service to production, run ${i + 1}` }, outcome: { success, duration: 3000 + i * 500 } });
      expect(l).toMatchObject({ action: 'learn', learned: true });
    }
    const p = await ok('neural_patterns', { action: 'predict', operation: 'Deploy the billing service to production again' });
    expect(p.evidence_count).toBeGreaterThanOrEqual(3);
    expect(p.enough_evidence).toBe(true);
    expect(p.success_probability).toBeGreaterThan(0);
    expect(p.success_probability).toBeLessThan(1);
    await bad('neural_patterns', { action: 'dance', operation: 'x' }, 'action');
    await bad('neural_patterns', { action: 'learn', operation: '{"type": ' }, 'operation', /JSON/);
    await bad('neural_patterns', { action: 'analyze' }, 'operation', /required/);
  });

  it('neural_train trains on the kernel and saves a version; bad data, configs and epochs are named and store nothing', async () => {
    const t = await ok('neural_train', { config: IRIS_CONFIG, training_data: JSON.stringify({ trainingData: iris }), description: 'iris for the tools' });
    expect(t).toMatchObject({ success: true, modelId: 'iris-mlp', version: '1.0.0', status: 'completed', metric: 'accuracy' });
    expect(t.accuracy).toBeGreaterThanOrEqual(0.93);
    expect(t.details.validation_records).toBe(45);
    expect(t.training_time).toBeGreaterThan(0);
    expect(t.kernel).toMatch(/^wasm-/);
    const p = await ok('neural_train', { pattern_type: 'prediction', training_data: iris.map(({ species: _s, ...r }) => ({ ...r, label: r.petal_length > 4 ? 'long' : 'short' })), epochs: 5 });
    expect(p.modelId).toMatch(/^model_prediction_\d+$/);
    expect(p.epochs).toBe(5);
    await bad('neural_train', { pattern_type: 'prediction', training_data: '[' }, 'training_data', /not valid JSON/);
    await bad('neural_train', { pattern_type: 'prediction', training_data: { a: 1 } }, 'training_data', /single record/);
    await bad('neural_train', { pattern_type: 'prediction', training_data: [1, 2] }, 'training_data.trainingData[0]');
    await bad('neural_train', { pattern_type: 'prediction', training_data: iris, epochs: 0 }, 'epochs');
    await bad('neural_train', { training_data: iris }, 'pattern_type');
    await bad('neural_train', { pattern_type: 'weather', training_data: iris }, 'pattern_type');
    await bad('neural_train', { config: { ...IRIS_CONFIG, architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 8, activation: 'swish' }, { type: 'output', activation: 'softmax' }] } }, training_data: iris }, 'config.architecture.layers[1].activation');
    await bad('neural_train', { config: { ...IRIS_CONFIG, training: { ...IRIS_CONFIG.training, target: 'colour' } }, training_data: iris }, 'training_data', /colour/);
  }, 120_000);

  it('neural_predict and neural_predict_batch answer from the saved model with reasoning; unknown models and bad records are named', async () => {
    const one = await ok('neural_predict', { modelId: 'iris-mlp', input: JSON.stringify(FLOWER) });
    expect(one).toMatchObject({ prediction: 'virginica', modelId: 'iris-mlp', version: '1.0.0' });
    expect(one.confidence).toBeGreaterThan(0.5);
    expect(one.confidence).toBe(one.probabilities.virginica);
    expect(one.reasoning).toMatch(/of 9 similar records were 'virginica'/);
    const pinned = await ok('neural_predict', { modelId: 'iris-mlp@1.0.0', input: FLOWER });
    expect(pinned.probabilities).toEqual(one.probabilities);
    const picks = [iris[0], iris[60], iris[120], iris[10], iris[140]];
    const batch = await ok('neural_predict_batch', { modelId: 'iris-mlp', inputs: picks, batch_size: 2 });
    expect(batch).toMatchObject({ count: 5, batch_size: 2, batches: 3 });
    expect(batch.predictions.map((x: { prediction: string }) => x.prediction)).toEqual(picks.map((r) => r.species));
    await bad('neural_predict', { modelId: 'no-such-model', input: FLOWER }, 'modelId', /no model no-such-model/);
    await bad('neural_predict', { modelId: 'iris-mlp', input: '{' }, 'input', /not valid JSON/);
    await bad('neural_predict', { modelId: 'iris-mlp', input: [FLOWER] }, 'input', /must be text or an object/);
    await bad('neural_predict', { modelId: 'iris-mlp', input: '[1]' }, 'input', /must be a record/);
    await bad('neural_predict', { modelId: 'iris-mlp', version: '9.9.9', input: FLOWER }, 'version', /no version 9\.9\.9/);
    await bad('neural_predict', { modelId: 'iris mlp', input: FLOWER }, 'modelId', /pattern/);
    await bad('neural_predict_batch', { modelId: 'iris-mlp', inputs: [] }, 'inputs', /empty/);
    await bad('neural_predict_batch', { modelId: 'iris-mlp', inputs: [FLOWER, 3] }, 'inputs[1]');
    await bad('neural_predict_batch', { modelId: 'iris-mlp', inputs: [FLOWER], batch_size: 0 }, 'batch_size');
  });

  it('neural_explain finds the fields the model relies on and explains one prediction', async () => {
    const e = await ok('neural_explain', { modelId: 'iris-mlp', input: FLOWER, repeats: 3 });
    const factors = e.explanation.decision_factors as { factor: string; importance: number; share: number }[];
    expect(factors.map((f) => f.factor).toSorted()).toEqual(['petal_length', 'petal_width', 'sepal_length', 'sepal_width']);
    expect(['petal_length', 'petal_width']).toContain(factors[0].factor);
    expect(factors.reduce((s, f) => s + (f.share ?? 0), 0)).toBeCloseTo(1, 6);
    expect(e.explanation.baseline).toBeGreaterThan(0.9);
    expect(e.prediction.prediction).toBe('virginica');
    expect(e.prediction.nearest_examples).toHaveLength(5);
    expect(e.prediction.input_effects).toHaveLength(4);
    expect(e.explanation.reasoning_path.length).toBeGreaterThanOrEqual(4);
    const again = await ok('neural_explain', { modelId: 'iris-mlp', prediction: FLOWER, repeats: 3 });
    expect(again.explanation).toEqual(e.explanation);
    await bad('neural_explain', { modelId: 'iris-mlp', repeats: 0 }, 'repeats');
    await bad('neural_explain', { modelId: 'iris-mlp', input: FLOWER, prediction: FLOWER }, 'input', /give one/);
  }, 60_000);

  it('neural_compress saves an int8 version with accuracy measured before and after, or says it was not measured', async () => {
    const c = await ok('neural_compress', { modelId: 'iris-mlp@1.0.0', training_data: { trainingData: iris } });
    expect(c).toMatchObject({ modelId: 'iris-mlp', source_version: '1.0.0', version: '1.1.0' });
    expect(c.compressed_model.validation_records).toBe(45);
    expect(c.compressed_model.accuracy_before).toBeGreaterThan(0.9);
    expect(c.compressed_model.accuracy_after).toBeGreaterThan(0.85);
    // A 4-16-3 network is mostly biases and per-channel scales, which stay float: about half, not a quarter.
    expect(c.compression_ratio).toBeCloseTo(c.compressed_model.compressed_size / c.compressed_model.original_size, 12);
    expect(c.compression_ratio).toBeLessThan(0.6);
    const blind = await ok('neural_compress', { modelId: 'iris-mlp', version: '1.0.0' });
    expect(blind.compressed_model.accuracy_before).toBeNull();
    expect(blind.compressed_model.accuracy).toMatch(/^not measured/);
    await bad('neural_compress', { modelId: 'iris-mlp@1.0.0', ratio: 0.01 }, 'ratio', /nothing was saved/);
    await bad('neural_compress', { modelId: 'iris-mlp@1.1.0' }, 'modelId', /already int8/);
    await bad('neural_compress', { modelId: 'iris-mlp@1.0.0', training_data: iris.map(({ species: _s, ...r }) => r) }, 'training_data');
  });

  it('model_save writes the .clf file and model_load imports it back as a claim, or loads a saved version', async () => {
    const s = await ok('model_save', { modelId: 'iris-mlp@1.0.0', path: 'out/iris' });
    expect(s.savePath).toBe(join(env().dir, 'out', 'iris.clf'));
    const bytes = new Uint8Array(await readFile(s.savePath));
    expect(bytes.length).toBe(s.modelSize);
    expect(decodeClf(bytes).config.modelId).toBe('iris-mlp');
    const l = await ok('model_load', { modelPath: 'out/iris.clf', name: 'iris-copy' });
    expect(l).toMatchObject({ modelId: 'iris-copy', version: '1.0.0', accuracy: null, accuracy_source: 'reported_by_file', loaded: true, parameters: 4 * 16 + 16 + 16 * 3 + 3 });
    expect(l.reported_accuracy).toBeGreaterThan(0.9);
    const d = await ok('model_load', { modelId: 'iris-mlp' });
    // 1.2.0 is the int8 copy made without data: no accuracy was measured for it, and none is claimed.
    expect(d).toMatchObject({ version: '1.2.0', quantized: true, accuracy: null, reported_accuracy: null });
    mkdirSync(join(env().dir, 'a-folder.clf'), { recursive: true });
    await bad('model_save', { modelId: 'iris-mlp', path: 'a-folder.clf' }, 'path', /is a folder/);
    await bad('model_save', { modelId: 'iris-mlp' }, 'path', /is required/);
    await bad('model_save', { modelId: 'iris-mlp@1.0.0', path: 'out/iris.clf' }, 'path', /already exists: pass overwrite: true/);
    expect((await ok('model_save', { modelId: 'iris-mlp@1.0.0', path: 'out/iris.clf', overwrite: true })).modelSize).toBe(bytes.length);
    await bad('model_load', { modelPath: 'out/iris.clf', modelId: 'iris-mlp' }, 'modelPath', /exactly one/);
    await bad('model_load', { modelPath: 'nowhere.clf' }, 'modelPath', /no such file/);
    await writeFile(join(env().dir, 'junk.clf'), 'not a model at all, just text');
    await bad('model_load', { modelPath: 'junk.clf' }, 'modelPath', /model file/);
    expect(existsSync(join(env().dir, 'out', 'iris.clf'))).toBe(true);
  });

  it('model_list lists models and versions with where their accuracy came from', async () => {
    const all = await ok('model_list', {});
    const byId = Object.fromEntries(all.models.map((m: { modelId: string }) => [m.modelId, m]));
    expect(byId['iris-mlp']).toMatchObject({ versions: 3, version: '1.2.0', accuracy: null });
    expect(byId['iris-copy']).toMatchObject({ accuracy: null, accuracy_source: 'reported_by_file' });
    const v = await ok('model_list', { modelId: 'iris-mlp' });
    expect(v.versions.map((x: { version: string }) => x.version)).toEqual(['1.2.0', '1.1.0', '1.0.0']);
    expect(v.versions[1].provenance).toMatchObject({ source: 'measured', origin: 'quantized', records: 45 });
    expect(v.versions[2].provenance).toMatchObject({ source: 'measured', origin: 'trained', records: 45 });
    await bad('model_list', { modelId: 'nope' }, 'modelId');
  });

  it('ensemble_create weighs members by measured accuracy only, persists the ensemble and predicts', async () => {
    const e = await ok('ensemble_create', { models: ['iris-mlp@1.0.0', 'iris-mlp@1.1.0'], name: 'iris-pair', training_data: { trainingData: iris }, input: FLOWER });
    expect(e).toMatchObject({ ensemble_id: 'iris-pair', strategy: 'weighted_voting', persisted: true });
    for (const m of e.members) expect(m.weight_source).toBe('measured on 45 validation records of the given training_data');
    expect(e.model_weights.reduce((s: number, w: number) => s + w, 0)).toBeCloseTo(1, 9);
    expect(e.ensemble_metrics.combined_accuracy_records).toBe(45);
    expect(e.ensemble_metrics.combined_accuracy).toBeGreaterThan(0.85);
    expect(e.predictions[0].prediction).toBe('virginica');
    const recorded = await ok('ensemble_create', { models: ['iris-mlp@1.0.0', 'iris-mlp@1.1.0'] });
    expect(recorded.members[0].weight_source).toBe('validation accuracy recorded in the registry');
    expect(recorded.ensemble_metrics.combined_accuracy).toBeNull();
    const status = await ok('neural_status', {});
    expect(status.ensembles.map((x: { name: string }) => x.name)).toEqual(['iris-mlp@1.0.0+iris-mlp@1.1.0', 'iris-pair']);
    await bad('ensemble_create', { models: ['iris-copy', 'iris-mlp@1.0.0'] }, 'models[0]', /no measured accuracy/);
    await bad('ensemble_create', { models: ['iris-mlp'] }, 'models', /at least 2/);
    await bad('ensemble_create', { models: ['iris-mlp@1.0.0', 'iris-mlp@1.1.0'], strategy: 'majority' }, 'strategy');
    await bad('ensemble_create', { models: ['iris-mlp@1.0.0', 'iris-mlp@1.0.0'] }, 'models[1]', /already a member/);
    const p = await ok('model_list', {});
    const other = p.models.find((m: { modelId: string }) => m.modelId.startsWith('model_prediction_')).modelId;
    await bad('ensemble_create', { models: ['iris-mlp@1.0.0', other] }, 'models[1]', /predicts/);
  });

  it('transfer_learn fine-tunes with frozen layers into a new version, accuracy measured before and after on the new data', async () => {
    const swapped = iris.map((r) => ({ ...r, species: SWAP[r.species] }));
    const t = await ok('transfer_learn', { sourceModel: 'iris-mlp@1.0.0', training_data: { trainingData: swapped }, targetDomain: 'swapped labels', epochs: 120, learning_rate: 0.05 });
    expect(t).toMatchObject({ success: true, sourceModel: 'iris-mlp@1.0.0', targetDomain: 'swapped labels', modelId: 'iris-mlp', version: '1.3.0', new_model_id: 'iris-mlp@1.3.0', status: 'completed' });
    const r = t.transfer_results;
    expect(r).toMatchObject({ frozen_layers: [1], trained_layers: [2], validation_records: 45, frozen_parameters: 4 * 16 + 16, trained_parameters: 16 * 3 + 3 });
    expect(r.accuracy_before).toBeLessThan(0.5);
    expect(r.accuracy_after).toBeGreaterThan(0.85);
    // The frozen layer's weights are the source's, bit for bit; the output layer's are not.
    const dir = env().dir;
    await ok('model_save', { modelId: 'iris-mlp@1.3.0', path: 'out/tuned.clf' });
    const src = decodeClf(new Uint8Array(await readFile(join(dir, 'out', 'iris.clf'))));
    const tuned = decodeClf(new Uint8Array(await readFile(join(dir, 'out', 'tuned.clf'))));
    if (src.weights.kind !== 'f32' || tuned.weights.kind !== 'f32') throw new Error('float weights expected');
    expect(tuned.weights.params[0]).toEqual(src.weights.params[0]);
    expect(tuned.weights.params[1]).toEqual(src.weights.params[1]);
    expect(tuned.weights.params[2]).not.toEqual(src.weights.params[2]);
    const pred = await ok('neural_predict', { modelId: 'iris-mlp@1.3.0', input: FLOWER });
    expect(pred.prediction).toBe('setosa');
    const lacking = swapped.map(({ petal_width: _w, ...rest }) => rest);
    await bad('transfer_learn', { sourceModel: 'iris-mlp@1.0.0', training_data: lacking }, 'training_data.trainingData.petal_width', /none of the records/);
    await bad('transfer_learn', { sourceModel: 'iris-mlp@1.0.0', training_data: swapped.map((x) => ({ ...x, species: x.species === 'setosa' ? 'daisy' : x.species })) }, 'training_data.trainingData.species', /"daisy"/);
    await bad('transfer_learn', { sourceModel: 'iris-mlp@1.0.0', training_data: swapped, freeze_layers: [1, 2] }, 'freeze_layers', /nothing would be trained/);
    await bad('transfer_learn', { sourceModel: 'iris-mlp@1.0.0', training_data: swapped, freeze_layers: [3] }, 'freeze_layers[0]');
    await bad('transfer_learn', { sourceModel: 'iris-mlp@1.1.0', training_data: swapped }, 'sourceModel', /int8/);
  }, 60_000);

  it('neural_status reports models, versions, jobs, the kernel and memory; with modelId the history', async () => {
    const s = await ok('neural_status', {});
    expect(s.kernel.build).toMatch(/^wasm-/);
    expect(s.models.count).toBe(3);
    expect(s.running_jobs).toEqual([]);
    // The four notes, and the three operations neural_patterns learned (its namespace, patterns).
    expect(s.memory.entries).toBe(7);
    const m = await ok('neural_status', { modelId: 'iris-mlp' });
    expect(m.model).toMatchObject({ modelId: 'iris-mlp', version: '1.3.0', task: 'classification', labels: ['setosa', 'versicolor', 'virginica'] });
    expect(m.model.history.epochs).toBeGreaterThan(0);
    await bad('neural_status', { modelId: 'ghost' }, 'modelId');
  });

  it('model_delete deletes a version or a model; unknown ones are named', async () => {
    await bad('model_delete', { modelId: 'ghost' }, 'modelId', /no model ghost/);
    await bad('model_delete', { modelId: 'iris-copy', version: '4.0.0' }, 'version', /no version 4\.0\.0/);
    const d = await ok('model_delete', { modelId: 'iris-copy' });
    expect(d).toMatchObject({ success: true, modelId: 'iris-copy', deletedVersions: 1, modelDeleted: true });
    const list = await ok('model_list', {});
    expect(list.models.map((x: { modelId: string }) => x.modelId)).not.toContain('iris-copy');
  });

  it('train_pipeline_run runs a generated task with real npm test and lint on the node runner; train_pipeline_status reads it back', async () => {
    const run = await ok('train_pipeline_run', { complexity: 'easy', strategy: 'balanced', seed: 11, timeout_ms: 60_000 });
    expect(run).toMatchObject({ action: 'run', complexity: 'easy', seed: 11, strategies: ['balanced'], cancelled: false });
    expect(run.iterations).toHaveLength(1);
    const r = run.iterations[0].runs[0];
    expect(r.result.label.runner).toBe('node');
    expect(r.result.test.tests.length).toBeGreaterThan(0);
    const status = await ok('train_pipeline_status', { preset: 'production' });
    expect(status.totals.runs).toBe(1);
    expect(status.selection.preset).toBe('production');
    await bad('train_pipeline_run', { complexity: 'extreme' }, 'complexity');
    await bad('train_pipeline_run', { complexity: 'easy', runner: 'browser-sandbox' }, 'runner', /node/);
    await bad('train_pipeline_run', { complexity: 'easy', iterations: 0 }, 'iterations');
    await bad('train_pipeline_status', { preset: 'fast' }, 'preset');
    await bad('train_pipeline_status', { weights: { reliability: 0, speed: 0, score: 0 } }, 'weights', /all 0/);
  }, 120_000);

  it('every tool of the catalog was called with valid input and refused invalid input', () => {
    const names = TOOLS.map((t) => t.name);
    expect(names.filter((n) => !valid.has(n))).toEqual([]);
    expect(names.filter((n) => !invalid.has(n))).toEqual([]);
  });
}
