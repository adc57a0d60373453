// The model registry over core's Db: models, their saved versions (the .clf bytes), per-epoch training history, loading, deleting and cleanup of unused models.
import { sha256 } from '@noble/hashes/sha2.js';
import type { Db } from '../db/db';
import type { EpochMetrics } from '../training/train';
import { parseProvenance, PROVENANCE_KEY, type AccuracyProvenance } from './provenance';

export class RegistryError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'RegistryError';
  }
}

export interface SaveInput {
  modelId: string;
  name?: string;
  type: string;
  /** The .clf file. */
  file: Uint8Array;
  accuracy: number | null;
  quantized: boolean;
  /** Leave out for the next one (1.0.0, 1.1.0, 1.2.0, …). */
  version?: string;
  description?: string;
  metrics?: Record<string, unknown>;
}

export interface VersionInfo {
  modelId: string;
  version: string;
  created_at: number;
  accuracy: number | null;
  size: number;
  description: string | null;
  quantized: boolean;
  /** Where `accuracy` came from (null: saved before this was recorded); `accuracy` is null unless measured on this device. */
  provenance: AccuracyProvenance | null;
}

export interface ModelInfo {
  modelId: string;
  name: string;
  type: string | null;
  /** The latest saved version. */
  version: string | null;
  accuracy: number | null;
  created_at: number;
  updated_at: number;
  last_used_at: number | null;
  versions: number;
  size: number;
  /** The latest version's accuracy provenance (see VersionInfo). */
  provenance: AccuracyProvenance | null;
}

const VERSION = /^\d+\.\d+\.\d+$/;
const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** A version's identity: the sha256 of its stored bytes, "sha256:<hex>" (what caches of its weights key on). */
export function contentHash(file: Uint8Array): string {
  let hex = '';
  for (const b of sha256(file)) hex += b.toString(16).padStart(2, '0');
  return `sha256:${hex}`;
}

/** The next minor version after every number the model has used, its deleted (retired) ones included. */
function nextVersion(existing: string[]): string {
  let major = 1;
  let minor = -1;
  for (const v of existing) {
    if (!VERSION.test(v)) continue;
    const [ma, mi] = v.split('.').map(Number);
    if (ma > major || (ma === major && mi > minor)) [major, minor] = [ma, mi];
  }
  return `${major}.${minor + 1}.0`;
}

interface VersionRow { model_id: string; version: string; created_at: number; accuracy: number | null; size: number; description: string | null; quantized: number; provenance: string | null }

const toVersion = (r: VersionRow): VersionInfo => ({
  modelId: r.model_id, version: r.version, created_at: Number(r.created_at), accuracy: r.accuracy === null ? null : Number(r.accuracy),
  size: Number(r.size), description: r.description, quantized: Number(r.quantized) === 1, provenance: parseProvenance(r.provenance),
});

/** The provenance JSON of a version row, selected beside its columns. */
const PROVENANCE = `json_extract(metrics, '$.${PROVENANCE_KEY}') AS provenance`;

export function createRegistry(db: Db, clock: () => number = Date.now) {
  const now = () => Math.floor(clock());

  function save(input: SaveInput): VersionInfo {
    if (!MODEL_ID.test(input.modelId)) throw new RegistryError('modelId', `modelId ${JSON.stringify(input.modelId)} may hold letters, digits, . _ - (up to 128)`);
    if (input.version !== undefined && !VERSION.test(input.version)) throw new RegistryError('version', `version must look like 1.2.0 (got ${JSON.stringify(input.version)})`);
    if (!(input.file instanceof Uint8Array) || input.file.length === 0) throw new RegistryError('file', 'file must be the model file bytes');
    return db.transaction(() => {
      const t = now();
      const existing = db.all<{ version: string }>('SELECT version FROM model_versions WHERE model_id = ?', [input.modelId]).map((r) => r.version);
      // Numbers of deleted versions are never handed out again: caches and files elsewhere may still name them.
      const retired = db.all<{ version: string }>('SELECT version FROM model_versions_retired WHERE model_id = ?', [input.modelId]).map((r) => r.version);
      const version = input.version ?? nextVersion([...existing, ...retired]);
      if (existing.includes(version)) throw new RegistryError('version', `${input.modelId} already has version ${version}; pick another or delete it first`);
      if (retired.includes(version)) {
        throw new RegistryError('version', `${input.modelId} ${version} was deleted, and version numbers are never reused; pick another (the next free one is ${nextVersion([...existing, ...retired])})`);
      }
      db.run(
        `INSERT INTO neural_models (model_id, model_name, model_type, version, accuracy, created_at, updated_at, metadata, last_used_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (model_id) DO UPDATE SET model_name = excluded.model_name, model_type = excluded.model_type, version = excluded.version,
           accuracy = excluded.accuracy, updated_at = excluded.updated_at, metadata = excluded.metadata`,
        [input.modelId, input.name ?? input.modelId, input.type, version, input.accuracy, t, t, JSON.stringify(input.metrics ?? {}), t],
      );
      db.run(
        `INSERT INTO model_versions (model_id, version, weights, metrics, created_at, description, size, accuracy, quantized, sha256)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [input.modelId, version, input.file, JSON.stringify(input.metrics ?? {}), t, input.description ?? null, input.file.length, input.accuracy, input.quantized ? 1 : 0, contentHash(input.file)],
      );
      const provenance = parseProvenance(JSON.stringify((input.metrics ?? {})[PROVENANCE_KEY] ?? null));
      return { modelId: input.modelId, version, created_at: t, accuracy: input.accuracy, size: input.file.length, description: input.description ?? null, quantized: input.quantized, provenance };
    });
  }

  function list(): ModelInfo[] {
    return db.all<Record<string, number | string | null>>(
      `SELECT m.model_id, m.model_name, m.model_type, m.version, m.accuracy, m.created_at, m.updated_at, m.last_used_at,
              COUNT(v.id) AS versions, COALESCE(SUM(v.size), 0) AS size,
              (SELECT json_extract(l.metrics, '$.${PROVENANCE_KEY}') FROM model_versions l WHERE l.model_id = m.model_id AND l.version = m.version) AS provenance
       FROM neural_models m LEFT JOIN model_versions v ON v.model_id = m.model_id
       GROUP BY m.model_id ORDER BY m.updated_at DESC, m.model_id`,
    ).map((r) => ({
      modelId: String(r.model_id), name: String(r.model_name), type: r.model_type === null ? null : String(r.model_type),
      version: r.version === null ? null : String(r.version), accuracy: r.accuracy === null ? null : Number(r.accuracy),
      created_at: Number(r.created_at), updated_at: Number(r.updated_at), last_used_at: r.last_used_at === null ? null : Number(r.last_used_at),
      versions: Number(r.versions), size: Number(r.size), provenance: parseProvenance(r.provenance),
    }));
  }

  function versions(modelId: string): VersionInfo[] {
    return db.all<VersionRow>(
      `SELECT model_id, version, created_at, accuracy, size, description, quantized, ${PROVENANCE} FROM model_versions WHERE model_id = ? ORDER BY created_at DESC, id DESC`,
      [modelId],
    ).map(toVersion);
  }

  /** The file of a version (the latest when none is named) and its identity (sha256 of the bytes); marks the model used now. */
  function load(modelId: string, version?: string): { info: VersionInfo; file: Uint8Array; sha256: string } {
    const row = db.get<VersionRow & { weights: Uint8Array; sha256: string | null }>(
      `SELECT model_id, version, created_at, accuracy, size, description, quantized, ${PROVENANCE}, weights, sha256 FROM model_versions
       WHERE model_id = ? ${version === undefined ? '' : 'AND version = ?'} ORDER BY created_at DESC, id DESC LIMIT 1`,
      version === undefined ? [modelId] : [modelId, version],
    );
    if (!row) throw new RegistryError(version === undefined ? 'modelId' : 'version', version === undefined ? `no model ${modelId}` : `${modelId} has no version ${version}`);
    db.run('UPDATE neural_models SET last_used_at = ? WHERE model_id = ?', [now(), modelId]);
    return { info: toVersion(row), file: row.weights, sha256: row.sha256 ?? contentHash(row.weights) };
  }

  /**
   * Deletes one version with its history, or the model with all its versions and history; the model goes too
   * when its last version does. Deleted version numbers are retired: never handed out again for this model id.
   */
  function remove(modelId: string, version?: string): { deletedVersions: number; modelDeleted: boolean } {
    return db.transaction(() => {
      const one = version === undefined ? '' : ' AND version = ?';
      const args = version === undefined ? [modelId] : [modelId, version];
      db.run(`INSERT OR IGNORE INTO model_versions_retired (model_id, version, retired_at) SELECT model_id, version, ? FROM model_versions WHERE model_id = ?${one}`, [now(), ...args]);
      // Explicit rather than left to ON DELETE CASCADE: a version's history has no foreign key to it, and not every driver enforces them.
      const dropModel = () => {
        db.run('DELETE FROM training_history WHERE model_id = ?', [modelId]);
        return db.run('DELETE FROM neural_models WHERE model_id = ?', [modelId]).changes > 0;
      };
      db.run(`DELETE FROM training_history WHERE model_id = ?${one}`, args);
      const n = db.run(`DELETE FROM model_versions WHERE model_id = ?${one}`, args).changes;
      if (version === undefined) return { deletedVersions: n, modelDeleted: dropModel() };
      const left = db.get<{ c: number }>('SELECT COUNT(*) AS c FROM model_versions WHERE model_id = ?', [modelId]);
      if (Number(left?.c ?? 0) === 0) return { deletedVersions: n, modelDeleted: dropModel() };
      const latest = db.get<{ version: string; accuracy: number | null }>('SELECT version, accuracy FROM model_versions WHERE model_id = ? ORDER BY created_at DESC, id DESC LIMIT 1', [modelId])!;
      db.run('UPDATE neural_models SET version = ?, accuracy = ? WHERE model_id = ?', [latest.version, latest.accuracy, modelId]);
      return { deletedVersions: n, modelDeleted: false };
    });
  }

  /** Deletes models neither used nor updated in `days` days (the reference's `neural cleanup --unused-days`). */
  function cleanup(days: number): string[] {
    if (!(days >= 0) || !Number.isFinite(days)) throw new RegistryError('days', `days must be a non-negative number (got ${days})`);
    const cutoff = now() - days * 86_400_000;
    return db.transaction(() => {
      const stale = db.all<{ model_id: string }>('SELECT model_id FROM neural_models WHERE MAX(updated_at, COALESCE(last_used_at, 0)) < ?', [cutoff]).map((r) => r.model_id);
      for (const id of stale) remove(id);
      return stale;
    });
  }

  function recordHistory(modelId: string, version: string, epochs: EpochMetrics[]): void {
    db.transaction(() => {
      const t = now();
      for (const e of epochs) {
        db.run(
          `INSERT INTO training_history (model_id, epoch, accuracy, loss, timestamp, version, val_loss, val_accuracy, learning_rate, time_ms)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [modelId, e.epoch, e.accuracy, e.loss, t, version, e.val_loss, e.val_accuracy, e.learning_rate, e.time_ms],
        );
      }
    });
  }

  function history(modelId: string, version?: string): EpochMetrics[] {
    return db.all<Record<string, number>>(
      `SELECT epoch, loss, accuracy, val_loss, val_accuracy, learning_rate, time_ms FROM training_history
       WHERE model_id = ? ${version === undefined ? '' : 'AND version = ?'} ORDER BY id`,
      version === undefined ? [modelId] : [modelId, version],
    ).map((r) => ({ epoch: Number(r.epoch), loss: Number(r.loss), accuracy: Number(r.accuracy), val_loss: Number(r.val_loss), val_accuracy: Number(r.val_accuracy), learning_rate: Number(r.learning_rate), time_ms: Number(r.time_ms) }));
  }

  /** Records an accuracy measured on this device for a version (and the model, when it is the latest), with its provenance. */
  function setMeasured(modelId: string, version: string, accuracy: number, provenance: AccuracyProvenance): void {
    db.transaction(() => {
      const n = db.run(`UPDATE model_versions SET accuracy = ?, metrics = json_set(COALESCE(metrics, '{}'), '$.${PROVENANCE_KEY}', json(?)) WHERE model_id = ? AND version = ?`, [accuracy, JSON.stringify(provenance), modelId, version]).changes;
      if (n === 0) throw new RegistryError('version', `${modelId} has no version ${version}`);
      db.run('UPDATE neural_models SET accuracy = ? WHERE model_id = ? AND version = ?', [accuracy, modelId, version]);
    });
  }

  return { save, list, versions, load, remove, cleanup, recordHistory, history, setMeasured };
}
