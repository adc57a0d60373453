// The engine's multi-tab core: one tab (the Web Lock holder) owns memory.db and serves; the others forward memory calls to it over a BroadcastChannel, and every tab hears what changed.
import type { Db } from '../../core/db/db';
import type { MemoryStats, WorkingApi } from '../../core/memory/api';
import { changeOf, LOCAL_METHODS, OWNER_METHODS, withWorkingTier, type HostedApi } from './memory-host';
import { describeOpenError, engineError, fromWire, toCallError, toWire, type WireError } from './errors';
import type { EngineChange, EngineErrorInfo, EngineStatus } from './types';

/*
 * Protocol (channel CHANNEL_NAME, every tab's engine worker):
 *   hello {from}                        a tab starting up asks who owns the database
 *   owner {from, since, vfs, failed}    the owner announces itself when ready (or that its open failed),
 *                                       and again on every hello
 *   req   {id, from, to, method, args}  a follower's memory call, addressed to one owner
 *   res   {id, to, ok, value | error}   the owner's answer
 *   changed {from, change}              the owner, after a write committed (whoever asked for it): what changed
 * `since` is when the owner was granted the lock (wall clock, shared by the tabs of one browser): an
 * announcement older than the owner a tab already knows is a late message from a gone owner and is ignored.
 *
 * Re-sent calls and duplicates. A follower keeps each call until it is answered. When a new owner
 * announces itself, every unanswered call is sent again to it. A call the old owner had already
 * executed, whose answer was lost when its tab closed, would then run twice (a store twice is
 * harmless, but a retrieve would count two accesses and a store_batch write twice). To prevent that
 * the owner records the request id and the JSON of the result in `engine_requests`, in the SAME
 * transaction as the call's own writes: either both are committed or neither is. A re-sent id found
 * there is answered from the record without running again, by whichever tab owns the database now.
 * Results above RESULT_KEEP_BYTES are recorded without their value and such a call does run again on
 * a re-send (only large reads return that much: exports, lists, searches, and running them twice
 * changes nothing except a retrieve's access count). Records are dropped after DEDUPE_KEEP_MS, far
 * longer than any re-send can take.
 *
 * Change notices. So that every tab shows what any tab wrote without a reload or a click, the owner, after a
 * call's writes are committed, posts `changed` with an EngineChange (types.ts: memory, models, pipeline, patterns
 * or ensembles); which calls change what is NOTICES in memory-host.ts, one entry per served method. The owner
 * hands the same change to its own page (a BroadcastChannel does not deliver to its sender); the other tabs hand
 * on what they hear, so every page gets each change once. Reads, writes that changed nothing, refused writes and
 * usage bookkeeping (a retrieve's access count, a model load's last use) send none. A re-sent call answered from
 * the request log is announced again: its first notice may have been lost with the tab that ran it, and a
 * repeated notice only makes pages read again. Pages coalesce bursts (app/stores/memory.ts, models.ts); `deleted`
 * tells every tab's compute workers which loaded weights to unload (app/bridges/model-caches.ts).
 */

export const LOCK_NAME = 'safla-memory-db';
export const CHANNEL_NAME = 'safla-memory-engine';

const RESULT_KEEP_BYTES = 256 * 1024;

export interface EngineTiming {
  /** How long a forwarded call waits for the owner's answer before it fails. */
  callTimeoutMs: number;
  /** How long a call waits while no tab is ready to serve (an owner opening or taking over). */
  noOwnerWaitMs: number;
  /** How long the owner keeps request ids for deduplication. */
  dedupeKeepMs: number;
}

export const DEFAULT_TIMING: EngineTiming = { callTimeoutMs: 30_000, noOwnerWaitMs: 20_000, dedupeKeepMs: 10 * 60_000 };

/** What an opened database gives the engine; open() builds it (OPFS in the browser, :memory: in tests). */
export interface Backend {
  db: Db;
  memory: HostedApi;
  vfs: string;
  close(): void;
  /** Takes (returns and clears) the VFS's last reported error, to tell a quota failure behind an I/O error code. */
  lastVfsError?(): unknown;
}

export interface ChannelLike {
  postMessage(msg: unknown): void;
  addEventListener(type: 'message', fn: (e: MessageEvent) => void): void;
  close(): void;
}

export interface LocksLike {
  request(name: string, callback: () => Promise<void>): Promise<unknown>;
}

export interface EngineOptions {
  tabId: string;
  locks: LocksLike | undefined;
  channel: () => ChannelLike;
  open: (onRetry: (attempt: number, err: unknown) => void) => Promise<Backend>;
  working: WorkingApi;
  onStatus?: (s: EngineStatus) => void;
  /** Called with every change a committed write made, in whichever tab it was asked for (see the protocol). */
  onChange?: (c: EngineChange) => void;
  timing?: Partial<EngineTiming>;
  clock?: () => number;
}

type Msg =
  | { t: 'hello'; from: string }
  | { t: 'owner'; from: string; since: number; vfs: string | null; failed: EngineErrorInfo | null }
  | { t: 'req'; id: string; from: string; to: string; method: string; args: unknown[] }
  | { t: 'res'; id: string; to: string; ok: true; value: unknown }
  | { t: 'res'; id: string; to: string; ok: false; error: WireError }
  | { t: 'changed'; from: string; change: EngineChange };

interface Pending {
  id: string;
  method: string;
  args: unknown[];
  resolve(v: unknown): void;
  reject(e: Error): void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

const memoryMethods = new Set<string>(OWNER_METHODS);
const workingMethods = new Set<string>(LOCAL_METHODS);

export class Engine {
  readonly tabId: string;
  #status: EngineStatus;
  readonly #opts: EngineOptions;
  readonly #timing: EngineTiming;
  readonly #clock: () => number;
  readonly #channel: ChannelLike;
  #backend: Backend | undefined;
  /** The tab that serves memory calls now (this one when we own the database), and since when. */
  #owner: { tabId: string; since: number; failed: EngineErrorInfo | null } | undefined;
  readonly #pending = new Map<string, Pending>();
  #seq = 0;
  #served = 0;
  #releaseLock: (() => void) | undefined;
  #disposed = false;
  /** Whether engine_requests exists (forwarded calls are logged there for deduplication). */
  #requestLog = false;

  constructor(opts: EngineOptions) {
    this.#opts = opts;
    this.tabId = opts.tabId;
    this.#timing = { ...DEFAULT_TIMING, ...opts.timing };
    this.#clock = opts.clock ?? Date.now;
    this.#status = { role: 'starting', tabId: opts.tabId, vfs: null, error: null };
    this.#channel = opts.channel();
    this.#channel.addEventListener('message', (e) => this.#onMessage(e.data as Msg));
  }

  status(): EngineStatus {
    return this.#status;
  }

  /** Asks who owns the database and queues for the lock; resolves once the request is made (not when granted). */
  start(): void {
    this.#post({ t: 'hello', from: this.tabId });
    const locks = this.#opts.locks;
    if (!locks) {
      this.#fail({ kind: 'unsupported', message: 'This browser has no Web Locks (navigator.locks), which the engine needs to share the memory database between tabs. Use a current Chromium, Firefox or Safari.' });
      return;
    }
    // Held for the worker's lifetime: the browser releases it when the tab (and so its worker) goes away.
    locks.request(LOCK_NAME, () => new Promise<void>((release) => {
      this.#releaseLock = release;
      if (this.#disposed) release();
      else void this.#becomeOwner();
    })).catch((err: unknown) => {
      this.#fail({ kind: 'unsupported', message: `Web Locks refused the engine's lock request: ${String(err)}` });
    });
  }

  /** Runs a memory or working-tier method: here when this tab owns the database (or for the working tier), else at the owner. */
  call(method: string, args: unknown[]): Promise<unknown> {
    // The owner's stats lack the working tier, which lives in each tab: this tab adds its own.
    if (method === 'memory_stats') return this.#call(method, args).then((s) => withWorkingTier(s as MemoryStats, this.#opts.working.working_stats()));
    return this.#call(method, args);
  }

  #call(method: string, args: unknown[]): Promise<unknown> {
    if (!Array.isArray(args)) args = [];
    if (workingMethods.has(method)) {
      try {
        return Promise.resolve((this.#opts.working as unknown as Record<string, (...a: unknown[]) => unknown>)[method](...args));
      } catch (err) {
        return Promise.reject(toCallError(err));
      }
    }
    if (!memoryMethods.has(method)) return Promise.reject(engineError('EngineError', `unknown engine method: ${method}`));
    if (this.#backend) {
      try {
        return Promise.resolve(this.#runLocal(method, args));
      } catch (err) {
        return Promise.reject(err);
      }
    }
    if (this.#status.role === 'failed' && this.#status.error) {
      return Promise.reject(engineError('EngineOpenError', this.#status.error.message));
    }
    return new Promise((resolve, reject) => {
      const id = `${this.tabId}:${++this.#seq}`;
      const p: Pending = { id, method, args, resolve, reject, timer: undefined };
      this.#pending.set(id, p);
      this.#dispatch(p);
    });
  }

  /** Ends this engine (tests; a worker simply goes away): releases the lock and the database. */
  dispose(): void {
    this.#disposed = true;
    for (const p of this.#pending.values()) clearTimeout(p.timer);
    this.#pending.clear();
    this.#backend?.close();
    this.#backend = undefined;
    this.#channel.close();
    this.#releaseLock?.();
  }

  // ---- owner side ------------------------------------------------------------------------------

  async #becomeOwner(): Promise<void> {
    const since = this.#clock();
    this.#owner = { tabId: this.tabId, since, failed: null };
    this.#setStatus({ role: 'starting', vfs: null, error: null });
    let backend: Backend;
    try {
      backend = await this.#opts.open((attempt, err) => {
        console.warn(`engine: memory.db is still held elsewhere (attempt ${attempt}), retrying:`, err);
      });
    } catch (err) {
      console.error('engine: memory.db could not be opened:', err);
      const info = describeOpenError(err);
      this.#owner = { tabId: this.tabId, since, failed: info };
      this.#fail(info);
      this.#announce();
      return;
    }
    if (this.#disposed) {
      backend.close();
      return;
    }
    this.#backend = backend;
    try {
      // The engine's own table, outside core's migrations on purpose: it is transport bookkeeping, not memory,
      // and dropping it loses nothing but deduplication of calls re-sent within the last few minutes.
      backend.db.exec(`CREATE TABLE IF NOT EXISTS engine_requests (id TEXT PRIMARY KEY, result TEXT, at INTEGER NOT NULL)`);
      this.#requestLog = true;
      this.#pruneDedupe();
    } catch (err) {
      console.warn('engine: request log unavailable, re-sent calls may run twice:', err);
    }
    this.#setStatus({ role: 'owner', vfs: backend.vfs, error: null });
    this.#announce();
    // Calls this tab made while it was a follower or while opening: run them here now (deduplicated, see above).
    // Deleting from a Map while iterating it is well defined: settled entries are simply not visited again.
    for (const p of this.#pending.values()) this.#settle(p, () => this.#serve(p.id, p.method, p.args));
  }

  #announce(): void {
    if (!this.#owner || this.#owner.tabId !== this.tabId) return;
    // Still opening: followers learn about us when we are ready (or failed), not before.
    if (!this.#backend && !this.#owner.failed) return;
    this.#post({ t: 'owner', from: this.tabId, since: this.#owner.since, vfs: this.#backend?.vfs ?? null, failed: this.#owner.failed });
  }

  /** Runs a call of this tab's own on the database it owns. */
  #runLocal(method: string, args: unknown[]): unknown {
    const backend = this.#backend!;
    backend.lastVfsError?.();
    try {
      const value = (backend.memory as unknown as Record<string, (...a: unknown[]) => unknown>)[method](...args);
      this.#clearQuota();
      this.#announceChange(method, args, value);
      return value;
    } catch (err) {
      throw this.#mapError(err);
    }
  }

  /** Runs a call that may be a re-send: answered from the request log when it already ran, else run and logged atomically. */
  #serve(id: string, method: string, args: unknown[]): unknown {
    const backend = this.#backend!;
    const { db } = backend;
    const seen = this.#logged(id);
    if (seen !== undefined && seen !== null) {
      const logged = JSON.parse(seen) as unknown;
      this.#announceChange(method, args, logged);
      return logged;
    }
    backend.lastVfsError?.();
    try {
      let value: unknown;
      db.transaction(() => {
        value = (backend.memory as unknown as Record<string, (...a: unknown[]) => unknown>)[method](...args);
        if (!this.#requestLog) return;
        const json = JSON.stringify(value ?? null);
        db.run('INSERT OR REPLACE INTO engine_requests (id, result, at) VALUES (?, ?, ?)', [id, json.length <= RESULT_KEEP_BYTES ? json : null, this.#clock()]);
      });
      this.#clearQuota();
      if (++this.#served % 500 === 0) this.#pruneDedupe();
      this.#announceChange(method, args, value);
      return value;
    } catch (err) {
      throw this.#mapError(err);
    }
  }

  /** The logged result JSON of a request id: undefined when not logged, null when logged without its (too large) value. */
  #logged(id: string): string | null | undefined {
    if (!this.#requestLog) return undefined;
    try {
      const row = this.#backend!.db.get<{ result: string | null }>('SELECT result FROM engine_requests WHERE id = ?', [id]);
      return row ? row.result : undefined;
    } catch {
      return undefined;
    }
  }

  /** Tells every tab (this one's page directly) what a committed call changed; nothing for reads. */
  #announceChange(method: string, args: unknown[], value: unknown): void {
    let changes: EngineChange | EngineChange[] | null;
    try {
      changes = changeOf(method, args, value);
    } catch (err) {
      console.warn('engine: could not tell what', method, 'changed:', err);
      return;
    }
    if (!changes) return;
    // One call may change several things (a loop step stores a pipeline run and a learned operation): one notice each.
    for (const change of Array.isArray(changes) ? changes : [changes]) {
      this.#post({ t: 'changed', from: this.tabId, change });
      this.#deliverChange(change);
    }
  }

  #deliverChange(change: EngineChange): void {
    try {
      this.#opts.onChange?.(change);
    } catch (err) {
      console.warn('engine: change listener failed:', err);
    }
  }

  #pruneDedupe(): void {
    try {
      this.#backend?.db.run('DELETE FROM engine_requests WHERE at < ?', [this.#clock() - this.#timing.dedupeKeepMs]);
    } catch (err) {
      console.warn('engine: could not prune the request log:', err);
    }
  }

  #mapError(err: unknown): Error {
    const mapped = toCallError(err, this.#backend?.lastVfsError?.());
    if (mapped.name === 'EngineQuotaError') this.#setStatus({ error: { kind: 'quota', message: mapped.message } });
    return mapped;
  }

  #clearQuota(): void {
    if (this.#status.error?.kind === 'quota') this.#setStatus({ error: null });
  }

  // ---- follower side ---------------------------------------------------------------------------

  /** Sends a pending call to the owner, or leaves it waiting (bounded) while there is none. */
  #dispatch(p: Pending): void {
    clearTimeout(p.timer);
    const owner = this.#owner;
    if (owner && owner.tabId !== this.tabId && !owner.failed) {
      this.#post({ t: 'req', id: p.id, from: this.tabId, to: owner.tabId, method: p.method, args: p.args });
      p.timer = setTimeout(() => this.#timeout(p, `The tab that owns the memory database did not answer ${p.method} within ${Math.round(this.#timing.callTimeoutMs / 1000)} s.`), this.#timing.callTimeoutMs);
    } else {
      p.timer = setTimeout(() => this.#timeout(p, `No tab could open the memory database within ${Math.round(this.#timing.noOwnerWaitMs / 1000)} s, so ${p.method} was not run.`), this.#timing.noOwnerWaitMs);
    }
  }

  #timeout(p: Pending, message: string): void {
    if (!this.#pending.delete(p.id)) return;
    p.reject(engineError('EngineError', message));
  }

  #settle(p: Pending, run: () => unknown): void {
    if (!this.#pending.delete(p.id)) return;
    clearTimeout(p.timer);
    try {
      p.resolve(run());
    } catch (err) {
      p.reject(err instanceof Error ? err : toCallError(err));
    }
  }

  // ---- messages --------------------------------------------------------------------------------

  #post(msg: Msg): void {
    if (this.#disposed) return;
    try {
      // oxlint-disable-next-line unicorn/require-post-message-target-origin -- a BroadcastChannel has no target origin
      this.#channel.postMessage(msg);
    } catch (err) {
      // Arguments that cannot be cloned fail here, synchronously; the call's own promise reports it.
      if (msg.t === 'req') {
        const p = this.#pending.get(msg.id);
        if (p) this.#settle(p, () => { throw engineError('EngineError', `${msg.method}: arguments cannot be sent to the owner tab: ${String(err)}`); });
      } else console.warn('engine: could not post', msg.t, err);
    }
  }

  #onMessage(msg: Msg): void {
    if (this.#disposed || typeof msg !== 'object' || msg === null) return;
    switch (msg.t) {
      case 'hello':
        this.#announce();
        break;
      case 'owner':
        this.#onOwner(msg);
        break;
      case 'req':
        if (msg.to === this.tabId) this.#onRequest(msg);
        break;
      case 'changed':
        if (msg.from !== this.tabId && typeof msg.change === 'object' && msg.change !== null) this.#deliverChange(msg.change);
        break;
      case 'res': {
        if (msg.to !== this.tabId) return;
        const p = this.#pending.get(msg.id);
        if (!p) return;
        if (msg.ok) this.#settle(p, () => msg.value);
        else {
          const err = fromWire(msg.error);
          if (err.name === 'EngineQuotaError') this.#setStatus({ error: { kind: 'quota', message: err.message } });
          this.#settle(p, () => { throw err; });
        }
        if (msg.ok) this.#clearQuota();
        break;
      }
    }
  }

  #onOwner(msg: Extract<Msg, { t: 'owner' }>): void {
    if (msg.from === this.tabId) return;
    const known = this.#owner;
    // We hold the lock, so any other announcement is stale; so is one older than the owner we know.
    if (known?.tabId === this.tabId) return;
    if (known && msg.since < known.since) return;
    const changed = !known || known.tabId !== msg.from || known.since !== msg.since || (known.failed === null) !== (msg.failed === null);
    this.#owner = { tabId: msg.from, since: msg.since, failed: msg.failed };
    if (msg.failed) {
      this.#fail({ kind: msg.failed.kind, message: `The tab that owns the memory database could not open it: ${msg.failed.message}` });
      return;
    }
    // The owner's VFS: where this tab's data lives, even though another tab's worker writes it.
    this.#setStatus({ role: 'follower', vfs: msg.vfs ?? null, error: null });
    // A new owner: whatever was sent to the old one and not answered goes to it (deduplicated there).
    if (changed) for (const p of this.#pending.values()) this.#dispatch(p);
  }

  #onRequest(msg: Extract<Msg, { t: 'req' }>): void {
    const to = msg.from;
    if (!this.#backend) {
      // We are the addressee but cannot serve: tell the caller rather than let it time out.
      const error = this.#status.error ? engineError('EngineOpenError', this.#status.error.message) : engineError('EngineError', 'the owner tab is not ready');
      this.#post({ t: 'res', id: msg.id, to, ok: false, error: toWire(error) });
      return;
    }
    if (!memoryMethods.has(msg.method)) {
      this.#post({ t: 'res', id: msg.id, to, ok: false, error: toWire(engineError('EngineError', `unknown engine method: ${msg.method}`)) });
      return;
    }
    try {
      const value = this.#serve(msg.id, msg.method, Array.isArray(msg.args) ? msg.args : []);
      this.#post({ t: 'res', id: msg.id, to, ok: true, value });
    } catch (err) {
      this.#post({ t: 'res', id: msg.id, to, ok: false, error: toWire(err instanceof Error ? err : toCallError(err)) });
    }
  }

  // ---- status ----------------------------------------------------------------------------------

  #fail(error: EngineErrorInfo): void {
    this.#setStatus({ role: 'failed', error });
    // Nothing can serve these now: fail them with the reason instead of letting them time out.
    for (const p of this.#pending.values()) this.#settle(p, () => { throw engineError('EngineOpenError', error.message); });
  }

  #setStatus(patch: Partial<EngineStatus>): void {
    const next = { ...this.#status, ...patch };
    if (next.role === this.#status.role && next.vfs === this.#status.vfs && next.error?.message === this.#status.error?.message && next.error?.kind === this.#status.error?.kind) return;
    this.#status = next;
    try {
      this.#opts.onStatus?.(next);
    } catch (err) {
      console.warn('engine: status listener failed:', err);
    }
  }
}
