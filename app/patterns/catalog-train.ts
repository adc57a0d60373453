// Training a catalog template in this browser: its records from the engine (or a dropped dataset checked against the template), the config trained on the compute pool with per-epoch progress, the result saved through the engine as the registry's next version.
import { CatalogInputError, checkDataset, templateNamed, type CatalogEntry } from '../../core/catalog/api';
import type { NeuralTrainResult } from '../../core/models/lab';
import type { EpochMetrics, TrainRequest, TrainResponse } from '../../workers/compute/api';
import type { EngineClient } from '../../workers/engine/types';

export interface CatalogTrainDeps {
  engine: Pick<EngineClient, 'call'>;
  pool: { train(request: Omit<TrainRequest, 'jobId'>, onEpoch?: (m: EpochMetrics) => void): { done: Promise<TrainResponse>; cancel?(): void } };
}

export interface CatalogTrainInput {
  name: string;
  /** A dataset the user gave (records, or {trainingData, validationData}, or their JSON text) and its file name; recorded data when left out. */
  dataset?: { name: string; data: unknown };
}

export interface CatalogTrainResult {
  action: 'train';
  entry: CatalogEntry;
  result: NeuralTrainResult;
  /** Measured training time in the compute worker (ms). */
  training_ms: number;
}

export interface CatalogTraining {
  done: Promise<CatalogTrainResult>;
  /** Stops training after its current epoch; nothing is saved. */
  cancel(): void;
}

/** Starts training; too little recorded data, an unknown template or a dataset that does not fit reject with a CatalogInputError naming the field. */
export function trainCatalog(deps: CatalogTrainDeps, input: CatalogTrainInput, onEpoch?: (m: EpochMetrics) => void): CatalogTraining {
  let cancelled = false;
  let cancelJob: (() => void) | undefined;
  const done = (async (): Promise<CatalogTrainResult> => {
    const t = templateNamed(input?.name);
    if (!t) throw new CatalogInputError('name', `is not a catalog template (got ${JSON.stringify(input?.name)})`);
    const records = await deps.engine.call('catalog_records', { name: t.name });
    let training_data: unknown;
    let count: number;
    if (input.dataset) {
      const d = checkDataset(t, input.dataset.data);
      training_data = d;
      count = d.trainingData.length + (d.validationData?.length ?? 0);
    } else {
      if (!records.readiness.ready) throw new CatalogInputError('recorded data', `cannot train ${t.name}: ${records.readiness.reason}`);
      training_data = records.records;
      count = records.records.length;
    }
    if (cancelled) throw new DOMException('training was cancelled before it started', 'AbortError');
    const job = deps.pool.train({ config: records.config, training_data }, onEpoch);
    cancelJob = () => job.cancel?.();
    const res = await job.done;
    if (res.result.status === 'cancelled') throw new DOMException(`training ${t.name} was stopped; nothing was saved`, 'AbortError');
    const training_ms = res.result.training_time * 1000;
    const entry = await deps.engine.call('catalog_save', {
      name: t.name, file: res.file, history: res.history, data: input.dataset ? 'dataset' : 'recorded', records: count,
      through_id: input.dataset ? null : records.through_id, training_ms, ...(input.dataset ? { dataset_name: input.dataset.name } : {}),
    });
    return { action: 'train', entry, result: res.result, training_ms };
  })();
  return {
    done,
    cancel() {
      cancelled = true;
      cancelJob?.();
    },
  };
}
