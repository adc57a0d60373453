// Every adapter exposes every catalog tool, with the catalog's own description, JSON Schema and kind: one line per adapter in ADAPTERS (the MCP server, WebMCP in the page, saflaLab in the console).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { describe, expect, it } from 'vitest';
import { createMcpServer } from '../../cli/mcp';
import { createToolFunctions } from '../../app/tools/lab-tools';
import type { ModelContextTool } from '../../app/webmcp/model-context';
import { registerTools } from '../../app/webmcp/register';
import { callTool, TOOLS } from './catalog';
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

/** The page's WebMCP registration (app/webmcp/register.ts) into a model context that keeps what it is given, read as an agent's browser lists it. */
async function webMcpTools(): Promise<ExposedTool[]> {
  const registered: ModelContextTool[] = [];
  await registerTools({ registerTool: (t: ModelContextTool) => void registered.push(t) }, { catalog: TOOLS, call: (name, args, call) => callTool(TOOLS, name, args, {} as ToolContext, call), ask: async () => false });
  // Chromium 156 reads a destructive tool's hint as consequentialHint (MCP's destructiveHint is passed too).
  return registered.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema, destructive: t.annotations?.consequentialHint === true && t.annotations.destructiveHint === true }));
}

/** saflaLab's functions (app/tools/lab-tools.ts): every function but tools() is a tool, described as tools() lists it. */
async function labTools(): Promise<ExposedTool[]> {
  const lab = createToolFunctions(async () => ({ catalog: TOOLS, call: (name, args, call) => callTool(TOOLS, name, args, {} as ToolContext, call) }));
  const listed = await lab.tools();
  return Object.entries(lab).filter(([name, fn]) => name !== 'tools' && typeof fn === 'function').map(([name]) => {
    const t = listed.find((l) => l.name === name);
    return { name, description: t?.description ?? '', inputSchema: t?.inputSchema, destructive: t?.destructive ?? false };
  });
}

const ADAPTERS: Adapter[] = [
  { name: 'MCP server (safla mcp)', tools: mcpTools },
  { name: 'WebMCP (the page\'s document.modelContext)', tools: webMcpTools },
  { name: 'saflaLab (the console)', tools: labTools },
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
