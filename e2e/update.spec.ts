// The update prompt: when a new service worker is waiting, the app says so and "Reload" switches to it.
import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type Session } from './browser';
import { startPreview, type Preview } from './preview';

describe('update prompt', () => {
  let dir: string;
  let server: Preview;
  let s: Session;
  beforeAll(async () => {
    // A copy of the build we can change, as a deploy would.
    dir = await mkdtemp(join(tmpdir(), 'safla-dist-'));
    await cp('dist', dir, { recursive: true });
    server = await startPreview(dir);
    s = await launch();
  });
  afterAll(async () => {
    await s?.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('offers the new version and reloads into it', async () => {
    const { page } = s;
    await page.goto(server.url);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
    expect(await page.getByText('A new version is ready.').count()).toBe(0);

    // "Deploy" a new service worker (any byte change makes it new), then let the page look for it.
    await appendFile(join(dir, 'sw.js'), '\n// next version\n');
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    await page.getByText('A new version is ready.').waitFor({ timeout: 60_000 });
    expect(await page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting))).toBe(true);

    const reloaded = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Reload' }).click();
    await reloaded;
    await page.locator('.brand').waitFor();
    const state = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      return { waiting: Boolean(reg?.waiting), controlled: navigator.serviceWorker.controller !== null };
    });
    expect(state).toEqual({ waiting: false, controlled: true });
    expect(await page.getByText('A new version is ready.').count()).toBe(0);
  });
});
