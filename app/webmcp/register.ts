// Registers the tool catalog with a WebMCP model context: each tool's JSON Schema and hints as the catalog defines them, and an execute that runs it through callTool, asking the user before a destructive call and stopping when the agent cancels.
import type { ToolResult } from '../../core/tools/call';
import type { ToolCall, ToolProgress } from '../../core/tools/context';
import type { ToolDefinition } from '../../core/tools/tool';
import type { ModelContextClient, ModelContextLike, ModelContextTool, ModelContextToolAnnotations } from './model-context';

/** Tools whose results hold text stored by someone (memory values, recorded operations): agents should not take it as instructions. */
export const UNTRUSTED_CONTENT = new Set(['memory_usage', 'memory_search', 'neural_patterns']);

/** A tool as registered, for the System page. */
export interface RegisteredTool {
  name: string;
  title: string;
  description: string;
  readOnly: boolean;
  destructive: boolean;
  longRunning: boolean;
  untrustedContent: boolean;
}

/** A call an agent made, while it runs. */
export interface CallWatch {
  progress(p: ToolProgress): void;
  end(): void;
}

export interface RegisterOptions {
  catalog: readonly ToolDefinition[];
  /** One call through the catalog (callTool with the page's context). */
  call(name: string, args: unknown, call: ToolCall): Promise<ToolResult>;
  /** Asks the user on this page (used where the client offers no requestUserInteraction, as in Chromium 156). */
  ask(question: string): Promise<boolean>;
  /** Unregisters every tool when aborted. */
  signal?: AbortSignal;
  /** Hears each call start (with a way to cancel it from the page); the watch hears its progress and its end. */
  onCall?(tool: ToolDefinition, cancel: () => void): CallWatch;
}

export function annotationsOf(t: ToolDefinition): ModelContextToolAnnotations {
  return { readOnlyHint: t.readOnly, destructiveHint: t.destructive, consequentialHint: t.destructive, untrustedContentHint: UNTRUSTED_CONTENT.has(t.name) };
}

/** The confirmation a destructive call asks for: through the agent's client where it can ask the user, else on this page. */
function confirmer(client: ModelContextClient | undefined, ask: (q: string) => Promise<boolean>): (q: string) => Promise<boolean> {
  if (!client?.requestUserInteraction) return ask;
  return (q) => client.requestUserInteraction!(() => ask(q));
}

function toolOf(t: ToolDefinition, opts: RegisterOptions): ModelContextTool {
  return {
    name: t.name,
    title: t.title,
    description: t.description,
    // A copy: the browser keeps (and may serialize) what it is given.
    inputSchema: JSON.parse(JSON.stringify(t.inputSchema)) as object,
    annotations: annotationsOf(t),
    async execute(input, client) {
      // The agent cancels with the client's signal; the page's Cancel button with its own.
      const page = new AbortController();
      const signal = client?.signal ? AbortSignal.any([client.signal, page.signal]) : page.signal;
      const watch = opts.onCall?.(t, () => page.abort());
      try {
        return await opts.call(t.name, input ?? {}, { signal, confirm: confirmer(client, opts.ask), onProgress: (p) => watch?.progress(p) });
      } finally {
        watch?.end();
      }
    },
  };
}

/** Registers every tool; resolves with what was registered. A tool the context refuses fails the whole registration (its message says which). */
export async function registerTools(mc: ModelContextLike, opts: RegisterOptions): Promise<RegisteredTool[]> {
  const registered: RegisteredTool[] = [];
  for (const t of opts.catalog) {
    try {
      await mc.registerTool(toolOf(t, opts), opts.signal ? { signal: opts.signal } : undefined);
    } catch (e) {
      throw new Error(`registering ${t.name} failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, { cause: e });
    }
    // Where tools are unregistered by name (the spec's navigator.modelContext), the signal does it here.
    if (mc.unregisterTool && opts.signal) {
      opts.signal.addEventListener('abort', () => {
        try {
          mc.unregisterTool!(t.name);
        } catch {
          // Already gone (the browser honoured the signal itself).
        }
      }, { once: true });
    }
    registered.push({ name: t.name, title: t.title, description: t.description, readOnly: t.readOnly, destructive: t.destructive, longRunning: t.longRunning, untrustedContent: UNTRUSTED_CONTENT.has(t.name) });
  }
  return registered;
}
