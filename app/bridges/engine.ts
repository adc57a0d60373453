// The one bridge to the engine worker: starts it once (at app startup or on first use), forwards calls, keeps the pushed status and hands on change notices.
import { proxy, wrap, type Remote } from 'comlink';
import type * as EngineApi from '../../workers/engine/api';
import type { EngineChange, EngineClient, EngineMethod, EngineMethods, EngineStatus } from '../../workers/engine/types';
import { compute } from './compute';
import { computePool } from './compute-pool';
import { unloadDeletedModels } from './model-caches';

export type { EngineChange, EngineClient, EngineErrorInfo, EngineErrorKind, EngineErrorName, EngineRole, EngineStatus } from '../../workers/engine/types';

type Api = typeof EngineApi;

/** The storage calls the bridge makes in the page (persist() exists only on window's navigator, not in workers). */
export type StorageLike = Pick<StorageManager, 'persist' | 'persisted' | 'estimate'>;

export interface EngineBridgeOptions {
  /** Starts the worker; tests pass a stand-in. */
  createWorker?: () => Worker;
  /** navigator.storage by default; undefined where the browser has none. */
  storage?: StorageLike | null;
  tabId?: string;
}

function startEngineWorker(): Worker {
  return new Worker(new URL('../../workers/engine/engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });
}

/** randomUUID exists wherever the app can run at all: OPFS, like it, needs a secure context. */
function newTabId(): string {
  return crypto.randomUUID();
}

/**
 * Unlike the compute bridge this worker is never ended when idle: it holds (or queues for) the Web
 * Lock that makes this tab the database's owner, and ending it would hand ownership away mid-session.
 */
export class EngineBridge implements EngineClient {
  #worker: Worker | undefined;
  #api: Remote<Api> | undefined;
  #status: EngineStatus;
  /** Rejects when the worker dies: comlink calls to a dead worker would otherwise never settle. */
  #died: Promise<never> | undefined;
  readonly #listeners = new Set<(s: EngineStatus) => void>();
  readonly #changeListeners = new Set<(c: EngineChange) => void>();
  readonly #createWorker: () => Worker;
  readonly #storage: StorageLike | null;

  constructor(options: EngineBridgeOptions = {}) {
    this.#createWorker = options.createWorker ?? startEngineWorker;
    this.#storage = options.storage !== undefined ? options.storage : (globalThis.navigator?.storage ?? null);
    this.#status = { role: 'starting', tabId: options.tabId ?? newTabId(), vfs: null, error: null };
  }

  /** Starts the worker now, so this tab claims (or queues for) ownership at once; later calls are no-ops. */
  start(): void {
    this.#ensure();
  }

  call<M extends EngineMethod>(method: M, ...args: Parameters<EngineMethods[M]>): Promise<ReturnType<EngineMethods[M]>> {
    const api = this.#ensure();
    if (!api) return Promise.reject(this.#notRunning());
    return Promise.race([api.call(method, args), this.#died!]) as Promise<ReturnType<EngineMethods[M]>>;
  }

  status(): EngineStatus {
    return this.#status;
  }

  onStatus(cb: (s: EngineStatus) => void): () => void {
    this.#listeners.add(cb);
    cb(this.#status);
    return () => {
      this.#listeners.delete(cb);
    };
  }

  onChange(cb: (c: EngineChange) => void): () => void {
    this.#changeListeners.add(cb);
    return () => {
      this.#changeListeners.delete(cb);
    };
  }

  async requestPersistence(): Promise<boolean | null> {
    return this.#storage?.persist ? this.#storage.persist() : null;
  }

  async persisted(): Promise<boolean | null> {
    return this.#storage?.persisted ? this.#storage.persisted() : null;
  }

  async storageEstimate(): Promise<{ usage: number; quota: number } | null> {
    if (!this.#storage?.estimate) return null;
    const e = await this.#storage.estimate();
    return { usage: e.usage ?? 0, quota: e.quota ?? 0 };
  }

  #ensure(): Remote<Api> | undefined {
    if (this.#api) return this.#api;
    if (this.#status.role === 'failed' && !this.#worker) return undefined;
    let worker: Worker;
    try {
      worker = this.#createWorker();
    } catch (err) {
      this.#set({ ...this.#status, role: 'failed', error: { kind: 'unsupported', message: `The engine worker could not be started: ${String(err)}` } });
      return undefined;
    }
    let die!: (err: Error) => void;
    this.#died = new Promise<never>((_, reject) => (die = reject));
    // Nobody may be waiting on it when the worker dies; that is not an unhandled rejection.
    this.#died.catch(() => {});
    worker.addEventListener('error', (e: Event) => {
      // A worker that failed to load (or died outside a call) cannot serve this tab; say so in the status, and fail calls.
      const message = `The engine worker failed: ${(e as ErrorEvent).message || 'the script could not be loaded'}`;
      this.#set({ ...this.#status, role: 'failed', error: { kind: 'internal', message } });
      const err = new Error(message);
      err.name = 'EngineError';
      die(err);
    });
    this.#worker = worker;
    const api = wrap<Api>(worker);
    this.#api = api;
    const push = proxy((s: EngineStatus) => this.#set(s));
    const changed = proxy((c: EngineChange) => this.#changed(c));
    // Statuses arrive through push only: start()'s own reply travels on another port and could overtake a newer push.
    api.start(this.#status.tabId, push, changed).catch((err: unknown) => {
      this.#set({ ...this.#status, role: 'failed', error: { kind: 'internal', message: `The engine did not start: ${err instanceof Error ? err.message : String(err)}` } });
    });
    return api;
  }

  #notRunning(): Error {
    const err = new Error(this.#status.error?.message ?? 'The engine is not running.');
    err.name = 'EngineOpenError';
    return err;
  }

  #changed(c: EngineChange): void {
    for (const cb of this.#changeListeners) {
      try {
        cb(c);
      } catch (err) {
        console.error('engine change listener failed:', err);
      }
    }
  }

  #set(s: EngineStatus): void {
    this.#status = s;
    for (const cb of this.#listeners) {
      try {
        cb(s);
      } catch (err) {
        console.error('engine status listener failed:', err);
      }
    }
  }
}

/** The app's engine bridge. */
export const engine: EngineClient & { start(): void } = new EngineBridge();

let started = false;

/**
 * Called once from app/main.tsx so the tab claims or queues for database ownership as soon as it opens,
 * and so that this tab's compute workers unload models deleted in any tab from then on.
 */
export function startEngine(): void {
  engine.start();
  if (started) return;
  started = true;
  unloadDeletedModels(engine, [compute, computePool]);
}

/*
 * A deliberate console API: `saflaEngine.call('memory_usage', {action: 'list'})`, `saflaEngine.status()`
 * in devtools, and the handle the e2e specs drive the engine through. It is the same object the UI uses,
 * so it can do nothing the page itself cannot.
 */
(globalThis as { saflaEngine?: EngineClient }).saflaEngine = engine;
