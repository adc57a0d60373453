// Measures what a change notice costs the owner per write (working out the change, posting it on a BroadcastChannel) beside a whole memory_usage store call; `npm run measure -- change-notice` prints, never asserts, timings.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../core/db/migrations';
import type { MemoryUsageResult } from '../../core/memory/memory-usage';
import { Engine } from './engine';
import { changeOf, openMemory, openWorking } from './memory-host';
import { openMemoryDb } from './sqlite-db';
import type { EngineChange } from './types';

const CALLS = 5_000;
const NOTICES = 50_000;

describe('change notices', () => {
  it(`${CALLS} memory_usage stores in the owner with a listening tab, and ${NOTICES} notices alone`, async () => {
    const db = await openMemoryDb();
    migrate(db);
    const name = `notice-measure-${process.pid}`;
    const heard: EngineChange[] = [];
    const listener = new BroadcastChannel(name);
    listener.addEventListener('message', (e) => heard.push((e as MessageEvent<{ change: EngineChange }>).data.change));
    const engine = new Engine({
      tabId: 'owner', locks: { request: (_n, cb) => cb() }, channel: () => new BroadcastChannel(name),
      open: async () => ({ db, memory: openMemory(db), vfs: 'memory', close: () => {} }), working: openWorking(), onChange: () => {},
    });
    engine.start();
    await expect.poll(() => engine.status().role).toBe('owner');
    const store = (i: number) => engine.call('memory_usage', [{ action: 'store', namespace: 'm', key: `k${i % 500}`, value: `v${i}` }]);
    for (let i = 0; i < 500; i++) await store(i);
    let t0 = performance.now();
    for (let i = 0; i < CALLS; i++) await store(i);
    const perCall = ((performance.now() - t0) * 1000) / CALLS;

    const post = new BroadcastChannel(name);
    const result: MemoryUsageResult = { action: 'store', stored: true, id: 1, size: 2, storage_type: 'sqlite', namespace: 'm', key: 'k', expires_at: null };
    t0 = performance.now();
    for (let i = 0; i < NOTICES; i++) {
      // oxlint-disable-next-line unicorn/require-post-message-target-origin -- a BroadcastChannel has no target origin
      post.postMessage({ t: 'changed', from: 'owner', change: changeOf('memory_usage', [{ action: 'store' }], result) });
    }
    const perNotice = ((performance.now() - t0) * 1000) / NOTICES;
    await expect.poll(() => heard.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(CALLS + NOTICES);
    console.log(`memory_usage store in the owner (:memory:, notices on, one tab listening): ${perCall.toFixed(1)} µs per call`);
    console.log(`one notice alone (changeOf + BroadcastChannel.postMessage): ${perNotice.toFixed(2)} µs`);
    engine.dispose();
    post.close();
    listener.close();
  });
});
