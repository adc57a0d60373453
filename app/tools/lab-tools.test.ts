// saflaLab's view of the catalog: a function per tool resolving with the result object, tool errors thrown as ToolCallError naming the field, the catalog listed, the call's signal and progress handed on, the catalog loaded only when first used.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../core/db/migrations';
import { callTool, TOOLS } from '../../core/tools/catalog';
import type { ToolCall, ToolContext } from '../../core/tools/context';
import { openMemory } from '../../workers/engine/memory-host';
import { openMemoryDb } from '../../workers/engine/sqlite-db';
import { createToolFunctions, ToolCallError, type ToolHost } from './lab-tools';
import { TOOL_NAMES } from './names';

const onProgress = () => {};

async function setup() {
  const db = await openMemoryDb();
  migrate(db);
  const host = openMemory(db);
  const ctx = { engine: { call: async (m: string, ...a: unknown[]) => (host as unknown as Record<string, (...x: unknown[]) => unknown>)[m](...a) } } as unknown as ToolContext;
  const seen: { name: string; call: ToolCall }[] = [];
  let loads = 0;
  const fns = createToolFunctions(async (): Promise<ToolHost> => {
    loads++;
    return { catalog: TOOLS, call: (name, args, call) => (seen.push({ name, call }), callTool(TOOLS, name, args, ctx, call)) };
  });
  return { fns, seen, loads: () => loads };
}

describe('saflaLab tool functions', () => {
  it('has a function for every catalog tool and lists the catalog as agents see it', async () => {
    const { fns, loads } = await setup();
    for (const n of TOOL_NAMES) expect(typeof fns[n], n).toBe('function');
    expect(loads()).toBe(0);
    const listed = await fns.tools();
    expect(listed.map((t) => t.name)).toEqual(TOOLS.map((t) => t.name));
    expect(listed.find((t) => t.name === 'model_delete')).toMatchObject({ destructive: true, readOnly: false, description: TOOLS.find((t) => t.name === 'model_delete')!.description });
  });

  it('resolves with the result object and throws a ToolCallError naming the field', async () => {
    const { fns, seen } = await setup();
    expect(await fns.memory_usage({ action: 'store', key: 'k', value: 'v' })).toMatchObject({ success: true, action: 'store', stored: true, key: 'k' });
    expect(await fns.memory_usage({ action: 'retrieve', key: 'k' })).toMatchObject({ found: true, value: 'v' });
    const err = await fns.memory_usage({ action: 'store', value: 'no key' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ToolCallError);
    expect(err).toMatchObject({ name: 'ToolCallError', tool: 'memory_usage', field: 'key', message: 'memory_usage: key: is required' });
    await expect(fns.memory_usage({ action: 'list', colour: 'red' })).rejects.toMatchObject({ field: 'colour', message: expect.stringMatching(/^memory_usage: colour: is not a parameter/) });
    const controller = new AbortController();
    await fns.memory_stats({}, { signal: controller.signal, onProgress }).catch(() => {});
    expect(seen.at(-1)).toEqual({ name: 'memory_stats', call: { signal: controller.signal, onProgress } });
  });
});
