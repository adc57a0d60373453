// Vite (SSR mode) bundles the CLI for node into dist-cli/safla.mjs; npm packages stay external and load from node_modules.
import { defineConfig } from 'vite';

export default defineConfig({
  root: '.',
  publicDir: false,
  // SSR builds leave dependencies external already; better-sqlite3 is named so it stays that way whatever else
  // changes: it is a native addon that finds its compiled .node binding relative to its own package folder.
  ssr: { external: ['better-sqlite3'] },
  build: {
    ssr: 'cli/safla.ts',
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: { output: { entryFileNames: 'safla.mjs', format: 'es' } },
  },
});
