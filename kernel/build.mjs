// Builds the AssemblyScript kernel in its three flavours: scalar, simd, relaxed (simd + fused multiply-add).
import { spawn } from 'node:child_process';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const asc = join(root, 'node_modules', '.bin', 'asc');
const entry = join(here, 'assembly', 'index.ts');
const outDir = process.env.KERNEL_OUT_DIR ?? join(here, 'build');

// The same sources compile three ways; ASC_FEATURE_SIMD / ASC_FEATURE_RELAXED_SIMD pick the code path.
export const FLAVORS = {
  scalar: [],
  simd: ['--enable', 'simd'],
  relaxed: ['--enable', 'simd', '--enable', 'relaxed-simd'],
};

// `minimal` gives a real TLSF heap (heap.free returns memory); `stub` would only bump.
const common = ['-O3', '--noAssert', '--runtime', 'minimal', '--converge', '--use', 'abort=assembly/mem/abort'];

function compile(flavor, flags) {
  const out = join(outDir, `kernel-${flavor}.wasm`);
  const args = [entry, ...common, ...flags, '-o', out];
  return new Promise((resolve, reject) => {
    const child = spawn(asc, args, { cwd: here, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`asc failed for the ${flavor} build (exit ${code})`))));
  });
}

await mkdir(outDir, { recursive: true });
const started = Date.now();
const outs = await Promise.all(Object.entries(FLAVORS).map(([f, flags]) => compile(f, flags)));
for (const out of outs) {
  const { size } = await stat(out);
  console.log(`kernel: ${out.slice(root.length + 1)} ${(size / 1024).toFixed(1)} KiB`);
}
console.log(`kernel: built ${outs.length} flavours in ${((Date.now() - started) / 1000).toFixed(1)} s`);
