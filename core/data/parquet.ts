// Parquet into typed columns through hyparquet (pure JS, no node imports), one row group at a time: the row count is known before any data is read, so the limits are checked first.
import { parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet/src/index.js';
import type { AsyncBuffer, DecodedArray } from 'hyparquet/src/types.js';
import { checkLimits, checkRows, numericRowBytes, IngestCancelled, type DataLimits } from './limits';
import { TableBuilder, type Column, type TableData } from './table';

export type { AsyncBuffer };

/** The file could not be read as Parquet (not a Parquet file, or a codec hyparquet does not read). */
export class ParquetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParquetError';
  }
}

function setValue(table: TableBuilder, col: Column, name: string, i: number, v: unknown): void {
  if (typeof v === 'bigint') col.setNum(i, Number(v));
  else if (v instanceof Date) col.setStr(i, v.toISOString());
  else if (typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v)) {
    // A struct: its fields become columns "name.field", as nested JSON objects are flattened one level.
    for (const k of Object.keys(v)) table.add(`${name}.${k}`).set(i, (v as Record<string, unknown>)[k]);
  } else col.set(i, v);
}

function fill(table: TableBuilder, name: string, data: DecodedArray, rowStart: number): void {
  const col = table.add(name);
  if (data instanceof Float64Array || data instanceof Float32Array || data instanceof Int32Array || data instanceof Uint8Array || data instanceof Int16Array || data instanceof Int8Array || data instanceof Uint16Array || data instanceof Uint32Array) {
    for (let k = 0; k < data.length; k++) col.setNum(rowStart + k, data[k]);
    return;
  }
  for (let k = 0; k < data.length; k++) setValue(table, col, name, rowStart + k, data[k]);
}

export interface ParquetProgress {
  bytes: number;
  totalBytes: number;
  rows: number;
  /** The last row group has been read. */
  done: boolean;
}

/** Reads every row group of `file` into columns (all rows are training data). */
export async function readParquet(file: AsyncBuffer, opts: { limits?: DataLimits; signal?: { readonly aborted: boolean }; onProgress?: (p: ParquetProgress) => void; onTable?: (table: TableBuilder) => void } = {}): Promise<TableData> {
  let metadata;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (e) {
    throw new ParquetError(`is not a Parquet file hyparquet can read (${(e as Error).message})`);
  }
  const table = new TableBuilder();
  const rows = Number(metadata.num_rows);
  for (const child of parquetSchema(metadata).children) table.add(child.element.name);
  if (opts.limits) {
    // The row count is in the footer: refuse before reading a row (each column counted as numbers at least).
    checkRows(numericRowBytes(table.columns.length), table.columns.length, rows, opts.limits);
  }
  // The columns are known from the footer: a caller can show them before any row is read.
  opts.onTable?.(table);
  let start = 0;
  let bytes = 0;
  for (const group of metadata.row_groups) {
    if (opts.signal?.aborted) throw new IngestCancelled();
    const end = start + Number(group.num_rows);
    try {
      await parquetRead({ file, metadata, rowStart: start, rowEnd: end, onChunk: (c) => fill(table, c.columnName, c.columnData, c.rowStart) });
    } catch (e) {
      throw new ParquetError(`could not be read (${(e as Error).message})`);
    }
    table.rows = end;
    for (const c of group.columns) bytes += Number(c.meta_data?.total_compressed_size ?? 0);
    if (opts.limits) checkLimits(table, table.rows, opts.limits);
    opts.onProgress?.({ bytes: Math.min(bytes, file.byteLength), totalBytes: file.byteLength, rows: table.rows, done: end >= rows });
    opts.onTable?.(table);
    start = end;
  }
  return { kind: 'columns', training: table, validation: null };
}
