// The CLI in-process on real files: the iris accuracy bar through `neural train`, then predict, quantize, export, and errors that name the problem.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { irisRecords } from '../core/datasets/iris.fixture';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeClf } from '../core/format/clf';
import { processIo, type CliIo } from './io';
import { main } from './safla';

let dir: string;
const iris = irisRecords();

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { ...processIo, out: (t) => stdout.push(t), err: (t) => stderr.push(t), stdout, stderr };
}

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = capture();
  const code = await main(args, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

const p = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'safla-cli-'));
  await writeFile(p('iris.json'), JSON.stringify({ trainingData: iris }));
  await writeFile(p('iris.csv'), ['sepal_length,sepal_width,petal_length,petal_width,species', ...iris.map((r) => Object.values(r).join(','))].join('\n'));
  await writeFile(p('iris-mlp.json'), JSON.stringify({
    modelId: 'iris-mlp',
    type: 'classifier',
    architecture: { type: 'feedforward', layers: [{ type: 'input' }, { type: 'hidden', size: 16, activation: 'relu' }, { type: 'output', activation: 'softmax' }] },
    // Stratified 70/30 split with a fixed seed: validation_split 0.3, seed 42.
    training: { target: 'species', learning_rate: 0.01, batch_size: 16, epochs: 150, optimizer: 'adam', validation_split: 0.3, seed: 42 },
  }));
  await writeFile(p('flower.json'), JSON.stringify({ sepal_length: 6.9, sepal_width: 3.1, petal_length: 5.4, petal_width: 2.1 }));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('safla neural', () => {
  it('train: iris from a config file reaches ≥ 0.93 validation accuracy, and --json prints the worker API result', async () => {
    const r = await run('neural', 'train', '--model', p('iris-mlp.json'), '--data', p('iris.json'), '--epochs', '150', '--validate', '--out', p('iris.clf'), '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out);
    expect(result).toMatchObject({ success: true, modelId: 'iris-mlp', epochs: 150, status: 'completed', file: p('iris.clf') });
    expect(result.accuracy).toBeGreaterThanOrEqual(0.93);
    expect(result.details).toMatchObject({ validation_records: 45, validation_source: 'split', target: 'species' });
    const model = decodeClf(new Uint8Array(await readFile(p('iris.clf'))));
    expect(model.metrics.val_accuracy).toBe(result.accuracy);
  });

  it('train: reads CSV and prints a readable report without --json', async () => {
    const r = await run('neural', 'train', '--model', p('iris-mlp.json'), '--data', p('iris.csv'), '--epochs', '20', '--out', p('iris-csv.clf'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Epoch 20\/20: accuracy=/);
    expect(r.out).toMatch(/Validation Accuracy: \d+\.\d% on 45 records/);
  });

  it('predict: prediction, confidence and reasoning from similar examples', async () => {
    const r = await run('neural', 'predict', '--model', p('iris.clf'), '--input', p('flower.json'), '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.prediction).toBe('virginica');
    expect(out.confidence).toBeGreaterThan(0.5);
    expect(out.reasoning).toMatch(/of 9 similar records were 'virginica'/);
  });

  it('quantize: about half the weight bytes for this small net, accuracy measured before and after', async () => {
    const r = await run('neural', 'quantize', '--model', p('iris.clf'), '--data', p('iris.json'), '--out', p('iris-q.clf'), '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out).toMatchObject({ bits: 8, validation_records: 45 });
    expect(out.accuracy_after).toBeGreaterThanOrEqual(0.9);
    expect(decodeClf(new Uint8Array(await readFile(p('iris-q.clf')))).weights.kind).toBe('int8');
  });

  it('export: writes ONNX', async () => {
    const r = await run('neural', 'export', '--model', p('iris.clf'), '--format', 'onnx', '--output', p('iris.onnx'), '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ format: 'onnx', file: p('iris.onnx') });
    expect((await readFile(p('iris.onnx'))).length).toBeGreaterThan(100);
  });

  it('names the problem on bad input and exits non-zero', async () => {
    await writeFile(p('bad.json'), JSON.stringify({ architecture: { layers: [{ type: 'input' }, { type: 'output', activation: 'swish' }] }, training: { optimizer: 'rmsprop' } }));
    const bad = await run('neural', 'train', '--model', p('bad.json'), '--data', p('iris.json'));
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/architecture\.layers\[1\]\.activation must be one of/);
    expect(bad.err).toMatch(/training\.optimizer must be one of/);
    expect((await run('neural', 'predict', '--model', p('missing.clf'), '--input', p('flower.json'))).err).toMatch(/cannot read .*missing\.clf/);
    await writeFile(p('junk.clf'), 'not a model');
    expect((await run('neural', 'predict', '--model', p('junk.clf'), '--input', p('flower.json'))).err).toMatch(/junk\.clf: model file:/);
    const usage = await run('neural', 'fly');
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(/unknown command 'neural fly'/);
    expect((await run('neural', 'train', '--bogus')).code).toBe(2);
  });
});
