// Helpers that drive the System page the way a user does.
import type { Page, Worker } from 'playwright-core';

/** The text of a detected fact on the System page, once it is no longer "Detecting…". */
export async function fact(page: Page, label: string): Promise<string> {
  const value = page.locator(`[data-fact="${label}"] dd`);
  await value.filter({ hasNotText: 'Detecting…' }).waitFor();
  return (await value.innerText()).trim();
}

export interface SelfCheckResult {
  op: string;
  pass: boolean;
}

/** Clicks "Run self-check" and returns every row of the result table. */
export async function runSelfCheck(page: Page): Promise<SelfCheckResult[]> {
  await page.getByRole('button', { name: 'Run self-check' }).click();
  await page.getByTestId('selfcheck-table').waitFor();
  const rows = page.getByTestId('selfcheck-table').locator('tbody tr');
  const out: SelfCheckResult[] = [];
  for (const row of await rows.all()) {
    out.push({ op: (await row.locator('th').innerText()).trim(), pass: (await row.getAttribute('data-pass')) === 'yes' });
  }
  return out;
}

/** The page's compute worker, waiting up to `timeoutMs` for it to start. */
export async function computeWorker(page: Page, timeoutMs = 10_000): Promise<Worker> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const worker = page.workers().find((w) => w.url().includes('compute.worker'));
    if (worker) return worker;
    if (Date.now() > deadline) throw new Error('the compute worker did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
}
