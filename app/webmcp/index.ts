// WebMCP in this page: finds document.modelContext (or navigator.modelContext) at start, registers the tool catalog with it (the catalog loads then, never with the page), and keeps what the System page shows: whether it is there, the tools, the calls running.
import type { ToolProgress } from '../../core/tools/context';
import { findModelContext, type WebMcpWhere } from './model-context';
import type { RegisteredTool } from './register';

export type { RegisteredTool };

export type WebMcpStatus =
  | { state: 'unavailable'; reason: string }
  | { state: 'registering'; where: WebMcpWhere }
  | { state: 'registered'; where: WebMcpWhere; tools: RegisteredTool[] }
  | { state: 'failed'; where: WebMcpWhere; reason: string };

/** An agent's call while it runs, with its latest progress. */
export interface RunningCall {
  id: number;
  tool: string;
  longRunning: boolean;
  started_at: number;
  progress: ToolProgress | null;
  /** Stops it from the page (as the agent's own cancel does). */
  cancel(): void;
}

let status: WebMcpStatus = { state: 'unavailable', reason: 'not checked yet' };
let running: RunningCall[] = [];
const listeners = new Set<() => void>();
let started = false;
let nextId = 1;

const notify = () => {
  for (const l of listeners) l();
};

export function webMcpStatus(): WebMcpStatus {
  return status;
}

export function runningCalls(): RunningCall[] {
  return running;
}

/** Calls cb after every change of status or running calls; returns an unsubscribe function. */
export function onWebMcp(cb: () => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

/** Registers the catalog where the page has WebMCP; once per page, from main.tsx. */
export function startWebMcp(): void {
  if (started) return;
  started = true;
  const found = findModelContext();
  if ('reason' in found) {
    status = { state: 'unavailable', reason: found.reason };
    notify();
    return;
  }
  const { where } = found;
  status = { state: 'registering', where };
  notify();
  import('./start')
    .then((m) => m.registerCatalog(found.api, {
      onCall(tool, cancel) {
        const call: RunningCall = { id: nextId++, tool: tool.name, longRunning: tool.longRunning, started_at: Date.now(), progress: null, cancel };
        running = [...running, call];
        notify();
        return {
          progress(p) {
            running = running.map((c) => (c.id === call.id ? { ...c, progress: p } : c));
            notify();
          },
          end() {
            running = running.filter((c) => c.id !== call.id);
            notify();
          },
        };
      },
    }))
    .then((tools) => {
      status = { state: 'registered', where, tools };
    }, (e: unknown) => {
      status = { state: 'failed', where, reason: e instanceof Error ? e.message : String(e) };
      console.warn('WebMCP: the tools could not be registered:', e);
    })
    .finally(notify);
}
