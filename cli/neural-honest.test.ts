// The CLI's honest output in-process: R² named as R² (never a percentage), predict warnings, quantize data without the target, and non-finite outputs as a clear error.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { irisRecords } from '../core/datasets/iris.fixture';
import { processIo, type CliIo } from './io';
import { main } from './safla';

let dir: string;
const iris = irisRecords();
const p = (name: string) => join(dir, name);

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = { ...processIo, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
  const code = await main(args, io);
  return { code, out: stdout.join('\n'), err: stderr.join('\n') };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'safla-honest-'));
  await writeFile(p('iris.json'), JSON.stringify({ trainingData: iris }));
  await writeFile(p('features.json'), JSON.stringify(iris.map((r) => ({ sepal_length: r.sepal_length, sepal_width: r.sepal_width, petal_length: r.petal_length, petal_width: r.petal_width }))));
  await writeFile(p('mlp.json'), JSON.stringify({
    modelId: 'iris-mlp',
    architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 16, activation: 'relu' }, { type: 'output', activation: 'softmax' }] },
    training: { target: 'species', learning_rate: 0.01, batch_size: 16, epochs: 60, validation_split: 0.3, seed: 42 },
  }));
  await writeFile(p('reg.json'), JSON.stringify({
    modelId: 'iris-reg',
    architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 16, activation: 'tanh' }, { type: 'output', activation: 'linear' }] },
    training: { target: 'petal_width', learning_rate: 0.01, batch_size: 16, epochs: 40, validation_split: 0.3, seed: 42 },
  }));
  expect((await run('neural', 'train', '--model', p('mlp.json'), '--data', p('iris.json'), '--out', p('iris.clf'), '--json')).code).toBe(0);
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('safla neural: honest numbers', () => {
  it('prints a regression score as R², never as a percentage, and --json says which metric accuracy is', async () => {
    const text = await run('neural', 'train', '--model', p('reg.json'), '--data', p('iris.json'), '--out', p('reg.clf'));
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/Validation R²: R² -?\d\.\d{3} on 45 records/);
    expect(text.out).toMatch(/Final R²: R² -?\d\.\d{3}/);
    expect(text.out).toMatch(/Epoch 40\/40: r2=/);
    expect(text.out).not.toMatch(/Accuracy: .*%/);
    const json = JSON.parse((await run('neural', 'train', '--model', p('reg.json'), '--data', p('iris.json'), '--out', p('reg.clf'), '--json')).out);
    expect(json).toMatchObject({ metric: 'r2', details: { task: 'regression' } });
    const cls = JSON.parse((await run('neural', 'train', '--model', p('mlp.json'), '--data', p('iris.json'), '--out', p('c.clf'), '--json')).out);
    expect(cls.metric).toBe('accuracy');
    expect(cls.details.validation_unseen).toEqual({ labels: 0, categories: {}, non_numeric: {} });
  });

  it('reports validation values training never saw and non-numbers in a numeric column in the text report', async () => {
    const trainingData = iris.slice(0, 120).map((r, i) => ({ ...r, sepal_width: i % 40 === 0 ? 'n/a' : r.sepal_width }));
    const validationData = [...iris.slice(120), { ...iris[0], species: 'unicorn' }];
    await writeFile(p('odd-data.json'), JSON.stringify({ trainingData, validationData }));
    const r = await run('neural', 'train', '--model', p('mlp.json'), '--data', p('odd-data.json'), '--epochs', '3', '--out', p('odd.clf'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Validation records: 1 record of a class training never saw \(skipped\)\./);
    expect(r.out).toMatch(/sepal_width: 3 training values not a number \(e\.g\. "n\/a"\), treated as missing/);
  });

  it('predict lists the fields a record lacks, the ones the model does not read, and the ones it cannot use', async () => {
    await writeFile(p('odd.json'), JSON.stringify({ sepal_length: 6.9, petal_length: 'long', petal_width: 2.1, colour: 'blue' }));
    const r = await run('neural', 'predict', '--model', p('iris.clf'), '--input', p('odd.json'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/warning: missing sepal_width \(encoded as missing\)/);
    expect(r.out).toMatch(/warning: not usable as given: petal_length/);
    expect(r.out).toMatch(/warning: not read by this model: colour \(ignored\)/);
    const json = JSON.parse((await run('neural', 'predict', '--model', p('iris.clf'), '--input', p('odd.json'), '--json')).out);
    expect(json.input_warnings).toEqual({ missing: ['sepal_width'], unknown: ['colour'], unusable: ['petal_length'] });
  });

  it('quantize --data with data lacking the target says so, exits non-zero and writes nothing', async () => {
    const r = await run('neural', 'quantize', '--model', p('iris.clf'), '--data', p('features.json'), '--out', p('never.clf'), '--json');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/features\.json: data: target 'species' cannot be measured: none of the 150 records has a usable 'species'/);
    expect(r.out).toBe('');
    await expect(readFile(p('never.clf'))).rejects.toThrow(/ENOENT/);
  });

  it('refuses non-finite outputs with a clear message and a non-zero exit instead of printing null probabilities', async () => {
    // A sound model fed values beyond float32's range once scaled: refused by name before any output is read.
    await writeFile(p('huge.json'), JSON.stringify({ sepal_length: 3e38, sepal_width: -3e38, petal_length: 3e38, petal_width: 3e38 }));
    const r = await run('neural', 'predict', '--model', p('iris.clf'), '--input', p('huge.json'), '--json');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^safla: .*iris\.clf: record 1 holds values beyond float32's range once scaled \(sepal_length, sepal_width, petal_width\)/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});
