// Every adapter exposes every catalog tool, with the catalog's own description, JSON Schema and kind: one line per adapter in ADAPTERS (the MCP server now; WebMCP and saflaLab join here).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { describe, expect, it } from 'vitest';
import { createMcpServer } from '../../cli/mcp';
import { TOOLS } from './catalog';
import type { ToolContext } from './context';

/** A tool as an adapter shows it to agents. */
interface ExposedTool {
  name: string;
  description: string;
  inputSchema: unknown;
  /** Whether the adapter marks it destructive (MCP's destructiveHint; WebMCP asks the user first). */
  destructive: boolean;
}

interface Adapter {
  name: string;
  /** What the adapter exposes, read the way an agent reads it. */
  tools(): Promise<ExposedTool[]>;
}

/** `safla mcp`'s server (cli/mcp.ts) through the SDK's own client, over an in-memory transport. */
async function mcpTools(): Promise<ExposedTool[]> {
  const { server } = createMcpServer({} as ToolContext);
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'adapter-test', version: '1' });
  await Promise.all([server.connect(a), client.connect(b)]);
  try {
    const { tools } = await client.listTools();
    return tools.map((t) => ({ name: t.name, description: t.description ?? '', inputSchema: t.inputSchema, destructive: t.annotations?.destructiveHint === true }));
  } finally {
    await client.close();
  }
}

const ADAPTERS: Adapter[] = [
  { name: 'MCP server (safla mcp)', tools: mcpTools },
];

describe.each(ADAPTERS)('$name', (adapter) => {
  it('exposes every catalog tool, and nothing else, as the catalog defines it', async () => {
    const exposed = await adapter.tools();
    expect(exposed.map((t) => t.name).toSorted()).toEqual(TOOLS.map((t) => t.name).toSorted());
    for (const tool of TOOLS) {
      const e = exposed.find((t) => t.name === tool.name)!;
      expect(e.description, tool.name).toBe(tool.description);
      expect(e.inputSchema, tool.name).toEqual(JSON.parse(JSON.stringify(tool.inputSchema)));
      expect(e.destructive, tool.name).toBe(tool.destructive);
    }
  });
});

it('marks the tools that may delete or overwrite as destructive, and the long ones as long', () => {
  expect(TOOLS.filter((t) => t.destructive).map((t) => t.name)).toEqual(['model_save', 'model_delete', 'memory_usage']);
  expect(TOOLS.filter((t) => t.longRunning).map((t) => t.name)).toEqual(['neural_train', 'transfer_learn', 'train_pipeline_run']);
  for (const t of TOOLS) expect(t.readOnly && t.destructive, t.name).toBe(false);
});
