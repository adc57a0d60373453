// Time of one pipeline iteration per level (one task × 3 strategies, npm test + npm run lint each) through the node runner, printed, never asserted: npm run measure -- cli/pipeline/iteration
import { cpus, loadavg } from 'node:os';
import { describe, expect, it } from 'vitest';
import { openMemoryDb } from '../../workers/engine/sqlite-db';
import { migrate } from '../../core/db/migrations';
import { runIteration } from '../../core/pipeline/iteration';
import { createPipelineStore } from '../../core/pipeline/store';
import { COMPLEXITIES } from '../../core/pipeline/task';
import { createNodeRunner } from './node-runner';

const REPEATS = Number(process.env.SAFLA_MEASURE_N ?? 3);

describe('pipeline iteration through the node runner', () => {
  it('prints the time per level', async () => {
    const db = await openMemoryDb();
    migrate(db);
    const store = createPipelineStore(db);
    const runner = createNodeRunner();
    // One untimed run: npm's and node's first start pays for cold file caches.
    await runIteration({ complexity: 'easy', seed: 1, runner, store });
    for (const level of COMPLEXITIES) {
      const walls: number[] = [];
      const per: string[] = [];
      for (let i = 0; i < REPEATS; i++) {
        const t0 = performance.now();
        const r = await runIteration({ complexity: level, seed: 100 + i, runner, store });
        walls.push(performance.now() - t0);
        expect(r.runs).toHaveLength(3);
        per.push(r.runs.map((x) => `${x.strategy[0]} test ${Math.round(x.result.test.duration_ms)}+lint ${Math.round(x.result.lint.duration_ms)} ms`).join(', '));
      }
      const sorted = walls.toSorted((a, b) => a - b);
      // The machine may be shared: the load average says how much of the wall time was other people's work.
      console.log(`pipeline_iteration_${level} (node runner, ${REPEATS} tasks; load ${loadavg()[0].toFixed(1)} on ${cpus().length} cores): median ${Math.round(sorted[sorted.length >> 1])} ms, min ${Math.round(sorted[0])}, max ${Math.round(sorted[sorted.length - 1])}; ` +
        `${(60_000 / sorted[sorted.length >> 1] * 3).toFixed(1)} task runs/min\n  ${per.join('\n  ')}`);
    }
  });
});
