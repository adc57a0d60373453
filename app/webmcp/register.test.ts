// The WebMCP registration against a stand-in model context: every catalog tool with its schema and hints, execute through the catalog, destructive calls asked first (through the client where it can ask, else on the page), cancels from the agent and the page, unregistering.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../core/db/migrations';
import { callTool, TOOLS } from '../../core/tools/catalog';
import type { ToolCall, ToolContext } from '../../core/tools/context';
import { openMemory } from '../../workers/engine/memory-host';
import { openMemoryDb } from '../../workers/engine/sqlite-db';
import { findModelContext, type ModelContextTool } from './model-context';
import { registerTools, UNTRUSTED_CONTENT } from './register';

/** A model context as Chromium 156 has it: registerTool with an unregistering signal, duplicates refused. */
function standIn() {
  const tools = new Map<string, ModelContextTool>();
  return {
    tools,
    registerTool(tool: ModelContextTool, options?: { signal?: AbortSignal }) {
      if (tools.has(tool.name)) return Promise.reject(new DOMException('Duplicate tool name', 'InvalidStateError'));
      tools.set(tool.name, tool);
      options?.signal?.addEventListener('abort', () => tools.delete(tool.name));
      return Promise.resolve();
    },
  };
}

async function memoryContext() {
  const db = await openMemoryDb();
  migrate(db);
  const host = openMemory(db);
  return { engine: { call: async (m: string, ...a: unknown[]) => (host as unknown as Record<string, (...x: unknown[]) => unknown>)[m](...a) } } as unknown as ToolContext;
}

describe('WebMCP registration', () => {
  it('registers every catalog tool with its JSON Schema, title and hints, and unregisters them on the signal', async () => {
    const mc = standIn();
    const off = new AbortController();
    const listed = await registerTools(mc, { catalog: TOOLS, call: () => { throw new Error('not called'); }, ask: async () => false, signal: off.signal });
    expect([...mc.tools.keys()]).toEqual(TOOLS.map((t) => t.name));
    expect(listed.map((t) => t.name)).toEqual(TOOLS.map((t) => t.name));
    for (const t of TOOLS) {
      const r = mc.tools.get(t.name)!;
      expect([r.title, r.description, r.inputSchema]).toEqual([t.title, t.description, JSON.parse(JSON.stringify(t.inputSchema))]);
      expect(r.annotations).toEqual({ readOnlyHint: t.readOnly, destructiveHint: t.destructive, consequentialHint: t.destructive, untrustedContentHint: UNTRUSTED_CONTENT.has(t.name) });
    }
    for (const n of UNTRUSTED_CONTENT) expect(TOOLS.map((t) => t.name)).toContain(n);
    await expect(registerTools(mc, { catalog: TOOLS.slice(0, 1), call: () => { throw new Error('x'); }, ask: async () => false })).rejects.toThrow(/^registering neural_train failed: InvalidStateError: Duplicate tool name/);
    off.abort();
    expect(mc.tools.size).toBe(0);
  });

  it('asks before a destructive call (on the page, or through the client\'s requestUserInteraction), stores nothing when declined', async () => {
    const ctx = await memoryContext();
    const mc = standIn();
    const asked: string[] = [];
    let answer = false;
    await registerTools(mc, { catalog: TOOLS, call: (name, args, call) => callTool(TOOLS, name, args, ctx, call), ask: async (q) => (asked.push(q), answer) });
    const run = (name: string, input: Record<string, unknown>, client?: object) => mc.tools.get(name)!.execute(input, client) as Promise<{ isError?: boolean; content: { text: string }[]; structuredContent: Record<string, unknown> }>;
    expect((await run('memory_usage', { action: 'store', key: 'k', value: 'v' })).isError).toBeUndefined();
    expect(asked).toEqual([]);
    const declined = await run('memory_usage', { action: 'delete', key: 'k' }, { signal: new AbortController().signal });
    expect([declined.isError, declined.content[0].text]).toEqual([true, 'memory_usage: the user declined; nothing was changed']);
    expect(asked).toEqual(['Allow memory_usage({"action":"delete","key":"k"})? It deletes or overwrites stored data.']);
    expect((await run('memory_usage', { action: 'retrieve', key: 'k' })).structuredContent).toMatchObject({ found: true });
    // A client that can ask the user itself hosts the page's question in its interaction.
    const interactions: string[] = [];
    answer = true;
    const client = { signal: new AbortController().signal, requestUserInteraction: async <T,>(cb: () => Promise<T>) => (interactions.push('asked'), cb()) };
    expect((await run('memory_usage', { action: 'delete', key: 'k' }, client)).structuredContent).toMatchObject({ deleted: true });
    expect([interactions, asked.length]).toEqual([['asked'], 2]);
  });

  it('hands the agent\'s cancel and the page\'s to the call, and its progress to the page', async () => {
    const mc = standIn();
    const seen: ToolCall[] = [];
    const events: string[] = [];
    let cancelFromPage: (() => void) | undefined;
    await registerTools(mc, {
      catalog: TOOLS,
      call: async (name, _args, call) => {
        seen.push(call);
        call.onProgress?.({ progress: 1, total: 2, message: 'epoch 1/2' });
        return { content: [{ type: 'text', text: name }] };
      },
      ask: async () => true,
      onCall: (tool, cancel) => {
        events.push(`start ${tool.name}`);
        cancelFromPage = cancel;
        return { progress: (p) => events.push(`progress ${p.message}`), end: () => events.push('end') };
      },
    });
    const agent = new AbortController();
    await mc.tools.get('neural_train')!.execute({}, { signal: agent.signal });
    expect(events).toEqual(['start neural_train', 'progress epoch 1/2', 'end']);
    expect(seen[0].signal!.aborted).toBe(false);
    agent.abort();
    expect(seen[0].signal!.aborted).toBe(true);
    await mc.tools.get('train_pipeline_run')!.execute({});
    cancelFromPage!();
    expect(seen[1].signal!.aborted).toBe(true);
  });

  it('finds the API where Chromium has it (document), where the spec had it (navigator), or says why not', () => {
    const api = standIn();
    expect(findModelContext({ document: { modelContext: api }, isSecureContext: true })).toMatchObject({ where: 'document.modelContext' });
    expect(findModelContext({ document: {}, navigator: { modelContext: api }, isSecureContext: true })).toMatchObject({ where: 'navigator.modelContext' });
    expect(findModelContext({ document: {}, navigator: {}, isSecureContext: false })).toEqual({ reason: expect.stringMatching(/not a secure context/) });
    expect(findModelContext({ document: {}, navigator: {}, isSecureContext: true })).toEqual({ reason: expect.stringMatching(/--enable-features=WebMCP/) });
  });
});
