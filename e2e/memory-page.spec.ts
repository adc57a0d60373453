// The Memory page end to end: store through the form, counts, keyword and semantic search, retrieve, delete, export, import, settings.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, type Session } from './browser';

const NS = 'e2e-notes';
const ENTRIES = [
  { key: 'alpha', value: 'The quick brown fox jumps over the lazy dog', ttl: '' },
  { key: 'beta', value: 'Gradient descent lowers the training loss step by step', ttl: '3600' },
  { key: 'gamma', value: 'Bananas are a yellow fruit rich in potassium', ttl: '' },
];

async function openMemory(page: Page): Promise<void> {
  await page.goto(`${inject('baseUrl')}#/memory`);
  await page.getByRole('heading', { level: 1, name: 'Memory' }).waitFor();
  // The engine must be serving (this tab owns the database, or forwards to the tab that does) before anything is asserted.
  await expect.poll(() => page.getByTestId('engine-status').getAttribute('data-role'), { timeout: 30_000 }).toMatch(/^(owner|follower)$/);
}

/** A figure of the key-value facts ("entries", "namespaces"), once it has been read. */
async function fact(page: Page, stat: string): Promise<number> {
  const el = page.getByTestId('memory-facts').locator(`[data-stat="${stat}"]`);
  await el.waitFor();
  return Number(await el.innerText());
}

async function tierRows(page: Page, tier: string): Promise<number> {
  const text = await page.locator(`[data-tier="${tier}"] [data-stat="rows"]`).innerText();
  return Number(text);
}

const entryRow = (page: Page, key: string) => page.getByTestId('entries').locator(`tbody tr[data-key="${key}"]`);

async function storeEntry(page: Page, e: { key: string; value: string; ttl: string }, namespace?: string): Promise<void> {
  const form = page.locator('form.mem-form');
  if (namespace !== undefined) await form.getByLabel('Namespace').fill(namespace);
  await form.getByLabel('Key').fill(e.key);
  await form.getByLabel('Value').fill(e.value);
  await form.getByLabel(/^TTL/).fill(e.ttl);
  await form.getByRole('button', { name: 'Store entry' }).click();
  await page.getByTestId('store-result').filter({ hasText: `Stored “${e.key}”` }).waitFor();
}

async function search(page: Page, mode: 'Keyword' | 'Semantic (by meaning)' | 'Semantic (by spelling)', query: string): Promise<string[]> {
  await page.getByRole('radio', { name: mode }).check();
  await page.getByLabel('Search for').fill(query);
  await page.getByRole('search').getByRole('button', { name: 'Search' }).click();
  await page.getByTestId('search-summary').filter({ hasText: `“${query}”` }).waitFor();
  return page.getByTestId('search-results').locator('li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-key') ?? ''));
}

const pageErrors = (s: Session) => s.errors.filter((e) => e.startsWith('pageerror'));

describe('memory page', () => {
  let s: Session;
  let exported: { name: string; text: string } | undefined;

  beforeAll(async () => {
    s = await launch();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('stores entries through the form and shows them, with the counts they change', async () => {
    const { page } = s;
    await openMemory(page);
    const entriesBefore = await fact(page, 'entries');
    await storeEntry(page, ENTRIES[0], NS);
    await storeEntry(page, ENTRIES[1]);
    await storeEntry(page, ENTRIES[2]);

    for (const e of ENTRIES) await entryRow(page, e.key).waitFor();
    await expect.poll(() => fact(page, 'entries')).toBe(entriesBefore + 3);
    expect(await entryRow(page, 'beta').locator('[data-stat="expiry"]').innerText()).toMatch(/^expires in (59 min|1 h)/);
    expect(await entryRow(page, 'alpha').locator('[data-stat="expiry"]').innerText()).toBe('no expiry');
    const ns = page.getByTestId('namespaces').locator(`tr[data-namespace="${NS}"]`);
    expect(await ns.locator('[data-stat="entries"]').innerText()).toBe('3');
    expect(pageErrors(s)).toEqual([]);
  });

  it('shows a form error beside its field and keeps what was typed', async () => {
    const { page } = s;
    const form = page.locator('form.mem-form');
    await form.getByLabel('Key').fill('delta');
    await form.getByLabel('Value').fill('kept value');
    await form.getByLabel(/^Metadata/).fill('{"source": ');
    await form.getByRole('button', { name: 'Store entry' }).click();
    expect(await page.getByTestId('error-metadata').innerText()).toMatch(/^Metadata is not valid JSON/);
    expect(await form.getByLabel('Value').inputValue()).toBe('kept value');
    await form.getByLabel(/^Metadata/).fill('');
    await form.getByLabel('Key').fill('');
    await form.getByLabel('Value').fill('');
  });

  it('filters by namespace and finds entries by keyword and by meaning', async () => {
    const { page } = s;
    await page.getByTestId('namespaces').getByRole('button', { name: NS, exact: true }).click();
    await page.getByRole('heading', { level: 2, name: `Entries in ${NS}` }).waitFor();

    expect(await search(page, 'Keyword', 'potassium')).toEqual(['gamma']);

    const hits = await search(page, 'Semantic (by meaning)', 'a fox and a lazy dog');
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]).toBe('alpha');
    const scores = await page.getByTestId('search-results').locator('[data-stat="score"]').allInnerTexts();
    for (const score of scores) expect(score).toMatch(/^-?\d\.\d{3}$/);
    const summary = await page.getByTestId('search-summary').innerText();
    expect(summary).toMatch(/by meaning: word vectors \(50,000 words × 100 dims/);
    expect(summary).toMatch(/\d+ entr(y|ies) indexed first/);
    expect(await page.getByTestId('search-embedder').getAttribute('data-embedder')).toBe('word-vectors');
    const kinds = await page.getByTestId('search-results').locator('li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-embedder')));
    expect(new Set(kinds)).toEqual(new Set(['word-vectors']));
    // A paraphrase that shares no word with its entry: the word vectors (fetched by the engine worker) find it.
    expect((await search(page, 'Semantic (by meaning)', 'tropical snack for monkeys'))[0]).toBe('gamma');
    // By spelling, the hashing embedder is asked for and named.
    expect((await search(page, 'Semantic (by spelling)', 'lazy dogs jumping'))[0]).toBe('alpha');
    expect(await page.getByTestId('search-embedder').getAttribute('data-embedder')).toBe('hashing');
    // Indexing for the search filled the vector tier, and its compression is computed from what is stored.
    await expect.poll(() => tierRows(page, 'vector')).toBeGreaterThanOrEqual(3);
    expect(await page.locator('[data-tier="vector"] [data-stat="compression"]').innerText()).toMatch(/\d+% (smaller|larger) than float32/);
  });

  it('retrieves an entry (counting the access) and deletes one', async () => {
    const { page } = s;
    const before = await fact(page, 'entries');
    await entryRow(page, 'alpha').getByRole('button', { name: 'alpha', exact: true }).click();
    const detail = page.getByTestId('entry-detail');
    await detail.waitFor();
    expect(await detail.getByTestId('entry-value').innerText()).toBe(ENTRIES[0].value);
    expect(await detail.locator('[data-stat="access"]').innerText()).toBe('1 time');
    expect(await entryRow(page, 'alpha').locator('[data-stat="access"]').innerText()).toBe('1');

    await entryRow(page, 'alpha').getByRole('button', { name: 'Delete alpha' }).click();
    await entryRow(page, 'alpha').waitFor({ state: 'detached' });
    await expect.poll(() => fact(page, 'entries')).toBe(before - 1);
    expect(pageErrors(s)).toEqual([]);
  });

  it('exports all memory to a JSON file', async () => {
    const { page } = s;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export all memory' }).click()]);
    const name = download.suggestedFilename();
    expect(name).toMatch(/^safla-memory-\d{8}-\d{4}\.json$/);
    const path = await download.path();
    const text = await readFile(path, 'utf8');
    const doc = JSON.parse(text) as { format?: unknown; version?: unknown };
    expect(doc.format).toBe('safla-memory');
    expect(doc.version).toBe(1);
    expect(text).toContain(ENTRIES[1].value);
    expect(text).toContain(ENTRIES[2].value);
    await page.getByTestId('export-result').filter({ hasText: name }).waitFor();
    expect(await page.getByTestId('recent-files').innerText()).toContain(name);
    exported = { name, text };
  });

  it('clears a namespace only after confirmation', async () => {
    const { page } = s;
    const before = await fact(page, 'entries');
    await page.getByRole('button', { name: `Clear namespace ${NS}…` }).click();
    const confirm = page.getByRole('group', { name: `Clear namespace ${NS}` });
    expect(await confirm.innerText()).toContain('Delete all 2 entries');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await fact(page, 'entries')).toBe(before);

    await page.getByRole('button', { name: `Clear namespace ${NS}…` }).click();
    await page.getByRole('button', { name: `Delete all entries of ${NS}` }).click();
    await page.getByTestId('entries-notice').filter({ hasText: `Cleared ${NS}: 2 entries deleted.` }).waitFor();
    await expect.poll(() => fact(page, 'entries')).toBe(before - 2);
    expect(await page.getByTestId('namespaces').locator(`tr[data-namespace="${NS}"]`).count()).toBe(0);
    await page.getByRole('heading', { level: 2, name: 'Entries in all namespaces' }).waitFor();
    expect(pageErrors(s)).toEqual([]);
  });

  describe('in a fresh profile', () => {
    let fresh: Session;
    beforeAll(async () => {
      fresh = await launch();
    });
    afterAll(async () => {
      await fresh?.close();
    });

    it('refuses a bad file and changes nothing, then imports the export (dropped on the page)', async () => {
      expect(exported).toBeDefined();
      const { page } = fresh;
      await openMemory(page);
      const before = await fact(page, 'entries');

      await page.getByLabel('Import a memory file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "safla-memory", ') });
      const alert = page.locator('[role="alert"]').filter({ hasText: 'Nothing was imported.' });
      await alert.waitFor();
      expect(await page.getByTestId('import-result').count()).toBe(0);
      await page.getByRole('button', { name: 'Refresh figures' }).click();
      expect(await fact(page, 'entries')).toBe(before);

      // Drop the exported file on the drop zone, as a user dragging it from the file manager would.
      const dataTransfer = await page.evaluateHandle(({ name, text }) => {
        const dt = new DataTransfer();
        dt.items.add(new File([text], name, { type: 'application/json' }));
        return dt;
      }, exported!);
      await page.getByTestId('import-drop').dispatchEvent('drop', { dataTransfer });
      const result = page.getByTestId('import-result');
      await result.waitFor();
      expect(await result.innerText()).toContain(exported!.name);
      expect(Number(await result.locator('tr[data-table="memory_entries"] td').innerText())).toBeGreaterThanOrEqual(2);

      await expect.poll(() => fact(page, 'entries')).toBe(before + 2);
      await entryRow(page, 'beta').waitFor();
      await entryRow(page, 'gamma').waitFor();
      expect(await entryRow(page, 'alpha').count()).toBe(0);
      expect(await page.getByTestId('recent-files').innerText()).toContain(exported!.name);
      expect(pageErrors(fresh)).toEqual([]);
    });

    it('remembers the selected namespace across a reload', async () => {
      const { page } = fresh;
      await page.getByTestId('namespaces').getByRole('button', { name: NS, exact: true }).click();
      await page.getByRole('heading', { level: 2, name: `Entries in ${NS}` }).waitFor();
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Memory' }).waitFor();
      await page.getByRole('heading', { level: 2, name: `Entries in ${NS}` }).waitFor();
      expect(await page.getByTestId('namespaces').getByRole('button', { name: NS, exact: true }).getAttribute('aria-pressed')).toBe('true');
      await entryRow(page, 'gamma').waitFor();
      expect(pageErrors(fresh)).toEqual([]);
    });
  });
});
