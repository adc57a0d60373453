// The model registry on a real in-memory SQLite: versions numbered (never reused) and listed, loading marks use, deletes with their history, cleanup by days unused, history kept per epoch.
import { sha256 } from '@noble/hashes/sha2.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { openMemoryDb, type SqliteDb } from '../../workers/engine/sqlite-db';
import { migrate } from '../db/migrations';
import { createRegistry } from './registry';

let db: SqliteDb;
let t: number;
let reg: ReturnType<typeof createRegistry>;
const DAY = 86_400_000;
const file = (n: number) => Uint8Array.from({ length: n }, (_, i) => i % 251);
const epochRow = (e: number) => ({ epoch: e, loss: 1 / e, accuracy: 0.5, val_loss: 1.1 / e, val_accuracy: 0.4, learning_rate: 0.01, time_ms: 3 });
const historyRows = (modelId: string) => Number(db.get<{ n: number }>('SELECT COUNT(*) AS n FROM training_history WHERE model_id = ?', [modelId])!.n);

beforeEach(async () => {
  db = await openMemoryDb();
  migrate(db);
  t = 1_700_000_000_000;
  reg = createRegistry(db, () => t);
});

describe('model registry', () => {
  it('numbers versions 1.0.0, 1.1.0, … and lists them newest first with date, accuracy, size and description', () => {
    expect(reg.save({ modelId: 'auditor', type: 'classifier', file: file(100), accuracy: 0.9, quantized: false, description: 'first' }).version).toBe('1.0.0');
    t += 1000;
    expect(reg.save({ modelId: 'auditor', type: 'classifier', file: file(40), accuracy: 0.88, quantized: true, description: 'int8' }).version).toBe('1.1.0');
    t += 1000;
    reg.save({ modelId: 'auditor', type: 'classifier', file: file(100), accuracy: 0.93, quantized: false, version: '2.0.0' });
    expect(reg.versions('auditor').map((v) => [v.version, v.accuracy, v.size, v.description, v.quantized])).toEqual([
      ['2.0.0', 0.93, 100, null, false], ['1.1.0', 0.88, 40, 'int8', true], ['1.0.0', 0.9, 100, 'first', false],
    ]);
    t += 1000;
    expect(reg.save({ modelId: 'auditor', type: 'classifier', file: file(1), accuracy: null, quantized: false }).version).toBe('2.1.0');
    expect(reg.list()).toMatchObject([{ modelId: 'auditor', version: '2.1.0', versions: 4, size: 241 }]);
    expect(() => reg.save({ modelId: 'auditor', type: 'c', file: file(1), accuracy: null, quantized: false, version: '1.0.0' })).toThrow(/already has version 1.0.0/);
    expect(() => reg.save({ modelId: 'bad id', type: 'c', file: file(1), accuracy: null, quantized: false })).toThrow(/modelId/);
  });

  it('loads the latest or a named version and records the use', () => {
    reg.save({ modelId: 'm', type: 'c', file: file(10), accuracy: 0.5, quantized: false });
    t += 10;
    reg.save({ modelId: 'm', type: 'c', file: file(20), accuracy: 0.6, quantized: false });
    t += 10;
    expect(reg.load('m').file.length).toBe(20);
    expect(reg.load('m', '1.0.0').file).toEqual(file(10));
    expect(reg.list()[0].last_used_at).toBe(t);
    expect(() => reg.load('m', '9.9.9')).toThrow(/m has no version 9.9.9/);
    expect(() => reg.load('nope')).toThrow(/no model nope/);
  });

  it('deletes a version (moving the model to its latest) with its history, or the whole model with all of it', () => {
    reg.save({ modelId: 'm', type: 'c', file: file(10), accuracy: 0.5, quantized: false });
    t += 10;
    reg.save({ modelId: 'm', type: 'c', file: file(20), accuracy: 0.6, quantized: false });
    reg.recordHistory('m', '1.0.0', [epochRow(1), epochRow(2)]);
    reg.recordHistory('m', '1.1.0', [epochRow(1)]);
    expect(reg.remove('m', '1.1.0')).toEqual({ deletedVersions: 1, modelDeleted: false });
    expect(reg.list()[0]).toMatchObject({ version: '1.0.0', accuracy: 0.5 });
    // The deleted version's epochs went with it; the kept version's stay.
    expect(reg.history('m', '1.1.0')).toEqual([]);
    expect(reg.history('m')).toEqual([epochRow(1), epochRow(2)]);
    expect(historyRows('m')).toBe(2);
    expect(reg.remove('m')).toEqual({ deletedVersions: 1, modelDeleted: true });
    expect(historyRows('m')).toBe(0);
    expect(reg.list()).toEqual([]);
  });

  it('drops the history of the versions and models cleanup removes', () => {
    reg.save({ modelId: 'old', type: 'c', file: file(1), accuracy: null, quantized: false });
    reg.recordHistory('old', '1.0.0', [epochRow(1)]);
    t += 10 * DAY;
    expect(reg.cleanup(7)).toEqual(['old']);
    expect(historyRows('old')).toBe(0);
  });

  it('never hands out a deleted version number again, for a version, a whole model or cleanup', () => {
    const save = (version?: string) => reg.save({ modelId: 'v', type: 'c', file: file(3), accuracy: null, quantized: false, version }).version;
    expect([save(), save(), save()]).toEqual(['1.0.0', '1.1.0', '1.2.0']);
    reg.remove('v', '1.2.0');
    expect(save()).toBe('1.3.0');
    expect(() => save('1.2.0')).toThrow(/v 1\.2\.0 was deleted.*never reused.*1\.4\.0/);
    // The model deleted and created again under the same id carries on after the highest number it ever had.
    reg.remove('v');
    expect(save()).toBe('1.4.0');
    expect(() => save('1.0.0')).toThrow(/was deleted/);
    t += 10 * DAY;
    expect(reg.cleanup(7)).toEqual(['v']);
    expect(save()).toBe('1.5.0');
    // An explicit number never used is still free, and other models are unaffected.
    expect(save('3.0.0')).toBe('3.0.0');
    expect(reg.save({ modelId: 'w', type: 'c', file: file(3), accuracy: null, quantized: false }).version).toBe('1.0.0');
  });

  it('records the sha256 of the stored bytes as the version identity', () => {
    reg.save({ modelId: 'h', type: 'c', file: file(300), accuracy: null, quantized: false });
    const hex = Array.from(sha256(file(300)), (b) => b.toString(16).padStart(2, '0')).join('');
    expect(reg.load('h').sha256).toBe(`sha256:${hex}`);
    expect(db.get('SELECT sha256 FROM model_versions')).toEqual({ sha256: `sha256:${hex}` });
    // A version stored before migration 4 has no recorded hash: it is computed from the bytes.
    db.run('UPDATE model_versions SET sha256 = NULL');
    expect(reg.load('h').sha256).toBe(`sha256:${hex}`);
  });

  it('cleans up models unused for N days', () => {
    reg.save({ modelId: 'old', type: 'c', file: file(1), accuracy: null, quantized: false });
    reg.save({ modelId: 'used', type: 'c', file: file(1), accuracy: null, quantized: false });
    t += 10 * DAY;
    reg.load('used');
    reg.save({ modelId: 'new', type: 'c', file: file(1), accuracy: null, quantized: false });
    t += 3 * DAY;
    expect(reg.cleanup(7)).toEqual(['old']);
    expect(reg.list().map((m) => m.modelId).toSorted()).toEqual(['new', 'used']);
  });

  it('keeps per-epoch history in order', () => {
    reg.save({ modelId: 'h', type: 'c', file: file(1), accuracy: null, quantized: false });
    const epochs = [1, 2, 3].map((epoch) => ({ epoch, loss: 1 / epoch, accuracy: 0.3 * epoch, val_loss: 1.1 / epoch, val_accuracy: 0.25 * epoch, learning_rate: 0.01, time_ms: 2 }));
    reg.recordHistory('h', '1.0.0', epochs);
    expect(reg.history('h', '1.0.0')).toEqual(epochs);
  });
});
