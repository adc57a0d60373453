// Shared by the catalog and loop tests (node only): a migrated in-memory database with the registry, pipeline store and memory over it, and recorded pipeline runs made from statuses.
import { openMemoryDb } from '../../workers/engine/sqlite-db';
import { migrate } from '../db/migrations';
import { createMemory } from '../memory/memory';
import { createModelStore } from '../models/model-store';
import { scoreRun } from '../pipeline/scoring';
import { createPipelineStore } from '../pipeline/store';
import type { Strategy } from '../pipeline/strategies/types';
import type { Complexity } from '../pipeline/task';
import { resultOf } from '../pipeline/test-support';
import type { CheckStatus } from '../pipeline/runner';

export async function catalogDb() {
  const db = await openMemoryDb();
  migrate(db);
  let t = 1_700_000_000_000;
  const clock = () => t;
  const models = createModelStore(db, clock);
  const pipeline = createPipelineStore(db);
  const memory = createMemory({ db, clock });
  let n = 0;
  /** Records one scored strategy run (its profile learns from it), as a runner would have reported it. */
  const recordRun = (o: { template?: string; complexity?: Complexity; strategy: Strategy; test: CheckStatus; lint?: CheckStatus; ms?: number; iteration?: string }) => {
    n++;
    t += 1000;
    const result = resultOf(o.test, o.lint ?? 'pass', o.ms ?? 150, 60);
    return pipeline.recordStrategyRun({
      iteration_id: o.iteration ?? `it-${n}`, task_id: `${o.template ?? 'palindrome'}-${n}`, template: o.template ?? 'palindrome', complexity: o.complexity ?? 'easy', seed: n,
      strategy: o.strategy, result, score: scoreRun(o.strategy, result), changes: [], created_at: t,
    });
  };
  return { db, models, pipeline, memory, clock, advance: (ms: number) => (t += ms), recordRun };
}
