// Vite: Solid UI, module workers, the kernel's .wasm as assets, offline PWA, cross-origin isolation headers.
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

// COOP/COEP make the page cross-origin isolated (SharedArrayBuffer, the `opfs` VFS, precise timers).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root: '.',
  plugins: [solid()],
  worker: { format: 'es' },
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true },
  server: { headers: isolation },
  preview: { headers: isolation },
});
