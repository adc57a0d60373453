// The column path against the record path it replaced (core/models/reference/): identical schema, design matrices, counts and trained weights from the same seed, on iris and on a mixed dataset, from records, CSV and JSON bytes.
import { describe, expect, it } from 'vitest';
import { loadKernelNode } from '../../kernel/js/node';
import { createWasmPort } from '../../kernel/js/network';
import { referencePort } from '../../kernel/reference/mlp';
import { parseCsv } from '../data/csv';
import { ingestBytes } from '../data/ingest';
import { irisRecords } from '../datasets/iris.fixture';
import { utf8Encode } from '../format/utf8';
import { parseModelConfig, type ModelConfig } from '../models/config';
import { columnWidth, type FeatureColumn } from '../models/featurizer';
import { prepareData as prepareRecordsLegacy, type Prepared as RecordPrepared } from '../models/reference/prepare-records';
import type { KernelPort } from '../nn/port';
import { createRng } from '../random';
import { prepareData, type PrepareOptions, type Prepared, type TrainData } from './prepare';
import { trainPrepared } from './train';

function config(output: 'softmax' | 'linear', training: Record<string, unknown>): ModelConfig {
  return parseModelConfig({
    modelId: 'eq',
    architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 8, activation: 'relu' }, { type: 'output', activation: output }] },
    training: { learning_rate: 0.01, batch_size: 16, epochs: 4, optimizer: 'adam', validation_split: 0.25, seed: 11, ...training },
  });
}

const optsOf = (c: ModelConfig): PrepareOptions => ({ target: c.training.target, task: c.training.task, patternType: c.training.pattern_type, validationSplit: c.training.validation_split, seed: c.training.seed, featureTypes: c.training.feature_types });

/** A dataset with every kind of column: numbers with gaps and stray text, numeric strings, categories, text, booleans, arrays, nested objects, a field only some records have. */
function mixed(n: number, seed: number, extraCategory = false): Record<string, unknown>[] {
  const rng = createRng(seed);
  const words = ['parser', 'login', 'flaky', 'memory', 'store', 'speed', 'csv', 'files', 'cache', 'retry', 'timeout', 'schema'];
  const langs = ['ts', 'js', 'rust', 'go', ...(extraCategory ? ['zig'] : [])];
  return Array.from({ length: n }, (_, i) => {
    const size = rng.next() < 0.1 ? null : rng.next() < 0.05 ? 'n/a' : Math.round(rng.normal() * 100) / 10;
    const lang = langs[rng.int(langs.length)];
    const rec: Record<string, unknown> = {
      size,
      weight: rng.next() < 0.5 ? String(Math.round(rng.next() * 1000) / 100) : Math.round(rng.next() * 1000) / 100,
      lang,
      note: Array.from({ length: 3 + rng.int(5) }, () => words[rng.int(words.length)]).join(' '),
      ok: rng.next() < 0.1 ? null : rng.next() < 0.5,
      tags: Array.from({ length: rng.int(3) }, () => ['api', 'db', 'ui', 'ops'][rng.int(4)]),
      meta: { depth: rng.int(9), kind: rng.next() < 0.5 ? 'a' : 'b' },
      label: (typeof size === 'number' && size > 0) !== (lang === 'ts') ? 'yes' : rng.next() < 0.2 ? 'maybe' : 'no',
    };
    if (i % 7 === 0) rec.extra = rng.int(3);
    if (i % 50 === 3) delete rec.label;
    return rec;
  });
}

/** The same records with their keys in a different order per record: which fields the training rows show first (the schema's column order) then depends on the split. */
function reordered(records: Record<string, unknown>[]): Record<string, unknown>[] {
  return records.map((r, i) => {
    const keys = Object.keys(r);
    const k = i % keys.length;
    return Object.fromEntries([...keys.slice(k), ...keys.slice(0, k)].map((key) => [key, r[key]]));
  });
}

const byField = <T extends { field: string }>(xs: T[]): T[] => xs.toSorted((p, q) => (p.field < q.field ? -1 : 1));

/** Each field's slots in a design-matrix row. */
function slotsOf(p: { schema: { features: FeatureColumn[] } }): Map<string, number[]> {
  const at = new Map<string, number[]>();
  let k = 0;
  for (const f of p.schema.features) at.set(f.field, Array.from({ length: columnWidth(f) }, () => k++));
  return at;
}

function sameMatrices(a: Prepared, b: RecordPrepared): void {
  expect(a.schema).toEqual(b.schema);
  expect(a.report).toEqual(b.report);
  expect(a.counts).toEqual(b.counts);
  expect(a.unseen).toEqual(b.unseen);
  expect(a.source).toBe(b.source);
  expect(a.train.skipped).toEqual(b.train.skipped);
  expect(a.validation.skipped).toEqual(b.validation.skipped);
  // Bit for bit: the same float32 values in the same places.
  expect(new Uint32Array(a.train.x.slice().buffer)).toEqual(new Uint32Array(b.train.x.slice().buffer));
  expect(new Uint32Array(a.validation.x.slice().buffer)).toEqual(new Uint32Array(b.validation.x.slice().buffer));
  expect(Array.from(a.train.y)).toEqual(Array.from(b.train.y));
  expect(Array.from(a.validation.y)).toEqual(Array.from(b.validation.y));
}

async function sameWeights(port: KernelPort, c: ModelConfig, a: Prepared, b: RecordPrepared): Promise<void> {
  let clock = 0;
  const hooks = { now: () => (clock += 1) };
  const ta = await trainPrepared(port, c, a, hooks, c.training.epochs);
  const tb = await trainPrepared(port, c, { ...b, inference: a.inference, rows: a.rows }, hooks, c.training.epochs);
  expect(ta.params.map((p) => Array.from(p))).toEqual(tb.params.map((p) => Array.from(p)));
  expect(ta.history).toEqual(tb.history);
}

const cases: [string, ModelConfig, TrainData][] = [
  ['iris', config('softmax', { target: 'species', validation_split: 0.3, seed: 42 }), { trainingData: irisRecords() }],
  ['mixed (split)', config('softmax', {}), { trainingData: mixed(300, 5) }],
  ['mixed with validationData (unseen categories and classes)', config('softmax', {}), { trainingData: mixed(240, 6), validationData: [...mixed(60, 7, true), { size: 1, lang: 'ts', label: 'never-seen' }] }],
  ['mixed, kinds chosen by feature_types', config('softmax', { feature_types: { lang: 'text', 'meta.depth': 'categorical', weight: 'numeric' } }), { trainingData: mixed(200, 8) }],
  ['mixed regression on meta.depth', config('linear', { target: 'meta.depth' }), { trainingData: mixed(200, 9) }],
];

describe('column path = record path', () => {
  for (const [name, c, data] of cases) {
    it(`${name}: identical schema, report, design matrices and targets`, () => {
      sameMatrices(prepareData(data, optsOf(c)), prepareRecordsLegacy(data, optsOf(c)));
    });
    it(`${name}: identical trained weights from the same seed (reference port)`, async () => {
      await sameWeights(referencePort, c, prepareData(data, optsOf(c)), prepareRecordsLegacy(data, optsOf(c)));
    });
  }

  it('iris: identical trained weights on the wasm kernel', async () => {
    const [, c, data] = cases[0];
    await sameWeights(createWasmPort(await loadKernelNode()), c, prepareData(data, optsOf(c)), prepareRecordsLegacy(data, optsOf(c)));
  });

  it('records whose keys come in different orders: the same columns, in the table\'s order of fields (the one known difference)', () => {
    // A table keeps one order of fields (the order the whole dataset first shows them), not each record's own; the
    // record path took the key order of the first training record that showed a field.
    const c = config('softmax', {});
    const data = { trainingData: reordered(mixed(200, 14)) };
    const a = prepareData(data, optsOf(c));
    const b = prepareRecordsLegacy(data, optsOf(c));
    expect(a.schema.features.map((f) => f.field)).not.toEqual(b.schema.features.map((f) => f.field));
    expect(byField(a.schema.features)).toEqual(byField(b.schema.features));
    expect(byField(a.report.columns)).toEqual(byField(b.report.columns));
    expect(a.schema.target).toEqual(b.schema.target);
    expect(a.counts).toEqual(b.counts);
    expect(Array.from(a.train.y)).toEqual(Array.from(b.train.y));
    expect(Array.from(a.validation.y)).toEqual(Array.from(b.validation.y));
    // The design matrices hold the same values once the column path's slots are put in the record path's order.
    const from = slotsOf(a);
    const order = b.schema.features.flatMap((f) => from.get(f.field)!);
    const inRecordOrder = (x: Float32Array, n: number) => Float32Array.from({ length: n * order.length }, (_, i) => x[Math.floor(i / order.length) * order.length + order[i % order.length]]);
    expect(inRecordOrder(a.train.x, a.train.n)).toEqual(b.train.x);
    expect(inRecordOrder(a.validation.x, a.validation.n)).toEqual(b.validation.x);
  });

  it('a CSV file streamed into columns = parseCsv records through the record path (numbers, blanks, quotes, mixed columns)', () => {
    const rng = createRng(3);
    const lines = ['a,b,"c d",kind,label'];
    for (let i = 0; i < 200; i++) {
      const a = rng.next() < 0.1 ? '' : (rng.normal() * 3).toFixed(3);
      const b = rng.next() < 0.05 ? 'oops' : String(rng.int(50));
      const kind = ['"red, dark"', 'blue', ' green ', '"say ""hi"""'][rng.int(4)];
      lines.push(`${a},${b},${rng.next() < 0.5 ? '"1e3"' : '-2.5E-1'},${kind},${rng.next() < 0.5 ? 'x' : 'y'}`);
    }
    const text = `\ufeff${lines.join('\r\n')}\r\n`;
    const c = config('softmax', {});
    const fromColumns = prepareData(ingestBytes(utf8Encode(text), 'csv'), optsOf(c));
    sameMatrices(fromColumns, prepareRecordsLegacy({ trainingData: parseCsv(text).records }, optsOf(c)));
  });

  it('a JSON file streamed into columns = JSON.parse through the record path', () => {
    const c = config('softmax', {});
    const data = { trainingData: mixed(150, 12), validationData: mixed(40, 13, true) };
    const bytes = utf8Encode(JSON.stringify(data, null, 1));
    sameMatrices(prepareData(ingestBytes(bytes, 'json'), optsOf(c)), prepareRecordsLegacy(JSON.parse(JSON.stringify(data)) as TrainData, optsOf(c)));
  });
});
