// The pipeline's wording of a run: check outcomes with their counts, a strategy run scored or not, where it ran and why another runner ran instead.
import { describe, expect, it } from 'vitest';
import type { StrategyRun } from './iteration';
import { scoreRun } from './scoring';
import { lintText, ms, progressText, runText, strategyRunText, testsText } from './text';
import { resultOf } from './test-support';

const withTests = resultOf('fail', 'pass', 300, 512);
withTests.test.tests = [{ name: 'a', status: 'pass', duration_ms: 1 }, { name: 'b', status: 'fail', duration_ms: 1, error: 'x' }];

const run = (r = withTests): StrategyRun => ({ strategy: 'balanced', run_id: 1, changes: [], result: r, score: scoreRun('balanced', r) });

describe('pipeline text', () => {
  it('words checks with their counts, and only the status when there is nothing to count', () => {
    expect(testsText(withTests)).toBe('fail (1/2 passed)');
    expect(testsText(resultOf('timeout', 'pass'))).toBe('timeout');
    expect(lintText(withTests)).toBe('pass (0 messages)');
    expect(lintText(resultOf('pass', 'error'))).toBe('error');
    expect([ms(812.4), ms(12_345)]).toEqual(['812 ms', '12.3 s']);
  });

  it('says how a strategy run went and where, or why it was not run', () => {
    expect(strategyRunText(run())).toMatch(/^balanced: tests fail \(1\/2 passed\), lint pass \(0 messages\), 812 ms, score \d+\.\d on node \(node v20, npm 11\)$/);
    expect(strategyRunText(run(resultOf('not-run', 'not-run')))).toBe('balanced: not run on node (node v20, npm 11): not-run for the test');
    const fellBack = { ...withTests, fallback: { requested: 'webcontainer' as const, reason: 'offline' } };
    expect(runText(fellBack)).toBe('tests fail (1/2 passed), lint pass (0 messages), 812 ms on node (node v20, npm 11), asked for webcontainer: offline');
  });

  it('gives progress for a task starting and a strategy run ending, nothing for the rest', () => {
    const task = { id: 'slugify-3', template: 'slugify', complexity: 'easy' as const, seed: 3, title: 'Slugify', description: '' };
    expect(progressText({ type: 'task', iteration_id: 'i', task }, 0, 2)).toBe('iteration 1/2: Slugify (slugify-3)');
    expect(progressText({ type: 'strategy-done', iteration_id: 'i', strategy: 'balanced', index: 0, total: 1, run: run() }, 0, 2)).toBe(strategyRunText(run()));
    expect(progressText({ type: 'done', iteration_id: 'i' }, 0, 2)).toBeUndefined();
  });
});
