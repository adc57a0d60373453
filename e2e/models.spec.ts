// The Models page end to end: a model trained and saved in the Lab is listed; predict with reasoning, quantize with sizes, export .clf and ONNX, import it back, refuse a damaged file, delete after confirming.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, type Session } from './browser';
import { dropFile, dropIris, IRIS_CSV, openLab, saveRun, startRun, waitEnded } from './lab-page';

const MODEL = 'small-classifier';
const pageErrors = (s: Session) => s.errors.filter((e) => e.startsWith('pageerror'));

async function openModels(page: Page): Promise<void> {
  await page.goto(`${inject('baseUrl')}#/models`);
  await page.getByRole('heading', { level: 1, name: 'Models' }).waitFor();
}

const modelRow = (page: Page, id: string) => page.getByTestId('models').locator(`tbody[data-model="${id}"]`);
const versionRow = (page: Page, id: string, version: string) => modelRow(page, id).locator(`tr[data-version="${version}"]`);

async function showVersions(page: Page, id: string): Promise<void> {
  const toggle = modelRow(page, id).getByRole('button', { name: 'Versions', exact: true });
  if ((await toggle.count()) > 0) await toggle.click();
  await modelRow(page, id).getByTestId('versions').waitFor();
}

describe('models page', () => {
  let s: Session;
  let clf: { name: string; bytes: Buffer } | undefined;

  beforeAll(async () => {
    s = await launch();
    // A model to work with, trained and saved the way a user does it.
    const { page } = s;
    await openLab(page);
    await dropIris(page);
    const run = await startRun(page, 'Small classifier (16 relu)', 60);
    const other = await startRun(page, 'Two layers (64-32 relu)', 40);
    expect(await waitEnded(run)).toBe('done');
    expect(await saveRun(run, 'iris for the models spec')).toBe('1.0.0');
    // A second model with the same labels, for the ensemble.
    expect(await waitEnded(other)).toBe('done');
    expect(await saveRun(other, 'second opinion')).toBe('1.0.0');
  });
  afterAll(async () => {
    await s?.close();
  });

  it('lists the saved model with its version, accuracy and size', async () => {
    const { page } = s;
    await openModels(page);
    const row = modelRow(page, MODEL);
    await row.waitFor();
    expect(await row.locator('[data-stat="version"]').innerText()).toBe('1.0.0');
    expect(await row.locator('[data-stat="versions"]').innerText()).toBe('1');
    expect(Number((await row.locator('[data-stat="accuracy"]').innerText()).replace('%', ''))).toBeGreaterThanOrEqual(80);
    expect(await row.locator('[data-stat="accuracy"] [data-source]').getAttribute('data-source')).toBe('measured');
    expect(await row.locator('[data-stat="size"]').innerText()).toMatch(/KiB$/);
    await showVersions(page, MODEL);
    expect(await versionRow(page, MODEL, '1.0.0').innerText()).toContain('iris for the models spec');

    await page.getByRole('button', { name: `Describe ${MODEL} 1.0.0` }).click();
    const details = page.getByTestId('details');
    await details.filter({ hasText: 'setosa, versicolor, virginica' }).waitFor();
    expect(await details.innerText()).toContain('4 → 16 → 3');
  });

  it('predicts a class with probabilities and reasoning from a record prefilled with the model\'s fields', async () => {
    const { page } = s;
    await page.getByRole('button', { name: `Load ${MODEL} 1.0.0 for prediction` }).click();
    const form = page.getByTestId('predict-form');
    await form.waitFor();
    const template = JSON.parse(await page.getByLabel('Input record (JSON)').inputValue()) as Record<string, unknown>;
    expect(Object.keys(template)).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    await page.getByLabel('Input record (JSON)').fill(JSON.stringify({ sepal_length: 6.9, sepal_width: 3.1, petal_length: 5.4, petal_width: 2.1 }));
    await form.getByRole('button', { name: 'Predict' }).click();
    const prediction = page.getByTestId('prediction');
    await prediction.waitFor();
    expect(await prediction.locator('[data-stat="prediction"]').innerText()).toBe('virginica');
    expect(await prediction.locator('[data-stat="confidence"]').innerText()).toMatch(/^\d+%$/);
    expect(await prediction.locator('.models-probs li').count()).toBe(3);
    expect(await prediction.locator('[data-stat="reasoning"]').innerText()).toMatch(/of 9 similar records were 'virginica'/);

    // A record lacking a field and holding one the model does not read: both are listed, not silent.
    await page.getByLabel('Input record (JSON)').fill(JSON.stringify({ sepal_length: 6.9, petal_length: 5.4, petal_width: 2.1, colour: 'blue' }));
    await form.getByRole('button', { name: 'Predict' }).click();
    const warnings = page.getByTestId('input-warnings');
    await warnings.waitFor();
    expect(await warnings.locator('[data-warning="missing"]').innerText()).toContain('sepal_width');
    expect(await warnings.locator('[data-warning="unknown"]').innerText()).toContain('colour');

    await page.getByLabel('Input record (JSON)').fill('{"sepal_length": ');
    await form.getByRole('button', { name: 'Predict' }).click();
    await page.getByTestId('predict-error').filter({ hasText: 'not valid JSON' }).waitFor();
    expect(pageErrors(s)).toEqual([]);
  });

  it('predicts with an ensemble of both models, weighted by the accuracy each measured here', async () => {
    const { page } = s;
    await page.getByLabel(`Include ${MODEL} in the ensemble`).check();
    await page.getByLabel('Include two-layer-classifier in the ensemble').check();
    await page.getByLabel('Input record (JSON)').fill(JSON.stringify({ sepal_length: 5.0, sepal_width: 3.4, petal_length: 1.5, petal_width: 0.2 }));
    await page.getByRole('button', { name: 'Predict with the ensemble (2 models)' }).click();
    const result = page.getByTestId('ensemble-prediction');
    await result.waitFor();
    expect(await result.locator('[data-stat="prediction"]').innerText()).toBe('setosa');
    expect(await result.innerText()).toMatch(new RegExp(`Ensemble of ${MODEL} 1\\.0\\.0 \\(weight \\d+%, measured accuracy \\d+%\\), two-layer-classifier 1\\.0\\.0`));
    expect(await page.getByTestId('ensemble-weights').getAttribute('data-weighting')).toBe('accuracy');
    expect(pageErrors(s)).toEqual([]);
  });

  it('quantizes a version: sizes always, accuracy only once the data is given', async () => {
    const { page } = s;
    await page.getByRole('button', { name: `Quantize ${MODEL} 1.0.0 to int8` }).click();
    let result = page.getByTestId('quantize-result');
    await result.filter({ hasText: '1.1.0' }).waitFor();
    expect(await result.locator('[data-stat="accuracy-before"]').innerText()).toBe('not measured');
    const before = await result.locator('[data-stat="size-before"]').innerText();
    const after = await result.locator('[data-stat="size-after"]').innerText();
    expect(before).not.toBe(after);

    await dropFile(page, 'quantize-data', 'iris.csv', await readFile(IRIS_CSV), 'text/csv');
    await page.getByText('Scores will be measured on').waitFor();
    await page.getByRole('button', { name: `Quantize ${MODEL} 1.0.0 to int8` }).click();
    result = page.getByTestId('quantize-result');
    await result.filter({ hasText: '1.2.0' }).waitFor();
    expect(await result.locator('[data-stat="accuracy-before"]').innerText()).toMatch(/^\d+%$/);
    expect(await result.locator('[data-stat="accuracy-after"]').innerText()).toMatch(/^\d+%$/);
    expect(await result.innerText()).toContain('on 45 validation records of iris.csv');
    await versionRow(page, MODEL, '1.2.0').locator('[data-stat="weights"]').filter({ hasText: 'int8' }).waitFor();
    expect(await versionRow(page, MODEL, '1.2.0').innerText()).toContain('int8 of 1.0.0');
  });

  it('exports the .clf and ONNX files', async () => {
    const { page } = s;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: `Export ${MODEL} 1.0.0 as .clf` }).click()]);
    expect(download.suggestedFilename()).toBe(`${MODEL}-1.0.0.clf`);
    const bytes = await readFile(await download.path());
    // safetensors: an 8-byte little-endian header length, then the JSON header.
    const headerLength = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, { format?: string }>;
    expect(header['__metadata__'].format).toBe('safla-clf');
    clf = { name: download.suggestedFilename(), bytes };

    const [onnx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: `Export ${MODEL} 1.0.0 as ONNX` }).click()]);
    expect(onnx.suggestedFilename()).toBe(`${MODEL}-1.0.0.onnx`);
    expect((await readFile(await onnx.path())).length).toBeGreaterThan(100);
    expect(pageErrors(s)).toEqual([]);
  });

  it('refuses a damaged file with the reason and stores nothing, then imports the export back', async () => {
    expect(clf).toBeDefined();
    const { page } = s;
    const versionsBefore = await modelRow(page, MODEL).locator('[data-stat="versions"]').innerText();
    const damaged = Buffer.from(clf!.bytes);
    damaged[damaged.length - 5] ^= 0xff;
    await dropFile(page, 'import-drop', 'damaged.clf', damaged, 'application/octet-stream');
    const error = page.getByTestId('import-error');
    await error.waitFor();
    expect(await error.innerText()).toMatch(/damaged\.clf was refused: model file: .*checksum/);
    expect(await modelRow(page, MODEL).locator('[data-stat="versions"]').innerText()).toBe(versionsBefore);

    await page.getByLabel('Model file (.clf)').setInputFiles({ name: clf!.name, mimeType: 'application/octet-stream', buffer: clf!.bytes });
    const imported = page.getByTestId('import-result');
    await imported.waitFor();
    expect(await imported.innerText()).toContain(`as ${MODEL} version 1.3.0`);
    await expect.poll(() => modelRow(page, MODEL).locator('[data-stat="versions"]').innerText()).toBe(String(Number(versionsBefore) + 1));
    expect(await page.getByTestId('recent-files').innerText()).toContain(clf!.name);
    expect(pageErrors(s)).toEqual([]);
  });

  it("shows an imported file's accuracy as reported by the file until it is measured on the data given", async () => {
    const { page } = s;
    const score = modelRow(page, MODEL).locator('tr').first().locator('[data-stat="accuracy"]');
    await score.locator('[data-source="reported_by_file"]').waitFor();
    expect(await score.innerText()).toMatch(/^not measured · \d+% reported by the file$/);
    // The ensemble now holds an unmeasured member: equal weights, and the note says why.
    await page.getByLabel('Input record (JSON)').fill(JSON.stringify({ sepal_length: 5.0, sepal_width: 3.4, petal_length: 1.5, petal_width: 0.2 }));
    await page.getByRole('button', { name: 'Predict with the ensemble (2 models)' }).click();
    await page.getByTestId('ensemble-note').filter({ hasText: `Equal weights: ${MODEL} 1.3.0 has no accuracy measured on this device` }).waitFor();
    expect(await page.getByTestId('ensemble-weights').getAttribute('data-weighting')).toBe('equal');

    await showVersions(page, MODEL);
    await page.getByRole('button', { name: `Measure ${MODEL} 1.3.0 on the data file` }).click();
    const measured = page.getByTestId('measure-result');
    await measured.waitFor();
    expect(await measured.innerText()).toMatch(/accuracy \d+% on 150 records of iris\.csv; recorded as measured on this device/);
    await score.locator('[data-source="measured"]').waitFor();
    expect(await score.innerText()).toMatch(/^\d+%$/);
    expect(pageErrors(s)).toEqual([]);
  });

  it('deletes a version only after confirmation', async () => {
    const { page } = s;
    await showVersions(page, MODEL);
    await page.getByRole('button', { name: `Delete ${MODEL} 1.1.0` }).click();
    const confirm = page.getByTestId('confirm-delete');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await versionRow(page, MODEL, '1.1.0').count()).toBe(1);

    await page.getByRole('button', { name: `Delete ${MODEL} 1.1.0` }).click();
    await page.getByTestId('confirm-delete').getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByTestId('delete-result').filter({ hasText: 'Deleted 1 version' }).waitFor();
    await versionRow(page, MODEL, '1.1.0').waitFor({ state: 'detached' });
    expect(pageErrors(s)).toEqual([]);
  });
});
