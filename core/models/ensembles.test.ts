// Ensembles in core (the CLI and the ensemble_create tool share them): the model_ensembles store checks what it saves, members are weighed by measured accuracy only, the ensemble is scored on records no member trained on.
import { beforeAll, describe, expect, it } from 'vitest';
import { referencePort } from '../../kernel/reference/mlp';
import { openMemoryDb, type SqliteDb } from '../../workers/engine/sqlite-db';
import { irisRecords } from '../datasets/iris.fixture';
import { migrate } from '../db/migrations';
import { encodeClf, type ModelArtifact } from '../format/clf';
import { parseModelConfig } from './config';
import { createEnsembleStore, ensembleAccuracy, ensemblePredictions, sharedValidation, weighMember, type Ensemble, type LoadedMember } from './ensembles';
import { LabInputError } from './lab';
import { accuracyOn, trainModel, validationRecords } from './model-ops';
import { createModelStore } from './model-store';

const iris = irisRecords();
let db: SqliteDb;
const artifacts: ModelArtifact[] = [];

beforeAll(async () => {
  db = await openMemoryDb();
  migrate(db);
  const models = createModelStore(db, () => 1_700_000_000_000);
  for (const seed of [1, 2]) {
    const config = parseModelConfig({ modelId: `iris-${seed}`, architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 8 }, { type: 'output', activation: 'softmax' }] }, training: { target: 'species', epochs: 40, learning_rate: 0.03, seed } });
    const { artifact } = await trainModel(referencePort, config, { trainingData: iris }, { now: () => 0, wallClock: () => 0 });
    artifacts.push(artifact);
    models.model_save({ file: encodeClf(artifact), origin: 'trained' });
  }
  models.model_save({ file: encodeClf(artifacts[0]), origin: 'imported', modelId: 'claimed' });
});

const info = (modelId: string, accuracy: number | null) => ({ modelId, version: '1.0.0', created_at: 0, accuracy, size: 1, description: null, quantized: false, provenance: null });
const names = { member: 'models[0]', data: 'training_data', dataLabel: 'iris' };
const ensemble = (over: Partial<Ensemble> = {}): Ensemble => ({
  name: 'pair', labels: ['setosa', 'versicolor', 'virginica'], created_at: 5,
  members: [{ modelId: 'iris-1', version: '1.0.0', weight: 0.9, weight_source: 's' }, { modelId: 'iris-2', version: '1.0.0', weight: 0.8, weight_source: 's' }],
  ...over,
});

describe('createEnsembleStore', () => {
  it('saves, replaces by name, lists by name and gets one', () => {
    const store = createEnsembleStore(db);
    store.ensemble_save(ensemble({ name: 'zeta' }));
    store.ensemble_save(ensemble());
    store.ensemble_save(ensemble({ created_at: 9 }));
    expect(store.ensemble_list().map((e) => [e.name, e.created_at])).toEqual([['pair', 9], ['zeta', 5]]);
    expect(store.ensemble_get({ name: 'pair' })).toEqual(ensemble({ created_at: 9 }));
    expect(store.ensemble_get({ name: 'none' })).toBeNull();
  });

  it('refuses a bad name, fewer than two members, an unmeasured weight or a version that is not saved, storing nothing', () => {
    const store = createEnsembleStore(db);
    const before = store.ensemble_list();
    const refusal = (e: unknown) => {
      try {
        store.ensemble_save(e as Ensemble);
      } catch (err) {
        if (err instanceof LabInputError) return err.field;
        throw err;
      }
      return 'saved';
    };
    expect(refusal(ensemble({ name: '-x' }))).toBe('name');
    expect(refusal(ensemble({ members: ensemble().members.slice(0, 1) }))).toBe('members');
    expect(refusal(ensemble({ members: [ensemble().members[0], { ...ensemble().members[1], weight: 0 }] }))).toBe('members[1].weight');
    expect(refusal(ensemble({ members: [ensemble().members[0], { ...ensemble().members[1], version: '7.0.0' }] }))).toBe('members[1]');
    expect(refusal(null)).toBe('ensemble');
    expect(store.ensemble_list()).toEqual(before);
  });
});

describe('weighMember', () => {
  it('measures on the data\'s validation records for that model, or takes the registry\'s measured accuracy; a claim is refused', () => {
    const measured = weighMember(artifacts[0], info('iris-1', 0.5), { trainingData: iris }, names);
    expect(measured.weight).toBe(accuracyOn(artifacts[0], validationRecords(artifacts[0], { trainingData: iris })).accuracy);
    expect(measured.weight_source).toBe('measured on 30 validation records of iris');
    expect(weighMember(artifacts[0], info('iris-1', 0.5), undefined, names)).toMatchObject({ weight: 0.5, weight_source: 'validation accuracy recorded in the registry' });
    expect(() => weighMember(artifacts[0], info('claimed', null), undefined, names)).toThrow('models[0] claimed@1.0.0 has no measured accuracy to weigh it by: give training_data with records to measure it on');
    expect(() => weighMember(artifacts[0], info('iris-1', null), { trainingData: iris.map(({ species: _s, ...r }) => r) }, names)).toThrow(/^training_data cannot measure iris-1@1\.0\.0 on it/);
  });
});

const members = (): LoadedMember[] => artifacts.map((a, i) => ({ artifact: a, info: { modelId: `iris-${i + 1}`, version: '1.0.0', weight: 0.9 - i * 0.1, weight_source: 's' } }));

describe('scoring an ensemble', () => {
  it('scores only records that every member held out, and counts right answers', () => {
    const data = { trainingData: iris };
    const shared = sharedValidation(members(), data);
    const each = artifacts.map((a) => new Set(validationRecords(a, data)));
    expect(shared.length).toBeGreaterThan(0);
    for (const r of shared) for (const s of each) expect(s.has(r)).toBe(true);
    const scored = ensembleAccuracy(members(), shared)!;
    const preds = ensemblePredictions(members(), shared as Record<string, unknown>[]);
    const right = preds.filter((p, i) => p.prediction === (shared[i] as { species: string }).species).length;
    expect(scored).toEqual({ accuracy: right / shared.length, n: shared.length });
    expect(sharedValidation(members(), { trainingData: iris, validationData: iris.slice(0, 5) })).toEqual(iris.slice(0, 5));
    expect(ensembleAccuracy(members(), [{ sepal_length: 1 }])).toBeNull();
  });
});
