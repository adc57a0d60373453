// Reads a data file from a stream of byte chunks (node fs streams, File.stream() in a worker) into columns, with progress, limits and cancel; the format follows the file name.
import { CsvStreamReader } from './csv-stream';
import { JsonLinesReader, JsonStreamReader } from './json-stream';
import { checkLimits, IngestCancelled, type DataLimits } from './limits';
import type { TableBuilder, TableData } from './table';

export type DataFormat = 'csv' | 'tsv' | 'json' | 'jsonl' | 'parquet';

/** The format a file name says, or null. */
export function formatOf(name: string): DataFormat | null {
  const m = /\.([a-z]+)$/.exec(name.toLowerCase());
  switch (m?.[1]) {
    case 'csv': return 'csv';
    case 'tsv': case 'tab': return 'tsv';
    case 'json': return 'json';
    case 'jsonl': case 'ndjson': return 'jsonl';
    case 'parquet': case 'pq': return 'parquet';
    default: return null;
  }
}

export interface IngestProgress {
  bytes: number;
  /** The input's size when known. */
  totalBytes: number | null;
  rows: number;
  elapsedMs: number;
  rowsPerSecond: number;
  done: boolean;
}

export interface IngestOptions {
  totalBytes?: number | null;
  limits?: DataLimits;
  /** An AbortSignal, or anything with `aborted`: checked between chunks. */
  signal?: { readonly aborted: boolean };
  onProgress?: (p: IngestProgress) => void;
  /** Milliseconds, monotonic (performance.now). */
  now: () => number;
  /** At most one progress call per this many ms (default 250), plus one at the end. */
  progressEveryMs?: number;
  /** Called after each chunk with the training table as read so far (the Lab shows columns while a file streams in). */
  onChunk?: (training: TableBuilder) => void;
}

interface ChunkReader {
  push(chunk: Uint8Array): void;
  finish(): TableData | TableBuilder;
  readonly bytes: number;
  readonly rows: number;
}

function readerFor(format: Exclude<DataFormat, 'parquet'>): { reader: ChunkReader; tables: () => TableBuilder[] } {
  switch (format) {
    case 'csv': case 'tsv': {
      const r = new CsvStreamReader(format === 'tsv' ? '\t' : ',');
      return { reader: r, tables: () => [r.table] };
    }
    case 'json': {
      const r = new JsonStreamReader();
      return { reader: r, tables: () => (r.validation ? [r.training, r.validation] : [r.training]) };
    }
    case 'jsonl': {
      const r = new JsonLinesReader();
      return { reader: r, tables: () => [r.training] };
    }
  }
}

/**
 * Feeds the chunks to the format's streaming reader. The limits are checked after every chunk against the rows read
 * and the rows the input will hold at that rate, so an input too large stops early with a message naming the size.
 */
export async function ingestStream(chunks: AsyncIterable<Uint8Array>, format: Exclude<DataFormat, 'parquet'>, opts: IngestOptions): Promise<TableData> {
  const { reader, tables } = readerFor(format);
  const start = opts.now();
  const every = opts.progressEveryMs ?? 250;
  let last = -Infinity;
  const report = (done: boolean) => {
    const elapsedMs = opts.now() - start;
    opts.onProgress?.({ bytes: reader.bytes, totalBytes: opts.totalBytes ?? null, rows: reader.rows, elapsedMs, rowsPerSecond: elapsedMs > 0 ? (reader.rows * 1000) / elapsedMs : 0, done });
  };
  for await (const chunk of chunks) {
    if (opts.signal?.aborted) throw new IngestCancelled();
    reader.push(chunk);
    if (opts.limits) {
      const ts = tables();
      const big = ts.length === 1 ? ts[0] : ts.reduce((a, b) => (a.columns.length >= b.columns.length ? a : b));
      checkLimits(big, reader.rows, opts.limits, { bytesRead: reader.bytes, totalBytes: opts.totalBytes ?? null });
    }
    opts.onChunk?.(tables()[0]);
    if (opts.onProgress && opts.now() - last >= every) {
      last = opts.now();
      report(false);
    }
  }
  if (opts.signal?.aborted) throw new IngestCancelled();
  const out = reader.finish();
  if (opts.limits) for (const t of tables()) checkLimits(t, reader.rows, opts.limits);
  report(true);
  return 'kind' in out ? out : { kind: 'columns', training: out, validation: null };
}

/** A whole input already in memory (tests, small files) through the same reader. */
export function ingestBytes(bytes: Uint8Array, format: Exclude<DataFormat, 'parquet'>): TableData {
  const { reader } = readerFor(format);
  reader.push(bytes);
  const out = reader.finish();
  return 'kind' in out ? out : { kind: 'columns', training: out, validation: null };
}
