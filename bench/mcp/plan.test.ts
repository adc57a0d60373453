// The MCP suite's plan covers every catalog tool, its calls succeed in order on a fresh state (so a bench run cannot fail late), and the 1,000-row set is seeded and learnable.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callTool, TOOLS } from '../../core/tools/catalog';
import { loadPort } from '../../cli/kernel';
import { openState } from '../../cli/state';
import { createNodeToolContext } from '../../cli/tool-context';
import { serviceRuns, setupCalls, toolCases, TRAIN_1000_CONFIG } from './plan';

describe('the MCP bench plan', () => {
  it('has a case for every tool of the catalog', () => {
    expect(TOOLS.map((t) => t.name).filter((n) => !toolCases().some((c) => c.tool === n))).toEqual([]);
  });

  it('runs every case twice in order on a fresh state, and trains the 1,000-row set', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'safla-bench-plan-'));
    const state = openState(join(dir, 'state'), { create: true })!;
    try {
      const ctx = createNodeToolContext({ state, port: loadPort, io: { now: () => performance.now(), wallClock: () => Date.now(), cwd: () => dir }, log: () => {} });
      const call = async (tool: string, args: unknown) => {
        const r = await callTool(TOOLS, tool, args, ctx);
        if (r.isError) throw new Error(r.content[0].text);
        return r.structuredContent!;
      };
      for (const c of setupCalls()) await call(c.tool, c.args);
      for (const c of toolCases()) for (const i of [0, 1]) await call(c.tool, c.args(i));
      const big = await call('neural_train', { config: TRAIN_1000_CONFIG, training_data: serviceRuns() });
      expect(big.accuracy).toBeGreaterThan(0.8);
      expect(big).toMatchObject({ details: { train_records: 800, validation_records: 200 } });
    } finally {
      state.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('makes the same 1,000 records every time, with every outcome', () => {
    const a = serviceRuns();
    expect(serviceRuns()).toEqual(a);
    for (const k of ['ok', 'degraded', 'failed']) expect(a.filter((r) => r.outcome === k).length).toBeGreaterThan(100);
  });
});
