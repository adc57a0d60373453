// Loaded only where the page has WebMCP: the catalog, the page's tool context and the confirmation dialog, registered with the model context.
import type { ToolDefinition } from '../../core/tools/tool';
import { callBrowserTool, TOOLS } from '../tools/host';
import { askInPage } from './confirm-dialog';
import type { ModelContextLike } from './model-context';
import { registerTools, type CallWatch, type RegisteredTool } from './register';

export function registerCatalog(mc: ModelContextLike, hooks: { onCall(tool: ToolDefinition, cancel: () => void): CallWatch }): Promise<RegisteredTool[]> {
  return registerTools(mc, { catalog: TOOLS, call: callBrowserTool, ask: askInPage, onCall: hooks.onCall });
}
