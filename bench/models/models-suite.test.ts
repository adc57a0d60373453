// The models suite in node with plain JS as the only peer: row shapes, measured accuracies, and the helpers' fidelity to train().
import { describe, expect, it } from 'vitest';
import type { KernelPort, TrainableNetwork } from '../../core/nn/port';
import { train } from '../../core/training/train';
import { loadKernelNode } from '../../kernel/js/node';
import { referencePort } from '../../kernel/reference/mlp';
import { QUICK_PLAN } from '../../workers/compute/bench/suite';
import { epochMlp, epochOrders, IRIS_EPOCHS, irisMlpCase, irisSetup, portTrainer, replayValidation } from './iris';
import { runModelsSuite } from './models-suite';
import { outputAgreement, plainInt8, QUANT_ROWS, quantCase } from './quantized';

describe('iris case', () => {
  it("is train()'s split, network and batches", () => {
    const s = irisSetup();
    expect([s.train.n, s.validation.n, s.batch]).toEqual([105, 45, 16]);
    expect(s.spec.layers.map((l) => [l.size, l.activation])).toEqual([[4, 'linear'], [16, 'relu'], [3, 'softmax']]);
    expect(s.spec.optimizer).toMatchObject({ type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    const [e1, e2] = epochOrders(s, 2);
    expect(e1.toSorted((a, b) => a - b)).toEqual(Array.from({ length: 105 }, (_, i) => i));
    expect(e2).not.toEqual(e1);
    const c = irisMlpCase(s);
    expect([c.samples, c.batch, c.x.length, c.y.length]).toEqual([105, 16, 105 * 4, 105 * 3]);
  });

  it("replaying train()'s batches on a port reaches exactly train()'s validation accuracy and loss", async () => {
    const s = irisSetup();
    const epochs = 20;
    const outcome = await train(referencePort, s.config, s.data, { now: () => 0 }, epochs);
    const replay = await replayValidation(s, portTrainer(referencePort, s), epochs);
    expect(replay.accuracy).toBe(outcome.validation.accuracy);
    expect(replay.loss).toBeCloseTo(outcome.validation.loss, 6);
  });

  it('an epoch covers every row: full batches, then the remainder', () => {
    const s = irisSetup();
    const sizes: number[] = [];
    const fake: KernelPort = {
      name: 'counting',
      createNetwork: (spec) => ({ spec, trainStep: (_x: Float32Array, _y: Float32Array, b: number) => { sizes.push(b); return 0; }, dispose: () => {} }) as unknown as TrainableNetwork,
    };
    epochMlp(fake, irisMlpCase(s)).trainEpoch();
    expect(sizes).toEqual([16, 16, 16, 16, 16, 16, 9]);
  });
});

describe('quantized case', () => {
  it('int8 weights are about a quarter of float, and plain int8 stays close to float', () => {
    const c = quantCase();
    expect(c.weightBytes.float).toBe(4 * (128 * 64 + 64 + 64 * 32 + 32 + 32 * 10 + 10));
    expect(c.weightBytes.int8).toBeLessThan(c.weightBytes.float / 3);
    const out = plainInt8(c, QUANT_ROWS);
    expect(out.length).toBe(QUANT_ROWS * 10);
    expect(outputAgreement(out, out, 10)).toEqual({ maxAbsDiff: 0, argmaxAgreement: 1 });
  });

  it('outputAgreement measures the largest difference and arg-max agreement', () => {
    const a = Float32Array.of(0.1, 0.9, 0.7, 0.3);
    const b = Float32Array.of(0.2, 0.8, 0.4, 0.6);
    const r = outputAgreement(a, b, 2);
    expect(r.maxAbsDiff).toBeCloseTo(0.3, 6);
    expect(r.argmaxAgreement).toBe(0.5);
    expect(() => outputAgreement(a, b.subarray(1), 2)).toThrow(RangeError);
  });
});

describe('models suite', () => {
  it('runs both cases against plain JS and measures the accuracies', async () => {
    const kernel = await loadKernelNode();
    const notes: string[] = [];
    const rows = await runModelsSuite({ kernel, plan: QUICK_PLAN, onNote: (m) => notes.push(m) });
    expect(notes).toEqual([]);
    expect(rows.map((r) => [r.name, r.unit, r.peer_name])).toEqual([
      ['mlp_train_iris', 'samples/s', 'plain-js'],
      ['quantized_predict_batch_1024', 'ms', 'plain-js'],
    ]);
    for (const r of rows) {
      expect(r.ours > 0 && (r.peer as number) > 0 && (r.ratio as number) > 0).toBe(true);
    }
    const [tr, q] = rows;
    expect(tr).toMatchObject({ train_rows: 105, validation_rows: 45, accuracy_epochs: IRIS_EPOCHS });
    expect(tr.ours_val_accuracy).toBeGreaterThanOrEqual(0.93);
    expect(typeof tr.peer_val_accuracy).toBe('number');
    // The plain-TS reference runs the same arithmetic as the kernel, so on the same batches it lands on the same loss.
    expect(tr.peer_val_loss as number).toBeCloseTo(tr.ours_val_loss as number, 3);
    expect(q).toMatchObject({ peer_precision: 'int8', iris_validation_records: 45 });
    expect(q.weight_bytes_int8 as number).toBeLessThan(q.weight_bytes_float as number);
    expect(q.int8_vs_float_argmax_agreement as number).toBeGreaterThan(0.9);
    expect(q.iris_val_accuracy_int8 as number).toBeGreaterThanOrEqual(0.9);
    expect(q.output_check).toMatch(/plain-js int8 outputs vs ours int8/);
    expect(kernel.liveBuffers).toBe(0);
  }, 120_000);

  it('filters cases by name', async () => {
    const kernel = await loadKernelNode();
    expect(await runModelsSuite({ kernel, plan: QUICK_PLAN, filter: 'sgemm' })).toEqual([]);
  });
});
