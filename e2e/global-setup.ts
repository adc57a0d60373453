// e2e global setup: one preview server of the built app for every spec; its URL is provided as `baseUrl`.
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startPreview } from './preview';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  if (!existsSync('dist/index.html')) throw new Error('dist/ is missing: run `npm run build` first (npm run test:e2e does).');
  const preview = await startPreview();
  project.provide('baseUrl', preview.url);
  return () => preview.close();
}
