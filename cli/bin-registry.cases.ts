// Bin test cases for the registry commands: import, versions, cleanup, ensemble, status and memory-stats, each process reading what earlier ones stored in the state folder.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { migrations } from '../core/db/migrations';
import { isCleanError, safla, saflaWithEnv } from './bin-support';

export function registryCases(folder: () => string): void {
  const p = (name: string) => join(folder(), name);
  const json = async (...args: string[]) => {
    const r = await safla(folder(), ...args, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout);
  };

  it('import stores a file as a registry version under --name; versions lists them; the state persists between processes', async () => {
    await json('neural', 'train', '--model', 'iris-mlp.json', '--data', 'iris.json', '--epochs', '40', '--out', 'a.clf');
    const imported = await json('neural', 'import', '--file', 'a.clf', '--name', 'shared-iris');
    expect(imported).toMatchObject({ action: 'import', file: 'a.clf', info: { modelId: 'shared-iris', version: '1.0.0' }, labels: ['setosa', 'versicolor', 'virginica'] });
    await json('neural', 'import', '--file', 'a.clf', '--name', 'shared-iris');
    const versions = await json('neural', 'versions', '--model', 'shared-iris');
    expect(versions.map((v: { version: string }) => v.version)).toEqual(['1.1.0', '1.0.0']);
    expect(versions[0]).toMatchObject({ description: 'imported from a.clf', quantized: false });
    const table = await safla(folder(), 'neural', 'versions', '--model', 'shared-iris');
    expect(table.stdout.split('\n')[0]).toMatch(/^Version\s+Date\s+Accuracy\s+Size\s+Description$/);
    expect(table.stdout).toMatch(/1\.0\.0\s+\d{4}-\d\d-\d\d\s+(\d+\.\d%|—)\s+[\d.]+ KB\s+imported from a\.clf/);
    // What the import printed is real: predictions by the registry id equal those of the file.
    const byId = await json('neural', 'predict', '--model', 'shared-iris', '--input', 'flower.json');
    expect(byId).toEqual(await json('neural', 'predict', '--model', 'a.clf', '--input', 'flower.json'));
    const bad = await safla(folder(), 'neural', 'import', '--file', 'iris.json');
    expect(bad.code).toBe(1);
    expect(isCleanError(bad.stderr)).toBe(true);
    expect(bad.stderr).toMatch(/iris\.json: model file:/);
  }, 120_000);

  it('status and memory-stats report what the state holds, measured', async () => {
    const status = await json('neural', 'status');
    expect(status.state).toMatchObject({ dir: p('.safla'), schema_version: migrations[migrations.length - 1].version });
    expect(status.kernel.build).toMatch(/^wasm-(simd|scalar|relaxed)$/);
    const ids = status.models.list.map((m: { modelId: string }) => m.modelId).toSorted();
    expect(ids).toEqual(['iris-mlp', 'shared-iris']);
    expect(status.models.count).toBe(2);
    expect(status.models.versions).toBe(3);
    const stats = await json('neural', 'memory-stats');
    expect(stats.models).toEqual({ count: 2, versions: 3, stored_bytes: status.models.bytes });
    expect(stats.database.file).toBe(p('.safla/memory.db'));
    expect(stats.database.db + stats.database.wal).toBeGreaterThan(0);
    expect(stats.memory.entries).toMatchObject({ rows: 0 });
    expect(stats.process.rss).toBeGreaterThan(stats.process.heap_used);
  });

  it('ensemble: weights are measured accuracies, the ensemble is kept by name and predicts with its pinned versions', async () => {
    await json('neural', 'train', '--model', 'iris-mlp.json', '--data', 'iris.json', '--epochs', '25', '--seed', '7', '--out', 'b.clf');
    const created = await json('neural', 'ensemble', '--models', 'iris-mlp@1.0.0,shared-iris@1.0.0,iris-mlp@1.1.0', '--name', 'trio', '--data', 'iris.json', '--input', 'flower.json');
    expect(created.members).toHaveLength(3);
    for (const m of created.members) {
      expect(m.weight_source).toBe('measured on 45 validation records of iris.json');
      expect(m.weight).toBeGreaterThan(0.5);
    }
    expect(created.predictions[0].prediction).toBe('virginica');
    const again = await json('neural', 'ensemble', '--name', 'trio', '--input', 'flower.json');
    expect(again.members).toEqual(created.members);
    expect(again.predictions).toEqual(created.predictions);
    expect((await json('neural', 'ensemble')).map((e: { name: string }) => e.name)).toEqual(['trio']);
    // Without --data the registry's recorded accuracy weighs each member.
    const recorded = await json('neural', 'ensemble', '--models', 'iris-mlp@1.0.0,iris-mlp@1.1.0');
    expect(recorded.name).toBe('iris-mlp@1.0.0+iris-mlp@1.1.0');
    expect(recorded.members[0].weight_source).toBe('validation accuracy recorded in the registry');
    const one = await safla(folder(), 'neural', 'ensemble', '--models', 'iris-mlp');
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/at least two models/);
    const file = await safla(folder(), 'neural', 'ensemble', '--models', 'a.clf,iris-mlp');
    expect(file.stderr).toMatch(/--models\[0\] a\.clf: ensemble members are registry models/);
    const unknown = await safla(folder(), 'neural', 'ensemble', '--name', 'nope', '--input', 'flower.json');
    expect(unknown.stderr).toMatch(/no ensemble "nope"/);
  }, 120_000);

  it('ensemble refuses members that predict other labels, before saving anything', async () => {
    await writeFile(p('binary.json'), JSON.stringify({ trainingData: Array.from({ length: 40 }, (_, i) => ({ x: i, y: i % 2 === 0 ? 'even' : 'odd' })) }));
    await json('neural', 'train', '--pattern', 'prediction', '--data', 'binary.json', '--target', 'y', '--epochs', '5', '--out', 'binary.clf');
    const status = await json('neural', 'status');
    const binaryId = status.models.list.find((m: { modelId: string }) => m.modelId.startsWith('model_prediction_')).modelId;
    const r = await safla(folder(), 'neural', 'ensemble', '--models', `iris-mlp,${binaryId}`, '--name', 'mixed');
    expect(r.code).toBe(1);
    expect(isCleanError(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(/models\[1\] predicts even, odd, the ensemble setosa, versicolor, virginica/);
    expect((await json('neural', 'ensemble')).map((e: { name: string }) => e.name)).not.toContain('mixed');
  }, 120_000);

  it('cleanup deletes models unused for N days and says which', async () => {
    const none = await json('neural', 'cleanup', '--unused-days', '30');
    expect(none).toMatchObject({ action: 'cleanup', unused_days: 30, deleted: [], count: 0 });
    const all = await json('neural', 'cleanup', '--unused-days', '0');
    expect(all.deleted.toSorted()).toContain('shared-iris');
    expect((await json('neural', 'status')).models.count).toBe(0);
    const bad = await safla(folder(), 'neural', 'cleanup', '--unused-days', 'soon');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--unused-days must be a number of days ≥ 0 \(got "soon"\)/);
  });

  it('a --state folder elsewhere, or SAFLA_STATE, keeps its own registry; --state wins over SAFLA_STATE', async () => {
    const other = p('elsewhere/state');
    const r = await safla(folder(), 'neural', 'import', '--file', 'a.clf', '--name', 'far', '--state', other);
    expect(r.code).toBe(0);
    expect(existsSync(join(other, 'memory.db'))).toBe(true);
    const far = JSON.parse((await safla(folder(), 'neural', 'status', '--json', '--state', other)).stdout);
    expect(far.models.list.map((m: { modelId: string }) => m.modelId)).toEqual(['far']);
    expect((await json('neural', 'status')).models.list.map((m: { modelId: string }) => m.modelId)).not.toContain('far');
    // SAFLA_STATE names the same folder; --state wins over it.
    const viaEnv = JSON.parse((await saflaWithEnv(folder(), { SAFLA_STATE: other }, 'neural', 'status', '--json')).stdout);
    expect(viaEnv.state.dir).toBe(other);
    const flagWins = JSON.parse((await saflaWithEnv(folder(), { SAFLA_STATE: other }, 'neural', 'status', '--json', '--state', '.safla')).stdout);
    expect(flagWins.state.dir).toBe(p('.safla'));
  });
}
