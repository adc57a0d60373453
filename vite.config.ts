// Vite: Solid UI, module workers, the kernel's .wasm as assets, offline PWA, cross-origin isolation headers.
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import solid from 'vite-plugin-solid';
import { sandboxScripts } from './scripts/sandbox-scripts-plugin';

// COOP/COEP make the page cross-origin isolated (SharedArrayBuffer, the `opfs` VFS, precise timers).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

const THEME = '#0f3d3a';

export default defineConfig({
  root: '.',
  define: { 'import.meta.env.APP_VERSION': JSON.stringify(pkg.version) },
  plugins: [
    solid(),
    // The browser sandbox's document and worker scripts as strings in the app's chunks (so precached like them).
    sandboxScripts(),
    VitePWA({
      // The user decides when a new version takes over (app/components/update-prompt.tsx).
      registerType: 'prompt',
      injectRegister: false,
      // public/icons/*.png are in the glob below; listing the manifest's icons again would precache them twice.
      includeManifestIcons: false,
      manifest: {
        name: 'SAFLA Lab',
        short_name: 'SAFLA Lab',
        description: 'An in-browser neural training lab and learning memory that works offline.',
        id: '/',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: THEME,
        background_color: THEME,
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The kernel's .wasm builds, the worker chunks and the word vectors (models/word-vectors.bin, 5.8 MB, for search
        // by meaning) must be there offline too (the plugin adds the manifest itself).
        globPatterns: ['**/*.{js,css,html,wasm,png,svg,bin}'],
        // sqlite-wasm's bundle references these two, but only opfs-sahpool is installed (workers/engine/open-db.ts): never loaded.
        globIgnores: ['**/sqlite3-opfs-async-proxy-*.js', '**/sqlite3-worker1-*.js'],
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        // On first install take control at once, so one online load is enough to work offline; updates still wait for the prompt.
        clientsClaim: true,
      },
    }),
  ],
  worker: { format: 'es' },
  // sqlite-wasm finds its .wasm with new URL('sqlite3.wasm', import.meta.url); dev-server pre-bundling would move the module away from it.
  optimizeDeps: { exclude: ['@sqlite.org/sqlite-wasm'] },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    // Keep every .wasm a real file (compileStreaming, the precache) even while a build is under the inline limit.
    assetsInlineLimit: (file) => (file.endsWith('.wasm') ? false : undefined),
  },
  server: { headers: isolation },
  preview: { headers: isolation },
});
