// How much memory a dataset will take, estimated while it streams in, and the limits that stop it with a message naming the size before the process (or the tab) runs out.
import { NUM, NUMTEXT, STR, type TableBuilder } from './table';

export interface DataLimits {
  /** Rows of data at most (the header is not one). */
  maxRows: number;
  /** Bytes the columns, the design matrix and the training buffers may take together. */
  maxBytes: number;
  /** How the user raises each limit ("--max-rows", "the tab's budget"), named in the message. */
  hints?: { rows?: string; memory?: string };
}

export class DataLimitError extends Error {
  constructor(readonly limit: 'rows' | 'memory', message: string) {
    super(message);
    this.name = 'DataLimitError';
  }
}

/** Per row beyond the columns: the split's index lists and targets, the class/regression targets and evaluation outputs. */
const TRAINING_BYTES_PER_ROW = 48;

/** bytesPerRow of `cols` columns of numbers. */
export const numericRowBytes = (cols: number): number => TRAINING_BYTES_PER_ROW + cols * 13;

/** Bytes one row takes once read and featurized: its cells (tag + number or string code), about one design-matrix float per column, and the training buffers. */
export function bytesPerRow(table: TableBuilder): number {
  let b = TRAINING_BYTES_PER_ROW;
  for (const c of table.columns) {
    b += 1 + 4; // the tag, and at least one Float32 slot of the design matrix
    if (c.counts[NUM] + c.counts[NUMTEXT] > 0) b += 8;
    if (c.counts[STR] > 0) b += 4;
  }
  return b;
}

export const formatBytes = (n: number): string => (n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)} GB` : n >= 1024 ** 2 ? `${Math.round(n / 1024 ** 2)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);
export const formatCount = (n: number): string => Math.round(n).toLocaleString('en-US');

/**
 * Checks the rows read so far against the limits, and — when the input's size is known — the rows it will hold at the
 * rate of those read so far (after the first MiB, so a long header or first rows do not mislead it).
 */
export function checkLimits(table: TableBuilder, rows: number, limits: DataLimits, input?: { bytesRead: number; totalBytes: number | null }): void {
  checkRows(bytesPerRow(table), table.columns.length, rows, limits, input);
}

/** checkLimits with the bytes per row given (Parquet knows its rows and column types before reading any). */
export function checkRows(per: number, cols: number, rows: number, limits: DataLimits, input?: { bytesRead: number; totalBytes: number | null }): void {
  const rowsHint = limits.hints?.rows ? ` (${limits.hints.rows})` : '';
  const memHint = limits.hints?.memory ? ` (${limits.hints.memory})` : '';
  if (rows > limits.maxRows) throw new DataLimitError('rows', `has more than ${formatCount(limits.maxRows)} rows, the limit${rowsHint}`);
  if (rows === 0) return;
  if (input && input.totalBytes !== null && input.bytesRead >= 1 << 20 && input.bytesRead < input.totalBytes) {
    const projected = Math.round((rows * input.totalBytes) / input.bytesRead);
    if (projected > limits.maxRows) {
      throw new DataLimitError('rows', `holds about ${formatCount(projected)} rows (${formatBytes(input.totalBytes)} at the rate of its first ${formatCount(rows)}), more than the limit of ${formatCount(limits.maxRows)}${rowsHint}`);
    }
    if (projected * per > limits.maxBytes) {
      throw new DataLimitError('memory', `holds about ${formatCount(projected)} rows × ${cols} columns (${formatBytes(input.totalBytes)} at the rate of its first ${formatCount(rows)} rows), which need about ${formatBytes(projected * per)} in memory, over the budget of ${formatBytes(limits.maxBytes)}${memHint}`);
    }
  }
  const now = rows * per;
  if (now > limits.maxBytes) {
    throw new DataLimitError('memory', `${formatCount(rows)} rows × ${cols} columns need about ${formatBytes(now)} in memory, over the budget of ${formatBytes(limits.maxBytes)}${memHint}`);
  }
}

/** Thrown when the caller's signal aborts the reading (between chunks, or between Parquet row groups). */
export class IngestCancelled extends Error {
  constructor() {
    super('reading the data was cancelled');
    this.name = 'IngestCancelled';
  }
}
