// The compute worker's API: plain functions run inside the worker; the app reaches them through app/bridges/compute.ts.
import { detectFeatures, type KernelFeatures, type KernelFlavor } from '../../kernel/js/features';
import { loadKernelBrowser } from '../../kernel/js/browser';
import { plainJsPeer } from './bench/plain-js';
import { runSuite } from './bench/suite';
import type { BenchProgress, BenchRow } from './bench/types';
import { runSelfChecks, type SelfCheckRow } from './self-check';

export type { BenchProgress, BenchRow, SelfCheckRow };

export interface KernelInfo {
  /** The build this worker loaded. */
  flavor: KernelFlavor;
  /** What this worker's WebAssembly engine validated. */
  features: KernelFeatures;
  /** Linear memory the module holds right now. */
  memoryBytes: number;
}

export async function kernelInfo(): Promise<KernelInfo> {
  const kernel = await loadKernelBrowser();
  return { flavor: kernel.flavor, features: detectFeatures(), memoryBytes: kernel.memoryBytes };
}

export async function selfCheck(): Promise<SelfCheckRow[]> {
  return runSelfChecks(await loadKernelBrowser());
}

export interface BenchmarkResult {
  rows: BenchRow[];
  /** What the suite said about cases it skipped or outputs that disagreed. */
  notes: string[];
}

/** The quick in-app benchmark: our kernel against plain JS, measured in this worker. */
export async function runBenchmark(onProgress?: (p: BenchProgress) => void): Promise<BenchmarkResult> {
  const kernel = await loadKernelBrowser();
  const notes: string[] = [];
  const rows = await runSuite(kernel, {
    peers: [plainJsPeer],
    quick: true,
    // Not awaited: the callback crosses to the page and answers while the suite goes on.
    onProgress: onProgress ? (p) => void onProgress(p) : undefined,
    onNote: (m) => notes.push(m),
  });
  return { rows, notes };
}
