// callTool's contract for every adapter: MCP's result shape, bad input refused before the handler runs, destructive tools confirmed where the host can ask, progress on the job board, cancellation, bugs reported as bugs.
import { describe, expect, it } from 'vitest';
import { LabInputError } from '../models/lab';
import { callTool, checkCancelled } from './call';
import { TOOLS } from './catalog';
import type { ToolContext } from './context';
import { createJobBoard } from './jobs';
import { defineTool } from './tool';

function fakeContext(): ToolContext & { logged: string[] } {
  const logged: string[] = [];
  return { jobs: createJobBoard(() => 1_700_000_000_000), log: (m: string) => logged.push(m), logged, wallClock: () => 0, host: { kind: 'node', state: 'test' } } as unknown as ToolContext & { logged: string[] };
}

let ran = 0;
const echo = defineTool<{ n: number }>({
  name: 'echo', title: 'Echo', description: 'Returns n.',
  inputSchema: { type: 'object', properties: { n: { type: 'integer', minimum: 0 } }, required: ['n'], additionalProperties: false },
  readOnly: true,
  async run(input) {
    ran++;
    return { n: input.n };
  },
});
const wipe = defineTool<Record<string, never>>({
  name: 'wipe', title: 'Wipe', description: 'Deletes.', inputSchema: { type: 'object', properties: {}, additionalProperties: false }, destructive: true,
  async run() {
    ran++;
    return { wiped: true };
  },
});
const slow = defineTool<{ steps: number }>({
  name: 'slow', title: 'Slow', description: 'Steps.', longRunning: true,
  inputSchema: { type: 'object', properties: { steps: { type: 'integer' } }, required: ['steps'], additionalProperties: false },
  async run(input, ctx, call) {
    for (let i = 1; i <= input.steps; i++) {
      checkCancelled(call, `stopped at step ${i}`);
      call.onProgress?.({ progress: i, total: input.steps, message: `step ${i}` });
      if (i === 2) expect(ctx.jobs.list()).toMatchObject([{ tool: 'slow', progress: 2, total: input.steps, message: 'step 2' }]);
      await Promise.resolve();
    }
    return { done: input.steps };
  },
});
const broken = defineTool<Record<string, never>>({
  name: 'broken', title: 'Broken', description: 'Has a bug.', inputSchema: { type: 'object', properties: {}, additionalProperties: false },
  async run() {
    throw new TypeError('cannot read properties of undefined');
  },
});
const picky = defineTool<Record<string, never>>({
  name: 'picky', title: 'Picky', description: 'Refuses.', inputSchema: { type: 'object', properties: {}, additionalProperties: false },
  async run() {
    throw new LabInputError('training_data.trainingData', 'must be an array of records');
  },
});
const catalog = [echo, wipe, slow, broken, picky];

describe('callTool', () => {
  it('returns the result as JSON text and as structuredContent', async () => {
    expect(await callTool(catalog, 'echo', { n: 3 }, fakeContext())).toEqual({ content: [{ type: 'text', text: '{\n  "n": 3\n}' }], structuredContent: { n: 3 } });
  });

  it('refuses bad input naming the field, before the handler runs', async () => {
    const before = ran;
    const r = await callTool(catalog, 'echo', { n: -1 }, fakeContext());
    expect(r).toEqual({ content: [{ type: 'text', text: 'echo: n: must be at least 0 (got -1)' }], structuredContent: { error: { tool: 'echo', field: 'n', message: 'n: must be at least 0 (got -1)' } }, isError: true });
    expect((await callTool(catalog, 'echo', 'n=3', fakeContext())).content[0].text).toBe('echo: input: must be an object (got "n=3")');
    expect(ran).toBe(before);
  });

  it('names the tools when asked for one it does not have', async () => {
    const r = await callTool(TOOLS, 'neural_dream', {}, fakeContext());
    expect(r.isError).toBe(true);
    expect(r.content[0].text).toMatch(/^neural_dream: no such tool \(the tools are neural_train, neural_predict, /);
  });

  it('asks before a destructive tool where the host can, and does nothing when the user declines', async () => {
    const questions: string[] = [];
    const before = ran;
    const no = await callTool(catalog, 'wipe', {}, fakeContext(), { confirm: async (q) => (questions.push(q), false) });
    expect(no).toMatchObject({ isError: true, content: [{ text: 'wipe: the user declined; nothing was changed' }] });
    expect(ran).toBe(before);
    const yes = await callTool(catalog, 'wipe', {}, fakeContext(), { confirm: async () => true });
    expect(yes.structuredContent).toEqual({ wiped: true });
    expect(questions).toEqual(['Allow wipe({})? It deletes or overwrites stored data.']);
    // Read-only tools are never asked about: a confirm that throws would turn the call into an error.
    const readOnly = await callTool(catalog, 'echo', { n: 1 }, fakeContext(), { confirm: async () => { throw new Error('asked'); } });
    expect(readOnly.structuredContent).toEqual({ n: 1 });
  });

  it('asks only for the calls of a destructive tool that delete (memory_usage delete, model_save overwrite)', async () => {
    const asked: string[] = [];
    const ctx = { ...fakeContext(), engine: { call: async (_m: string, input: { action: string }) => ({ action: input.action }) } } as unknown as ToolContext;
    const confirm = async (q: string) => (asked.push(q), false);
    expect((await callTool(TOOLS, 'memory_usage', { action: 'list' }, ctx, { confirm })).structuredContent).toEqual({ success: true, action: 'list' });
    expect(asked).toEqual([]);
    expect((await callTool(TOOLS, 'memory_usage', { action: 'delete', key: 'k' }, ctx, { confirm })).content[0].text).toBe('memory_usage: the user declined; nothing was changed');
    expect(asked).toEqual(['Allow memory_usage({"action":"delete","key":"k"})? It deletes or overwrites stored data.']);
  });

  it('passes progress to the client and keeps the call on the job board while it runs', async () => {
    const ctx = fakeContext();
    const seen: number[] = [];
    const r = await callTool(catalog, 'slow', { steps: 4 }, ctx, { onProgress: (p) => seen.push(p.progress) });
    expect(r.structuredContent).toEqual({ done: 4 });
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(ctx.jobs.list()).toEqual([]);
  });

  it('stops a cancelled call with a tool error and takes it off the board', async () => {
    const ctx = fakeContext();
    const listeners: (() => void)[] = [];
    const signal = { aborted: false, addEventListener: (_t: 'abort', f: () => void) => listeners.push(f), removeEventListener: () => {} };
    const r = await callTool(catalog, 'slow', { steps: 10 }, ctx, { signal, onProgress: (p) => { if (p.progress === 3) signal.aborted = true; } });
    expect(r).toMatchObject({ isError: true, content: [{ text: 'slow: cancelled: stopped at step 4; nothing was stored' }] });
    expect(ctx.jobs.list()).toEqual([]);
    const early = await callTool(catalog, 'echo', { n: 1 }, ctx, { signal: { ...signal, aborted: true } });
    expect(early.content[0].text).toBe('echo: cancelled: before it started; nothing was stored');
  });

  it('reports a bug as one, its stack to the log, never as the caller\'s mistake', async () => {
    const ctx = fakeContext();
    const r = await callTool(catalog, 'broken', {}, ctx);
    expect(r.content[0].text).toBe('broken: internal error (a bug in safla; please report it): cannot read properties of undefined');
    expect(r.structuredContent).toMatchObject({ error: { field: null } });
    expect(ctx.logged[0]).toMatch(/^broken: TypeError: cannot read properties of undefined\n\s+at /);
  });

  it('passes a core input error through with its field', async () => {
    const r = await callTool(catalog, 'picky', {}, fakeContext());
    expect(r.content[0].text).toBe('picky: training_data.trainingData: must be an array of records');
    expect(r.structuredContent).toMatchObject({ error: { field: 'training_data.trainingData' } });
  });
});
