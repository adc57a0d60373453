// What the data benchmark's contestants measure in the browser (one case: one file, one contestant, a fresh browser) and the rows written to bench/results/data.json.

/** Who reads the file: the Lab's own path (data worker → page → compute worker), our readers in one worker, papaparse or tf.data. */
export type DataContestant = 'ours-lab' | 'ours-one-worker' | 'papaparse' | 'tfjs-data';

export interface DataCaseRequest {
  contestant: DataContestant;
  /** The reference's JSON model config (20 → 32 → 16 → softmax, batch 32, Adam, 3 epochs) given to every side. */
  config: Record<string, unknown>;
  epochs: number;
  /** Rows in the file (tf.data's train/validation split is by position). */
  rows: number;
  /** tf.data only: fit the network (3 epochs) too, or only read and batch the file once. */
  fit: boolean;
  tfjsWasmBase: string;
}

export interface DataCaseResult {
  contestant: DataContestant;
  rows: number;
  /** From the file handed over to the trained network (or, for tf.data without fit, to the last batch). */
  wallMs: number;
  /** Reading the file into columns (tf.data: one pass of parsing and batching into tensors). */
  ingestMs: number;
  /** Fitting the featurizer and writing the design matrix (ours; within the peer's own pipeline for tf.data). */
  featurizeMs: number | null;
  /** The 3 epochs (tf.data: fitDataset, which parses the file again each epoch). */
  trainMs: number | null;
  /** The rest: worker and kernel start, moving the prepared data to the compute worker, packaging the model. */
  otherMs: number | null;
  valAccuracy: number | null;
  validationRows: number | null;
  /** Bytes of the typed columns (ours and papaparse into the same columns). */
  tableBytes: number | null;
  /** Main-thread tasks of 50 ms or more on the page during the case (the Lab path only). */
  pageLongTasks: number[] | null;
  detail: string;
}
