// The Lab at scale: a 100k-row × 20-column CSV dropped on the dataset card streams into the data worker (columns and target shown while it is still reading, the page never reading the file) and trains; Cancel stops a larger file and leaves the Lab usable.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type Session } from './browser';
import { openLab, startRun, waitEnded } from './lab-page';

const ROWS = 100_000;
const CANCEL_ROWS = 1_000_000;

interface ScaleWindow {
  e2eLongTasks: { start: number; duration: number }[];
  /** Every call on the page (the main thread) that reads a Blob's or File's bytes. */
  e2eFileReads: string[];
  /** The progress shown when the preview's column list first appeared. */
  e2eFirstPreview: { rows: number; bytes: number; totalBytes: number; columns: number; target: string | null } | null;
}

/** The committed generator (seeded: the same rows every run): 20 standard-normal columns x0..x19 and a 0/1 label. */
function generate(rows: number, out: string): void {
  const script = fileURLToPath(new URL('../scripts/gen-table.mjs', import.meta.url));
  const r = spawnSync(process.execPath, [script, '--rows', String(rows), '--out', out], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`gen-table failed (${r.status})`);
}

/**
 * From now on: every read of a file's bytes on the page, every main-thread task of 50 ms or more (Chromium's Long Tasks
 * API reports nothing shorter; printed, not asserted: a task's length is a timing), and the progress on the page at the
 * moment the streamed file's columns first appear.
 */
async function watch(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = globalThis as unknown as ScaleWindow;
    w.e2eLongTasks = [];
    w.e2eFileReads = [];
    w.e2eFirstPreview = null;
    for (const method of ['text', 'arrayBuffer', 'bytes', 'stream', 'slice'] as const) {
      const original = Blob.prototype[method] as (...args: unknown[]) => unknown;
      if (!original || (original as { e2eWatched?: boolean }).e2eWatched) continue;
      const watched = Object.assign(function (this: Blob, ...args: unknown[]) {
        w.e2eFileReads.push(`Blob.${method}`);
        return original.apply(this, args);
      }, { e2eWatched: true });
      Object.defineProperty(Blob.prototype, method, { value: watched, configurable: true, writable: true });
    }
    for (const method of ['readAsArrayBuffer', 'readAsText', 'readAsDataURL', 'readAsBinaryString'] as const) {
      const original = FileReader.prototype[method] as (...args: unknown[]) => void;
      if ((original as { e2eWatched?: boolean }).e2eWatched) continue;
      const watched = Object.assign(function (this: FileReader, ...args: unknown[]) {
        w.e2eFileReads.push(`FileReader.${method}`);
        original.apply(this, args);
      }, { e2eWatched: true });
      Object.defineProperty(FileReader.prototype, method, { value: watched, configurable: true, writable: true });
    }
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.e2eLongTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask' });
    const seen = new MutationObserver(() => {
      const cols = document.querySelector('[data-testid="preview-columns"]');
      const progress = document.querySelector('[data-testid="dataset-progress"]');
      if (!cols || !progress || w.e2eFirstPreview) return;
      w.e2eFirstPreview = {
        rows: Number(progress.getAttribute('data-rows')),
        bytes: Number(progress.getAttribute('data-bytes')),
        totalBytes: Number(progress.getAttribute('data-total-bytes')),
        columns: cols.querySelectorAll('tbody tr').length,
        target: document.querySelector('[data-stat="preview-target"]')?.textContent ?? null,
      };
      seen.disconnect();
    });
    seen.observe(document.body, { childList: true, subtree: true, attributes: true });
  });
}

const scale = (page: Page) => page.evaluate(() => {
  const w = globalThis as unknown as ScaleWindow;
  return { longTasks: w.e2eLongTasks, fileReads: w.e2eFileReads, firstPreview: w.e2eFirstPreview };
});

describe('lab at scale', () => {
  let s: Session;
  let dir: string;
  let big: string;
  let bigger: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'safla-lab-scale-'));
    big = join(dir, 't100k.csv');
    bigger = join(dir, 't1M.csv');
    generate(ROWS, big);
    generate(CANCEL_ROWS, bigger);
    s = await launch();
  });
  afterAll(async () => {
    await s?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('streams a 100k-row CSV in a worker without the page reading it, shows its columns and target while reading, and trains', async () => {
    const { page } = s;
    await openLab(page);
    // The app's own start (the service worker installing, the first render) is over before the drop: what is counted
    // is the drop, the load and the training.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      await new Promise((resolve) => requestIdleCallback(resolve, { timeout: 2000 }));
    });
    await watch(page);
    await page.getByTestId('dataset-drop').locator('input[type="file"]').setInputFiles(big);

    const card = page.locator('[data-testid="dataset"][data-name="t100k.csv"]');
    await card.waitFor({ timeout: 60_000 });
    await page.locator('[data-fact="records"] [data-stat="train"]').waitFor({ timeout: 60_000 });
    expect(await card.locator('[data-stat="rows"]').innerText()).toBe('100,000');
    // The small preset holds out 30% (stratified by the 0/1 label, which its softmax output takes as two classes).
    expect(Number(await page.locator('[data-fact="records"] [data-stat="train"]').innerText()) + Number(await page.locator('[data-fact="records"] [data-stat="validation"]').innerText())).toBe(ROWS);
    expect(await page.locator('[data-fact="target"] [data-stat="target"]').innerText()).toBe('label');
    expect(await page.locator('[data-fact="target"] [data-stat="task-reason"]').innerText()).toMatch(/2 distinct whole numbers \(0, 1\) and the output layer is softmax: taken as 2 classes/);
    expect(await page.getByTestId('columns').locator('tbody tr').count()).toBe(20);

    // The columns and the target were on the page while the file was still being read.
    const { firstPreview } = await scale(page);
    expect(firstPreview).not.toBeNull();
    expect(firstPreview!.columns).toBe(21);
    expect(firstPreview!.target).toBe('label');
    expect(firstPreview!.rows).toBeLessThan(ROWS);
    expect(firstPreview!.bytes).toBeLessThan(firstPreview!.totalBytes);
    expect(firstPreview!.totalBytes).toBe((await stat(big)).size);

    const run = await startRun(page, 'Small classifier (16 relu)', 3);
    expect(await waitEnded(run, 120_000)).toBe('done');
    const result = run.getByTestId('run-result');
    expect(await result.locator('[data-stat="accuracy"]').getAttribute('data-metric')).toBe('accuracy');
    const accuracy = Number((await result.locator('[data-stat="accuracy"]').innerText()).replace('%', ''));
    // The label is a noisy linear rule of five columns: a network learns most of it in 3 epochs.
    expect(accuracy).toBeGreaterThan(75);
    const confusion = run.getByTestId('confusion');
    await confusion.waitFor({ timeout: 30_000 });
    const cells = await confusion.locator('tbody td').evaluateAll((tds) => tds.map((td) => Number(td.textContent)));
    expect(cells.reduce((a, b) => a + b, 0)).toBe(Number(await confusion.getAttribute('data-n')));

    // The file went to the data worker whole: nothing on the page read its bytes, from the drop to the result.
    const { fileReads, longTasks } = await scale(page);
    expect(fileReads).toEqual([]);
    console.log(`[measure] 100k-row CSV dropped, read and trained (3 epochs): main-thread tasks of 50 ms or more: ${longTasks.length}${longTasks.length ? ` (${longTasks.map((t) => t.duration.toFixed(0)).join(', ')} ms)` : ''}`);
    expect(s.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });

  it('cancels a file while it streams in: reading stops, the previous dataset stays and trains', async () => {
    const { page } = s;
    await watch(page);
    await page.getByTestId('dataset-drop').locator('input[type="file"]').setInputFiles(bigger);
    const loading = page.locator('[data-testid="dataset-loading"][data-name="t1M.csv"]');
    await loading.waitFor({ timeout: 30_000 });
    await loading.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('dataset-note').filter({ hasText: 'Reading t1M.csv was cancelled; still using t100k.csv.' }).waitFor({ timeout: 30_000 });
    expect(await loading.count()).toBe(0);
    expect(await page.getByTestId('dataset-error').count()).toBe(0);
    await page.locator('[data-testid="dataset"][data-name="t100k.csv"]').waitFor();
    expect(await page.locator('[data-testid="dataset"] [data-stat="rows"]').innerText()).toBe('100,000');

    // Usable: the drop zone takes files again, and a run trains on the dataset that stayed.
    expect(await page.getByTestId('dataset-drop').locator('input[type="file"]').isEnabled()).toBe(true);
    const run = await startRun(page, 'Small classifier (16 relu)', 1);
    expect(await waitEnded(run, 120_000)).toBe('done');
    expect(await run.getByTestId('run-result').locator('[data-stat="accuracy"]').getAttribute('data-metric')).toBe('accuracy');
    const { fileReads, longTasks } = await scale(page);
    expect(fileReads).toEqual([]);
    console.log(`[measure] 1M-row CSV dropped and cancelled, then a run on the 100k one: main-thread tasks of 50 ms or more: ${longTasks.length}`);
    expect(s.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
