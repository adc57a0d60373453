// The data worker's functions in node on real Blobs: streamed CSV/JSON/Parquet into columns with progress and an early preview, cancel and limits that change nothing, views and prepared runs identical to train()'s own preparation.
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { irisRecords } from '../../core/datasets/iris.fixture';
import { parseModelConfig } from '../../core/models/config';
import { prepareData } from '../../core/training/prepare';
import { prepareOptionsOf } from '../../core/training/train';
import { createDataApi, PREVIEW_ROWS, transferables, type LoadProgress } from './data-api';

const iris = irisRecords();
const irisCsv = ['sepal_length,sepal_width,petal_length,petal_width,species', ...iris.map((r) => Object.values(r).join(','))].join('\n');
const config = parseModelConfig({
  architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 8, activation: 'relu' }, { type: 'output', activation: 'softmax' }] },
  training: { validation_split: 0.3, seed: 42 },
});
const options = prepareOptionsOf(config);

/** n rows of 20 numbers and a 0/1 label, deterministic. */
function bigCsv(n: number): string {
  const head = [...Array.from({ length: 20 }, (_, c) => `x${c}`), 'label'].join(',');
  const lines = [head];
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: 20 }, (_, c) => (((i * 31 + c * 17) % 1000) / 100 - 5).toFixed(2));
    lines.push(`${x.join(',')},${(i * 7) % 3 === 0 ? 1 : 0}`);
  }
  return `${lines.join('\n')}\n`;
}

const api = (budget = 1024 ** 3) => createDataApi({ now: () => performance.now(), budget: () => ({ bytes: budget, source: `the test's budget` }) });

describe('data worker: load', () => {
  it('streams a CSV into columns, sends the columns and a view of the first rows before the end, and keeps the table', async () => {
    const d = api();
    const text = bigCsv(50_000);
    const seen: LoadProgress[] = [];
    const info = await d.load(new Blob([text]), 'big.csv', options, (p) => seen.push(structuredClone(p)));
    expect(info).toMatchObject({ id: 1, name: 'big.csv', format: 'csv', rows: 50_000, validationRows: 0, size: text.length });
    expect(info.fields).toHaveLength(21);
    const first = seen.find((p) => p.preview)!;
    // The header and the first chunk's rows: columns known while most of the file is still unread.
    expect(first.preview!.fields).toEqual(info.fields);
    expect(first.rows).toBeLessThan(50_000);
    expect(first.bytes).toBeLessThan(text.length);
    expect(first.preview!.view!.schema.target).toMatchObject({ field: 'label', task: 'classification', labels: ['0', '1'] });
    expect(first.preview!.rows).toBeLessThanOrEqual(PREVIEW_ROWS);
    expect(seen.at(-1)).toMatchObject({ done: true, rows: 50_000, bytes: text.length });
    expect(d.dataset()?.id).toBe(1);
  });

  it('gives views and prepared runs identical to train()’s preparation of the same records, reusing the view’s matrix once', async () => {
    const d = api();
    const { id } = await d.load(new Blob([irisCsv]), 'iris.csv', options);
    const v = d.view(id, options);
    const ref = prepareData({ trainingData: iris }, options);
    expect(v.counts).toEqual({ train: 105, validation: 45, skipped: 0, source: 'split' });
    expect(v.schema).toEqual(ref.schema);
    const run = d.prepare(id, options);
    expect(run.prepared.train.x).toEqual(ref.train.x);
    expect(run.prepared.validation.y).toEqual(ref.validation.y);
    expect(run.examples.length).toBeGreaterThan(0);
    // The view's arrays were handed to the run: a second run prepares its own.
    const again = d.prepare(id, options);
    expect(again.prepared.train.x).not.toBe(run.prepared.train.x);
    expect(again.prepared.train.x).toEqual(ref.train.x);
    // One buffer holds both parts of the design matrix; each distinct buffer listed once.
    const bufs = transferables(run);
    expect(new Set(bufs).size).toBe(bufs.length);
    expect(run.prepared.train.x.buffer).toBe(run.prepared.validation.x.buffer);
  });

  it('takes a 0/1 numeric label with a softmax output as two classes, and with a linear one as a number', async () => {
    const d = api();
    const csv = ['a,b,ok', ...iris.map((r) => `${r.sepal_length},${r.petal_length},${r.species === 'setosa' ? 1 : 0}`)].join('\n');
    const { id } = await d.load(new Blob([csv]), 'ok.csv', options);
    const v = d.view(id, options);
    expect(v.schema.target).toMatchObject({ task: 'classification', labels: ['0', '1'] });
    expect(v.inference.reason).toMatch(/taken as 2 classes/);
    const linear = prepareOptionsOf(parseModelConfig({ architecture: { layers: [{ type: 'input' }, { type: 'output', activation: 'linear' }] } }));
    expect(d.view(id, linear).schema.target.task).toBe('regression');
  });

  it('reads JSON with validationData, JSON Lines, Parquet, and sniffs a file without a known extension', async () => {
    const d = api();
    const json = await d.load(new Blob([JSON.stringify({ trainingData: iris.slice(0, 100), validationData: iris.slice(100) })]), 'd.json', options);
    expect(json).toMatchObject({ format: 'json', rows: 100, validationRows: 50 });
    const linear = prepareOptionsOf(parseModelConfig({ architecture: { layers: [{ type: 'input' }, { type: 'output', activation: 'linear' }] }, training: { target: 'sepal_length' } }));
    expect(d.view(json.id, linear).counts).toEqual({ train: 100, validation: 50, skipped: 0, source: 'validationData' });
    const jsonl = await d.load(new Blob([iris.map((r) => JSON.stringify(r)).join('\n')]), 'd.jsonl', options);
    expect(jsonl).toMatchObject({ format: 'jsonl', rows: 150 });
    const pq = parquetWriteBuffer({
      columnData: [
        { name: 'pl', data: Float64Array.from(iris, (r) => r.petal_length), type: 'DOUBLE' },
        { name: 'sw', data: Float64Array.from(iris, (r) => r.sepal_width), type: 'DOUBLE' },
        { name: 'species', data: iris.map((r) => r.species), type: 'STRING' },
      ],
      rowGroupSize: 40,
    });
    const seen: LoadProgress[] = [];
    const parquet = await d.load(new Blob([pq]), 'd.parquet', options, (p) => seen.push(p));
    expect(parquet).toMatchObject({ format: 'parquet', rows: 150, fields: ['pl', 'sw', 'species'] });
    // Parquet's columns come from its footer: shown before the first row group is read.
    expect(seen.find((p) => p.preview)).toMatchObject({ rows: 0, preview: { fields: ['pl', 'sw', 'species'], rows: 0 } });
    expect(d.view(parquet.id, options).schema.target.labels).toEqual(['setosa', 'versicolor', 'virginica']);
    expect((await d.load(new Blob([irisCsv]), 'iris.txt', options)).format).toBe('csv');
    expect((await d.load(new Blob([`  ${JSON.stringify(iris)}`]), 'iris', options)).format).toBe('json');
  });
});

describe('data worker: what changes nothing', () => {
  it('names the file and the problem, and keeps the previous dataset', async () => {
    const d = api();
    await d.load(new Blob([irisCsv]), 'iris.csv', options);
    const cases: [string, string, RegExp][] = [
      ['broken.csv', 'a,b\n1,2\n3\n', /^broken\.csv: CSV line 3: 1 fields, the header has 2\.$/],
      ['one.json', '{"a": 1, "b": 2}', /^one\.json: training_data is a single record; training needs many/],
      ['bad.json', '[{"a": 1},', /^bad\.json is not valid JSON: Unexpected end of JSON input\.$/],
      ['few.csv', 'a,b\n1,2\n', /^few\.csv holds 1 training record; training needs many\.$/],
      ['narrow.csv', 'a\n1\n2\n3\n', /^narrow\.csv: the records have 1 field; at least one feature and a target are needed\.$/],
      ['fake.parquet', 'PAR1 not parquet', /^fake\.parquet: is not a Parquet file hyparquet can read/],
    ];
    for (const [name, text, message] of cases) {
      const err = await d.load(new Blob([text]), name, options).catch((e: unknown) => e as Error);
      expect(err, name).toMatchObject({ name: 'DatasetError', message: expect.stringMatching(message) });
    }
    expect(d.dataset()?.name).toBe('iris.csv');
  });

  it('stops at the tab budget with the size and the limit, before reading the whole file', async () => {
    const d = api(4 * 1024 * 1024);
    const text = bigCsv(60_000);
    const seen: LoadProgress[] = [];
    const err = await d.load(new Blob([text]), 'big.csv', options, (p) => seen.push(p)).catch((e: unknown) => e as Error);
    expect(err).toMatchObject({ name: 'DatasetError' });
    expect((err as Error).message).toMatch(/^big\.csv: holds about [\d,]+ rows × 21 columns \(\d+ MB at the rate of its first [\d,]+ rows\), which need about \d+ MB in memory, over the budget of 4 MB \(the test's budget\)\.$/);
    expect(seen.every((p) => p.bytes < text.length)).toBe(true);
    expect(d.dataset()).toBeNull();
  });

  it('cancels a load between chunks; the previous dataset stays and the next load works', async () => {
    const d = api();
    const first = await d.load(new Blob([irisCsv]), 'iris.csv', options);
    let cancelled = false;
    const text = bigCsv(80_000);
    const err = await d.load(new Blob([text]), 'big.csv', options, (p) => {
      if (!cancelled && p.rows > 0) cancelled = d.cancelLoad();
    }).catch((e: unknown) => e as Error);
    expect(cancelled).toBe(true);
    expect(err).toMatchObject({ name: 'IngestCancelled' });
    expect(d.cancelLoad()).toBe(false);
    expect(d.dataset()?.id).toBe(first.id);
    expect(d.view(first.id, options).counts.train).toBe(105);
    const next = await d.load(new Blob([text]), 'big.csv', options);
    expect(next.rows).toBe(80_000);
    expect(() => d.view(first.id, options)).toThrow(/no longer loaded/);
  });
});
