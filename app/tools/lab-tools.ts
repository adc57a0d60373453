// saflaLab's view of the tool catalog: every tool as `saflaLab.<name>(args)` resolving with its result object, a tool error thrown as a ToolCallError naming the field, and `saflaLab.tools()` listing what the catalog describes.
import type { ToolResult } from '../../core/tools/call';
import type { ToolCall, ToolProgress } from '../../core/tools/context';
import type { ToolDefinition } from '../../core/tools/tool';
import { TOOL_NAMES, type ToolName } from './names';

/** A tool answered with an error (isError): `field` is the parameter at fault where one is known, the message the tool's own text ("neural_predict: input: is not valid JSON (…)"). */
export class ToolCallError extends Error {
  constructor(readonly tool: string, readonly field: string | null, message: string) {
    super(message);
    this.name = 'ToolCallError';
  }
}

export interface ToolCallOptions {
  /** Cancels the call: training stops after its current epoch and saves nothing, a pipeline run keeps its completed runs. */
  signal?: AbortSignal;
  /** Each epoch (training) or strategy run (the pipeline) as it ends. */
  onProgress?: (p: ToolProgress) => void;
}

export type ToolFunction = (args?: unknown, options?: ToolCallOptions) => Promise<Record<string, unknown>>;

/** A catalog tool as the console lists it. */
export interface ToolListing {
  name: string;
  title: string;
  description: string;
  inputSchema: unknown;
  readOnly: boolean;
  destructive: boolean;
  longRunning: boolean;
}

/** The catalog and the page's call through it, loaded on the first use. */
export interface ToolHost {
  catalog: readonly ToolDefinition[];
  call(name: string, args: unknown, call: ToolCall): Promise<ToolResult>;
}

export type ToolFunctions = Record<ToolName, ToolFunction> & {
  /** Every tool with its description, JSON Schema and kind, as agents see them (WebMCP, safla mcp). */
  tools(): Promise<ToolListing[]>;
};

export function listing(t: ToolDefinition): ToolListing {
  return { name: t.name, title: t.title, description: t.description, inputSchema: t.inputSchema, readOnly: t.readOnly, destructive: t.destructive, longRunning: t.longRunning };
}

/** The result object of a tool result, or the ToolCallError it stands for. */
export function resultOf(name: string, r: ToolResult): Record<string, unknown> {
  if (!r.isError) return r.structuredContent ?? {};
  const error = (r.structuredContent?.error ?? {}) as { field?: string | null };
  throw new ToolCallError(name, error.field ?? null, r.content[0]?.text ?? `${name} failed`);
}

export function createToolFunctions(host: () => Promise<ToolHost>): ToolFunctions {
  const fns: Record<string, unknown> = {
    tools: async () => (await host()).catalog.map(listing),
  };
  for (const name of TOOL_NAMES) {
    const fn: ToolFunction = async (args = {}, options = {}) => {
      const h = await host();
      return resultOf(name, await h.call(name, args, { ...(options.signal ? { signal: options.signal } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) }));
    };
    fns[name] = fn;
  }
  return fns as ToolFunctions;
}
