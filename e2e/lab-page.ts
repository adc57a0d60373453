// Helpers that drive the Lab page the way a user does: drop a dataset, pick a preset, start a run, wait for it, save it.
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { inject } from 'vitest';

export const IRIS_CSV = new URL('./fixtures/iris.csv', import.meta.url);

export async function openLab(page: Page): Promise<void> {
  await page.goto(`${inject('baseUrl')}#/lab`);
  await page.getByRole('heading', { level: 1, name: 'Lab' }).waitFor();
}

/** Drops a file on a drop zone, as a user dragging it from the file manager would. */
export async function dropFile(page: Page, testId: string, name: string, bytes: Buffer, type: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    (f) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(f.data)], f.name, { type: f.type }));
      return dt;
    },
    { name, data: [...bytes], type },
  );
  await page.getByTestId(testId).dispatchEvent('drop', { dataTransfer });
}

export async function dropIris(page: Page): Promise<void> {
  await dropFile(page, 'dataset-drop', 'iris.csv', await readFile(IRIS_CSV), 'text/csv');
  await page.locator('[data-testid="dataset"][data-name="iris.csv"]').waitFor();
}

/** Chooses a preset, sets the epochs and starts a run; returns the new run's card (runs are listed newest first). */
export async function startRun(page: Page, preset: string, epochs: number): Promise<Locator> {
  await page.getByLabel('Preset').selectOption({ label: preset });
  await page.getByRole('textbox', { name: 'Epochs', exact: true }).fill(String(epochs));
  const before = await page.getByTestId('run').count();
  await page.getByRole('button', { name: 'Start training' }).click();
  // Runs are numbered from 1 in the order they start (locator waits, not expect.poll: these helpers also run in beforeAll).
  const run = page.locator(`[data-testid="run"][data-run="${before + 1}"]`);
  await run.waitFor();
  return run;
}

export async function epochOf(run: Locator): Promise<number> {
  return Number(await run.getByTestId('run-progress').getAttribute('data-epoch'));
}

export async function waitEnded(run: Locator, timeout = 90_000): Promise<string> {
  await run.and(run.page().locator('[data-state="done"], [data-state="cancelled"], [data-state="failed"]')).waitFor({ timeout });
  return (await run.getAttribute('data-state'))!;
}

/** Saves a finished run and returns the version the registry gave it. */
export async function saveRun(run: Locator, description: string): Promise<string> {
  await run.getByLabel(/^Description/).fill(description);
  await run.getByRole('button', { name: 'Save model' }).click();
  const saved = run.getByTestId('saved');
  await saved.waitFor({ timeout: 30_000 });
  return (await saved.locator('[data-stat="version"]').innerText()).trim();
}
