// callTool: one call of a catalog tool the way MCP and WebMCP return it ({content: [{type: 'text', text}], structuredContent, isError}), with input validation, confirmation of destructive tools, progress, cancellation and the job board.
import type { ToolCall, ToolContext, ToolProgress } from './context';
import { describeFailure, ToolCancelledError, ToolInputError } from './errors';
import { validateInput } from './schema';
import type { ToolDefinition } from './tool';

export interface ToolResult {
  content: { type: 'text'; text: string }[];
  /** The result object (or, on an error, {error: {field, message}}). */
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

function ok(result: object): ToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(result, null, 2) }], structuredContent: result as Record<string, unknown> };
}

function failed(tool: string, field: string | null, message: string): ToolResult {
  return { content: [{ type: 'text', text: `${tool}: ${message}` }], structuredContent: { error: { tool, field, message } }, isError: true };
}

/** Looks a tool up by name; undefined when the catalog has none of that name. */
export function findTool(catalog: readonly ToolDefinition[], name: string): ToolDefinition | undefined {
  return catalog.find((t) => t.name === name);
}

/**
 * Runs one tool. Never throws: bad input is an error result naming the field (checked against the schema before the
 * handler runs, so nothing is stored), a cancelled call says so, and a bug is reported as one (its stack to ctx.log).
 * A handler stores only after everything it computes has succeeded, so a failing call leaves the state as it was.
 */
export async function callTool(catalog: readonly ToolDefinition[], name: string, args: unknown, ctx: ToolContext, call: ToolCall = {}): Promise<ToolResult> {
  const tool = findTool(catalog, name);
  if (!tool) return failed(name, null, `no such tool (the tools are ${catalog.map((t) => t.name).join(', ')})`);
  let input: Record<string, unknown>;
  try {
    input = validateInput(tool.inputSchema, args);
  } catch (e) {
    const f = describeFailure(e);
    return failed(name, f.field, f.message);
  }
  if (tool.destructive && call.confirm && (tool.deletes?.(input) ?? true)) {
    let yes: boolean;
    try {
      yes = await call.confirm(`Allow ${name}(${JSON.stringify(input)})? It deletes or overwrites stored data.`);
    } catch (e) {
      return failed(name, null, `could not ask the user to confirm (${e instanceof Error ? e.message : String(e)}); nothing was deleted`);
    }
    if (!yes) return failed(name, null, 'the user declined; nothing was changed');
  }
  const job = tool.longRunning ? ctx.jobs.start(name) : undefined;
  const control: ToolCall = {
    ...call,
    onProgress: (p: ToolProgress) => {
      job?.update(p);
      call.onProgress?.(p);
    },
  };
  try {
    if (call.signal?.aborted) throw new ToolCancelledError('before it started; nothing was stored');
    return ok(await tool.run(input, ctx, control));
  } catch (e) {
    const f = describeFailure(e);
    if (!f.expected) ctx.log(`${name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return failed(name, f.field, f.message);
  } finally {
    job?.end();
  }
}

/** For handlers: throws ToolCancelledError when the call's signal has fired (checked between steps, before anything is stored). */
export function checkCancelled(call: ToolCall, what: string): void {
  if (call.signal?.aborted) throw new ToolCancelledError(`${what}; nothing was stored`);
}

export { ToolInputError };
