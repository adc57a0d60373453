// The Lab page end to end: config checked as typed, a bad dataset refused, the iris CSV dropped, two runs (one stopped, one finished) with live charts, the result, the confusion matrix and saving.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type Session } from './browser';
import { readFile } from 'node:fs/promises';
import { dropFile, dropIris, epochOf, IRIS_CSV, openLab, saveRun, startRun, waitEnded } from './lab-page';

const pageErrors = (s: Session) => s.errors.filter((e) => e.startsWith('pageerror'));

async function factText(page: Page, fact: string, stat: string): Promise<string> {
  return (await page.locator(`[data-fact="${fact}"] [data-stat="${stat}"]`).innerText()).trim();
}

describe('lab page', () => {
  let s: Session;

  beforeAll(async () => {
    s = await launch();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('lists config problems by path as you type, and a preset puts it right', async () => {
    const { page } = s;
    await openLab(page);
    const config = page.getByLabel('Config (JSON)');
    await config.fill('{"architecture": {"layers": [{"type": "input"}, {"type": "hidden"}, {"type": "output", "activation": "nope"}]}, "training": {"learning_rate": -1}}');
    const check = page.getByTestId('config-check');
    await check.locator('li[data-path="architecture.layers[1].size"]').waitFor();
    expect(await check.locator('li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-path')))).toEqual([
      'architecture.layers[1].size',
      'architecture.layers[2].activation',
      'training.learning_rate',
    ]);
    await config.fill('{"modelId": ');
    await check.locator('li[data-path="(json)"]').waitFor();
    await page.getByLabel('Preset').selectOption({ label: 'Small classifier (16 relu)' });
    await check.filter({ hasText: 'Valid:' }).waitFor();
    expect(await check.innerText()).toContain('auto → 16 relu → auto softmax');
  });

  it('refuses a bad dataset with the reason, then reads the iris CSV with counts, kinds and the target', async () => {
    const { page } = s;
    await dropFile(page, 'dataset-drop', 'broken.csv', Buffer.from('a,b\n1,2\n3\n'), 'text/csv');
    expect(await page.getByTestId('dataset-error').innerText()).toContain('broken.csv: CSV line 3: 1 fields, the header has 2.');
    await dropIris(page);
    // The small preset holds out 30% of each class of 50.
    expect(await factText(page, 'records', 'train')).toBe('105');
    expect(await factText(page, 'records', 'validation')).toBe('45');
    expect(await factText(page, 'target', 'target')).toBe('species');
    expect(await factText(page, 'target', 'target-reason')).toMatch(/last field/);
    const kinds = await page.getByTestId('columns').locator('tbody tr').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-column')}:${r.querySelector('[data-stat="kind"]')?.textContent}`));
    expect(kinds).toEqual(['sepal_length:numeric', 'sepal_width:numeric', 'petal_length:numeric', 'petal_width:numeric']);
    // The page can choose a column's kind; the view refits at once.
    await page.getByLabel('Use petal_width as').selectOption('text');
    await page.locator('[data-column="petal_width"] [data-stat="kind"]').filter({ hasText: 'text (hashed to 64)' }).waitFor();
    expect(await page.locator('[data-column="petal_width"] [data-stat="kind-source"]').innerText()).toBe('chosen');
    await page.getByLabel('Use petal_width as').selectOption('');
    await page.locator('[data-column="petal_width"] [data-stat="kind"]').filter({ hasText: /^numeric$/ }).waitFor();

    // A single-record JSON file is refused and the iris data stays.
    await dropFile(page, 'dataset-drop', 'one.json', Buffer.from('{"a": 1, "b": "x"}'), 'application/json');
    await page.getByTestId('dataset-error').filter({ hasText: 'single record' }).waitFor();
    await page.locator('[data-testid="dataset"][data-name="iris.csv"]').waitFor();

    await page.getByLabel('Target field').selectOption('petal_width');
    expect(await factText(page, 'target', 'target-reason')).toBe('named by training.target');
    await page.getByLabel('Target field').selectOption({ label: 'Automatic (config or featurizer)' });
    expect(await factText(page, 'target', 'target')).toBe('species');
    expect(pageErrors(s)).toEqual([]);
  });

  it('trains two runs on the pool: one stopped, one finished with charts, result and confusion matrix, then saved', async () => {
    const { page } = s;
    const long = await startRun(page, 'Small classifier (16 relu)', 20_000);
    const short = await startRun(page, 'Two layers (64-32 relu)', 40);
    // The long run streams epochs and its charts grow with them.
    await expect.poll(() => epochOf(long), { timeout: 60_000 }).toBeGreaterThanOrEqual(5);
    await expect.poll(async () => Number(await long.getByTestId('loss-chart').getAttribute('data-points'))).toBeGreaterThanOrEqual(5);
    expect(await long.getByTestId('loss-chart').locator('canvas').count()).toBe(1);
    expect(await long.getByTestId('run-progress').innerText()).toMatch(/^Epoch \d+ of 20000 · loss [\d.]+ · val_loss [\d.]+ · learning rate 0\.0100 · elapsed/);
    // With fewer free workers than runs the second one waits its turn; either way it is not finished yet.
    expect(await short.getAttribute('data-state')).toMatch(/^(queued|running)$/);

    await long.getByRole('button', { name: 'Stop' }).click();
    expect(await waitEnded(long)).toBe('cancelled');
    const stoppedAt = await epochOf(long);
    expect(stoppedAt).toBeLessThan(20_000);
    expect(await long.getByTestId('run-result').getAttribute('data-status')).toBe('cancelled');

    expect(await waitEnded(short)).toBe('done');
    expect(await epochOf(short)).toBe(40);
    expect(Number(await short.getByTestId('accuracy-chart').getAttribute('data-points'))).toBe(40);
    const result = short.getByTestId('run-result');
    expect(await result.getAttribute('data-status')).toBe('completed');
    const accuracy = Number((await result.locator('[data-stat="accuracy"]').innerText()).replace('%', ''));
    expect(accuracy).toBeGreaterThanOrEqual(80);
    expect(await result.locator('[data-stat="improvement_rate"]').innerText()).toMatch(/^(converged|improving|early_stopped|overfitting|unstable)$/);
    expect(await result.locator('[data-stat="accuracy"]').getAttribute('data-metric')).toBe('accuracy');
    expect(await result.locator('[data-stat="training_time"]').innerText()).toMatch(/^[\d.]+ s$/);

    // The confusion matrix is measured on the 30 validation records (20% of each class) of the two-layer preset.
    const confusion = short.getByTestId('confusion');
    await confusion.waitFor({ timeout: 30_000 });
    expect(await confusion.getAttribute('data-n')).toBe('30');
    const cells = await confusion.locator('tbody td').evaluateAll((tds) => tds.map((td) => Number(td.textContent)));
    expect(cells).toHaveLength(9);
    expect(cells.reduce((a, b) => a + b, 0)).toBe(30);
    const diagonal = cells[0] + cells[4] + cells[8];
    expect(Math.round((diagonal / 30) * 100)).toBe(accuracy);

    expect(await saveRun(short, 'iris from the lab spec')).toBe('1.0.0');
    expect(pageErrors(s)).toEqual([]);
  });

  it('names a regression score R² (never a percentage), on the chart and in the result', async () => {
    const { page } = s;
    await page.getByLabel('Target field').selectOption('petal_width');
    const run = await startRun(page, 'Regression (32 tanh → linear)', 5);
    expect(await waitEnded(run)).toBe('done');
    const score = run.getByTestId('run-result').locator('[data-stat="accuracy"]');
    expect(await score.getAttribute('data-metric')).toBe('r2');
    expect(await score.innerText()).toMatch(/^R² -?\d\.\d{3}$/);
    expect(await run.getByTestId('accuracy-chart').innerText()).toContain('R²');
    await page.getByLabel('Target field').selectOption({ label: 'Automatic (config or featurizer)' });
    expect(pageErrors(s)).toEqual([]);
  });

  it('reports strings in a numeric column (count, examples) and treats them as missing', async () => {
    const { page } = s;
    // The regression preset of the test before would make species a regression target: back to a classifier.
    await page.getByLabel('Preset').selectOption({ label: 'Small classifier (16 relu)' });
    const csv = (await readFile(IRIS_CSV, 'utf8')).split('\n');
    // Ten rows' petal_width become a marker: the column still reads as numeric. The featurizer sees only the
    // training rows, so the report counts the markers among them (the held-out ones count as validation values).
    for (let row = 1; row <= 10; row++) {
      const cells = csv[row].split(',');
      cells[3] = 'n/a';
      csv[row] = cells.join(',');
    }
    await dropFile(page, 'dataset-drop', 'iris-na.csv', Buffer.from(csv.join('\n')), 'text/csv');
    await page.locator('[data-testid="dataset"][data-name="iris-na.csv"]').waitFor();
    expect(await page.locator('[data-column="petal_width"] [data-stat="kind"]').innerText()).toBe('numeric (some missing)');
    expect(await page.locator('[data-column="petal_width"] [data-stat="non-numeric"]').innerText()).toMatch(/^\d+ values? not a number \(e\.g\. "n\/a"\): treated as missing$/);
    const run = await startRun(page, 'Small classifier (16 relu)', 3);
    expect(await waitEnded(run)).toBe('done');
    expect(await run.locator('[data-note="non-numeric"][data-field="petal_width"]').innerText()).toMatch(/\d+ training values? not a number \(e\.g\. "n\/a"\), treated as missing/);
    await dropIris(page);
    expect(pageErrors(s)).toEqual([]);
  });

  it('names the problem when a config cannot fit the data (the reference example expects 128 features)', async () => {
    const { page } = s;
    const run = await startRun(page, 'Reference example (security auditor)', 5);
    expect(await waitEnded(run)).toBe('failed');
    expect(await run.getByTestId('run-error').innerText()).toMatch(/architecture\.layers\[0\]\.size is 128 but the data has 4 features/);
    expect(pageErrors(s)).toEqual([]);
  });
});
