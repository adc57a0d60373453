// ModelsApi over core's Db: files are validated with decodeClf before anything is stored; the registry keeps versions and history.
import type { Db } from '../db/db';
import { decodeClf, type ModelArtifact } from '../format/clf';
import { createPlainVectorIndex } from '../memory/plain-vector-index';
import { encodeVector } from '../memory/vector-codec';
import type { VectorIndex, VectorIndexFactory } from '../memory/vector-index';
import type { ModelSaveInput, ModelsApi, ModelSummary, Neighbour } from './api';
import { exampleLabel, exampleVector } from './lab';
import { createRegistry, RegistryError, type VersionInfo } from './registry';

/** Example indexes kept built at most (one per distinct model file); the least recently used goes first. */
const MAX_EXAMPLE_INDEXES = 8;
const MAX_NEIGHBOURS = 100;

interface ExampleIndex {
  artifact: ModelArtifact;
  index: VectorIndex;
  /** The versions ("modelId@version") it answered for: it is freed when the last of them is deleted. */
  versions: Set<string>;
}

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

export function createModelStore(db: Db, clock: () => number = Date.now, indexFactory: VectorIndexFactory = createPlainVectorIndex): ModelsApi {
  const reg = createRegistry(db, clock);
  /** Keyed by the file's sha256, not its version number: an index can only ever answer for the very bytes it was built from. */
  const indexes = new Map<string, ExampleIndex>();

  /** Frees the indexes of a deleted model (or one version of it) unless another version with the same bytes still uses them. */
  function dropIndexes(modelId: string, version?: string): void {
    for (const [key, e] of indexes) {
      for (const v of e.versions) if (v.startsWith(`${modelId}@`) && (version === undefined || v === `${modelId}@${version}`)) e.versions.delete(v);
      if (e.versions.size === 0) {
        e.index.dispose();
        indexes.delete(key);
      }
    }
  }

  /** The version's training examples as unit vectors in its feature space, in a vector index built on first use. */
  function exampleIndex(modelId: string, version?: string): ExampleIndex {
    const { info, file, sha256 } = reg.load(modelId, version);
    const hit = indexes.get(sha256);
    if (hit) {
      hit.versions.add(`${modelId}@${info.version}`);
      indexes.delete(sha256);
      indexes.set(sha256, hit);
      return hit;
    }
    const artifact = decodeClf(file);
    const index = indexFactory(artifact.schema.width);
    artifact.examples.forEach((ex, i) => index.upsert(i, encodeVector(exampleVector(artifact.schema, ex))));
    const built = { artifact, index, versions: new Set([`${modelId}@${info.version}`]) };
    indexes.set(sha256, built);
    while (indexes.size > MAX_EXAMPLE_INDEXES) {
      const [oldest, e] = indexes.entries().next().value!;
      e.index.dispose();
      indexes.delete(oldest);
    }
    return built;
  }

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
    model_load({ modelId, version }) {
      const { info, file } = reg.load(modelId, version);
      return { info, file };
    },
    model_describe({ modelId, version }) {
      const { info, file } = reg.load(modelId, version);
      return summary(info, decodeClf(file));
    },
    model_delete({ modelId, version }) {
      const removed = reg.remove(modelId, version);
      dropIndexes(modelId, version);
      return removed;
    },
    model_cleanup({ unusedDays }) {
      const removed = reg.cleanup(unusedDays);
      for (const modelId of removed) dropIndexes(modelId);
      return removed;
    },
    model_record_history({ modelId, version, epochs }) {
      if (!Array.isArray(epochs)) throw new RegistryError('epochs', 'epochs must be an array of per-epoch metrics');
      reg.recordHistory(modelId, version, epochs);
      return epochs.length;
    },
    model_history: ({ modelId, version }) => reg.history(modelId, version),
    model_neighbours({ modelId, version, inputs, k = 9 }): Neighbour[][] {
      if (!Array.isArray(inputs)) throw new RegistryError('inputs', 'inputs must be an array of records');
      if (!Number.isInteger(k) || k < 1 || k > MAX_NEIGHBOURS) throw new RegistryError('k', `k must be an integer in 1..${MAX_NEIGHBOURS} (got ${k})`);
      const { artifact, index } = exampleIndex(modelId, version);
      const { schema, examples } = artifact;
      return inputs.map((input, i) => {
        if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new RegistryError(`inputs[${i}]`, `inputs[${i}] must be a record (an object)`);
        const hits = index.search(exampleVector(schema, input), k);
        return hits.ids.map((id, j) => ({ label: exampleLabel(schema, examples[id]), score: hits.scores[j], record: examples[id] }));
      });
    },
  };
}
