// For offline specs: a preview server of their own that a spec can stop, and what the service worker precached.
import { afterAll, beforeAll, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, type Session } from './browser';
import { startPreview, type Preview } from './preview';

/** A browser and a preview server of the spec's own (the shared one must keep running), closed after the spec. */
export function ownServerSession(): { session: () => Session; url: () => string; stopServer: () => Promise<void> } {
  let server: Preview | undefined;
  let url = '';
  let s: Session;
  beforeAll(async () => {
    server = await startPreview();
    url = server.url;
    s = await launch();
  });
  afterAll(async () => {
    await s?.close();
    await server?.close();
  });
  return {
    session: () => s,
    url: () => url,
    /** Stops the server and checks that nothing answers any more: what follows is really offline. */
    async stopServer() {
      await server!.close();
      server = undefined;
      await expect(fetch(url)).rejects.toThrow();
    },
  };
}

/** Waits until the service worker controls the page (it activates only after precaching finished). */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
}

/** Paths of everything in the precache. */
export function precachedPaths(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      if (!name.includes('precache')) continue;
      for (const req of await (await caches.open(name)).keys()) urls.push(new URL(req.url).pathname);
    }
    return urls;
  });
}
