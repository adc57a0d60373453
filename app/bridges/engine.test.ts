// The engine bridge against a stand-in worker: comlink over a MessageChannel, in front of a real Engine on a :memory: database.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../core/db/migrations';
import type { RetrieveResult } from '../../core/memory/memory-usage';
import { Engine, type LocksLike } from '../../workers/engine/engine';
import { openMemory, openWorking } from '../../workers/engine/memory-host';
import { openMemoryDb } from '../../workers/engine/sqlite-db';
import type { EngineChange, EngineStatus } from '../../workers/engine/types';
import { EngineBridge, type StorageLike } from './engine';
import { standInWorker } from './test-support';

/** A lock nobody else wants: granted at once and held. */
const soloLocks: LocksLike = { request: (_name, cb) => cb() };

let seq = 0;

/** The worker side: the same functions as workers/engine/api.ts, over an engine whose database is :memory:. */
function standInApi(opts: { failOpen?: Error } = {}) {
  let engine: Engine | undefined;
  return {
    start(tabId: string, onStatus: (s: EngineStatus) => void, onChange?: (c: EngineChange) => void) {
      engine = new Engine({
        tabId,
        locks: soloLocks,
        channel: () => new BroadcastChannel(`bridge-test-${process.pid}-${++seq}`),
        open: async () => {
          if (opts.failOpen) throw opts.failOpen;
          const db = await openMemoryDb();
          migrate(db);
          return { db, memory: openMemory(db), vfs: 'memory', close: () => db.close() };
        },
        working: openWorking(),
        onStatus: (s) => void Promise.resolve(onStatus(s)).catch(() => {}),
        onChange: (c) => void onChange?.(c),
      });
      engine.start();
      return engine.status();
    },
    call: (method: string, args: unknown[]) => engine!.call(method, args),
    status: () => engine!.status(),
    dispose: () => engine?.dispose(),
  };
}

function setup(opts: { failOpen?: Error; storage?: StorageLike | null } = {}) {
  const workers: { port: MessagePort }[] = [];
  const api = standInApi(opts);
  const createWorker = () => {
    const { worker, port } = standInWorker(api);
    workers.push({ port });
    return worker;
  };
  const bridge = new EngineBridge({ createWorker, storage: opts.storage ?? null, tabId: 'tab-1' });
  return { bridge, workers, api };
}

describe('EngineBridge', () => {
  it('starts the worker once, on start() or the first call, and pushes status changes', async () => {
    const { bridge, workers, api } = setup();
    const seen: EngineStatus[] = [];
    const off = bridge.onStatus((s) => seen.push(s));
    expect(seen).toEqual([{ role: 'starting', tabId: 'tab-1', vfs: null, error: null }]);
    expect(workers).toHaveLength(0);
    bridge.start();
    bridge.start();
    expect(workers).toHaveLength(1);
    await expect.poll(() => bridge.status().role).toBe('owner');
    expect(bridge.status()).toEqual({ role: 'owner', tabId: 'tab-1', vfs: 'memory', error: null });
    expect(seen.at(-1)!.role).toBe('owner');
    off();
    await bridge.call('memory_usage', { action: 'store', key: 'k', value: 'v' });
    const r = (await bridge.call('memory_usage', { action: 'retrieve', key: 'k' })) as RetrieveResult;
    expect(r.value).toBe('v');
    expect(workers).toHaveLength(1);
    api.dispose();
  });

  it('hands the change notices of committed writes to its listeners until they unsubscribe', async () => {
    const { bridge, api } = setup();
    const seen: EngineChange[] = [];
    const off = bridge.onChange((c) => seen.push(c));
    await bridge.call('memory_usage', { action: 'store', namespace: 'n1', key: 'k', value: 'v' });
    await bridge.call('memory_usage', { action: 'retrieve', namespace: 'n1', key: 'k' });
    await bridge.call('memory_usage', { action: 'delete', namespace: 'n1', key: 'k' });
    await expect.poll(() => seen).toEqual([{ what: 'memory', namespaces: ['n1'] }, { what: 'memory', namespaces: ['n1'] }]);
    off();
    await bridge.call('memory_usage', { action: 'store', namespace: 'n2', key: 'k', value: 'v' });
    await bridge.call('memory_namespaces');
    expect(seen).toHaveLength(2);
    api.dispose();
  });

  it('rejects through comlink with the error name and message intact', async () => {
    const { bridge, api } = setup();
    const bad = bridge.call('memory_usage', { action: 'store', key: 42 as unknown as string, value: 'v' });
    await expect(bad).rejects.toBeInstanceOf(Error);
    await expect(bad).rejects.toMatchObject({ name: 'MemoryInputError', message: 'memory_usage: key must be a string (got number)' });
    await expect((bridge as unknown as { call(m: string): Promise<unknown> }).call('nope')).rejects.toMatchObject({ name: 'EngineError', message: 'unknown engine method: nope' });
    api.dispose();
  });

  it('shows a failed open in the status and rejects memory calls with EngineOpenError', async () => {
    const corrupt = Object.assign(new Error('SQLITE_NOTADB: sqlite3 result code 26: file is not a database'), { resultCode: 26 });
    const { bridge, api } = setup({ failOpen: corrupt });
    bridge.start();
    await expect.poll(() => bridge.status().role).toBe('failed');
    expect(bridge.status().error).toMatchObject({ kind: 'open', message: expect.stringMatching(/damaged/) });
    await expect(bridge.call('memory_namespaces')).rejects.toMatchObject({ name: 'EngineOpenError', message: expect.stringMatching(/damaged/) });
    api.dispose();
  });

  it('fails the status and every waiting call when the worker itself fails', async () => {
    const ports: MessagePort[] = [];
    const bridge = new EngineBridge({
      storage: null,
      createWorker: () => {
        // A worker whose script never loads: it answers nothing, then reports an error.
        const { port1 } = new MessageChannel();
        ports.push(port1);
        return {
          postMessage: () => {},
          addEventListener: (type: string, l: EventListener) => port1.addEventListener(type, l),
          removeEventListener: (type: string, l: EventListener) => port1.removeEventListener(type, l),
          terminate: () => port1.close(),
        } as unknown as Worker;
      },
    });
    const waiting = bridge.call('memory_namespaces');
    ports[0].dispatchEvent(new Event('error'));
    await expect(waiting).rejects.toMatchObject({ name: 'EngineError', message: 'The engine worker failed: the script could not be loaded' });
    expect(bridge.status()).toMatchObject({ role: 'failed', error: { kind: 'internal' } });
    ports[0].close();
  });

  it('asks navigator.storage in the page, and answers null where there is none', async () => {
    const storage: StorageLike = {
      persist: async () => false,
      persisted: async () => true,
      estimate: async () => ({ usage: 10, quota: 100 }),
    };
    expect(await setup({ storage }).bridge.requestPersistence()).toBe(false);
    expect(await setup({ storage }).bridge.persisted()).toBe(true);
    expect(await setup({ storage }).bridge.storageEstimate()).toEqual({ usage: 10, quota: 100 });
    const none = setup({ storage: null }).bridge;
    expect(await none.requestPersistence()).toBeNull();
    expect(await none.persisted()).toBeNull();
    expect(await none.storageEstimate()).toBeNull();
  });
});
