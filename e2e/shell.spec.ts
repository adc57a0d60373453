// The shell: every nav item opens its page; the System page shows real detected capabilities.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM, launch, type Session } from './browser';
import { fact } from './system-page';

const NAV = [
  { label: 'Lab', path: 'lab' },
  { label: 'Models', path: 'models' },
  { label: 'Memory', path: 'memory' },
  { label: 'Pipeline', path: 'pipeline' },
  { label: 'Patterns', path: 'patterns' },
  { label: 'System', path: 'system' },
];

describe('app shell', () => {
  let s: Session;
  beforeAll(async () => {
    s = await launch();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('opens every page from the navigation', async () => {
    const { page } = s;
    await page.goto(inject('baseUrl'));
    await expect.poll(() => page.locator('.brand').innerText()).toContain('SAFLA Lab');
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const item of NAV) {
      await nav.getByRole('link', { name: item.label, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: item.label, exact: true }).waitFor();
      expect(new URL(page.url()).hash).toBe(`#/${item.path}`);
      expect(await page.title()).toBe(`${item.label} · SAFLA Lab`);
      const current = await nav.locator('[aria-current="page"]').allInnerTexts();
      expect(current).toEqual([item.label]);
    }
    expect(s.errors).toEqual([]);
  });

  it('shows an honest not-found page for an unknown route', async () => {
    const { page } = s;
    await page.goto(`${inject('baseUrl')}#/nowhere`);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    expect(await s.page.locator('[aria-current="page"]').count()).toBe(0);
  });

  it('shows what the browser and the compute worker detected', async () => {
    const { page } = s;
    await page.goto(`${inject('baseUrl')}#/system`);
    expect(await fact(page, 'Cross-origin isolated')).toBe('yes');
    expect(await fact(page, 'WebAssembly SIMD')).toBe('yes');
    const relaxed = await fact(page, 'Relaxed SIMD');
    expect(['yes', 'no']).toContain(relaxed);
    // The build the worker loaded must be the best one its features allow.
    expect(await page.getByTestId('kernel-flavor').innerText()).toBe(relaxed === 'yes' ? 'relaxed' : 'simd');
    expect(await fact(page, 'Kernel memory')).toMatch(/^\d+(\.\d+)? (KiB|MiB|GiB)$/);
    expect(await fact(page, 'Origin private file system')).toBe('available');
    expect(await fact(page, 'Storage used')).toMatch(/^\d+(\.\d+)? \w+ of \d+(\.\d+)? \w+$/);
    expect(['persistent', 'best effort']).toContain(await fact(page, 'Storage persisted'));
    expect(Number(await fact(page, 'Logical CPU cores'))).toBeGreaterThan(0);
    // The full version of the browser running the page, as the binary reports it (a persistent context has no
    // Browser object to ask).
    const installed = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).match(/\d+\.\d+\.\d+\.\d+/)?.[0];
    expect(await fact(page, 'Chromium version')).toBe(installed);
    expect(s.errors).toEqual([]);
  });
});
