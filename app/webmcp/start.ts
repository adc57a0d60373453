// Loaded only where the page has WebMCP: the catalog, the page's tool context and the confirmation dialog, registered with the model context (all or none).
import type { ToolDefinition } from '../../core/tools/tool';
import { callBrowserTool, TOOLS } from '../tools/host';
import { askInPage } from './confirm-dialog';
import type { ModelContextLike } from './model-context';
import { registerTools, type CallWatch, type RegisteredTool } from './register';

export async function registerCatalog(mc: ModelContextLike, hooks: { onCall(tool: ToolDefinition, cancel: () => void): CallWatch }): Promise<RegisteredTool[]> {
  const registration = new AbortController();
  try {
    return await registerTools(mc, { catalog: TOOLS, call: callBrowserTool, ask: askInPage, onCall: hooks.onCall, signal: registration.signal });
  } catch (e) {
    // A half-registered catalog would show an agent some tools and not others: take back the ones that made it.
    registration.abort();
    throw e;
  }
}
