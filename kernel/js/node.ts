// Node entry: loads the kernel builds from kernel/build on disk (tests, CLI, benchmarks' node side).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ALL_FLAVORS, detectFeatures, type KernelFlavor } from './features';
import type { Kernel } from './kernel';
import { loadKernel } from './loader';

export function kernelPath(flavor: KernelFlavor): string {
  return fileURLToPath(new URL(`../build/kernel-${flavor}.wasm`, import.meta.url));
}

export function loadKernelNode(flavor?: KernelFlavor): Promise<Kernel> {
  return loadKernel({ bytes: (f) => readFile(kernelPath(f)) }, flavor);
}

/** The flavours this node process can run (relaxed needs --experimental-wasm-relaxed-simd on Node 20). */
export function runnableFlavors(): KernelFlavor[] {
  const f = detectFeatures();
  return ALL_FLAVORS.filter((x) => x === 'scalar' || (x === 'simd' && f.simd) || (x === 'relaxed' && f.simd && f.relaxedSimd));
}
