// Parquet through hyparquet into columns: numbers, strings, booleans, nulls and int64 as the JSON path types them; the row limit checked from the footer before any row is read.
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { DataLimitError } from './limits';
import { ParquetError, readParquet } from './parquet';
import { recordsOf } from './table';

const file = () => parquetWriteBuffer({
  columnData: [
    { name: 'x', data: Float64Array.from([1.5, -2, 3.25]), type: 'DOUBLE' },
    { name: 'n', data: [1n, 2n, 3n], type: 'INT64' },
    { name: 'name', data: ['a', null, 'c'], type: 'STRING' },
    { name: 'ok', data: [true, false, null], type: 'BOOLEAN' },
  ],
  rowGroupSize: 2,
});

describe('readParquet', () => {
  it('reads every row group into typed columns', async () => {
    const progress: number[] = [];
    const d = await readParquet(file(), { onProgress: (p) => progress.push(p.rows) });
    expect(d.training.fields).toEqual(['x', 'n', 'name', 'ok']);
    expect(recordsOf(d.training, [0, 1, 2]).map((r) => ({ ...r }))).toEqual([
      { x: 1.5, n: 1, name: 'a', ok: true },
      { x: -2, n: 2, name: null, ok: false },
      { x: 3.25, n: 3, name: 'c', ok: null },
    ]);
    expect(progress).toEqual([2, 3]);
  });

  it('refuses more rows than the limit from the footer, and a file that is not Parquet', async () => {
    await expect(readParquet(file(), { limits: { maxRows: 2, maxBytes: 1e9 } })).rejects.toThrow(DataLimitError);
    await expect(readParquet(file(), { limits: { maxRows: 2, maxBytes: 1e9, hints: { rows: '--max-rows 2' } } })).rejects.toThrow('has more than 2 rows, the limit (--max-rows 2)');
    await expect(readParquet(new TextEncoder().encode('PAR1 not really').buffer)).rejects.toThrow(ParquetError);
  });
});
