// Search by meaning offline: the word vectors are precached with the app, so with the server stopped a stored note is still found by a paraphrase.
import { describe, expect, it } from 'vitest';
import { ownServerSession, precachedPaths, waitForServiceWorker } from './offline';

describe('search by meaning offline', () => {
  const own = ownServerSession();

  it('finds the cat-vet note for "pet doctor visit" with the word vectors, the server stopped', async () => {
    const s = own.session();
    const { page } = s;
    await page.goto(`${own.url()}#/memory`);
    await waitForServiceWorker(page);
    const cached = await precachedPaths(page);
    expect(cached.filter((p) => /word-vectors-[\w-]+\.bin$/.test(p))).toHaveLength(1);

    await own.stopServer();
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
