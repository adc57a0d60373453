// Vitest: `unit` runs beside-source tests in node (kernel builds included); `e2e` drives Debian's Chromium.
import './scripts/node-polyfills';
import { defineConfig } from 'vitest/config';

/** Throughput measurements (`npm run measure`): figures printed, nothing asserted, so `npm test` leaves them out. */
const measure = {
  test: {
    name: 'measure',
    include: ['**/*.measure.test.ts'],
    exclude: ['**/node_modules/**'],
    environment: 'node' as const,
    pool: 'forks' as const,
    fileParallelism: false,
    execArgv: ['--experimental-wasm-relaxed-simd'],
    testTimeout: 600_000,
  },
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['core/**/*.test.ts', 'kernel/**/*.test.ts', 'workers/**/*.test.ts', 'app/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts', 'cli/**/*.test.ts'],
          // Throughput measurements print figures and assert nothing: `npm run measure` runs them, `npm test` does not.
          exclude: ['**/*.measure.test.ts', '**/node_modules/**'],
          environment: 'node',
          pool: 'forks',
          // Node 20's V8 accepts relaxed-SIMD modules only behind this flag; Chromium needs none.
          execArgv: ['--experimental-wasm-relaxed-simd'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.spec.ts'],
          environment: 'node',
          pool: 'forks',
          fileParallelism: false,
          globalSetup: ['e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      ...(process.env.SAFLA_MEASURE === '1' ? [measure] : []),
    ],
  },
});
