// Search by meaning offline: the word vectors are precached with the app, so with the server stopped a stored note is still found by a paraphrase.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type Session } from './browser';
import { startPreview, type Preview } from './preview';

describe('search by meaning offline', () => {
  let server: Preview | undefined;
  let s: Session;
  beforeAll(async () => {
    server = await startPreview();
    s = await launch();
  });
  afterAll(async () => {
    await s?.close();
    await server?.close();
  });

  it('finds the cat-vet note for "pet doctor visit" with the word vectors, the server stopped', async () => {
    const { page } = s;
    const url = server!.url;
    await page.goto(`${url}#/memory`);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        for (const req of await (await caches.open(name)).keys()) urls.push(new URL(req.url).pathname);
      }
      return urls;
    });
    expect(cached.filter((p) => /word-vectors-[\w-]+\.bin$/.test(p))).toHaveLength(1);

    await server!.close();
    server = undefined;
    await expect(fetch(url)).rejects.toThrow();
    // A fresh engine worker: it must fetch the word vectors again, now from the precache.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Memory' }).waitFor();
    await expect.poll(() => page.getByTestId('engine-status').getAttribute('data-role'), { timeout: 30_000 }).toBe('owner');

    const form = page.locator('form.mem-form');
    const notes = [
      ['luna-vet', 'Took Luna the cat to the vet on Tuesday for her yearly vaccinations.'],
      ['museum', 'Visit the art museum with the kids on Sunday afternoon.'],
      ['groceries', 'Buy milk, eggs, bread, apples and coffee at the supermarket.'],
    ];
    for (const [key, value] of notes) {
      await form.getByLabel('Key').fill(key);
      await form.getByLabel('Value').fill(value);
      await form.getByRole('button', { name: 'Store entry' }).click();
      await page.getByTestId('store-result').filter({ hasText: `Stored “${key}”` }).waitFor();
    }
    await page.getByRole('radio', { name: 'Semantic (by meaning)' }).check();
    await page.getByLabel('Search for').fill('pet doctor visit');
    await page.getByRole('search').getByRole('button', { name: 'Search' }).click();
    await page.getByTestId('search-summary').filter({ hasText: '“pet doctor visit”' }).waitFor();
    expect(await page.getByTestId('search-embedder').getAttribute('data-embedder')).toBe('word-vectors');
    const keys = await page.getByTestId('search-results').locator('li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-key')));
    expect(keys[0]).toBe('luna-vet');
    expect(s.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
