// Vite (SSR mode) bundles the CLI for node into dist-cli/safla.mjs; npm packages stay external and load from node_modules.
import { defineConfig } from 'vite';

export default defineConfig({
  root: '.',
  publicDir: false,
  build: {
    ssr: 'cli/safla.ts',
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: { output: { entryFileNames: 'safla.mjs', format: 'es' } },
  },
});
