// The data benchmark in one worker: a file read by our streaming readers or by papaparse into the same typed columns, then the same featurizer and 3 epochs on the kernel.
import { formatOf, ingestStream } from '../../core/data/ingest';
import { readParquet } from '../../core/data/parquet';
import { TableBuilder, type Column, type TableData } from '../../core/data/table';
import { parseModelConfig } from '../../core/models/config';
import type { KernelPort } from '../../core/nn/port';
import { prepareTable } from '../../core/training/prepare';
import { prepareOptionsOf, trainPrepared } from '../../core/training/train';
import { blobBuffer, chunksOf } from '../../workers/data/data-api';
import type { DataCaseRequest, DataCaseResult } from './types';
import Papa from 'papaparse';

/** Our readers, as the data worker runs them (File.stream() for text, Blob.slice ranges for Parquet). */
export async function readOurs(file: File): Promise<TableData> {
  const format = formatOf(file.name);
  if (format === 'parquet') return readParquet(blobBuffer(file));
  if (format === null) throw new Error(`${file.name}: no format`);
  return ingestStream(chunksOf(file), format, { totalBytes: file.size, now: () => performance.now() });
}

/**
 * papaparse 5.7.1 streaming the File (its FileReader streamer, chunks of 1 MiB, dynamicTyping for numbers), each row
 * written into the same typed columns ours fill: numbers as numbers, blanks missing, the rest dictionary-coded text.
 */
export function readPapa(file: File): Promise<TableData> {
  const table = new TableBuilder();
  let cols: Column[] | null = null;
  return new Promise((resolve, reject) => {
    Papa.parse<unknown[]>(file, {
      dynamicTyping: true,
      skipEmptyLines: true,
      chunkSize: 1 << 20,
      chunk: (res) => {
        for (const row of res.data) {
          if (cols === null) {
            cols = row.map((h) => table.add(String(h)));
            continue;
          }
          const r = table.rows;
          for (let c = 0; c < cols.length; c++) {
            const v = row[c];
            if (typeof v === 'number') cols[c].setNum(r, v);
            else if (v === null || v === undefined || v === '') cols[c].setMissing(r);
            else if (typeof v === 'boolean') cols[c].setBool(r, v);
            else cols[c].setStr(r, String(v));
          }
          table.rows = r + 1;
        }
      },
      complete: () => resolve({ kind: 'columns', training: table, validation: null }),
      error: (e) => reject(e),
    });
  });
}

/** Reads with `read`, then the same preparation and training as the Lab (prepareTable, trainPrepared on the kernel). */
export async function readAndTrain(port: KernelPort, file: File, req: DataCaseRequest, read: (f: File) => Promise<TableData>): Promise<DataCaseResult> {
  const config = parseModelConfig(req.config);
  const t0 = performance.now();
  const data = await read(file);
  const t1 = performance.now();
  const prepared = prepareTable(data, prepareOptionsOf(config));
  const t2 = performance.now();
  const outcome = await trainPrepared(port, config, prepared, { now: () => performance.now() }, req.epochs);
  const t3 = performance.now();
  const tableBytes = (data.training as TableBuilder).bytes();
  return {
    contestant: req.contestant, rows: data.training.rows, wallMs: t3 - t0, ingestMs: t1 - t0, featurizeMs: t2 - t1, trainMs: t3 - t2, otherMs: 0,
    valAccuracy: outcome.validation.accuracy, validationRows: outcome.counts.validation, tableBytes, pageLongTasks: null,
    detail: req.contestant === 'papaparse'
      ? 'papaparse 5.7.1 (streaming File, chunkSize 1 MiB, dynamicTyping) into our typed columns, then our featurizer and 3 epochs on our kernel, all in one worker'
      : 'our streaming reader (File.stream(); Parquet by Blob.slice ranges), featurizer and 3 epochs on our kernel, all in one worker',
  };
}
