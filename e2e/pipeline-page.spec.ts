// The Pipeline page against the built app: an iteration through the UI (three strategies on the browser sandbox, profiles, history, a second tab live), the custom-task editor, saflaLab.pipeline_run_task's input errors, the log's export, Cancel, and iterations offline (the WebContainer's fallback included).
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskRunResult } from '../core/pipeline/runner';
import { launch, type Session } from './browser';
import { startPreview, type Preview } from './preview';

/** The part of saflaLab this spec calls (its full type pulls in the browser-only app). */
interface LabConsole {
  pipeline_run_task(input: unknown): Promise<TaskRunResult>;
}
type LabWindow = typeof globalThis & { saflaLab: LabConsole; e2eLongTasks: number[] };

const NUMBER = /^-?\d+(\.\d+)?(%| ms| s)?$/;

async function openPipeline(page: Page, url: string): Promise<void> {
  await page.goto(`${url}#/pipeline`);
  await page.getByRole('heading', { level: 1, name: 'Pipeline' }).waitFor();
  await page.getByTestId('profile').first().waitFor({ timeout: 30_000 });
}

/** Main-thread tasks of 50 ms or more from now on (Chromium's Long Tasks API): what would make the page feel stuck. */
async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = globalThis as LabWindow;
    w.e2eLongTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.e2eLongTasks.push(e.duration);
    }).observe({ type: 'longtask' });
  });
}

/** Runs one iteration from the run card and returns the three strategy lines of its outcome. */
async function runOneIteration(page: Page): Promise<{ strategy: string; runner: string; text: string }[]> {
  const card = page.getByTestId('pipeline-run');
  await card.getByLabel('Complexity').selectOption('easy');
  await card.getByLabel('Iterations').fill('1');
  await card.getByLabel('Strategy').selectOption('all');
  await card.getByLabel('Runner').selectOption('browser-sandbox');
  await card.getByRole('button', { name: 'Run', exact: true }).click();
  // Progress per strategy shows while it runs.
  await page.getByTestId('progress').waitFor({ timeout: 30_000 });
  const outcome = page.getByTestId('run-outcome');
  await outcome.waitFor({ timeout: 180_000 });
  const rows = outcome.getByTestId('iteration').locator('li');
  const out: { strategy: string; runner: string; text: string }[] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    out.push({ strategy: (await row.getAttribute('data-strategy')) ?? '', runner: (await row.getAttribute('data-runner')) ?? '', text: await row.innerText() });
  }
  return out;
}

/** Every figure of the profile cards: must be numbers, never NaN or Infinity. */
async function profileFigures(page: Page): Promise<Record<string, Record<string, string>>> {
  const cards = page.getByTestId('profile');
  const out: Record<string, Record<string, string>> = {};
  for (let i = 0; i < (await cards.count()); i++) {
    const card = cards.nth(i);
    const stats: Record<string, string> = {};
    for (const stat of ['success-rate', 'avg-score', 'avg-time', 'uses', 'improvement']) stats[stat] = (await card.locator(`[data-stat="${stat}"]`).innerText()).trim();
    out[(await card.getAttribute('data-strategy')) ?? '?'] = stats;
  }
  return out;
}

function historyRows(page: Page) {
  return page.getByTestId('history').locator('tbody tr[data-run-id]');
}

describe('pipeline page', () => {
  let server: Preview | undefined;
  let s: Session;
  let url: string;

  beforeAll(async () => {
    server = await startPreview();
    url = server.url;
    s = await launch();
    await openPipeline(s.page, url);
    // The runners, ESLint and the page's chunks are precached before the offline test needs them.
    await s.page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
  });
  afterAll(async () => {
    await s?.close();
    await server?.close();
  });

  it('runs an easy iteration through the UI: three strategies on the browser sandbox, profiles with numbers, history with runner labels, seen live in a second tab', async () => {
    const { page } = s;
    const other = await s.context.newPage();
    await openPipeline(other, url);
    expect(await historyRows(other).count()).toBe(0);

    await watchLongTasks(page);
    const t0 = Date.now();
    const runs = await runOneIteration(page);
    const iterationMs = Date.now() - t0;
    expect(runs.map((r) => `${r.strategy} ${r.runner}`)).toEqual(['conservative browser-sandbox', 'balanced browser-sandbox', 'aggressive browser-sandbox']);
    for (const r of runs) expect(r.text).toMatch(/tests (pass|fail) \(\d+\/\d+ passed\), lint (pass|fail) \(\d+ messages?\), \d+ ms, score \d+\.\d, on browser-sandbox \(Chromium \d+ worker, /);
    // The generated tests' edge cases need the guards: the conservative version passes them, the aggressive one does not.
    expect(runs[0].text).toMatch(/tests pass/);
    expect(runs[2].text).toMatch(/tests fail/);
    const longTasks = await page.evaluate(() => (globalThis as LabWindow).e2eLongTasks);
    console.log(`[measure] one easy iteration through the UI (3 strategies, tests + lint, first ESLint load included): ${iterationMs} ms; main-thread long tasks (≥ 50 ms) meanwhile: ${longTasks.length}${longTasks.length ? `, longest ${Math.max(...longTasks).toFixed(0)} ms` : ''}`);

    const figures = await profileFigures(page);
    expect(Object.keys(figures)).toEqual(['conservative', 'balanced', 'aggressive']);
    for (const [strategy, stats] of Object.entries(figures)) {
      for (const key of ['success-rate', 'avg-score', 'avg-time', 'uses']) expect(stats[key], `${strategy} ${key}`).toMatch(NUMBER);
      expect(stats.uses).toBe('1');
      expect(stats.improvement).toBe('not enough data (1 of 6 points)');
    }
    const profilesText = await page.getByTestId('profiles').innerText();
    expect(profilesText).not.toMatch(/NaN|Infinity/);
    expect(await page.getByTestId('trend').count()).toBe(3);

    const rows = historyRows(page);
    await expect.poll(() => rows.count()).toBe(3);
    const labels = await page.getByTestId('history').getByTestId('runner-label').allInnerTexts();
    expect(labels).toHaveLength(3);
    for (const l of labels) expect(l).toMatch(/^browser-sandbox \(Chromium \d+ worker, \d+\.\d+\.\d+\)$/);
    expect(await page.getByTestId('history').innerText()).not.toMatch(/NaN|Infinity/);

    // One run's per-test results.
    await rows.first().getByRole('button', { name: /^Details of run/ }).click();
    const detail = page.getByTestId('run-detail');
    await detail.getByTestId('tests').waitFor();
    expect(await detail.getByTestId('tests').locator('tbody tr').count()).toBeGreaterThanOrEqual(5);

    // The other tab heard the change notices: its history, profiles and log show the run without a reload.
    await expect.poll(() => historyRows(other).count(), { timeout: 15_000 }).toBe(3);
    await expect.poll(async () => (await profileFigures(other)).aggressive?.uses, { timeout: 15_000 }).toBe('1');
    await expect.poll(() => other.getByTestId('live-log').locator('li[data-event="iteration-done"]').count()).toBe(1);
    await other.close();

    // The log exports as JSONL, one JSON object a line.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export log (JSONL)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^safla-pipeline-log-.*\.jsonl$/);
    const lines = (await readFile(await download.path(), 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as { event: string });
    expect(lines.map((l) => l.event)).toEqual(['iteration-start', 'strategy-run', 'strategy-run', 'strategy-run', 'iteration-done']);
    expect(s.errors).toEqual([]);
  });

  it('runs a passing and a failing custom task in the editor, with per-test results, and names a malformed field', async () => {
    const { page } = s;
    const card = page.getByTestId('custom-task');
    await card.getByRole('button', { name: 'Run task' }).click();
    const result = card.getByTestId('custom-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.getAttribute('data-test-status')).toBe('pass');
    const passing = await result.getByTestId('tests').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-status')));
    expect(passing.length).toBeGreaterThanOrEqual(5);
    expect(new Set(passing)).toEqual(new Set(['pass']));
    expect(await result.getByTestId('runner-label').innerText()).toMatch(/^browser-sandbox \(Chromium \d+ worker/);

    // A failing test of our own, in a new file.
    await card.getByLabel('New file').fill('test/extra.test.js');
    await card.getByRole('button', { name: 'Add file' }).click();
    await card.getByLabel('Contents of test/extra.test.js').fill("import { test } from 'node:test';\nimport assert from 'node:assert';\ntest('fails on purpose', () => assert.strictEqual(1 + 1, 3));\n");
    await card.getByRole('button', { name: 'Run task' }).click();
    await card.locator('[data-testid="custom-result"][data-test-status="fail"]').waitFor({ timeout: 60_000 });
    const failed = card.getByTestId('tests').locator('tbody tr[data-status="fail"]');
    expect(await failed.count()).toBe(1);
    expect(await failed.innerText()).toMatch(/fails on purpose[\s\S]*AssertionError/);
    expect(await card.getByTestId('tests').locator('tbody tr[data-status="pass"]').count()).toBe(passing.length);

    // Malformed input: nothing runs, and the field is named.
    await card.getByLabel('Deadline per check (ms)').fill('5');
    await card.getByRole('button', { name: 'Run task' }).click();
    const error = card.getByTestId('custom-error');
    await error.waitFor();
    expect(await error.getAttribute('data-field')).toBe('timeout_ms');
    expect(await error.innerText()).toMatch(/timeout_ms must be a number of milliseconds from 100 to 600000/);
    await card.getByLabel('Deadline per check (ms)').fill('10000');
    // Custom runs are logged, not added to the strategies' history.
    await expect.poll(() => page.getByTestId('live-log').locator('li[data-event="custom-run"]').count()).toBe(2);
    expect(await historyRows(page).count()).toBe(3);
  });

  it('saflaLab.pipeline_run_task refuses malformed input with an error naming the field, and runs good input', async () => {
    const { page } = s;
    const attempt = (input: unknown) => page.evaluate((i) => (globalThis as LabWindow).saflaLab.pipeline_run_task(i).then(() => 'ran', (e: Error) => `${e.name}: ${e.message}`), input);
    const test = { 'package.json': '{"type": "module"}', 'test/a.test.js': "import { test } from 'node:test';\nimport assert from 'node:assert';\ntest('adds', () => assert.equal(1 + 1, 2));\n" };
    expect(await attempt(42)).toBe('TaskInputError: input must be an object: { files, runner?, timeout_ms? }');
    expect(await attempt({ files: 'src/a.js' })).toBe('TaskInputError: files must be an object of path → file text');
    expect(await attempt({ files: { 'src/a.js': 'export const a = 1;\n' } })).toMatch(/^TaskInputError: files has no test file/);
    expect(await attempt({ files: { ...test, '/etc/passwd': 'x' } })).toBe('TaskInputError: files["/etc/passwd"] must be a relative path with / between folders (not absolute)');
    expect(await attempt({ files: test, runner: 'cloud' })).toBe('TaskInputError: runner must be one of browser-sandbox, webcontainer, node (got "cloud")');
    expect(await attempt({ files: test, timeout_ms: 'soon' })).toMatch(/^TaskInputError: timeout_ms must be a number of milliseconds/);
    const r = await page.evaluate((files) => (globalThis as LabWindow).saflaLab.pipeline_run_task({ files, timeout_ms: 5000 }), test);
    expect([r.label.runner, r.test.status, r.test.tests.map((t) => t.name), r.lint.status], r.test.reason).toEqual(['browser-sandbox', 'pass', ['adds'], 'pass']);
    expect(r.duration_ms).toBeGreaterThan(0);
  });

  it('cancels from the page at once: the strategy in flight is not stored, no further iteration starts', async () => {
    const { page } = s;
    const before = await historyRows(page).count();
    const card = page.getByTestId('pipeline-run');
    await card.getByLabel('Complexity').selectOption('hard');
    await card.getByLabel('Iterations').fill('20');
    await card.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByTestId('progress').locator('li[data-state="done"]').first().waitFor({ timeout: 60_000 });
    await card.getByRole('button', { name: 'Cancel' }).click();
    const outcome = page.locator('[data-testid="run-outcome"][data-cancelled="true"]');
    await outcome.waitFor({ timeout: 30_000 });
    const kept = await outcome.locator('li[data-strategy]').count();
    expect(kept).toBeGreaterThanOrEqual(1);
    expect(kept).toBeLessThan(60);
    expect(await outcome.innerText()).toMatch(/^Cancelled after \d of 20 iterations/);
    await expect.poll(() => historyRows(page).count()).toBe(before + kept);
    await expect.poll(() => page.getByTestId('live-log').locator('li[data-event="cancelled"]').count()).toBe(1);
  });

  it('runs an iteration offline, with the server stopped; asked for the WebContainer offline, the sandbox runs and says why', async () => {
    const { page } = s;
    const before = await historyRows(page).count();
    const uses = Object.fromEntries(Object.entries(await profileFigures(page)).map(([k, v]) => [k, Number(v.uses)]));
    await server!.close();
    server = undefined;
    await expect(fetch(url)).rejects.toThrow();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Pipeline' }).waitFor();
    await page.getByTestId('profile').first().waitFor({ timeout: 30_000 });
    const runs = await runOneIteration(page);
    expect(runs.map((r) => `${r.strategy} ${r.runner}`)).toEqual(['conservative browser-sandbox', 'balanced browser-sandbox', 'aggressive browser-sandbox']);
    for (const r of runs) expect(r.text).not.toMatch(/not scored|not-run/);
    await expect.poll(() => historyRows(page).count()).toBe(before + 3);
    const figures = await profileFigures(page);
    for (const [strategy, stats] of Object.entries(figures)) expect(Number(stats.uses), strategy).toBe(uses[strategy] + 1);
    expect(await page.getByTestId('profiles').innerText()).not.toMatch(/NaN|Infinity/);

    // Asked for the WebContainer with the browser offline: the sandbox runs it, and the result and the history say why.
    await s.context.setOffline(true);
    try {
      const card = page.getByTestId('pipeline-run');
      await card.getByLabel('Strategy').selectOption('balanced');
      await card.getByLabel('Runner').selectOption('webcontainer');
      await card.getByRole('button', { name: 'Run', exact: true }).click();
      const row = page.locator('[data-testid="run-outcome"] li[data-strategy="balanced"]');
      await row.waitFor({ timeout: 60_000 });
      expect(await row.getAttribute('data-runner')).toBe('browser-sandbox');
      expect(await row.innerText()).toMatch(/on browser-sandbox \(Chromium \d+ worker, [^)]*\) \(asked for webcontainer: WebContainer needs the network .*offline\)/);
      await expect.poll(() => historyRows(page).count()).toBe(before + 4);
      expect(await historyRows(page).first().getByTestId('fallback').innerText()).toMatch(/^asked for webcontainer: WebContainer needs the network/);
    } finally {
      await s.context.setOffline(false);
    }
  });
});
