// Vite for the benchmark pages (npm run bench): module worker, COOP/COEP, kernel .wasm as assets, tfjs .wasm served locally; pipeline.html hosts the app's sandbox runner, data.html the data suite.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { sandboxScripts } from '../scripts/sandbox-scripts-plugin';

const here = fileURLToPath(new URL('.', import.meta.url));
const tfjsDist = fileURLToPath(new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url));
export const TFJS_WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Emits tfjs-backend-wasm's binaries as tfjs/<name> so the peer loads them from this server, never a CDN. */
function tfjsWasm(): Plugin {
  return {
    name: 'bench-tfjs-wasm',
    async generateBundle() {
      for (const name of TFJS_WASM_FILES) {
        this.emitFile({ type: 'asset', fileName: `tfjs/${name}`, source: await readFile(tfjsDist + name) });
      }
    },
  };
}

export default defineConfig({
  root: `${here}page`,
  base: './',
  logLevel: 'warn',
  // sandboxScripts: the browser sandbox's document and worker scripts, bundled as the app bundles them.
  plugins: [tfjsWasm(), sandboxScripts()],
  worker: { format: 'es' },
  // Unminified: readable stacks, and tfjs' threaded build is known to hang when minified.
  build: {
    target: 'es2022',
    outDir: `${here}dist`,
    emptyOutDir: true,
    minify: false,
    reportCompressedSize: false,
    // The kernel .wasm stays a fetched file, as in the app, never an inlined data: URL.
    assetsInlineLimit: 0,
    // The build's timing report is noise in the bench output (a 2-core machine always looks slow to it).
    rolldownOptions: {
      input: { index: `${here}page/index.html`, pipeline: `${here}page/pipeline.html`, data: `${here}page/data.html` },
      checks: { bundlerTimings: false },
    },
  },
  server: { headers: isolation },
  preview: { headers: isolation },
});
