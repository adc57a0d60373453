// Loads the kernel for the CLI from kernel/build next to the package, whether running from source (tests) or from dist-cli (the bin).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWasmPort } from '../kernel/js/network';
import { loadKernel } from '../kernel/js/loader';
import type { KernelPort } from '../core/nn/port';
import { CliError } from './io';

/** The package root: the nearest folder above this file that holds package.json. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = resolve(dir, '..');
    if (up === dir) throw new CliError('cannot find the package root (package.json) above the CLI');
    dir = up;
  }
  return dir;
}

export async function loadPort(): Promise<KernelPort> {
  const dir = join(packageRoot(), 'kernel', 'build');
  if (!existsSync(dir)) throw new CliError(`the kernel is not built (${dir} is missing): run \`npm run build:kernel\``);
  // Node 20 runs relaxed SIMD only behind a flag, so feature detection settles on simd there.
  return createWasmPort(await loadKernel({ bytes: (f) => readFile(join(dir, `kernel-${f}.wasm`)) }));
}
