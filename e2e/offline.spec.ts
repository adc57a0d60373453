// Offline: after one online load the service worker serves the app; with the server stopped, the shell renders and the kernel runs.
import { describe, expect, it } from 'vitest';
import { ownServerSession, precachedPaths, waitForServiceWorker } from './offline';
import { fact, runSelfCheck } from './system-page';

describe('offline', () => {
  const own = ownServerSession();

  it('loads and runs the kernel with the server stopped', async () => {
    const s = own.session();
    const { page } = s;
    await page.goto(`${own.url()}#/system`);

    // The service worker activates only after precaching finished; with clientsClaim it then controls this page.
    await waitForServiceWorker(page);
    const cached = await precachedPaths(page);
    expect(cached.some((p) => p.endsWith('.wasm'))).toBe(true);
    expect(cached.some((p) => /compute\.worker-.*\.js$/.test(p))).toBe(true);
    expect(cached).toContain('/index.html');

    // Chromium's own verdict on the manifest, icons and service worker: installable, no errors.
    const cdp = await s.context.newCDPSession(page);
    const manifest = (await cdp.send('Page.getAppManifest')) as { errors: { message: string }[] };
    expect(manifest.errors).toEqual([]);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
    expect(installabilityErrors).toEqual([]);
    await cdp.detach();

    await own.stopServer();

    // Only the opfs-sahpool VFS is installed: sqlite's `opfs` VFS would try (and, offline, fail) to start its async proxy worker.
    const warnings: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'warning' || m.type() === 'error') warnings.push(m.text());
    });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'System' }).waitFor();
    expect(await page.locator('.brand').innerText()).toContain('SAFLA Lab');
    expect(await fact(page, 'Cross-origin isolated')).toBe('yes');
    expect(await fact(page, 'Offline service worker')).toBe('controls this page');
    const rows = await runSelfCheck(page);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => !r.pass)).toEqual([]);

    // Another page of the app, also from the cache.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Memory' }).click();
    await page.getByRole('heading', { level: 1, name: 'Memory' }).waitFor();
    await page.getByText(/owns the database|this tab owns/i).first().waitFor({ timeout: 30_000 });
    expect(warnings.filter((w) => /sqlite3|opfs/i.test(w))).toEqual([]);
  });
});
