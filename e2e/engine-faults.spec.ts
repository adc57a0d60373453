// Engine faults in the browser: reload mid-write keeps acknowledged batches whole and acknowledged single stores; a foreign pool holder, a damaged file and a real quota error each end as the status or error they should.
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { EngineClient, EngineRole, EngineStatus } from '../workers/engine/types';
import { launch, type Session } from './browser';

type EngineWindow = typeof globalThis & { saflaEngine: EngineClient };

const BATCHES = 20;
const BATCH_SIZE = 500;

async function waitForRole(page: Page, role: EngineRole, timeout = 30_000): Promise<EngineStatus> {
  await page.waitForFunction((r) => (globalThis as EngineWindow).saflaEngine?.status().role === r, role, { timeout });
  return page.evaluate(() => (globalThis as EngineWindow).saflaEngine.status());
}

/** Batch ids the page had acknowledged (the call resolved), kept in sessionStorage so they survive the reload. */
function acked(page: Page): Promise<number[]> {
  return page.evaluate(() => JSON.parse(sessionStorage.getItem('acked') ?? '[]') as number[]);
}

/** The text of the Memory page's alert (the engine's failure as the user reads it). */
async function alertOnMemoryPage(page: Page): Promise<string> {
  await page.goto(`${inject('baseUrl')}#/memory`);
  const alert = page.locator('[role=alert]').first();
  await alert.waitFor({ state: 'visible', timeout: 30_000 });
  return (await alert.textContent()) ?? '';
}

describe('engine faults', () => {
  let s: Session | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it('keeps every acknowledged batch whole and no batch partial across a reload in the middle of writing', async () => {
    s = await launch();
    const { page } = s;
    await page.goto(inject('baseUrl'));
    await waitForRole(page, 'owner');

    // Each batch goes to its own namespace, so memory_namespaces counts it separately.
    await page.evaluate(({ batches, size }) => {
      const { saflaEngine } = globalThis as EngineWindow;
      sessionStorage.setItem('acked', '[]');
      void (async () => {
        for (let b = 0; b < batches; b++) {
          const entries = Array.from({ length: size }, (_, i) => ({ namespace: `batch-${b}`, key: `e${i}`, value: `batch ${b} entry ${i} `.padEnd(120, '.') }));
          await saflaEngine.call('memory_store_batch', entries);
          const done = JSON.parse(sessionStorage.getItem('acked') ?? '[]') as number[];
          done.push(b);
          sessionStorage.setItem('acked', JSON.stringify(done));
        }
      })();
    }, { batches: BATCHES, size: BATCH_SIZE });

    await page.waitForFunction(() => (JSON.parse(sessionStorage.getItem('acked') ?? '[]') as number[]).length >= 2, undefined, { polling: 'raf' });
    await page.reload();
    const before = await acked(page);
    // The reload really interrupted the writing (otherwise this test would prove nothing).
    expect(before.length).toBeGreaterThanOrEqual(2);
    expect(before.length).toBeLessThan(BATCHES);

    // The reloaded tab's new worker takes the database over (retrying while the old one lets go of it).
    await waitForRole(page, 'owner');
    const counts = await page.evaluate(async () => {
      const ns = await (globalThis as EngineWindow).saflaEngine.call('memory_namespaces');
      return Object.fromEntries(ns.filter((n) => n.namespace.startsWith('batch-')).map((n) => [n.namespace, n.entries]));
    });
    for (const b of before) expect(counts[`batch-${b}`], `acknowledged batch ${b}`).toBe(BATCH_SIZE);
    for (const [namespace, n] of Object.entries(counts)) expect(n, `${namespace} is whole`).toBe(BATCH_SIZE);
    // At most the batch in flight at the reload may have committed without its acknowledgement arriving.
    expect(Object.keys(counts).length - before.length).toBeLessThanOrEqual(1);

    // And the database keeps working after the reload.
    const r = await page.evaluate(async () => {
      const { saflaEngine } = globalThis as EngineWindow;
      await saflaEngine.call('memory_usage', { action: 'store', namespace: 'after', key: 'k', value: 'v' });
      return saflaEngine.call('memory_usage', { action: 'retrieve', namespace: 'after', key: 'k' });
    });
    expect(r).toMatchObject({ action: 'retrieve', found: true, value: 'v' });
    expect(s.errors).toEqual([]);
  });

  it('keeps every acknowledged single store, and access counts the engine has written, across a reload in the middle of stores', async () => {
    // One store is one WAL commit (synced before it is acknowledged). A retrieve's access count waits in memory and is
    // written by the next store's commit (or a timer ACCESS_FLUSH_MS later, tested in workers/engine/memory-host.test.ts).
    // What a reload may lose: the store in flight, and counts not yet written.
    s = await launch();
    const { page } = s;
    await page.goto(inject('baseUrl'));
    await waitForRole(page, 'owner');
    await page.evaluate(async () => {
      const { saflaEngine } = globalThis as EngineWindow;
      await saflaEngine.call('memory_usage', { action: 'store', namespace: 'singles', key: 'counted', value: 'read me' });
      for (let i = 0; i < 3; i++) await saflaEngine.call('memory_usage', { action: 'retrieve', namespace: 'singles', key: 'counted' });
    });
    // The first store of the loop writes the three waiting counts in its own commit, acknowledged before the reload.
    await page.evaluate(() => {
      const { saflaEngine } = globalThis as EngineWindow;
      sessionStorage.setItem('acked', '[]');
      void (async () => {
        for (let i = 0; i < 100_000; i++) {
          await saflaEngine.call('memory_usage', { action: 'store', namespace: 'singles', key: `s${i}`, value: `single ${i}` });
          const done = JSON.parse(sessionStorage.getItem('acked') ?? '[]') as number[];
          done.push(i);
          sessionStorage.setItem('acked', JSON.stringify(done));
        }
      })();
    });
    await page.waitForFunction(() => (JSON.parse(sessionStorage.getItem('acked') ?? '[]') as number[]).length >= 20, undefined, { polling: 'raf' });
    await page.reload();
    const before = await acked(page);
    expect(before.length).toBeGreaterThanOrEqual(20);

    await waitForRole(page, 'owner');
    const after = await page.evaluate(async (ids) => {
      const { saflaEngine } = globalThis as EngineWindow;
      const missing: number[] = [];
      for (const i of ids) {
        const r = await saflaEngine.call('memory_usage', { action: 'retrieve', namespace: 'singles', key: `s${i}` });
        if (r.action !== 'retrieve' || r.value !== `single ${i}`) missing.push(i);
      }
      const counted = await saflaEngine.call('memory_usage', { action: 'retrieve', namespace: 'singles', key: 'counted' });
      const ns = await saflaEngine.call('memory_namespaces');
      return { missing, count: counted.action === 'retrieve' ? counted.entry?.access_count : null, entries: ns.find((n) => n.namespace === 'singles')?.entries ?? 0 };
    }, before);
    expect(after.missing).toEqual([]);
    expect(after.count).toBe(4);
    // 'counted', every acknowledged store, and at most the one in flight at the reload.
    expect(after.entries - 1 - before.length).toBeGreaterThanOrEqual(0);
    expect(after.entries - 1 - before.length).toBeLessThanOrEqual(1);
    expect(s.errors).toEqual([]);
  });

  it('shows a failed status with a clear message when the pool is held by something that is not an engine', async () => {
    s = await launch();
    const { page, context } = s;
    // The first visit creates the pool, then the tab closes and lets go of it.
    await page.goto(inject('baseUrl'));
    await waitForRole(page, 'owner');
    const holderPage = await context.newPage();
    await page.close();

    // A same-origin document that does not start the app (an icon), whose worker grabs the pool's files
    // with access handles of its own and never takes the engine's Web Lock: the non-cooperating holder.
    await holderPage.goto(`${inject('baseUrl')}icons/icon-192.png`);
    const held = await holderPage.evaluate(async () => {
      const src = `
        (async () => {
          const root = await navigator.storage.getDirectory();
          const pool = await root.getDirectoryHandle('.safla-sahpool');
          const opaque = await pool.getDirectoryHandle('.opaque');
          const handles = [];
          for await (const h of opaque.values()) if (h.kind === 'file') handles.push(await h.createSyncAccessHandle());
          self.held = handles;
          postMessage(handles.length);
        })().catch((e) => postMessage(String(e)));`;
      const worker = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
      (globalThis as { holder?: Worker }).holder = worker;
      return new Promise<unknown>((resolve) => worker.addEventListener('message', (e) => resolve(e.data), { once: true }));
    });
    expect(held).toBeGreaterThan(0);

    const app = await context.newPage();
    await app.goto(inject('baseUrl'));
    // The engine retries for a few seconds (a reloading tab's old worker lets go that fast), then gives up.
    const status = await waitForRole(app, 'failed', 60_000);
    expect(status.error).toMatchObject({ kind: 'open', message: expect.stringMatching(/in use by something else.*Close other windows of SAFLA Lab/s) });
    const call = await app.evaluate(() => (globalThis as EngineWindow).saflaEngine.call('memory_namespaces').then(() => null, (e: Error) => ({ name: e.name, message: e.message })));
    expect(call).toMatchObject({ name: 'EngineOpenError', message: status.error!.message });
    // The user sees it: the Memory page leads with the error and what to do.
    expect(await alertOnMemoryPage(app)).toMatch(/in use by something else/);
  });

  it('rejects a write that runs past the storage quota with EngineQuotaError, rolls it back, and keeps earlier data', async () => {
    s = await launch();
    const { page, context } = s;
    await page.goto(inject('baseUrl'));
    await waitForRole(page, 'owner');
    await page.evaluate(() => (globalThis as EngineWindow).saflaEngine.call('memory_usage', { action: 'store', namespace: 'quota', key: 'kept', value: 'yes' }));

    // A real quota: Chromium's DevTools protocol lowers this origin's quota to what it uses now plus 1 MiB.
    const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
    const cdp = await context.newCDPSession(page);
    const origin = new URL(inject('baseUrl')).origin;
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 1024 * 1024 });

    const result = await page.evaluate(async () => {
      const { saflaEngine } = globalThis as EngineWindow;
      // About 5 MB of values: more than the quota leaves room for.
      const entries = Array.from({ length: 500 }, (_, i) => ({ namespace: 'quota-big', key: `k${i}`, value: `${i} `.padEnd(10_000, 'x') }));
      return saflaEngine.call('memory_store_batch', entries).then(() => null, (e: Error) => ({ name: e.name, message: e.message }));
    });
    expect(result).toMatchObject({ name: 'EngineQuotaError', message: expect.stringMatching(/^Storage is full: /) });
    expect(await page.evaluate(() => (globalThis as EngineWindow).saflaEngine.status().error)).toMatchObject({ kind: 'quota' });
    // Through the UI: a store that does not fit shows the error and keeps what was typed. The failed batch grew
    // memory.db-wal to about the 1 MiB left, and WAL reuses that space, so the value must be well beyond it.
    await page.goto(`${inject('baseUrl')}#/memory`);
    const form = page.getByRole('region', { name: 'Store an entry' });
    await form.getByLabel('Key').fill('too-big');
    await form.getByLabel('Value').fill('y'.repeat(6 * 1024 * 1024));
    await form.getByRole('button', { name: 'Store entry' }).click();
    await page.locator('[role=alert]', { hasText: 'Storage is full' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    expect(await form.getByLabel('Key').inputValue()).toBe('too-big');

    // Nothing of the failed batch is there, the earlier entry is, and with the quota back writes work again.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    const after = await page.evaluate(async () => {
      const { saflaEngine } = globalThis as EngineWindow;
      const ns = await saflaEngine.call('memory_namespaces');
      const kept = await saflaEngine.call('memory_usage', { action: 'retrieve', namespace: 'quota', key: 'kept' });
      await saflaEngine.call('memory_usage', { action: 'store', namespace: 'quota', key: 'later', value: 'ok' });
      return { big: ns.find((n) => n.namespace === 'quota-big')?.entries ?? 0, kept: kept.action === 'retrieve' ? kept.value : null, error: saflaEngine.status().error };
    });
    expect(after).toEqual({ big: 0, kept: 'yes', error: null });
    expect(s.errors).toEqual([]);
  });

  it('shows a failed status saying the file is damaged when memory.db is not a database', async () => {
    s = await launch();
    const { page, context } = s;
    await page.goto(inject('baseUrl'));
    await waitForRole(page, 'owner');
    await page.evaluate(() => (globalThis as EngineWindow).saflaEngine.call('memory_usage', { action: 'store', key: 'k', value: 'v' }));
    const other = await context.newPage();
    await page.close();

    // Overwrite the first database page of memory.db in its pool file (sahpool keeps a 4 KiB header of its own,
    // starting with the file's name, in front of the database bytes). The closed tab's last commits may still be in
    // memory.db-wal (it was not closed cleanly), and recovery would rebuild page 1 from there: so the WAL's header is
    // overwritten too, which makes SQLite ignore the WAL and read the damaged page.
    await other.goto(`${inject('baseUrl')}icons/icon-192.png`);
    const damaged = await other.evaluate(async () => {
      const src = `
        (async () => {
          const root = await navigator.storage.getDirectory();
          const opaque = await (await root.getDirectoryHandle('.safla-sahpool')).getDirectoryHandle('.opaque');
          let hit = 0;
          for await (const h of opaque.values()) {
            if (h.kind !== 'file') continue;
            const sah = await h.createSyncAccessHandle();
            const name = new Uint8Array(15);
            sah.read(name, { at: 0 });
            // The name is NUL-terminated: '/memory.db-journal' must not match.
            if (new TextDecoder().decode(name.subarray(0, 10)) === '/memory.db' && name[10] === 0) {
              sah.write(new TextEncoder().encode('this is not an SQLite database '.repeat(64)), { at: 4096 });
              sah.flush();
              hit++;
            } else if (new TextDecoder().decode(name.subarray(0, 14)) === '/memory.db-wal' && name[14] === 0) {
              sah.write(new Uint8Array(32), { at: 4096 });
              sah.flush();
            }
            sah.close();
          }
          postMessage(hit);
        })().catch((e) => postMessage(String(e)));`;
      const worker = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
      return new Promise<unknown>((resolve) => worker.addEventListener('message', (e) => resolve(e.data), { once: true }));
    });
    expect(damaged).toBe(1);

    await other.goto(inject('baseUrl'));
    const status = await waitForRole(other, 'failed');
    expect(status.error).toMatchObject({ kind: 'open', message: expect.stringMatching(/damaged/) });
    expect(await alertOnMemoryPage(other)).toMatch(/damaged/);
  });
});
