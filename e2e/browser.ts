// Launches Debian's Chromium through playwright-core with a fresh, throwaway profile per launch.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Messages the page logged as errors, and uncaught exceptions: specs assert there are none. */
  errors: string[];
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** More Chromium flags (e.g. --enable-features=WebMCP). */
  args?: string[];
}

export async function launch(viewport = { width: 1280, height: 900 }, options: LaunchOptions = {}): Promise<Session> {
  const profile = await mkdtemp(join(tmpdir(), 'safla-e2e-'));
  // A persistent context on an empty directory is a real, fresh profile: service workers, OPFS and quota behave as for a user.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...ARGS, ...(options.args ?? [])],
    viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return {
    context,
    page,
    errors,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
