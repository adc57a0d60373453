// One tool of the catalog: the reference's name, a description an agent can act on, its input's JSON Schema, what kind of call it is, and its handler over a ToolContext.
import type { ToolCall, ToolContext } from './context';
import type { ObjectSchema } from './schema';

export interface ToolDefinition {
  /** The reference's tool name (`neural_train`, `memory_usage`, …). */
  name: string;
  /** A short human title (MCP's title, WebMCP's display). */
  title: string;
  description: string;
  inputSchema: ObjectSchema;
  /** Changes nothing stored (MCP readOnlyHint). */
  readOnly: boolean;
  /** May delete or overwrite stored state (MCP's destructiveHint); hosts that can ask the user first do so for calls that do (see `deletes`). */
  destructive: boolean;
  /** Whether this call deletes or overwrites something (asked before it runs); every call of a destructive tool when left out. */
  deletes?: (input: Record<string, unknown>) => boolean;
  /** Reports progress, can be cancelled and is listed as a running job while it runs. */
  longRunning: boolean;
  /** Input already checked against inputSchema; resolves with the result object in the reference's shape. */
  run(input: Record<string, unknown>, ctx: ToolContext, call: ToolCall): Promise<object>;
}

/** Declares a tool whose handler sees its input typed as I (the schema has checked the shape; the handler checks the rest). */
export function defineTool<I>(def: Omit<ToolDefinition, 'run' | 'readOnly' | 'destructive' | 'longRunning' | 'deletes'> & Partial<Pick<ToolDefinition, 'readOnly' | 'destructive' | 'longRunning'>> & {
  deletes?: (input: I) => boolean;
  run(input: I, ctx: ToolContext, call: ToolCall): Promise<object>;
}): ToolDefinition {
  const { deletes } = def;
  return {
    ...def,
    deletes: deletes ? (input) => deletes(input as I) : undefined,
    readOnly: def.readOnly ?? false,
    destructive: def.destructive ?? false,
    longRunning: def.longRunning ?? false,
    run: (input, ctx, call) => def.run(input as I, ctx, call),
  };
}
