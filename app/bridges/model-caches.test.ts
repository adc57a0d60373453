// Deleted models leave every tab's compute workers: two tabs' engine bridges (stand-in workers over real Engines sharing one database and channel), each with a compute bridge over the worker's real model functions.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../core/db/migrations';
import { irisRecords } from '../../core/datasets/iris.fixture';
import { loadKernelNode } from '../../kernel/js/node';
import { createModelsApi } from '../../workers/compute/models-api';
import { Engine, type LocksLike } from '../../workers/engine/engine';
import { openMemory, openWorking } from '../../workers/engine/memory-host';
import { openMemoryDb } from '../../workers/engine/sqlite-db';
import type { EngineChange, EngineStatus } from '../../workers/engine/types';
import { ComputeBridge } from './compute';
import { EngineBridge } from './engine';
import { unloadDeletedModels } from './model-caches';
import { standInWorker } from './test-support';

const config = {
  modelId: 'iris',
  architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 8, activation: 'relu' }, { type: 'output', activation: 'softmax' }] },
  training: { target: 'species', epochs: 10, seed: 3 },
};

async function twoTabs() {
  const db = await openMemoryDb();
  migrate(db);
  const channel = `model-caches-test-${process.pid}`;
  // One lock: the first tab holds it for good, the second waits (and so follows).
  let held = false;
  const locks: LocksLike = { request: (_name, cb) => (held ? new Promise(() => {}) : ((held = true), cb())) };
  const engines: Engine[] = [];
  const tab = (tabId: string) => {
    const api = {
      start(id: string, onStatus: (s: EngineStatus) => void, onChange: (c: EngineChange) => void) {
        const engine = new Engine({ tabId: id, locks, channel: () => new BroadcastChannel(channel), open: async () => ({ db, memory: openMemory(db), vfs: 'memory', close: () => {} }), working: openWorking(), onStatus: (s) => void onStatus(s), onChange: (c) => void onChange(c) });
        engines.push(engine);
        engine.start();
        return engine.status();
      },
      call: (method: string, args: unknown[]) => engines.find((e) => e.tabId === tabId)!.call(method, args),
    };
    const engine = new EngineBridge({ createWorker: () => standInWorker(api).worker, storage: null, tabId });
    const models = createModelsApi({ kernel: () => loadKernelNode(), now: () => performance.now(), wallClock: () => Date.now(), yieldToEvents: () => new Promise((r) => setTimeout(r, 0)) });
    const compute = new ComputeBridge({ createWorker: () => standInWorker(models).worker, idleMs: 60_000 });
    unloadDeletedModels(engine, [compute]);
    engine.start();
    return { engine, compute, models };
  };
  return { tab, dispose: () => engines.forEach((e) => e.dispose()) };
}

describe('unloadDeletedModels', () => {
  it('unloads a model deleted in one tab from the compute workers of every tab, and one cleaned up too', async () => {
    const world = await twoTabs();
    const a = world.tab('A');
    await expect.poll(() => a.engine.status().role).toBe('owner');
    const b = world.tab('B');
    await expect.poll(() => b.engine.status().role).toBe('follower');
    try {
      const { file } = await a.models.neural_train({ jobId: 't', config, training_data: irisRecords() });
      const saved = await a.engine.call('model_save', { file });
      const record = [{ sepal_length: 5, sepal_width: 3.4, petal_length: 1.5, petal_width: 0.2 }];
      for (const t of [a, b]) await t.compute.predict(`iris@${saved.info.version}`, file, record);
      expect([a.models.modelCacheStats().models, b.models.modelCacheStats().models]).toEqual([1, 1]);

      await b.engine.call('model_delete', { modelId: 'iris', version: saved.info.version });
      await expect.poll(() => [a.models.modelCacheStats().models, b.models.modelCacheStats().models]).toEqual([0, 0]);

      const again = await a.engine.call('model_save', { file });
      for (const t of [a, b]) await t.compute.predict(`iris@${again.info.version}`, file, record);
      await new Promise((r) => setTimeout(r, 5));
      expect(await b.engine.call('model_cleanup', { unusedDays: 0 })).toEqual(['iris']);
      await expect.poll(() => [a.models.modelCacheStats().models, b.models.modelCacheStats().models]).toEqual([0, 0]);
    } finally {
      a.compute.terminate();
      b.compute.terminate();
      world.dispose();
    }
  });
});
