// Reads a data file for the CLI through core's streaming readers (CSV, TSV, JSON, JSON Lines from an fs stream; Parquet by ranges of a file handle): limits, progress on stderr, Ctrl-C.
import { totalmem } from 'node:os';
import { CsvError } from '../core/data/csv';
import { formatOf, ingestBytes, ingestStream, type DataFormat, type IngestProgress } from '../core/data/ingest';
import { JsonSyntaxError } from '../core/data/json-stream';
import { DataLimitError, formatBytes, formatCount, IngestCancelled, type DataLimits } from '../core/data/limits';
import { ParquetError, readParquet } from '../core/data/parquet';
import type { TableData } from '../core/data/table';
import { DataError } from '../core/models/featurizer';
import { LabInputError } from '../core/models/lab';
import { fsReason } from './errors';
import { CliError, type CliIo } from './io';

/** --max-rows when not given: ten million rows of twenty numbers take about 3 GB once featurized. */
export const DEFAULT_MAX_ROWS = 10_000_000;

/** --max-memory when not given (MiB): half the machine's memory, at most 4 GiB. */
export function defaultMaxMemoryMiB(): number {
  return Math.min(4096, Math.floor(totalmem() / 2 / 1024 / 1024));
}

export interface ReadOptions {
  limits: DataLimits;
  signal?: AbortSignal;
  /** 'auto': a live line on a terminal, else a line every 2 s once reading has taken 1 s; 'always': lines even for small files; 'never'. */
  progress: 'auto' | 'always' | 'never';
}

function progressLine(path: string, p: IngestProgress): string {
  const of = p.totalBytes ? ` of ${formatBytes(p.totalBytes)} (${Math.floor((100 * p.bytes) / p.totalBytes)}%)` : '';
  const rate = p.rowsPerSecond >= 1e6 ? `${(p.rowsPerSecond / 1e6).toFixed(2)}M` : formatCount(p.rowsPerSecond);
  return p.done
    ? `read ${path}: ${formatCount(p.rows)} rows, ${formatBytes(p.bytes)} in ${(p.elapsedMs / 1000).toFixed(1)} s (${rate} rows/s)`
    : `reading ${path}: ${formatBytes(p.bytes)}${of}, ${formatCount(p.rows)} rows, ${rate} rows/s`;
}

/** Where progress goes: rewritten in place on a terminal, else whole lines at most every 2 s (none for a read under 1 s unless 'always'). */
function progressWriter(io: CliIo, path: string, mode: ReadOptions['progress']): (p: IngestProgress) => void {
  let lastLine = -Infinity;
  let printed = false;
  return (p) => {
    if (mode === 'never') return;
    if (io.errIsTty) {
      process.stderr.write(`\r\x1b[2K${progressLine(path, p)}${p.done ? '\n' : ''}`);
      return;
    }
    const due = mode === 'always' || (p.elapsedMs >= 1000 && p.elapsedMs - lastLine >= 2000);
    if (p.done ? printed || mode === 'always' : due) {
      io.err(progressLine(path, p));
      lastLine = p.elapsedMs;
      printed = true;
    }
  };
}

/** One line naming the file and the problem, for every error a data file can cause. */
function fileError(path: string, e: unknown): CliError | undefined {
  if (e instanceof JsonSyntaxError) return new CliError(`${path} is not valid JSON: ${e.message}`);
  if (e instanceof CsvError || e instanceof DataError || e instanceof LabInputError || e instanceof DataLimitError || e instanceof ParquetError) return new CliError(`${path}: ${e.message}`);
  const reason = fsReason(e);
  if (reason) return new CliError(`${path}: ${reason}`);
  return undefined;
}

/**
 * A data file into columns, streamed: .csv, .tsv, .json ({trainingData, validationData} or an array of records),
 * .jsonl/.ndjson and .parquet (any other name is read as JSON, as before). Nothing is kept of a file that fails.
 */
export async function readDataFile(io: CliIo, path: string, opts: ReadOptions): Promise<TableData> {
  const format: DataFormat = formatOf(path) ?? 'json';
  const onProgress = progressWriter(io, path, opts.progress);
  try {
    if (format === 'parquet') {
      if (!io.ranges) return await readParquet((await io.readFile(path)).slice().buffer, { limits: opts.limits });
      const file = await io.ranges(path);
      const start = io.now();
      try {
        return await readParquet({ byteLength: file.size, slice: (s, e = file.size) => file.read(s, e) }, {
          limits: opts.limits, signal: opts.signal,
          onProgress: (p) => {
            const elapsedMs = io.now() - start;
            onProgress({ ...p, elapsedMs, rowsPerSecond: elapsedMs > 0 ? (p.rows * 1000) / elapsedMs : 0 });
          },
        });
      } finally {
        await file.close();
      }
    }
    // An injected io (tests run commands in-process): the whole file through the same reader.
    if (!io.stream) return ingestBytes(await io.readFile(path), format);
    const { size, chunks } = await io.stream(path);
    return await ingestStream(chunks, format, { totalBytes: size, limits: opts.limits, signal: opts.signal, onProgress, now: io.now });
  } catch (e) {
    if (e instanceof IngestCancelled) throw e;
    throw fileError(path, e) ?? e;
  }
}
