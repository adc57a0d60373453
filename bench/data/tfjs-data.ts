// The tf.data peer of the data benchmark: tfjs-data's CSVDataset streaming the File, batched into tensors, and (at 100k rows) the same network fitted for 3 epochs with tfjs-layers on the wasm backend.
import * as tfd from '@tensorflow/tfjs-data';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { DataCaseRequest, DataCaseResult } from './types';

interface Layer {
  type: string;
  size?: number;
  activation?: string;
}

/**
 * tf.data.csv(url) fetches the whole file into one ArrayBuffer before parsing; CSVDataset over a FileDataSource is
 * the same parser streaming the File in chunks, which is what a browser app with a dropped file would use.
 */
function dataset(file: File, batch: number, take: number, skip = 0) {
  const csv = new tfd.CSVDataset(new tfd.FileDataSource(file, { chunkSize: 1 << 20 }), { hasHeader: true, columnConfigs: { label: { isLabel: true } } });
  const rows = csv.map((e) => {
    const { xs, ys } = e as unknown as { xs: Record<string, number>; ys: Record<string, number> };
    return { xs: Object.values(xs), ys: Object.values(ys) };
  });
  return (skip > 0 ? rows.skip(skip) : rows).take(take).batch(batch);
}

export async function runTfjsData(file: File, req: DataCaseRequest): Promise<DataCaseResult> {
  const layers = (req.config.architecture as { layers: Layer[] }).layers;
  const training = req.config.training as { learning_rate: number; batch_size: number; validation_split?: number };
  const nTrain = Math.floor(req.rows * (1 - (training.validation_split ?? 0.2)));
  const t0 = performance.now();
  // One pass of reading, parsing and batching into tensors: tf.data's ingest.
  let batches = 0;
  await dataset(file, training.batch_size, nTrain).forEachAsync((b) => {
    batches++;
    tf.dispose(b as unknown as tf.TensorContainer);
  });
  const t1 = performance.now();
  if (!req.fit) {
    return {
      contestant: req.contestant, rows: req.rows, wallMs: t1 - t0, ingestMs: t1 - t0, featurizeMs: null, trainMs: null, otherMs: null,
      valAccuracy: null, validationRows: null, tableBytes: null, pageLongTasks: null,
      detail: `tfjs-data 4.22.0 CSVDataset over a FileDataSource (1 MiB chunks), ${batches} batches of ${training.batch_size} into tensors, one pass: ingest and batching only (fitting 3 epochs at this size was not run: see the 100k row for the training rate)`,
    };
  }
  const model = tfl.sequential();
  const hidden = layers.filter((l) => l.type !== 'input');
  hidden.forEach((l, i) => model.add(tfl.layers.dense({ units: l.size ?? 2, activation: l.activation as 'relu' | 'softmax', ...(i === 0 ? { inputShape: [20] } : {}) })));
  model.compile({ optimizer: tf.train.adam(training.learning_rate), loss: 'sparseCategoricalCrossentropy' });
  const t2 = performance.now();
  await model.fitDataset(dataset(file, training.batch_size, nTrain), { epochs: req.epochs, verbose: 0 });
  const t3 = performance.now();
  let hit = 0;
  let n = 0;
  await dataset(file, 4096, req.rows - nTrain, nTrain).forEachAsync((b) => {
    const { xs, ys } = b as unknown as { xs: tf.Tensor2D; ys: tf.Tensor2D };
    const pred = tf.tidy(() => tf.argMax(model.predict(xs) as tf.Tensor2D, 1));
    const p = pred.dataSync();
    const y = ys.dataSync();
    for (let i = 0; i < p.length; i++) if (p[i] === y[i]) hit++;
    n += p.length;
    tf.dispose([xs, ys, pred]);
  });
  model.dispose();
  return {
    contestant: req.contestant, rows: req.rows, wallMs: t3 - t2, ingestMs: t1 - t0, featurizeMs: null, trainMs: t3 - t2, otherMs: null,
    valAccuracy: n > 0 ? hit / n : null, validationRows: n, tableBytes: null, pageLongTasks: null,
    detail: `tfjs-data 4.22.0 CSVDataset over a FileDataSource (1 MiB chunks), batches of ${training.batch_size}; fitDataset with tfjs-layers 4.22.0 on tfjs-backend-wasm (single-threaded SIMD), the same 20-32-16-2 network and Adam, first ${nTrain} rows for training (fitDataset parses the file again each epoch), the last ${req.rows - nTrain} for accuracy; wall = fitDataset (reading, parsing, batching and training, 3 epochs); ingest = a separate pass of reading, parsing and batching`,
  };
}
