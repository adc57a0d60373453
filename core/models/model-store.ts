// ModelsApi over core's Db: files are validated with decodeClf before anything is stored; the registry keeps versions and history.
import type { Db } from '../db/db';
import { decodeClf, type ModelArtifact } from '../format/clf';
import { createPlainVectorIndex } from '../memory/plain-vector-index';
import { encodeVector } from '../memory/vector-codec';
import type { VectorIndex, VectorIndexFactory } from '../memory/vector-index';
import type { MeasurementInput, ModelSaveInput, ModelsApi, ModelSummary, Neighbour } from './api';
import { exampleLabel, exampleVector, metricOf } from './lab';
import { PROVENANCE_KEY, provenanceOnSave, reportedAccuracy } from './provenance';
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
      // Only figures this app computed become the version's accuracy; an imported file's are kept as its claim.
      const { accuracy, provenance } = provenanceOnSave(a, input.origin === 'trained' || input.origin === 'quantized' ? input.origin : 'imported');
      const info = reg.save({
        modelId, name: modelId, type: a.config.type, file: input.file, accuracy, quantized: a.weights.kind === 'int8',
        version: input.version, description: input.description, metrics: { ...a.metrics, [PROVENANCE_KEY]: provenance },
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
    model_record_accuracy(input: MeasurementInput) {
      const { modelId, version, accuracy, records, measured_on } = input ?? ({} as MeasurementInput);
      const { info, file } = reg.load(modelId, version);
      const a = decodeClf(file);
      const metric = metricOf(a.schema.target.task);
      if (typeof accuracy !== 'number' || !Number.isFinite(accuracy) || accuracy > 1 || (metric === 'accuracy' && accuracy < 0)) {
        throw new RegistryError('accuracy', `accuracy must be a finite ${metric === 'accuracy' ? 'fraction in 0..1' : 'R² of at most 1'} (got ${String(accuracy)})`);
      }
      if (!Number.isInteger(records) || records < 1) throw new RegistryError('records', `records must be a positive integer (got ${String(records)})`);
      if (typeof measured_on !== 'string' || measured_on.length === 0 || measured_on.length > 300) throw new RegistryError('measured_on', 'measured_on must say what was measured (1..300 characters)');
      reg.setMeasured(modelId, version, accuracy, { source: 'measured', origin: info.provenance?.origin ?? 'imported', metric, measured_on, records, reported: reportedAccuracy(a) });
      return reg.versions(modelId).find((v) => v.version === version)!;
    },
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
