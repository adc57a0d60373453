// Two tabs share memory.db: the first owns it, the second forwards its calls; when the owner closes the other takes over and nothing is lost.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EngineClient, EngineRole, EngineStatus } from '../workers/engine/types';
import { launch, type Session } from './browser';

type EngineWindow = typeof globalThis & { saflaEngine: EngineClient };

function watchErrors(page: Page, errors: string[], label: string): void {
  page.on('pageerror', (e) => errors.push(`${label} pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${label} console: ${m.text()}`);
  });
}

async function waitForRole(page: Page, role: EngineRole): Promise<EngineStatus> {
  await page.waitForFunction((r) => (globalThis as EngineWindow).saflaEngine?.status().role === r, role, { timeout: 30_000 });
  return page.evaluate(() => (globalThis as EngineWindow).saflaEngine.status());
}

function store(page: Page, keys: string[], tag: string): Promise<void> {
  // The callback runs in the page: it gets its data as an argument, not from this scope.
  return page.evaluate(async (arg) => {
    const { saflaEngine } = globalThis as EngineWindow;
    for (const key of arg.keys) await saflaEngine.call('memory_usage', { action: 'store', namespace: 'multitab', key, value: `${arg.tag}:${key}` });
  }, { keys, tag });
}

/** The value of each key as this page reads it (null when missing). */
function read(page: Page, keys: string[]): Promise<(string | null)[]> {
  return page.evaluate(async (names) => {
    const { saflaEngine } = globalThis as EngineWindow;
    const out: (string | null)[] = [];
    for (const key of names) {
      const r = await saflaEngine.call('memory_usage', { action: 'retrieve', namespace: 'multitab', key });
      out.push(r.action === 'retrieve' ? r.value : null);
    }
    return out;
  }, keys);
}

const keysOf = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('engine across tabs', () => {
  let s: Session;
  beforeAll(async () => {
    s = await launch();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('serves both tabs from one owner, hands ownership over when it closes, and loses nothing', async () => {
    const errors = s.errors;
    const a = s.page;
    await a.goto(inject('baseUrl'));
    const statusA = await waitForRole(a, 'owner');
    expect(statusA).toMatchObject({ role: 'owner', vfs: 'opfs-sahpool', error: null });

    const b = await s.context.newPage();
    watchErrors(b, errors, 'B');
    await b.goto(inject('baseUrl'));
    const statusB = await waitForRole(b, 'follower');
    expect(statusB.tabId).not.toBe(statusA.tabId);
    expect(statusB).toMatchObject({ role: 'follower', vfs: 'opfs-sahpool', error: null });

    // Each tab writes, and reads what the other wrote.
    await store(a, keysOf('a', 20), 'A');
    await store(b, keysOf('b', 20), 'B');
    expect(await read(b, keysOf('a', 20))).toEqual(keysOf('a', 20).map((k) => `A:${k}`));
    expect(await read(a, keysOf('b', 20))).toEqual(keysOf('b', 20).map((k) => `B:${k}`));

    // What the user of tab B sees: the Memory page says another tab owns the database and lists A's entries.
    await b.goto(`${inject('baseUrl')}#/memory`);
    await b.getByText('Another tab owns the database; this tab forwards to it.').waitFor({ timeout: 30_000 });
    await b.getByTestId('entries').locator('tbody tr[data-key="a0"]').waitFor({ timeout: 30_000 });

    // Bad input is rejected with its own name and message, also when it comes from a follower.
    const bad = await b.evaluate(() => (globalThis as EngineWindow).saflaEngine
      .call('memory_usage', { action: 'store', namespace: 'multitab', key: '', value: 'v' })
      .then(() => null, (e: Error) => ({ name: e.name, message: e.message, isError: e instanceof Error })));
    expect(bad).toEqual({ name: 'MemoryInputError', message: 'memory_usage: key must not be empty', isError: true });

    // B fires writes without waiting, and A's tab closes while they are in flight.
    await b.evaluate(() => {
      const { saflaEngine } = globalThis as EngineWindow;
      const calls = Array.from({ length: 50 }, (_, i) =>
        saflaEngine.call('memory_usage', { action: 'store', namespace: 'multitab', key: `inflight${i}`, value: `B:inflight${i}` }));
      (globalThis as { inflight?: Promise<unknown> }).inflight = Promise.allSettled(calls).then((r) => r.map((x) => x.status));
    });
    await a.close();

    expect(await b.evaluate(() => (globalThis as { inflight?: Promise<string[]> }).inflight!)).toEqual(Array(50).fill('fulfilled'));
    const takeover = await waitForRole(b, 'owner');
    expect(takeover).toMatchObject({ role: 'owner', tabId: statusB.tabId, vfs: 'opfs-sahpool', error: null });
    await b.getByText('This tab owns the database').waitFor({ timeout: 30_000 });

    // The new owner keeps writing and reading, and everything written before is there.
    await store(b, keysOf('b2-', 20), 'B');
    expect(await read(b, keysOf('a', 20))).toEqual(keysOf('a', 20).map((k) => `A:${k}`));
    expect(await read(b, keysOf('b', 20))).toEqual(keysOf('b', 20).map((k) => `B:${k}`));
    expect(await read(b, keysOf('inflight', 50))).toEqual(keysOf('inflight', 50).map((k) => `B:${k}`));
    expect(await read(b, keysOf('b2-', 20))).toEqual(keysOf('b2-', 20).map((k) => `B:${k}`));

    // A tab opened now follows the new owner.
    const c = await s.context.newPage();
    watchErrors(c, errors, 'C');
    await c.goto(inject('baseUrl'));
    await waitForRole(c, 'follower');
    expect(await read(c, ['a0', 'inflight49', 'b2-19'])).toEqual(['A:a0', 'B:inflight49', 'B:b2-19']);
    const namespaces = await c.evaluate(() => (globalThis as EngineWindow).saflaEngine.call('memory_namespaces'));
    expect(namespaces.find((n) => n.namespace === 'multitab')?.entries).toBe(110);

    expect(errors).toEqual([]);
  });
});
