// Bin test cases for `safla neural train|predict|quantize|export` on files (run by bin.test.ts after it rebuilt the bundle).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
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
    expect(result).toMatchObject({ success: true, modelId: 'iris-mlp', epochs: 150, status: 'completed', file: 'iris.clf' });
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
}
