// ModelsApi over core's Db: files are validated with decodeClf before anything is stored; the registry keeps versions and history.
import type { Db } from '../db/db';
import { decodeClf, type ModelArtifact } from '../format/clf';
import type { ModelSaveInput, ModelsApi, ModelSummary } from './api';
import { createRegistry, RegistryError, type VersionInfo } from './registry';

function summary(info: VersionInfo, a: ModelArtifact): ModelSummary {
  return {
    info,
    labels: a.schema.target.labels,
    target: a.schema.target.field,
    task: a.schema.target.task,
    layers: a.spec.layers.map((l) => l.size),
    fields: a.schema.features.map((f) => f.field),
    metrics: a.metrics,
  };
}

/** The accuracy measured for these very weights: an int8 copy quantized without validation data has none (its float parent's figure would be a claim). */
function accuracyOf(a: ModelArtifact): number | null {
  if (a.weights.kind === 'int8') {
    const q = a.metrics.quantized as { accuracy_after?: unknown } | undefined;
    return typeof q?.accuracy_after === 'number' ? q.accuracy_after : null;
  }
  return typeof a.metrics.val_accuracy === 'number' ? a.metrics.val_accuracy : null;
}

export function createModelStore(db: Db, clock: () => number = Date.now): ModelsApi {
  const reg = createRegistry(db, clock);
  return {
    model_save(input: ModelSaveInput): ModelSummary {
      if (typeof input !== 'object' || input === null || !(input.file instanceof Uint8Array)) throw new RegistryError('file', 'model_save needs {file: Uint8Array}');
      const a = decodeClf(input.file); // throws ClfError before anything is written
      const modelId = input.modelId ?? a.config.modelId;
      const info = reg.save({
        modelId, name: modelId, type: a.config.type, file: input.file, accuracy: accuracyOf(a), quantized: a.weights.kind === 'int8',
        version: input.version, description: input.description, metrics: a.metrics,
      });
      return summary(info, a);
    },
    model_list: () => reg.list(),
    model_versions: (modelId) => reg.versions(modelId),
    model_load: ({ modelId, version }) => reg.load(modelId, version),
    model_describe({ modelId, version }) {
      const { info, file } = reg.load(modelId, version);
      return summary(info, decodeClf(file));
    },
    model_delete: ({ modelId, version }) => reg.remove(modelId, version),
    model_cleanup: ({ unusedDays }) => reg.cleanup(unusedDays),
    model_record_history({ modelId, version, epochs }) {
      if (!Array.isArray(epochs)) throw new RegistryError('epochs', 'epochs must be an array of per-epoch metrics');
      reg.recordHistory(modelId, version, epochs);
      return epochs.length;
    },
    model_history: ({ modelId, version }) => reg.history(modelId, version),
  };
}
