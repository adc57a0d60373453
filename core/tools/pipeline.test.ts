// train_pipeline_run's progress: the host hands over the pipeline's events, the tool words them (strategy runs done of all asked for), whatever the host; the call's signal reaches the host.
import { describe, expect, it } from 'vitest';
import type { PipelineRunOutput } from '../pipeline/api';
import type { ProgressEvent, StrategyRun } from '../pipeline/iteration';
import type { RunScore } from '../pipeline/scoring';
import type { Strategy } from '../pipeline/strategies/types';
import { callTool } from './call';
import { TOOLS } from './catalog';
import type { PipelineControl, PipelineRunRequest, ToolContext, ToolProgress } from './context';
import { createJobBoard } from './jobs';

const task = { id: 'easy-validator-3', template: 'validator', complexity: 'easy' as const, seed: 3, title: 'An email validator', description: '' };

function run(strategy: Strategy, score: RunScore, lint: 'pass' | 'fail' | 'not-run'): StrategyRun {
  const label = { runner: 'node' as const, engine: 'node', version: '20' };
  return { strategy, run_id: 1, changes: [], score, result: { label, test: { status: 'pass', duration_ms: 1, tests: [] }, lint: { status: lint, duration_ms: 1, messages: [] }, duration_ms: 2 } };
}

/** A host whose run replays the events of two iterations of one strategy each (what runIteration emits), and keeps what it was handed. */
function host(events: [ProgressEvent, number][]) {
  const seen: { request?: PipelineRunRequest; control?: PipelineControl } = {};
  const ctx = {
    jobs: createJobBoard(() => 0),
    log: () => {},
    pipeline: {
      runners: ['node'],
      async run(request: PipelineRunRequest, control: PipelineControl) {
        Object.assign(seen, { request, control });
        for (const [e, i] of events) control.onProgress?.(e, i);
        return { action: 'run' } as PipelineRunOutput;
      },
    },
  } as unknown as ToolContext;
  return { ctx, seen };
}

describe('train_pipeline_run', () => {
  it('reports each task and each strategy run as tool progress, counting strategy runs of all the run asked for', async () => {
    const scored: RunScore = { scored: true, successRate: 1, executionMs: 900, bonus: 0.25, score: 82.14 };
    const unscored: RunScore = { scored: false, reason: 'the runner was not available' };
    const { ctx, seen } = host([
      [{ type: 'task', iteration_id: 'a', task }, 0],
      [{ type: 'strategy-start', iteration_id: 'a', strategy: 'balanced', index: 0, total: 1 }, 0],
      [{ type: 'strategy-done', iteration_id: 'a', strategy: 'balanced', index: 0, total: 1, run: run('balanced', scored, 'pass') }, 0],
      [{ type: 'done', iteration_id: 'a' }, 0],
      [{ type: 'task', iteration_id: 'b', task: { ...task, id: 'easy-validator-4', seed: 4 } }, 1],
      [{ type: 'strategy-done', iteration_id: 'b', strategy: 'balanced', index: 0, total: 1, run: run('balanced', unscored, 'not-run') }, 1],
    ]);
    const progress: ToolProgress[] = [];
    const signal = new AbortController().signal;
    const r = await callTool(TOOLS, 'train_pipeline_run', { complexity: 'easy', iterations: 2, strategy: 'balanced', seed: 3 }, ctx, { signal, onProgress: (p) => progress.push(p) });
    expect(r.isError).toBeUndefined();
    expect(progress).toEqual([
      { progress: 0, total: 2, message: 'iteration 1/2: An email validator (easy-validator-3)' },
      { progress: 1, total: 2, message: 'balanced: tests pass, lint pass (0 messages), 2 ms, score 82.1 on node (node, 20)' },
      { progress: 1, total: 2, message: 'iteration 2/2: An email validator (easy-validator-4)' },
      { progress: 2, total: 2, message: 'balanced: not run on node (node, 20): the runner was not available' },
    ]);
    expect(seen.request).toEqual({ complexity: 'easy', iterations: 2, strategy: 'balanced', seed: 3, runner: 'node', validate: false });
    expect(seen.control?.signal).toBe(signal);
  });

  it('counts every strategy when none is named', async () => {
    const { ctx } = host([[{ type: 'task', iteration_id: 'a', task }, 0]]);
    const progress: ToolProgress[] = [];
    await callTool(TOOLS, 'train_pipeline_run', { complexity: 'easy' }, ctx, { onProgress: (p) => progress.push(p) });
    expect(progress).toEqual([{ progress: 0, total: 3, message: 'iteration 1/1: An email validator (easy-validator-3)' }]);
  });
});
