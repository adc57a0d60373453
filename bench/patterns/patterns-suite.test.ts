// The patterns suite on a small plan in node: every row, finite figures, the accuracy rows equal to the classifier's own figures, the workload.
import { describe, expect, it } from 'vitest';
import { shippedDataset } from '../../core/patterns/dataset';
import { runPatternsBench } from './run-patterns';
import { workload } from './patterns-suite';

describe('patterns bench suite', () => {
  it('measures analyze latency, learn throughput, training against the reference network, and accuracy against both baselines', async () => {
    const { rows, env } = await runPatternsBench({ plan: { recorded: 30, passes: 1, trainings: 1 } });
    expect(rows.map((r) => r.name)).toEqual(['patterns_analyze', 'patterns_learn', 'patterns_analyze_engine_host', 'patterns_learn_engine_host', 'patterns_classifier_training', 'patterns_accuracy_vs_keywords', 'patterns_accuracy_vs_majority']);
    for (const r of rows) {
      expect(Number.isFinite(r.ours) && r.ours > 0, r.name).toBe(true);
      expect(r.detail, r.name).toBeTruthy();
    }
    const acc = rows.find((r) => r.name === 'patterns_accuracy_vs_keywords')!;
    expect(acc.ours).toBeGreaterThan(acc.peer!);
    expect(rows.find((r) => r.name === 'patterns_classifier_training')).toMatchObject({ peer_name: 'plain-TS reference network' });
    expect(env.kernel).toMatch(/^wasm-/);
  }, 240_000);

  it('runs only the filtered cases, and builds a load of distinct operations', async () => {
    const { rows } = await runPatternsBench({ plan: { recorded: 10, passes: 1, trainings: 1 }, filter: 'patterns_accuracy' });
    expect(rows.map((r) => r.name)).toEqual(['patterns_accuracy_vs_keywords', 'patterns_accuracy_vs_majority']);
    const load = workload(shippedDataset().examples, 1100);
    expect(new Set(load.map((w) => JSON.stringify(w.operation))).size).toBe(1100);
  }, 120_000);
});
