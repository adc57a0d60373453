// The engine worker's API: plain functions run inside the worker; the app reaches them through app/bridges/engine.ts (comlink).
import { loadKernelBrowser } from '../../kernel/js/browser';
import { createWasmPort } from '../../kernel/js/network';
import { createKernelVectorIndex } from '../../kernel/js/vector-index';
import { CHANNEL_NAME, Engine } from './engine';
import { ACCESS_FLUSH_MS, openMemory, openWorking } from './memory-host';
import { openOpfsDb, takeLastVfsError } from './open-db';
import { loadWordVectors } from './word-vectors';
import type { EngineChange, EngineStatus } from './types';

export type { EngineChange, EngineStatus };

let engine: Engine | undefined;

/**
 * Starts this tab's engine once: asks who owns memory.db and queues for the lock (becoming the owner
 * when granted). onStatus is called on every status change, onChange after every committed write in
 * any tab (this one included); returns the status now.
 */
export function start(tabId: string, onStatus: (s: EngineStatus) => void, onChange?: (c: EngineChange) => void): EngineStatus {
  if (engine) return engine.status();
  engine = new Engine({
    tabId,
    locks: typeof navigator !== 'undefined' ? navigator.locks : undefined,
    channel: () => new BroadcastChannel(CHANNEL_NAME),
    open: async (onRetry) => {
      // Started together: the word vectors (5.8 MB) download or come from the precache while the database opens.
      const words = loadWordVectors().catch((err: unknown) => {
        console.warn('engine: the word vectors did not load; semantic search uses the hashing embedder (and says so):', err);
        return undefined;
      });
      const opened = await openOpfsDb(onRetry);
      // Vector search runs on the kernel's int8 index; without a kernel (it failed to load) core's plain index serves instead.
      const kernel = await loadKernelBrowser().catch((err: unknown) => {
        console.warn('engine: the kernel did not load; vector search uses the plain-TS index:', err);
        return undefined;
      });
      const indexFactory = kernel ? (dim: number) => createKernelVectorIndex(kernel, dim) : undefined;
      // The pattern classifier trains on the same kernel (the plain-TS reference network without one).
      const port = kernel ? createWasmPort(kernel) : undefined;
      const memory = openMemory(opened.db, { indexFactory, embedder: await words, accessFlushMs: ACCESS_FLUSH_MS, port, now: () => performance.now() });
      const close = () => {
        try {
          memory.flushPending();
        } catch (err) {
          console.warn('engine: access counts not written before closing:', err);
        }
        opened.close();
      };
      return { db: opened.db, vfs: opened.vfs, memory, close, lastVfsError: takeLastVfsError };
    },
    working: openWorking(),
    // Not awaited: the page may be gone (comlink then rejects), and status must not wait on the page.
    onStatus: (s) => void Promise.resolve(onStatus(s)).catch(() => {}),
    onChange: onChange ? (c) => void Promise.resolve(onChange(c)).catch(() => {}) : undefined,
  });
  engine.start();
  return engine.status();
}

function started(): Engine {
  if (!engine) throw new Error('engine: start() was not called');
  return engine;
}

/** One memory or working-tier call; rejects with an Error named as in EngineErrorName. */
export function call(method: string, args: unknown[]): Promise<unknown> {
  return started().call(method, args);
}

export function status(): EngineStatus {
  return started().status();
}
