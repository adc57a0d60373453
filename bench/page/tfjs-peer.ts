// The tfjs peer: @tensorflow/tfjs-backend-wasm, single-threaded SIMD, wasm files served by the bench page.
import { setWasmPaths, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { BenchMlp, BenchPeer, BenchTask, MlpCase } from '../../workers/compute/bench/peer';
import type { ReplayTrainer } from '../models/iris';
import type { BenchEnv } from './messages';

/** Sets up the wasm backend and reports what it actually runs with (backend name, SIMD, threads, flags). */
export async function initTfjs(wasmBase: string): Promise<BenchEnv['tfjs']> {
  setWasmPaths(wasmBase);
  // The threaded build hangs when bundled; measure the single-threaded SIMD build.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs: the wasm backend did not initialise');
  await tf.ready();
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  const multithread = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
  return {
    versionCore: tf.version_core,
    versionLayers: tfl.version_layers,
    versionWasm: version_wasm,
    backend: tf.getBackend(),
    simd,
    multithread,
    flags: { ...tf.env().getFlags() },
  };
}

function tensorTask(make: () => tf.Tensor, inputs: tf.Tensor[]): BenchTask {
  let out: Float32Array = new Float32Array(0);
  return {
    run: () => {
      const t = make();
      out = t.dataSync() as Float32Array;
      t.dispose();
    },
    output: () => out,
    dispose: () => tf.dispose(inputs),
  };
}

function buildModel(c: MlpCase): tfl.Sequential {
  const layers = c.spec.layers;
  const model = tfl.sequential();
  for (let l = 1; l < layers.length; l++) {
    const act = layers[l].activation;
    if (act !== 'relu' && act !== 'softmax' && act !== 'linear') throw new Error(`tfjs peer: activation ${act} not mapped`);
    model.add(tfl.layers.dense({ units: layers[l].size, activation: act, ...(l === 1 ? { inputShape: [layers[0].size] } : {}) }));
  }
  const o = c.spec.optimizer;
  if (o.type !== 'adam' || c.spec.loss !== 'softmax_cross_entropy') throw new Error('tfjs peer: only Adam with softmax cross-entropy is mapped');
  model.compile({ optimizer: tf.train.adam(o.learningRate, o.beta1, o.beta2, o.epsilon), loss: 'categoricalCrossentropy' });
  // Same starting weights as ours: initParams' [W (in×out), b] per layer is tfjs Dense's [kernel, bias].
  const weights = c.params.map((p, i) => {
    const shape = i % 2 === 0 ? [c.spec.layers[i / 2].size, c.spec.layers[i / 2 + 1].size] : [p.length];
    return tf.tensor(p, shape);
  });
  model.setWeights(weights);
  tf.dispose(weights);
  return model;
}

export const tfjsWasmPeer: BenchPeer = {
  name: 'tfjs-wasm',
  includes: {
    sgemm: 'tfjs-wasm: tf.matMul on tensors made beforehand + dataSync() reading C back + disposing it',
    mlp_train: 'tfjs-wasm: tfjs-layers model.fit(x, y, {batchSize, epochs: 1, shuffle: false}) on tensors made beforehand',
    predict: 'tfjs-wasm: model.predict(tensor made beforehand, {batchSize: rows}).dataSync() + dispose',
  },
  prepareSgemm(n, a, b) {
    const ta = tf.tensor2d(a, [n, n]);
    const tb = tf.tensor2d(b, [n, n]);
    return tensorTask(() => tf.matMul(ta, tb), [ta, tb]);
  },
  prepareMlp(c): BenchMlp {
    const inputs = c.spec.layers[0].size;
    const outputs = c.spec.layers[c.spec.layers.length - 1].size;
    const model = buildModel(c);
    const x = tf.tensor2d(c.x, [c.samples, inputs]);
    const y = tf.tensor2d(c.y, [c.samples, outputs]);
    return {
      trainEpoch: async () => {
        await model.fit(x, y, { batchSize: c.batch, epochs: 1, shuffle: false, verbose: 0 });
      },
      predictTask: (rows) => {
        const xr = tf.tensor2d(c.x.subarray(0, rows * inputs), [rows, inputs]);
        // batchSize = rows: one forward pass, as ours does (tfjs-layers would otherwise split into batches of 32).
        return tensorTask(() => model.predict(xr, { batchSize: rows }) as tf.Tensor, [xr]);
      },
      dispose: () => {
        tf.dispose([x, y]);
        model.dispose();
      },
    };
  },
};

/**
 * The same Dense model (same starting weights and Adam constants) trained one batch at a time with trainOnBatch, for the
 * models suite's accuracy comparison on train()'s batches.
 */
export function tfjsTrainer(c: MlpCase): ReplayTrainer {
  const inputs = c.spec.layers[0].size;
  const outputs = c.spec.layers[c.spec.layers.length - 1].size;
  const model = buildModel(c);
  return {
    trainBatch: async (x, y, b) => {
      const tx = tf.tensor2d(x, [b, inputs]);
      const ty = tf.tensor2d(y, [b, outputs]);
      try {
        await model.trainOnBatch(tx, ty);
      } finally {
        tf.dispose([tx, ty]);
      }
    },
    predict: (x, rows) => {
      const tx = tf.tensor2d(x, [rows, inputs]);
      const out = model.predict(tx, { batchSize: rows }) as tf.Tensor;
      const v = out.dataSync() as Float32Array;
      tf.dispose([tx, out]);
      return v;
    },
    dispose: () => model.dispose(),
  };
}
