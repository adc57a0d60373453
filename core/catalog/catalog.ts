// createCatalog: the 27 templates over one database: each one's state (trained version with the registry's measured accuracy, or untrained; what recorded data can train it), its training records, and saving a trained version into the registry.
import type { Db } from '../db/db';
import type { ModelsApi } from '../models/api';
import type { CatalogApi, CatalogEntry, CatalogRecords, CatalogSaveInput, CatalogTrained, RetrainState } from './api';
import { CatalogInputError, mapRecords, readiness } from './mapping';
import { readSource, rowsAfter, SOURCES, type SourceName, type SourceRows } from './sources';
import { configOf, modelIdOf, TEMPLATES, templateNamed, type CatalogTemplate } from './templates';

/** A trained template is due for retraining once this many source rows were recorded after the ones it learned from. */
export const RETRAIN_EVERY = 10;

interface TrainingRow { version: string; data: 'recorded' | 'dataset'; records: number; through_id: number | null; training_ms: number }

function template(name: unknown): CatalogTemplate {
  const t = templateNamed(name);
  if (!t) throw new CatalogInputError('name', `must be one of the catalog's templates (${TEMPLATES.map((x) => x.name).join(', ')}); got ${JSON.stringify(name)}`);
  return t;
}

export function createCatalog(db: Db, models: ModelsApi): CatalogApi {
  function trained(t: CatalogTemplate): CatalogTrained | null {
    const versions = models.model_versions(modelIdOf(t.name));
    const latest = versions[0];
    if (!latest) return null;
    const row = db.get<TrainingRow>('SELECT version, data, records, through_id, training_ms FROM catalog_trainings WHERE model_id = ? AND version = ? ORDER BY id DESC LIMIT 1', [modelIdOf(t.name), latest.version]);
    const measured = latest.provenance?.source === 'measured';
    return {
      model_id: modelIdOf(t.name),
      version: latest.version,
      // Only a figure measured here is shown; an imported file's claim under this id is not.
      accuracy: measured ? latest.accuracy : null,
      metric: latest.provenance?.metric ?? (t.output.task === 'regression' ? 'r2' : 'accuracy'),
      measured_on: measured ? latest.provenance?.measured_on ?? null : null,
      trained_at: latest.created_at,
      training_ms: row ? Number(row.training_ms) : null,
      data: row?.data ?? null,
      records: row ? Number(row.records) : null,
      through_id: row?.through_id === null || row?.through_id === undefined ? null : Number(row.through_id),
      versions: versions.length,
    };
  }

  function entry(t: CatalogTemplate, rows: SourceRows): CatalogEntry {
    const s = SOURCES[t.source];
    const tr = trained(t);
    return {
      name: t.name, category: t.category, purpose: t.purpose, use_case: t.use_case, learns: t.learns,
      source: { name: s.name, label: s.label, rows: s.rows },
      inputs: t.inputs, output: t.output, architecture: t.architecture, training: t.training,
      model_id: modelIdOf(t.name),
      status: tr ? 'trained' : 'untrained',
      trained: tr,
      recorded: readiness(t, mapRecords(t, rows.records), `recorded ${s.label}`),
    };
  }

  return {
    catalog_list() {
      // Each source is read once for all the templates that learn from it.
      const cache = new Map<SourceName, SourceRows>();
      const rows = (n: SourceName) => {
        if (!cache.has(n)) cache.set(n, readSource(db, n));
        return cache.get(n)!;
      };
      return TEMPLATES.map((t) => entry(t, rows(t.source)));
    },

    catalog_entry(input) {
      const t = template(input?.name);
      return entry(t, readSource(db, t.source));
    },

    catalog_records(input): CatalogRecords {
      const t = template(input?.name);
      const rows = readSource(db, t.source);
      const records = mapRecords(t, rows.records);
      return { name: t.name, config: configOf(t), records, readiness: readiness(t, records, `recorded ${SOURCES[t.source].label}`), through_id: rows.through, source: t.source };
    },

    catalog_save(input: CatalogSaveInput) {
      if (typeof input !== 'object' || input === null) throw new CatalogInputError('input', 'must be {name, file, history, data, records, training_ms}');
      const t = template(input.name);
      if (!(input.file instanceof Uint8Array)) throw new CatalogInputError('file', 'must be the trained model file (bytes)');
      if (input.data !== 'recorded' && input.data !== 'dataset') throw new CatalogInputError('data', `must be recorded or dataset (got ${JSON.stringify(input.data)})`);
      if (!Number.isInteger(input.records) || input.records < 1) throw new CatalogInputError('records', `must be a positive whole number (got ${JSON.stringify(input.records)})`);
      if (typeof input.training_ms !== 'number' || !Number.isFinite(input.training_ms) || input.training_ms < 0) throw new CatalogInputError('training_ms', `must be a measured time in ms (got ${JSON.stringify(input.training_ms)})`);
      if (!Array.isArray(input.history)) throw new CatalogInputError('history', 'must be the per-epoch metrics of the training');
      const modelId = modelIdOf(t.name);
      const what = input.data === 'recorded' ? `${input.records} recorded records (${SOURCES[t.source].label})` : `${input.records} records of ${input.dataset_name ?? 'a dataset'}`;
      db.transaction(() => {
        const saved = models.model_save({ file: input.file, origin: 'trained', modelId, description: `catalog ${t.name}: trained on ${what}` });
        if (saved.target !== t.output.field) throw new CatalogInputError('file', `is a model of ${JSON.stringify(saved.target)}, not of ${t.name}'s target ${t.output.field}`);
        models.model_record_history({ modelId, version: saved.info.version, epochs: input.history });
        db.run('INSERT INTO catalog_trainings (template, model_id, version, data, source, records, through_id, training_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
          [t.name, modelId, saved.info.version, input.data, input.data === 'recorded' ? t.source : (input.dataset_name ?? 'dataset'), input.records,
            input.data === 'recorded' ? (input.through_id ?? null) : null, input.training_ms, saved.info.created_at]);
      });
      return entry(t, readSource(db, t.source));
    },

    catalog_retrain_state(input): RetrainState {
      const t = template(input?.name);
      const tr = trained(t);
      if (!tr) return { name: t.name, trained: false, new_records: 0, every: RETRAIN_EVERY, due: false };
      // A version trained on a dataset (or saved some other way) has no recorded position: it is never retrained on its own.
      if (tr.data !== 'recorded') return { name: t.name, trained: true, new_records: 0, every: RETRAIN_EVERY, due: false };
      const through = tr.through_id ?? 0;
      const fresh = rowsAfter(db, t.source, through);
      return { name: t.name, trained: true, new_records: fresh, every: RETRAIN_EVERY, due: fresh >= RETRAIN_EVERY };
    },
  };
}
