// The kernel build's fingerprint: unchanged sources keep it (the build is skipped), any change to what shapes the .wasm gives a new one.
import { mkdtemp, rm, writeFile, mkdir, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { isUpToDate, kernelStamp, STAMP_FILE } from './build-stamp.mjs';

let dir: string;
const src = () => join(dir, 'assembly');
const stamp = (over: Partial<{ compilerVersion: string; flavors: unknown }> = {}) =>
  kernelStamp({ sourceDir: src(), extraFiles: [join(dir, 'build.mjs')], compilerVersion: '0.28.20', flavors: { simd: ['--enable', 'simd'] }, ...over });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kernel-stamp-'));
  await mkdir(join(src(), 'sub'), { recursive: true });
  await writeFile(join(src(), 'gemm.ts'), 'export function gemm(): void {}\n');
  await writeFile(join(src(), 'sub', 'mem.ts'), 'export const x = 1;\n');
  await writeFile(join(dir, 'build.mjs'), '// build\n');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

it('is stable for unchanged inputs and changes with a source, a rename, the build script, the compiler or the flags', async () => {
  const a = await stamp();
  expect(await stamp()).toBe(a);
  await writeFile(join(src(), 'sub', 'mem.ts'), 'export const x = 2;\n');
  const b = await stamp();
  expect(b).not.toBe(a);
  await rename(join(src(), 'gemm.ts'), join(src(), 'gemm2.ts'));
  const c = await stamp();
  expect(c).not.toBe(b);
  await writeFile(join(dir, 'build.mjs'), '// build, changed\n');
  const d = await stamp();
  expect(d).not.toBe(c);
  expect(await stamp({ compilerVersion: '0.28.21' })).not.toBe(d);
  expect(await stamp({ flavors: { simd: ['--enable', 'simd', '--enable', 'relaxed-simd'] } })).not.toBe(d);
});

it('is up to date only when every output exists and the stamp file matches', async () => {
  const out = join(dir, 'build');
  await mkdir(out);
  const outputs = [join(out, 'kernel-simd.wasm')];
  const s = await stamp();
  expect(await isUpToDate(out, outputs, s)).toBe(false);
  await writeFile(outputs[0], 'wasm');
  expect(await isUpToDate(out, outputs, s)).toBe(false);
  await writeFile(join(out, STAMP_FILE), `${s}\n`);
  expect(await isUpToDate(out, outputs, s)).toBe(true);
  expect(await isUpToDate(out, outputs, 'other')).toBe(false);
  await rm(outputs[0]);
  expect(await isUpToDate(out, outputs, s)).toBe(false);
});
