// The data worker's functions: a dropped file streamed (File.stream(); Parquet by Blob.slice ranges) into typed columns that stay in this worker, with progress, a preview of the columns while it streams, and cancel; then views of the dataset and, per training run, its prepared design matrix as transferable buffers.
import { CsvError } from '../../core/data/csv';
import { formatOf, ingestStream, type DataFormat, type IngestProgress } from '../../core/data/ingest';
import { JsonSyntaxError } from '../../core/data/json-stream';
import { formatCount, IngestCancelled, type DataLimits } from '../../core/data/limits';
import { readParquet, type AsyncBuffer } from '../../core/data/parquet';
import type { Table, TableBuilder, TableData } from '../../core/data/table';
import { sampleTableExamples } from '../../core/models/model-ops';
import { preparedBuffers, prepareTable, type Prepared, type PrepareOptions } from '../../core/training/prepare';
import type { TabBudget } from './budget';
import { viewOf, type DatasetView } from './view';

export type { DatasetView };

export interface LoadProgress {
  bytes: number;
  totalBytes: number;
  rows: number;
  rowsPerSecond: number;
  elapsedMs: number;
  done: boolean;
  /** Sent as soon as the header is read, then again as more rows arrive (until PREVIEW_ROWS). */
  preview?: ColumnsPreview;
}

/** The columns of a file still streaming in: its fields, and the dataset card's view fitted on its first `rows` rows. */
export interface ColumnsPreview {
  fields: string[];
  rows: number;
  view?: DatasetView;
  /** Why no view could be made yet (e.g. the config's target is not a field). */
  error?: string;
}

export interface DatasetInfo {
  /** Names this dataset in view() and prepare(); a later load replaces it. */
  id: number;
  name: string;
  size: number;
  format: DataFormat;
  /** Every field of the training rows (nested objects flattened as a.b), in first-seen order: the target choices. */
  fields: string[];
  rows: number;
  validationRows: number;
  /** Bytes the typed columns hold in the worker. */
  tableBytes: number;
  readMs: number;
}

/** One run's data: the prepared design matrix (its buffers are transferred, not copied) and the examples the model file keeps. */
export interface PreparedRun {
  prepared: Prepared;
  examples: Record<string, unknown>[];
}

export interface DataHost {
  /** Milliseconds, monotonic. */
  now: () => number;
  budget: () => TabBudget;
  maxRows?: number;
}

/** Rows at most, whatever the memory (as the CLI's --max-rows default). */
export const MAX_ROWS = 10_000_000;
/** Previews are fitted on at most this many first rows: each costs a few ms, and the final view follows. */
export const PREVIEW_ROWS = 20_000;
const PREVIEW_EVERY_MS = 400;
/** The most bytes parsed between two looks at cancel and the limits (a few ms of parsing). */
const CHUNK_BYTES = 256 * 1024;

/** A file the Lab cannot use: the message names the file and the problem, worded for the page. */
export class DatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetError';
  }
}

function describeLoadError(name: string, e: unknown): Error {
  if (e instanceof IngestCancelled) return e;
  const err = e as Error;
  if (err instanceof JsonSyntaxError) return new DatasetError(`${name} is not valid JSON: ${err.message}.`);
  if (err instanceof CsvError || ['LabInputError', 'DataError', 'DataLimitError', 'ParquetError'].includes(err?.name)) return new DatasetError(`${name}: ${err.message}.`);
  return err instanceof Error ? err : new Error(String(e));
}

/** A Blob's bytes as the readers take them: File.stream()'s chunks, none over CHUNK_BYTES (the data benchmark reads the same way). */
export async function* chunksOf(blob: Blob): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      // A browser's File.stream() gives chunks of about 64 KiB, but nothing promises it (node's Blob gives each part whole):
      // progress, the limits' projection and cancel all act between chunks, so none is longer than CHUNK_BYTES.
      for (let at = 0; at < value.length; at += CHUNK_BYTES) yield value.subarray(at, Math.min(value.length, at + CHUNK_BYTES));
    }
  } finally {
    // Stopped early (cancel, limit, bad data): stop reading the file too.
    if (!finished) await reader.cancel().catch(() => undefined);
  }
}

/** A Blob read by byte ranges (Parquet). */
export const blobBuffer = (b: Blob): AsyncBuffer => ({ byteLength: b.size, slice: (s, e = b.size) => b.slice(s, e).arrayBuffer() });

/** The format a name says; otherwise JSON when the text starts like JSON, else CSV (as the Lab always read files). */
async function formatFor(file: Blob, name: string): Promise<DataFormat> {
  const byName = formatOf(name);
  if (byName) return byName;
  const head = new TextDecoder().decode(await file.slice(0, 256).arrayBuffer()).trimStart();
  return head.startsWith('{') || head.startsWith('[') ? 'json' : 'csv';
}

/** The first `rows` rows of a table still being written (reads stop there; later rows do not move). */
const prefix = (t: Table, rows: number): Table => ({ fields: t.fields.slice(), rows, column: (f) => t.column(f) });

const plural = (n: number, what: string) => `${formatCount(n)} ${what}${n === 1 ? '' : 's'}`;

/** Every distinct buffer of a prepared run (transferred to the caller). */
export const transferables = (run: PreparedRun): ArrayBuffer[] => preparedBuffers(run.prepared);

export function createDataApi(host: DataHost) {
  const maxRows = host.maxRows ?? MAX_ROWS;
  let nextId = 1;
  let current: (DatasetInfo & { data: TableData }) | null = null;
  let loading: { aborted: boolean } | null = null;
  /** The last view's prepared data: the next run with the same options takes it instead of featurizing again. */
  let cache: { id: number; key: string; prepared: Prepared } | null = null;

  const need = (id: number) => {
    if (!current || current.id !== id) throw new DatasetError('That dataset is no longer loaded: choose the file again.');
    return current;
  };

  return {
    /**
     * Reads a file into columns, kept here as the current dataset once complete; the previous one stays until then (a
     * bad, cancelled or too large file changes nothing). options: the page's current preparation, for the previews.
     */
    async load(file: Blob, name: string, options: PrepareOptions, onProgress?: (p: LoadProgress) => void): Promise<DatasetInfo> {
      if (loading) loading.aborted = true;
      const token = { aborted: false };
      loading = token;
      const start = host.now();
      const budget = host.budget();
      const limits: DataLimits = { maxRows, maxBytes: budget.bytes, hints: { rows: `the Lab's limit`, memory: budget.source } };
      let last: LoadProgress = { bytes: 0, totalBytes: file.size, rows: 0, rowsPerSecond: 0, elapsedMs: 0, done: false };
      let previewRows = -1;
      let previewAt = -Infinity;
      const preview = (t: TableBuilder) => {
        if (t.fields.length === 0 || !onProgress) return;
        const rows = Math.min(t.rows, PREVIEW_ROWS);
        if (previewRows >= 0 && (rows <= previewRows || host.now() - previewAt < PREVIEW_EVERY_MS)) return;
        previewRows = rows;
        previewAt = host.now();
        const p: ColumnsPreview = { fields: t.fields.slice(), rows };
        if (rows >= 2) {
          try {
            p.view = viewOf(prepareTable({ kind: 'columns', training: prefix(t, rows), validation: null }, options));
          } catch (e) {
            p.error = (e as Error).message;
          }
        }
        const elapsedMs = host.now() - start;
        onProgress({ ...last, rows: t.rows, elapsedMs, rowsPerSecond: elapsedMs > 0 ? (t.rows * 1000) / elapsedMs : 0, preview: p });
      };
      const progress = (p: Pick<IngestProgress, 'bytes' | 'rows' | 'done'>) => {
        const elapsedMs = host.now() - start;
        last = { bytes: p.bytes, totalBytes: file.size, rows: p.rows, elapsedMs, rowsPerSecond: elapsedMs > 0 ? (p.rows * 1000) / elapsedMs : 0, done: p.done };
        onProgress?.(last);
      };
      try {
        const format = await formatFor(file, name);
        const data = format === 'parquet'
          ? await readParquet(blobBuffer(file), { limits, signal: token, onProgress: progress, onTable: preview })
          : await ingestStream(chunksOf(file), format, { totalBytes: file.size, limits, signal: token, now: host.now, onProgress: progress, onChunk: preview });
        if (token.aborted) throw new IngestCancelled();
        const t = data.training;
        if (t.rows < 2) throw new DatasetError(`${name} holds ${plural(t.rows, 'training record')}; training needs many.`);
        if (t.fields.length < 2) throw new DatasetError(`${name}: the records have ${plural(t.fields.length, 'field')}; at least one feature and a target are needed.`);
        const tableBytes = (t as TableBuilder).bytes() + ((data.validation as TableBuilder | null)?.bytes() ?? 0);
        current = { id: nextId++, name, size: file.size, format, fields: t.fields.slice(), rows: t.rows, validationRows: data.validation?.rows ?? 0, tableBytes, readMs: host.now() - start, data };
        cache = null;
        const { data: _, ...info } = current;
        return info;
      } catch (e) {
        throw describeLoadError(name, e);
      } finally {
        if (loading === token) loading = null;
      }
    },

    /** Stops the file being read (between two chunks or row groups); false when none is. */
    cancelLoad(): boolean {
      if (!loading) return false;
      loading.aborted = true;
      return true;
    },

    /** What training with these options will see of dataset `id`, computed by the code train() runs (prepareTable). */
    view(id: number, options: PrepareOptions): DatasetView {
      const d = need(id);
      const prepared = prepareTable(d.data, options);
      cache = { id, key: JSON.stringify(options), prepared };
      return viewOf(prepared);
    },

    /** A run's prepared data: the last view's when its options match (then forgotten here: its buffers are handed over), else prepared now. */
    prepare(id: number, options: PrepareOptions): PreparedRun {
      const d = need(id);
      const key = JSON.stringify(options);
      const hit = cache && cache.id === id && cache.key === key ? cache.prepared : null;
      if (hit) cache = null;
      const prepared = hit ?? prepareTable(d.data, options);
      // Rows set aside are counted in counts; their list could be as long as the file and nothing downstream reads it.
      prepared.train.skipped = prepared.train.skipped.slice(0, 100);
      prepared.validation.skipped = prepared.validation.skipped.slice(0, 100);
      return { prepared, examples: sampleTableExamples(prepared.schema, d.data.training, options.seed) };
    },

    /** The loaded dataset's description, or null. */
    dataset(): DatasetInfo | null {
      if (!current) return null;
      const { data: _, ...info } = current;
      return info;
    },
  };
}

export type DataApi = ReturnType<typeof createDataApi>;
