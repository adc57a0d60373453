// Bin test cases for `safla neural train|predict|quantize|export` on files (run by bin.test.ts after it rebuilt the bundle).
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { expect, it } from 'vitest';
import { decodeClf } from '../core/format/clf';
import { INT8_EXPORT_NOTE, ONNX_INPUT, ONNX_OUTPUT } from '../core/format/onnx';
import { encodeRecords } from '../core/models/featurizer';
import { inferPlain } from '../core/models/model-ops';
import { irisRecords } from '../core/datasets/iris.fixture';
import { safla } from './bin-support';

export function neuralCases(folder: () => string): void {
  const p = (name: string) => join(folder(), name);

  it('train: iris from a config file reaches ≥ 0.93 validation accuracy; --json prints the worker API result', async () => {
    const r = await safla(folder(), 'neural', 'train', '--model', 'iris-mlp.json', '--data', 'iris.json', '--out', 'iris.clf', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ success: true, modelId: 'iris-mlp', epochs: 150, status: 'completed', file: 'iris.clf', version: '1.0.0' });
    expect(result.accuracy).toBeGreaterThanOrEqual(0.93);
    expect(result.details).toMatchObject({ validation_records: 45, validation_source: 'split', target: 'species' });
    expect(decodeClf(new Uint8Array(await readFile(p('iris.clf')))).metrics.val_accuracy).toBe(result.accuracy);
  }, 120_000);

  it('predict: prediction, confidence and reasoning from similar examples', async () => {
    const r = await safla(folder(), 'neural', 'predict', '--model', 'iris.clf', '--input', 'flower.json', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.prediction).toBe('virginica');
    expect(out.confidence).toBeGreaterThan(0.5);
    expect(out.reasoning).toMatch(/of 9 similar records were 'virginica'/);
  });

  it('quantize: int8 file with accuracy measured before and after on the validation records', async () => {
    const r = await safla(folder(), 'neural', 'quantize', '--model', 'iris.clf', '--data', 'iris.json', '--out', 'iris-q.clf', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ bits: 8, validation_records: 45 });
    expect(decodeClf(new Uint8Array(await readFile(p('iris-q.clf')))).weights.kind).toBe('int8');
  });

  it('export --format onnx: writes a model onnxruntime runs with our outputs (float and int8)', async () => {
    ort.env.wasm.numThreads = 1;
    for (const name of ['iris', 'iris-q']) {
      const r = await safla(folder(), 'neural', 'export', '--model', `${name}.clf`, '--format', 'onnx', '--output', `${name}.onnx`, '--json');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const result = JSON.parse(r.stdout);
      expect(result).toMatchObject({ format: 'onnx', file: `${name}.onnx` });
      // An int8 export says what it computes; a float one has nothing to qualify.
      expect(result.computes).toBe(name === 'iris-q' ? INT8_EXPORT_NOTE : undefined);
      const model = decodeClf(new Uint8Array(await readFile(p(`${name}.clf`))));
      const { x, n } = encodeRecords(model.schema, irisRecords());
      const session = await ort.InferenceSession.create(new Uint8Array(await readFile(p(`${name}.onnx`))), { executionProviders: ['wasm'] });
      const got = (await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', x, [n, model.spec.layers[0].size]) }))[ONNX_OUTPUT].data as Float32Array;
      await session.release();
      const want = inferPlain(model, x, n);
      let worst = 0;
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
      expect(worst).toBeLessThanOrEqual(1e-4);
    }
  });

  it('export --format clf: writes a copy that decodes to the same model', async () => {
    const r = await safla(folder(), 'neural', 'export', '--model', 'iris.clf', '--format', 'clf', '--output', 'copy.clf');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Exported iris-mlp as clf to copy\.clf/);
    expect(existsSync(p('copy.clf'))).toBe(true);
  });

  it('train saves each run as the model\'s next version; predict, quantize and export take a registry id', async () => {
    const again = await safla(folder(), 'neural', 'train', '--model', 'iris-mlp.json', '--data', 'iris.json', '--epochs', '20', '--out', 'iris-20.clf');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Saved: iris-mlp@1\.1\.0 in .*\.safla/);
    // The latest version (20 epochs) and the first (150) are both there, and answer as their files do.
    for (const [ref, file] of [['iris-mlp', 'iris-20.clf'], ['iris-mlp@1.0.0', 'iris.clf']]) {
      const byId = JSON.parse((await safla(folder(), 'neural', 'predict', '--model', ref, '--input', 'flower.json', '--json')).stdout);
      const byFile = JSON.parse((await safla(folder(), 'neural', 'predict', '--model', file, '--input', 'flower.json', '--json')).stdout);
      expect(byId).toEqual(byFile);
    }
    const q = await safla(folder(), 'neural', 'quantize', '--model', 'iris-mlp@1.0.0', '--data', 'iris.json', '--json');
    expect(q.code).toBe(0);
    expect(JSON.parse(q.stdout)).toMatchObject({ bits: 8, version: '1.2.0', file: null, validation_records: 45 });
    const e = await safla(folder(), 'neural', 'export', '--model', 'iris-mlp', '--format', 'onnx', '--json');
    expect(JSON.parse(e.stdout)).toMatchObject({ modelId: 'iris-mlp', file: 'iris-mlp.onnx', computes: INT8_EXPORT_NOTE });
    expect(existsSync(p('iris-mlp.onnx'))).toBe(true);
    const missing = await safla(folder(), 'neural', 'predict', '--model', 'iris-mlp@9.9.9', '--input', 'flower.json');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/iris-mlp has no version 9\.9\.9 \(it has 1\.2\.0, 1\.1\.0, 1\.0\.0\)/);
  }, 120_000);

  it('train --validate prints the confusion matrix of the validation records (and --json holds it)', async () => {
    const text = await safla(folder(), 'neural', 'train', '--model', 'iris-mlp.json', '--data', 'iris.json', '--epochs', '30', '--validate', '--out', 'v.clf');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Validation confusion matrix \(45 records\):\n\s+true \\ predicted\s+setosa\s+versicolor\s+virginica\n\s+setosa\s+15 /);
    const json = JSON.parse((await safla(folder(), 'neural', 'train', '--model', 'iris-mlp.json', '--data', 'iris.json', '--epochs', '30', '--validate', '--out', 'v.clf', '--json')).stdout);
    expect(json.validation.labels).toEqual(['setosa', 'versicolor', 'virginica']);
    const m = json.validation.matrix as number[][];
    // Rows are true classes: 15 of each in the stratified 45; the diagonal over the total is the reported accuracy.
    expect(m.map((r) => r.reduce((a, b) => a + b, 0))).toEqual([15, 15, 15]);
    expect((m[0][0] + m[1][1] + m[2][2]) / 45).toBeCloseTo(json.accuracy, 10);
  }, 120_000);

  it('--help shows a config example that trains as printed, on the data it describes', async () => {
    const help = await safla(folder(), '--help');
    expect(help.code).toBe(0);
    const start = help.stdout.indexOf('A model config');
    const json = help.stdout.slice(help.stdout.indexOf('{', start), help.stdout.indexOf('\n}\n', start) + 2);
    await writeFile(p('help-config.json'), json);
    const r = await safla(folder(), 'neural', 'train', '--model', 'help-config.json', '--data', 'iris.json', '--out', 'help.clf', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ success: true, modelId: 'iris-classifier', details: { target: 'species', validation_records: 45 } });
    expect(JSON.parse(r.stdout).accuracy).toBeGreaterThan(0.9);
  }, 120_000);
}
