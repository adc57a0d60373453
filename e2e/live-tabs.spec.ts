// Live tabs: what one tab writes shows on the others' Memory and Models pages with no click, owner to follower and follower to owner; a model deleted and saved again under its id predicts with its new weights in the other tab.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EngineClient, EngineRole } from '../workers/engine/types';
import { launch, type Session } from './browser';
import { IRIS_CSV } from './lab-page';

/** The part of the page's saflaLab console API this spec uses (its full type pulls in the browser-only app). */
interface LabConsole {
  neural_train(input: { config: unknown; training_data: unknown }): Promise<{ modelId: string; version: string }>;
}
type LiveWindow = typeof globalThis & { saflaEngine: EngineClient; saflaLab: LabConsole };

const NS = 'live';
const MODEL = 'live-model';
const SETOSA = { sepal_length: 5.0, sepal_width: 3.4, petal_length: 1.5, petal_width: 0.2 };

function watchErrors(page: Page, errors: string[], label: string): void {
  page.on('pageerror', (e) => errors.push(`${label} pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${label} console: ${m.text()}`);
  });
}

async function open(page: Page, route: 'memory' | 'models', role?: EngineRole): Promise<void> {
  await page.goto(`${inject('baseUrl')}#/${route}`);
  await page.getByRole('heading', { level: 1, name: route === 'memory' ? 'Memory' : 'Models' }).waitFor();
  if (role) await page.waitForFunction((r) => (globalThis as LiveWindow).saflaEngine?.status().role === r, role, { timeout: 30_000 });
}

async function storeThroughForm(page: Page, key: string, value: string): Promise<void> {
  const form = page.locator('form.mem-form');
  await form.getByLabel('Namespace').fill(NS);
  await form.getByLabel('Key').fill(key);
  await form.getByLabel('Value').fill(value);
  await form.getByRole('button', { name: 'Store entry' }).click();
  await page.getByTestId('store-result').filter({ hasText: `Stored “${key}”` }).waitFor();
}

const entryRow = (page: Page, key: string) => page.getByTestId('entries').locator(`tbody tr[data-key="${key}"]`);
const modelRow = (page: Page, id: string) => page.getByTestId('models').locator(`tbody[data-model="${id}"]`);

/** Trains and saves a model through the page's console API (saflaLab), as a script in that tab would. */
function trainAndSave(page: Page, records: Record<string, unknown>[]): Promise<string> {
  return page.evaluate(async (arg) => {
    const config = {
      modelId: arg.model,
      architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 16, activation: 'relu' }, { type: 'output', activation: 'softmax' }] },
      training: { target: 'species', learning_rate: 0.02, batch_size: 16, epochs: 40, seed: 7 },
    };
    const r = await (globalThis as LiveWindow).saflaLab.neural_train({ config, training_data: arg.records });
    return r.version;
  }, { model: MODEL, records });
}

/** Loads a version on the Models page and predicts the record through the form; returns the predicted class. */
async function predictOnPage(page: Page, version: string, record: Record<string, unknown>): Promise<string> {
  await page.getByRole('button', { name: `Load ${MODEL} ${version} for prediction` }).click();
  const form = page.getByTestId('predict-form');
  await form.waitFor();
  await page.getByLabel('Input record (JSON)').fill(JSON.stringify(record));
  await form.getByRole('button', { name: 'Predict' }).click();
  const prediction = page.getByTestId('prediction').locator('[data-stat="prediction"]');
  await prediction.waitFor();
  return (await prediction.innerText()).trim();
}

async function showVersions(page: Page): Promise<void> {
  const toggle = modelRow(page, MODEL).getByRole('button', { name: 'Versions', exact: true });
  if ((await toggle.count()) > 0) await toggle.click();
  await modelRow(page, MODEL).getByTestId('versions').waitFor();
}

describe('live tabs', () => {
  let s: Session;
  let a: Page;
  let b: Page;
  let iris: Record<string, unknown>[];

  beforeAll(async () => {
    const [header, ...rows] = (await readFile(IRIS_CSV, 'utf8')).trim().split('\n').map((l) => l.split(','));
    iris = rows.map((r) => Object.fromEntries(header.map((h, i) => [h, h === 'species' ? r[i] : Number(r[i])])));
    s = await launch();
    a = s.page;
    await open(a, 'memory', 'owner');
    b = await s.context.newPage();
    watchErrors(b, s.errors, 'B');
    await open(b, 'memory', 'follower');
  });
  afterAll(async () => {
    await s?.close();
  });

  it('shows a memory entry stored in one tab on the other tab\'s Memory page with no click, owner to follower and back', async () => {
    await storeThroughForm(a, 'from-owner', 'written in the owner tab');
    await entryRow(b, 'from-owner').waitFor({ timeout: 10_000 });
    expect(await b.getByTestId('namespaces').locator(`tr[data-namespace="${NS}"] [data-stat="entries"]`).innerText()).toBe('1');

    // The follower's write is run by the owner, and the owner's own page shows it too.
    await storeThroughForm(b, 'from-follower', 'written in the follower tab');
    await entryRow(a, 'from-follower').waitFor({ timeout: 10_000 });

    // A script in the owner tab (not its page) deletes one: both pages drop the row.
    await a.evaluate((ns) => (globalThis as LiveWindow).saflaEngine.call('memory_usage', { action: 'delete', namespace: ns, key: 'from-owner' }), NS);
    await entryRow(a, 'from-owner').waitFor({ state: 'detached', timeout: 10_000 });
    await entryRow(b, 'from-owner').waitFor({ state: 'detached', timeout: 10_000 });
    expect(s.errors).toEqual([]);
  });

  it('updates the other tab\'s Models page on save and delete, and predicts a model saved again under its id with its new weights', async () => {
    await open(a, 'models');
    await open(b, 'models');
    const first = await trainAndSave(a, iris);
    await modelRow(b, MODEL).waitFor({ timeout: 10_000 });
    await showVersions(b);
    expect(await predictOnPage(b, first, SETOSA)).toBe('setosa');

    // Deleted in the owner tab: the follower's list drops it and stops offering the loaded version at once.
    await a.evaluate((id) => (globalThis as LiveWindow).saflaEngine.call('model_delete', { modelId: id }), MODEL);
    await modelRow(b, MODEL).waitFor({ state: 'detached', timeout: 10_000 });
    await b.getByTestId('predict-form').waitFor({ state: 'detached' });

    // Saved again under the same id by the follower, with other class names: a new version number, and its own weights answer.
    const renamed = iris.map((r) => ({ ...r, species: `kind-${String(r.species).slice(0, 3)}` }));
    const second = await trainAndSave(b, renamed);
    expect(second).not.toBe(first);
    await modelRow(a, MODEL).waitFor({ timeout: 10_000 });
    await showVersions(b);
    expect(await predictOnPage(b, second, SETOSA)).toBe('kind-set');
    await showVersions(a);
    expect(await predictOnPage(a, second, SETOSA)).toBe('kind-set');
    expect(s.errors).toEqual([]);
  });
});
