// Builds the AssemblyScript kernel in its three flavours: scalar, simd, relaxed (simd + fused multiply-add).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isUpToDate, kernelStamp, STAMP_FILE } from './build-stamp.mjs';

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

const outputs = Object.keys(FLAVORS).map((f) => join(outDir, `kernel-${f}.wasm`));
const compilerVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'assemblyscript', 'package.json'), 'utf8')).version;
const stamp = await kernelStamp({
  sourceDir: join(here, 'assembly'),
  extraFiles: [join(here, 'build.mjs')],
  compilerVersion,
  flavors: { FLAVORS, common },
});
// `npm start` and `npm test` build every time; the kernel takes ~40 s, so skip it when nothing that shapes it changed.
if (!process.argv.includes('--force') && (await isUpToDate(outDir, outputs, stamp))) {
  console.log(`kernel: up to date (${outputs.length} flavours in ${relative(root, outDir)}; \`node kernel/build.mjs --force\` rebuilds)`);
  process.exit(0);
}

await mkdir(outDir, { recursive: true });
// A build that fails half-way must not leave an old stamp vouching for new sources.
await rm(join(outDir, STAMP_FILE), { force: true });
const started = Date.now();
const outs = await Promise.all(Object.entries(FLAVORS).map(([f, flags]) => compile(f, flags)));
for (const out of outs) {
  const { size } = await stat(out);
  console.log(`kernel: ${out.slice(root.length + 1)} ${(size / 1024).toFixed(1)} KiB`);
}
await writeFile(join(outDir, STAMP_FILE), `${stamp}\n`);
console.log(`kernel: built ${outs.length} flavours in ${((Date.now() - started) / 1000).toFixed(1)} s`);
