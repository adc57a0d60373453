// One real pipeline iteration per level, end to end: generated task, three strategies through npm test and npm run lint, scores, profiles and log in SQLite; every number finite, every result labelled.
import { beforeAll, describe, expect, it } from 'vitest';
import { openMemoryDb } from '../../workers/engine/sqlite-db';
import { migrate } from '../../core/db/migrations';
import { runIteration, type ProgressEvent } from '../../core/pipeline/iteration';
import { createPipelineStore, type PipelineStore } from '../../core/pipeline/store';
import { COMPLEXITIES } from '../../core/pipeline/task';
import { nonFinite } from '../../core/pipeline/test-support';
import { createNodeRunner } from './node-runner';

let store: PipelineStore;
const runner = createNodeRunner();

beforeAll(async () => {
  const db = await openMemoryDb();
  migrate(db);
  store = createPipelineStore(db);
});

describe('runIteration through the node runner', () => {
  it.each(COMPLEXITIES)('%s: one task under three strategies, scored, learned, stored', async (level) => {
    const events: ProgressEvent[] = [];
    const r = await runIteration({ complexity: level, seed: 2024, runner, store, onProgress: (e) => events.push(e) });
    expect(r.cancelled).toBe(false);
    expect(r.runs.map((x) => x.strategy)).toEqual(['conservative', 'balanced', 'aggressive']);
    for (const run of r.runs) {
      expect(run.result.label).toEqual({ runner: 'node', engine: `node ${process.version}`, version: expect.stringMatching(/^npm \d/) });
      expect(run.score.scored).toBe(true);
      expect(store.run(run.run_id)).toMatchObject({ label: run.result.label, strategy: run.strategy });
    }
    const [conservative, balanced, aggressive] = r.runs;
    expect(conservative.result.test.status).toBe('pass');
    expect(balanced.result.test.status).toBe('pass');
    expect(aggressive.result.test.status).toBe('fail');
    // The learning signal is real: the version without guards scores lower than the one with them.
    expect(aggressive.score.scored && conservative.score.scored && aggressive.score.score < conservative.score.score).toBe(true);
    expect(events.filter((e) => e.type === 'strategy-done')).toHaveLength(3);
    expect(nonFinite(r)).toEqual([]);
    expect(nonFinite(store.runs({ iteration_id: r.iteration_id }))).toEqual([]);
    expect(nonFinite(store.loadProfiles())).toEqual([]);
    expect(store.exportLogJsonl()).not.toMatch(/Infinity|NaN/);
  }, 180_000);

  it('has learned from all three levels', () => {
    expect(store.loadProfiles().map((p) => p.uses)).toEqual([3, 3, 3]);
    expect(store.runs()).toHaveLength(9);
  });
});
