// The catalog: the reference's 27 names in its five groups, every template's shape, the mappings from recorded data to training records, "too thin" with the count, dropped datasets checked by field, and a trained entry showing exactly the registry's measured accuracy (never the reference's figures).
import { describe, expect, it } from 'vitest';
import { encodeClf } from '../format/clf';
import { parseModelConfig } from '../models/config';
import { trainModel } from '../models/model-ops';
import { scoreRun } from '../pipeline/scoring';
import { resultOf } from '../pipeline/test-support';
import { wasmPort } from '../patterns/test-support.node';
import { CatalogInputError, checkDataset, MIN_RECORDS, modelIdOf, readSource, TEMPLATES, templateNamed, type CatalogRecords } from './api';
import { createCatalog, RETRAIN_EVERY } from './catalog';
import { rowsAfter } from './sources';
import { catalogDb } from './test-support.node';

/** The reference's tables (neural-training-reference.md, "Model Catalog"), in its order. */
const REFERENCE = {
  coordination: ['hierarchical-coordinator', 'mesh-coordinator', 'adaptive-coordinator', 'collective-intelligence', 'swarm-memory-manager', 'ring-coordinator', 'star-coordinator', 'hybrid-coordinator'],
  consensus: ['byzantine-coordinator', 'raft-manager', 'gossip-coordinator', 'consensus-builder', 'crdt-synchronizer', 'quorum-manager'],
  performance: ['perf-analyzer', 'performance-benchmarker', 'task-orchestrator', 'memory-coordinator', 'smart-agent'],
  sparc: ['sparc-coord', 'specification', 'architecture', 'refinement'],
  specialized: ['backend-dev', 'ml-developer', 'cicd-engineer', 'system-architect'],
};
/** The accuracies the reference claimed (85–97%): none may appear in what the catalog says. */
const CLAIMED = /\b(8[5-9]|9[0-7])(\.\d+)?\s*%|0\.(8[5-9]|9[0-7])\b/;

async function train(records: CatalogRecords) {
  const port = await wasmPort();
  const started = performance.now();
  const trained = await trainModel(port, parseModelConfig(records.config), { trainingData: records.records }, { now: () => performance.now(), wallClock: () => 1_700_000_000_000 });
  return { trained, file: encodeClf(trained.artifact), ms: performance.now() - started };
}

describe('the catalog\'s templates', () => {
  it('are the reference\'s 27 models, 8 coordination, 6 consensus, 5 performance, 4 SPARC, 4 specialised, named exactly as there', () => {
    expect(TEMPLATES).toHaveLength(27);
    for (const [category, names] of Object.entries(REFERENCE)) expect(TEMPLATES.filter((t) => t.category === category).map((t) => t.name)).toEqual(names);
  });

  it('each has a purpose, an input schema, an output, the reference\'s layer JSON and training settings, and no accuracy figure', () => {
    for (const t of TEMPLATES) {
      expect(t.purpose.length).toBeGreaterThan(3);
      expect(t.inputs.length).toBeGreaterThan(0);
      for (const i of t.inputs) expect(['numeric', 'categorical', 'text', 'boolean']).toContain(i.kind);
      expect(t.inputs.map((i) => i.name)).not.toContain(t.output.field);
      expect(t.architecture.layers[0]).toEqual({ type: 'input' });
      expect(t.architecture.layers.at(-1)).toEqual({ type: 'output', activation: t.output.task === 'regression' ? 'linear' : 'softmax' });
      expect(t.training).toMatchObject({ optimizer: 'adam', validation_split: 0.25 });
      expect(JSON.stringify(t)).not.toMatch(CLAIMED);
      expect(JSON.stringify(t)).not.toMatch(/accuracy"?:\s*\d/);
    }
  });
});

describe('mappings from recorded data', () => {
  it('pipeline runs: one record per scored run of a generated task, with its inputs and target only', async () => {
    const { db, recordRun } = await catalogDb();
    recordRun({ strategy: 'aggressive', test: 'fail', template: 'slugify' });
    recordRun({ strategy: 'conservative', test: 'pass', template: 'slugify' });
    recordRun({ strategy: 'balanced', test: 'pass', lint: 'fail', template: 'slugify', ms: 400 });
    recordRun({ strategy: 'balanced', test: 'not-run' });
    const cat = createCatalog(db, (await catalogDb()).models);
    const r = cat.catalog_records({ name: 'adaptive-coordinator' });
    expect(r.records).toEqual([
      { template: 'slugify', complexity: 'easy', strategy: 'aggressive', outcome: 'failed' },
      { template: 'slugify', complexity: 'easy', strategy: 'conservative', outcome: 'passed' },
      { template: 'slugify', complexity: 'easy', strategy: 'balanced', outcome: 'failed' },
    ]);
    expect(cat.catalog_records({ name: 'quorum-manager' }).records.map((x) => x.checks_passed)).toEqual(['1 of 2', '2 of 2', '1 of 2']);
    expect(cat.catalog_records({ name: 'perf-analyzer' }).records.map((x) => x.bottleneck)).toEqual(['tests', 'tests', 'tests']);
    expect(cat.catalog_records({ name: 'performance-benchmarker' }).records.map((x) => x.duration_ms)).toEqual([210, 210, 460]);
    expect(r.through_id).toBe(4 - 1);
  });

  it('pipeline iterations: the leader is the best-scoring strategy, strategies_passed counts those passing both checks', async () => {
    const { db, models, recordRun } = await catalogDb();
    recordRun({ strategy: 'conservative', test: 'pass', iteration: 'a' });
    recordRun({ strategy: 'balanced', test: 'pass', iteration: 'a', ms: 50 });
    recordRun({ strategy: 'aggressive', test: 'fail', iteration: 'a' });
    recordRun({ strategy: 'aggressive', test: 'fail', iteration: 'b' });
    const rows = readSource(db, 'pipeline_iterations').records;
    expect(rows).toEqual([{ template: 'palindrome', complexity: 'easy', leader: 'conservative', strategies_passed: '2 of 3' }]);
    expect(createCatalog(db, models).catalog_records({ name: 'raft-manager' }).records).toEqual([{ template: 'palindrome', complexity: 'easy', leader: 'conservative' }]);
  });

  it('memory entries and operations: fields as documented', async () => {
    const { db, models, memory } = await catalogDb();
    memory.memory_usage({ action: 'store', namespace: 'notes', key: 'k1', value: 'remember the milk', ttl: 60 });
    memory.memory_usage({ action: 'store', namespace: 'notes', key: 'k2', value: 'x' });
    memory.memory_usage({ action: 'retrieve', namespace: 'notes', key: 'k2' });
    db.run(`INSERT INTO pattern_memory (pattern_type, pattern_data, created_at, description, success, duration_ms) VALUES (?, ?, 1, ?, ?, ?)`,
      ['critical', JSON.stringify({ operation: { type: 'code_review', complexity: 'high', agents: ['a', 'b'], description: 'Review the login service' }, outcome: null, metadata: null }), 'Review the login service', 1, 1800]);
    const cat = createCatalog(db, models);
    expect(cat.catalog_records({ name: 'swarm-memory-manager' }).records).toEqual([{ key: 'k1', value: 'remember the milk', namespace: 'notes' }, { key: 'k2', value: 'x', namespace: 'notes' }]);
    expect(cat.catalog_records({ name: 'memory-coordinator' }).records.map((r) => r.expires)).toEqual(['expires', 'kept']);
    expect(cat.catalog_records({ name: 'hierarchical-coordinator' }).records).toEqual([{ type: 'code_review', complexity: 'high', agents: 2, outcome: 'succeeded' }]);
    expect(cat.catalog_records({ name: 'system-architect' }).records).toEqual([{ description: 'Review the login service', type: 'code_review', complexity: 'high', agents: 2, duration_ms: 1800 }]);
    expect(cat.catalog_records({ name: 'architecture' }).records).toEqual([{ description: 'Review the login service', pattern: 'critical' }]);
  });

  it('the retrain trigger counts exactly the rows each source reads', async () => {
    const { db, pipeline, memory } = await catalogDb();
    const tests = [{ name: 'slugify > trims', status: 'pass' as const, duration_ms: 1 }, { name: 'slugify > unicode', status: 'skip' as const, duration_ms: 0 }];
    (['pass', 'fail', 'not-run'] as const).forEach((status, i) => {
      const result = resultOf(status, 'pass');
      result.test.tests = tests;
      pipeline.recordStrategyRun({ iteration_id: `it-${i}`, task_id: `slugify-${i}`, template: 'slugify', complexity: 'easy', seed: i, strategy: 'balanced', result, score: scoreRun('balanced', result), changes: [], created_at: i });
    });
    memory.memory_usage({ action: 'store', namespace: 'notes', key: 'k', value: 'v' });
    db.run("INSERT INTO neural_models (model_id, model_name, model_type, created_at, updated_at) VALUES ('m', 'm', 'prediction', 0, 0)");
    for (const val of [0.5, null, 0.7]) db.run('INSERT INTO training_history (model_id, epoch, accuracy, loss, timestamp, val_accuracy) VALUES (?, 1, 0.5, 0.1, 0, ?)', ['m', val]);
    for (const name of ['pipeline_runs', 'pipeline_tests', 'memory_entries', 'training_history'] as const) {
      expect({ name, after: rowsAfter(db, name, 0) }).toEqual({ name, after: readSource(db, name).records.length });
    }
    expect(readSource(db, 'pipeline_tests').records).toHaveLength(2);
    expect(rowsAfter(db, 'pipeline_runs', readSource(db, 'pipeline_runs').through!)).toBe(0);
  });

  it('says when recorded data is too thin, with the count, instead of training', async () => {
    const { db, models, recordRun } = await catalogDb();
    for (let i = 0; i < 7; i++) recordRun({ strategy: 'conservative', test: 'pass' });
    const cat = createCatalog(db, models);
    const entry = cat.catalog_entry({ name: 'adaptive-coordinator' });
    expect(entry.status).toBe('untrained');
    expect(entry.recorded).toMatchObject({ usable: 7, needed: MIN_RECORDS, ready: false });
    expect(entry.recorded.reason).toMatch(/^7 usable records of recorded scored runs of the training pipeline .*at least 20 are needed/);
    for (let i = 0; i < 20; i++) recordRun({ strategy: 'balanced', test: 'pass' });
    expect(cat.catalog_entry({ name: 'adaptive-coordinator' }).recorded.reason).toMatch(/all 27 records .* have the same outcome \("passed"\): one class, nothing to learn/);
    expect(cat.catalog_entry({ name: 'ml-developer' }).recorded).toMatchObject({ usable: 0, ready: false });
  });
});

const good = (i: number) => ({ template: 'slugify', complexity: 'easy', strategy: i % 2 ? 'aggressive' : 'conservative', outcome: i % 2 ? 'failed' : 'passed' });

describe('dropped datasets', () => {
  const t = templateNamed('adaptive-coordinator')!;

  it('are checked against the input schema, the first mistake named by its field', () => {
    const rows = Array.from({ length: 24 }, (_, i) => good(i));
    expect(checkDataset(t, rows).trainingData).toHaveLength(24);
    const bad = (patch: Record<string, unknown>, at = 3) => rows.map((r, i) => (i === at ? { ...r, ...patch } : r));
    expect(() => checkDataset(t, bad({ strategy: 'reckless' }))).toThrow(new CatalogInputError('trainingData[3].strategy', 'must be one of conservative, balanced, aggressive (got "reckless")'));
    expect(() => checkDataset(t, bad({ complexity: 2 }))).toThrow(/trainingData\[3\]\.complexity must be text \(a category\) \(got 2\)/);
    expect(() => checkDataset(t, rows.map((r, i) => (i === 5 ? { template: 'x', strategy: 'balanced', outcome: 'passed' } : r)))).toThrow(/trainingData\[5\]\.complexity is missing: adaptive-coordinator reads template, complexity, strategy and learns outcome/);
    expect(() => checkDataset(t, { trainingData: rows, validationData: [{ ...good(0), outcome: 'maybe' }] })).toThrow(/validationData\[0\]\.outcome must be one of passed, failed/);
    expect(() => checkDataset(t, rows.slice(0, 5))).toThrow(/trainingData holds too little to train: 5 usable records of the dataset/);
    expect(() => checkDataset(t, '{"trainingData": 3}')).toThrow(/trainingData must be an array of records/);
    expect(() => checkDataset(templateNamed('smart-agent')!, Array.from({ length: 22 }, (_, i) => ({ template: 'a', complexity: 'easy', strategy: 'balanced', score: String(i) })))).toThrow(/trainingData\[0\]\.score must be a finite number/);
  });
});

describe('a trained catalog entry', () => {
  it('trains from recorded runs, becomes a registry version with its history, and shows exactly the registry\'s measured accuracy; the others say untrained', async () => {
    const { db, models, recordRun } = await catalogDb();
    const cat = createCatalog(db, models);
    const before = JSON.stringify(cat.catalog_list());
    expect(before).not.toMatch(CLAIMED);
    expect(before).not.toMatch(/%/);
    for (let i = 0; i < 12; i++) {
      const template = ['slugify', 'palindrome', 'email-validator'][i % 3];
      recordRun({ template, strategy: 'aggressive', test: 'fail' });
      recordRun({ template, strategy: 'conservative', test: 'pass' });
    }
    const records = cat.catalog_records({ name: 'adaptive-coordinator' });
    expect(records.readiness).toMatchObject({ usable: 24, ready: true, distinct: 2 });
    const { trained, file, ms } = await train(records);
    const entry = cat.catalog_save({ name: 'adaptive-coordinator', file, history: trained.outcome.history, data: 'recorded', records: records.records.length, through_id: records.through_id, training_ms: ms });
    const version = models.model_versions(modelIdOf('adaptive-coordinator'))[0];
    expect(version.provenance).toMatchObject({ source: 'measured', origin: 'trained' });
    expect(entry.status).toBe('trained');
    expect(entry.trained).toMatchObject({ model_id: 'catalog-adaptive-coordinator', version: '1.0.0', accuracy: version.accuracy, metric: 'accuracy', data: 'recorded', records: 24, through_id: 24, versions: 1 });
    expect(entry.trained!.accuracy).toBe(trained.result.accuracy);
    expect(models.model_history({ modelId: 'catalog-adaptive-coordinator' })).toHaveLength(trained.outcome.history.length);
    const list = cat.catalog_list();
    expect(list.filter((e) => e.status === 'trained').map((e) => e.name)).toEqual(['adaptive-coordinator']);
    expect(list.filter((e) => e.status === 'untrained')).toHaveLength(26);
    for (const e of list) if (e.status === 'untrained') expect(e.trained).toBeNull();

    // The retrain trigger counts runs recorded after the ones it learned from.
    expect(cat.catalog_retrain_state({ name: 'adaptive-coordinator' })).toEqual({ name: 'adaptive-coordinator', trained: true, new_records: 0, every: RETRAIN_EVERY, due: false });
    for (let i = 0; i < RETRAIN_EVERY; i++) recordRun({ strategy: 'balanced', test: 'pass' });
    expect(cat.catalog_retrain_state({ name: 'adaptive-coordinator' })).toMatchObject({ new_records: RETRAIN_EVERY, due: true });
  });

  it('refuses a file that is not a model of the template\'s target, storing nothing', async () => {
    const { db, models, recordRun } = await catalogDb();
    for (let i = 0; i < 12; i++) {
      recordRun({ strategy: 'aggressive', test: 'fail', lint: i % 2 ? 'fail' : 'pass' });
      recordRun({ strategy: 'conservative', test: 'pass' });
    }
    const cat = createCatalog(db, models);
    const { trained, file } = await train(cat.catalog_records({ name: 'backend-dev' }));
    expect(() => cat.catalog_save({ name: 'cicd-engineer', file, history: trained.outcome.history, data: 'recorded', records: 24, training_ms: 10 }))
      .toThrow(/file is a model of "tests", not of cicd-engineer's target lint/);
    expect(models.model_list()).toEqual([]);
    expect(db.get('SELECT COUNT(*) AS n FROM catalog_trainings')).toEqual({ n: 0 });
    expect(() => cat.catalog_records({ name: 'adaptive' })).toThrow(/name must be one of the catalog's templates/);
  });
});
