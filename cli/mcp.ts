// `safla mcp`: the tool catalog served over stdio with @modelcontextprotocol/sdk (JSON Schemas passed as they are), state in the state folder; nothing but protocol on stdout, logs on stderr.
import { readFileSync } from 'node:fs';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { callTool, TOOLS } from '../core/tools/catalog';
import type { ToolContext } from '../core/tools/context';
import type { ToolDefinition } from '../core/tools/tool';
import type { CliIo } from './io';
import { loadPort } from './kernel';
import type { Flags } from './neural';
import { openState, stateDir } from './state';
import { createNodeToolContext } from './tool-context';
import { loadWordVectors } from './word-vectors';

/** The package's version, from package.json one folder up (from cli/ in tests, from dist-cli/ in the bundle). */
function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

const INSTRUCTIONS = 'SAFLA Lab: neural models trained for real on your records (neural_train → neural_predict, neural_explain), a model registry with versions ' +
  '(model_list, model_save, model_load, neural_compress, transfer_learn, ensemble_create), a persistent memory (memory_usage, memory_search) and a training pipeline that runs generated ' +
  'coding tasks with real tests (train_pipeline_run). Every number in a result was computed from data; accuracies say what they were measured on.';

/** A catalog tool as MCP's tools/list describes it: its JSON Schema as is, and hints from its kind. */
export function mcpTool(t: ToolDefinition): Tool {
  return {
    name: t.name,
    title: t.title,
    description: t.description,
    inputSchema: t.inputSchema as unknown as Tool['inputSchema'],
    annotations: { title: t.title, readOnlyHint: t.readOnly, destructiveHint: t.destructive, idempotentHint: t.readOnly, openWorldHint: false },
  };
}

export interface McpServer {
  server: Server;
  /** Settles when every call in flight has settled (after a close aborted them). */
  idle(): Promise<void>;
}

/** The low-level SDK server over a context: tools/list from the catalog, tools/call through callTool with progress (when the client sent a token) and the request's abort signal. */
export function createMcpServer(ctx: ToolContext, catalog: readonly ToolDefinition[] = TOOLS): McpServer {
  const server = new Server({ name: 'safla', title: 'SAFLA Lab', version: packageVersion() }, { capabilities: { tools: {} }, instructions: INSTRUCTIONS });
  const inflight = new Set<Promise<unknown>>();
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: catalog.map(mcpTool) }));
  server.setRequestHandler(CallToolRequestSchema, (request, extra): Promise<CallToolResult> => {
    // oxlint-disable-next-line no-underscore-dangle -- MCP names request metadata _meta
    const token = request.params._meta?.progressToken;
    const call = callTool(catalog, request.params.name, request.params.arguments, ctx, {
      signal: extra.signal,
      onProgress: token === undefined ? undefined : (p) => {
        // Not awaited: a notification the transport cannot send any more must not fail the call.
        extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: p.progress, ...(p.total !== undefined ? { total: p.total } : {}), ...(p.message ? { message: p.message } : {}) } }).catch(() => {});
      },
    });
    inflight.add(call);
    void call.finally(() => inflight.delete(call));
    return call as Promise<CallToolResult>;
  });
  return { server, idle: async () => void (await Promise.allSettled(inflight)) };
}

export async function mcpCommand(io: CliIo, flags: Flags): Promise<void> {
  const dir = stateDir(io, flags.state);
  const words = await loadWordVectors().catch((e: unknown) => {
    io.err(`safla mcp: search by meaning is not available (${(e as Error).message}); memory_search falls back to hashing`);
    return undefined;
  });
  const state = openState(dir, { create: true, clock: io.wallClock, embedder: words })!;
  const ctx = createNodeToolContext({ state, port: loadPort, io, words, log: (m) => io.err(`safla mcp: ${m}`) });
  const { server, idle } = createMcpServer(ctx);
  const closed = new Promise<void>((done) => {
    // oxlint-disable-next-line unicorn/prefer-add-event-listener -- the SDK's Protocol has only this callback
    server.onclose = done;
  });
  const shut = () => void server.close();
  // The client ends our stdin when it is done (and sends SIGTERM if we linger): close, letting calls in flight stop at their next step.
  process.stdin.once('end', shut);
  process.once('SIGTERM', shut);
  process.once('SIGINT', shut);
  await server.connect(new StdioServerTransport());
  io.err(`safla mcp: serving ${TOOLS.length} tools over stdio; state in ${dir}`);
  try {
    await closed;
    await idle();
  } finally {
    process.stdin.off('end', shut);
    process.off('SIGTERM', shut);
    process.off('SIGINT', shut);
    state.close();
  }
}
