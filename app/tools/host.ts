// The page's one tool context over its real bridges and runners, and the call WebMCP and saflaLab both make through the catalog (one job board per page). Loaded on first use, never with the page.
import { callTool, TOOLS, type ToolResult } from '../../core/tools/catalog';
import type { ToolCall } from '../../core/tools/context';
import { compute } from '../bridges/compute';
import { computePool } from '../bridges/compute-pool';
import { engine } from '../bridges/engine';
import { createBrowserToolContext } from './browser-context';

/** Chromium's non-standard heap figures (rounded by the browser). */
interface ChromiumMemory {
  usedJSHeapSize: number;
  totalJSHeapSize: number;
}

export const browserToolContext = createBrowserToolContext({
  engine,
  pool: computePool,
  compute,
  pipeline: {
    // The generator, the strategies, the sandbox and ESLint load with the first pipeline call.
    async run(input, options) {
      const [{ runPipeline }, r] = await Promise.all([import('../pipeline/iteration-runner'), import('../pipeline/runners')]);
      return runPipeline(input, { engine, runners: { 'browser-sandbox': r.sandbox, webcontainer: r.webcontainer }, ...options });
    },
    status: async (input) => (await import('../pipeline/iteration-runner')).pipelineStatus(engine, input),
  },
  heap: () => {
    const m = (performance as Performance & { memory?: ChromiumMemory }).memory;
    return m ? { used: m.usedJSHeapSize, total: m.totalJSHeapSize } : null;
  },
});

export { TOOLS };

/** One call of a catalog tool in this page, as an agent (WebMCP) or the console (saflaLab) makes it. */
export function callBrowserTool(name: string, args: unknown, call: ToolCall = {}): Promise<ToolResult> {
  return callTool(TOOLS, name, args, browserToolContext, call);
}
