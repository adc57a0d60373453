// The WebMCP API as this page uses it: Chromium 156's document.modelContext (registerTool with an unregistering signal; execute gets {signal}) and the spec's navigator.modelContext (unregisterTool; execute's client may offer requestUserInteraction).

/** What execute's second argument may carry: Chromium 156 passes {signal} (aborted when the agent cancels); the spec's ModelContextClient has requestUserInteraction. */
export interface ModelContextClient {
  signal?: AbortSignal;
  requestUserInteraction?<T>(callback: () => Promise<T>): Promise<T>;
}

export interface ModelContextToolAnnotations {
  readOnlyHint?: boolean;
  /** MCP's name for it; Chromium 156 reads consequentialHint. */
  destructiveHint?: boolean;
  consequentialHint?: boolean;
  untrustedContentHint?: boolean;
}

export interface ModelContextTool {
  name: string;
  title?: string;
  description: string;
  inputSchema: object;
  annotations?: ModelContextToolAnnotations;
  execute(input: Record<string, unknown>, client?: ModelContextClient): Promise<unknown>;
}

export interface ModelContextLike {
  /** Chromium 156 resolves a promise (and rejects a duplicate name); the signal unregisters the tool. */
  registerTool(tool: ModelContextTool, options?: { signal?: AbortSignal }): unknown;
  unregisterTool?(name: string): void;
}

export type WebMcpWhere = 'document.modelContext' | 'navigator.modelContext';

/** The page's WebMCP API, or why there is none. */
export function findModelContext(scope: { document?: unknown; navigator?: unknown; isSecureContext?: boolean; } = globalThis): { api: ModelContextLike; where: WebMcpWhere } | { reason: string } {
  const fromDocument = (scope.document as { modelContext?: ModelContextLike } | undefined)?.modelContext;
  if (fromDocument) return { api: fromDocument, where: 'document.modelContext' };
  const fromNavigator = (scope.navigator as { modelContext?: ModelContextLike } | undefined)?.modelContext;
  if (fromNavigator) return { api: fromNavigator, where: 'navigator.modelContext' };
  // The API exists only in secure contexts, so without one its absence says nothing about the browser.
  if (scope.isSecureContext === false) return { reason: 'This page is not a secure context: WebMCP is offered only on https:// pages and on localhost.' };
  return { reason: 'This browser offers no WebMCP API (document.modelContext). In Chromium it is behind a flag: start it with --enable-features=WebMCP.' };
}
