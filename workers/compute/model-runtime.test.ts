// Models on the kernel agree with core's plain inference (float and int8) on every runnable build; the cache caps, expires and frees.
import { irisRecords } from '../../core/datasets/iris.fixture';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelArtifact } from '../../core/format/clf';
import { parseModelConfig } from '../../core/models/config';
import { encodeRecords } from '../../core/models/featurizer';
import { inferPlain, quantizeModel, trainModel } from '../../core/models/model-ops';
import { createWasmPort } from '../../kernel/js/network';
import { loadKernelNode, runnableFlavors } from '../../kernel/js/node';
import { referencePort } from '../../kernel/reference/mlp';
import { loadOnKernel, ModelCache, type LoadedModel } from './model-runtime';

const iris = irisRecords();
let float: ModelArtifact;
let int8: ModelArtifact;
let x: Float32Array;
let n: number;

beforeAll(async () => {
  const config = parseModelConfig({
    architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 24, activation: 'tanh' }, { type: 'hidden', size: 12, activation: 'relu' }, { type: 'output', activation: 'softmax' }] },
    training: { target: 'species', epochs: 40, learning_rate: 0.01, seed: 9 },
  });
  float = (await trainModel(referencePort, config, { trainingData: iris }, { now: () => 0, wallClock: () => 0 })).artifact;
  int8 = quantizeModel(float).artifact;
  // 1,500 rows: more than one kernel batch of 1,024.
  const rows = Array.from({ length: 10 }, () => iris).flat();
  const enc = encodeRecords(float.schema, rows);
  x = enc.x;
  n = enc.n;
});

function maxDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('loadOnKernel', () => {
  for (const flavor of runnableFlavors()) {
    it(`${flavor}: float and int8 models match core's plain inference`, async () => {
      const kernel = await loadKernelNode(flavor);
      const port = createWasmPort(kernel);
      const live = kernel.liveBuffers;
      const f = loadOnKernel(kernel, port, float);
      const q = loadOnKernel(kernel, port, int8);
      expect(q.path).toBe(`wasm-${flavor}-int8`);
      expect(maxDiff(f.infer(x, n), inferPlain(float, x, n))).toBeLessThan(1e-5);
      expect(maxDiff(q.infer(x, n), inferPlain(int8, x, n))).toBeLessThan(1e-5);
      q.dispose();
      f.dispose();
      expect(kernel.liveBuffers).toBe(live);
    });
  }
});

function fake(name: string, disposed: string[]): LoadedModel {
  return { artifact: float, path: name, infer: () => new Float32Array(0), dispose: () => disposed.push(name) };
}

describe('ModelCache', () => {
  it('keeps at most maxModels, dropping the least recently used, and counts hits and misses', () => {
    const disposed: string[] = [];
    let t = 0;
    const cache = new ModelCache({ maxModels: 2, ttlMs: 1000, now: () => t });
    cache.get('a', () => fake('a', disposed));
    cache.get('b', () => fake('b', disposed));
    cache.get('a', () => fake('a2', disposed));
    cache.get('c', () => fake('c', disposed));
    expect(disposed).toEqual(['b']);
    expect(cache.stats()).toEqual({ models: 2, hits: 1, misses: 3, evictions: 1 });
    t = 5000;
    expect(cache.expire()).toBe(2);
    expect(disposed).toEqual(['b', 'a', 'c']);
    expect(cache.stats().models).toBe(0);
  });

  it('forgets names: a model is unloaded once no name it was asked for is left', () => {
    const disposed: string[] = [];
    const cache = new ModelCache({ now: () => 0 });
    cache.get('sha256:a', () => fake('a', disposed), 'm@1.0.0');
    cache.get('sha256:a', () => fake('a2', disposed), 'copy@1.0.0');
    cache.get('sha256:b', () => fake('b', disposed), 'm@1.1.0');
    cache.get('sha256:c', () => fake('c', disposed));
    expect(cache.forget((name) => name.startsWith('m@'))).toBe(1);
    expect(disposed).toEqual(['b']);
    expect(cache.forget((name) => name === 'copy@1.0.0')).toBe(1);
    expect(disposed).toEqual(['b', 'a']);
    expect(cache.stats()).toMatchObject({ models: 1, evictions: 0 });
  });
});
