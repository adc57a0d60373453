// Training a catalog template as the app does, in node over real parts: the engine host's catalog on SQLite, the compute worker's training on the kernel; too little data and a bad dataset refused by field, a trained version's measured accuracy shown as the registry holds it.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../core/db/migrations';
import { scoreRun } from '../../core/pipeline/scoring';
import { resultOf } from '../../core/pipeline/test-support';
import { loadKernelNode } from '../../kernel/js/node';
import { createModelsApi } from '../../workers/compute/models-api';
import { openMemory } from '../../workers/engine/memory-host';
import { openMemoryDb } from '../../workers/engine/sqlite-db';
import type { EngineClient } from '../../workers/engine/types';
import { trainCatalog, type CatalogTrainDeps } from './catalog-train';

async function setup() {
  const db = await openMemoryDb();
  migrate(db);
  const host = openMemory(db);
  const engine = { call: async (method: string, ...args: unknown[]) => (host as unknown as Record<string, (...a: unknown[]) => unknown>)[method](...args) } as Pick<EngineClient, 'call'>;
  const worker = createModelsApi({ kernel: () => loadKernelNode(), now: () => performance.now(), wallClock: () => Date.now(), yieldToEvents: () => Promise.resolve() });
  let job = 0;
  const pool: CatalogTrainDeps['pool'] = { train: (req, onEpoch) => ({ done: worker.neural_train({ ...req, jobId: `j${++job}` }, onEpoch) }) };
  const record = (strategy: 'aggressive' | 'conservative', pass: boolean, i: number) => {
    const result = resultOf(pass ? 'pass' : 'fail', 'pass');
    host.pipeline_record_run({ iteration_id: `i${i}`, task_id: `t${i}`, template: ['slugify', 'palindrome'][i % 2], complexity: 'easy', seed: i, strategy, result, score: scoreRun(strategy, result), changes: [], created_at: i });
  };
  return { host, engine, pool, record };
}

describe('trainCatalog (the app\'s path)', () => {
  it('refuses too little recorded data with the count, and a dataset field that does not fit by name', async () => {
    const { engine, pool, record } = await setup();
    for (let i = 0; i < 5; i++) record('conservative', true, i);
    await expect(trainCatalog({ engine, pool }, { name: 'adaptive-coordinator' }).done).rejects.toMatchObject({ name: 'CatalogInputError', message: expect.stringMatching(/cannot train adaptive-coordinator: 5 usable records .* at least 20/) });
    const rows = Array.from({ length: 22 }, (_, i) => ({ template: 'slugify', complexity: 'easy', strategy: 'balanced', outcome: i % 2 ? 'passed' : 'failed' }));
    rows[4] = { ...rows[4], complexity: 'trivial' };
    await expect(trainCatalog({ engine, pool }, { name: 'adaptive-coordinator', dataset: { name: 'runs.json', data: rows } }).done).rejects.toThrow('catalog: trainingData[4].complexity must be one of easy, medium, hard (got "trivial")');
  });

  it('trains from recorded runs on the compute worker\'s kernel and saves the registry\'s next version, epochs streamed', async () => {
    const { host, engine, pool, record } = await setup();
    for (let i = 0; i < 24; i++) record(i % 2 ? 'aggressive' : 'conservative', i % 2 === 0, i);
    const epochs: number[] = [];
    const r = await trainCatalog({ engine, pool }, { name: 'adaptive-coordinator' }, (m) => epochs.push(m.epoch)).done;
    expect(epochs.length).toBeGreaterThan(0);
    const v = host.model_versions('catalog-adaptive-coordinator')[0];
    expect(r.entry.trained).toMatchObject({ version: v.version, accuracy: v.accuracy, data: 'recorded', records: 24, through_id: 24 });
    expect(r.training_ms).toBeGreaterThan(0);
    expect(host.model_history({ modelId: 'catalog-adaptive-coordinator' }).map((h) => h.epoch)).toEqual(epochs);
  });
});
