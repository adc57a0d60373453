// The kernel in the compute worker, driven from the System page: self-check against the reference, benchmark, cancel.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, type Session } from './browser';
import { computeWorker, runSelfCheck } from './system-page';

describe('kernel on the System page', () => {
  let s: Session;
  beforeAll(async () => {
    s = await launch();
    await s.page.goto(`${inject('baseUrl')}#/system`);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('passes the self-check: every op matches the reference within tolerance', async () => {
    const rows = await runSelfCheck(s.page);
    expect(rows.length).toBeGreaterThanOrEqual(8);
    expect(rows.filter((r) => !r.pass)).toEqual([]);
    expect(await s.page.getByTestId('selfcheck-summary').innerText()).toBe(`${rows.length} of ${rows.length} passed`);
    // The fused network ops run too, in the browser's own kernel build.
    for (const op of ['mlp_train_step', 'mlp_loss_grad', 'mlp_predict']) expect(rows.some((r) => r.op.startsWith(op)), op).toBe(true);
  });

  it('runs the quick benchmark to completion and shows measured rows', async () => {
    const { page } = s;
    await page.getByRole('button', { name: 'Run kernel benchmark' }).click();
    await page.getByTestId('bench-table').waitFor({ timeout: 110_000 });
    const rows = page.getByTestId('bench-table').locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    for (const row of await rows.all()) {
      const ours = Number(await row.locator('[data-col="ours"]').getAttribute('data-value'));
      expect(ours).toBeGreaterThan(0);
      const peer = await row.locator('[data-col="peer"]').getAttribute('data-value');
      if (peer) expect(Number(peer)).toBeGreaterThan(0);
    }
    expect(s.errors).toEqual([]);
  });

  it('cancels a running benchmark by stopping the worker, and the next call gets a fresh one', async () => {
    const { page } = s;
    await page.getByRole('button', { name: 'Run kernel benchmark' }).click();
    // The worker running the benchmark (an idle one from an earlier call, or the fresh one this click started).
    const worker = await computeWorker(page);
    const closed = worker.waitForEvent('close');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('Cancelled; the worker was stopped.').waitFor();
    await closed;
    expect(await page.getByTestId('bench-table').count()).toBe(0);
    const rows = await runSelfCheck(page);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.pass)).toBe(true);
  });
});
