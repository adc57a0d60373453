// The tab's memory budget for a dataset: what the data worker lets a file grow to before it stops with the size and this limit (core/data/limits.ts).
import { formatBytes } from '../../core/data/limits';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
/** Below this a dataset of any use does not fit; above it one tab risks the browser's own per-tab limit (and a 64-bit tab's typed arrays). */
export const MIN_BUDGET = 256 * MiB;
export const MAX_BUDGET = 2 * GiB;
/** When the browser reports no memory size (Firefox and Safari report neither). */
export const DEFAULT_BUDGET = GiB;

export interface TabBudget {
  bytes: number;
  /** Where the figure came from, for the message that names it. */
  source: string;
}

/** What the browser says about memory: navigator.deviceMemory (GiB, rounded down to a power of 2, at most 8 in Chromium) and performance.memory.jsHeapSizeLimit. */
export interface MemoryHints {
  deviceMemoryGiB?: number;
  jsHeapSizeLimit?: number;
}

const clamp = (n: number) => Math.min(MAX_BUDGET, Math.max(MIN_BUDGET, Math.floor(n)));

/**
 * A quarter of the device's memory (the page, the compute workers training copies of the design matrix, and the rest of
 * the browser need the other three); else half the JavaScript heap limit; else 1 GB. Always between 256 MB and 2 GB.
 */
export function tabBudget(hints: MemoryHints): TabBudget {
  const dm = hints.deviceMemoryGiB;
  if (typeof dm === 'number' && Number.isFinite(dm) && dm > 0) {
    const bytes = clamp((dm * GiB) / 4);
    return { bytes, source: `the tab's budget: a quarter of this device's ${formatBytes(dm * GiB)} of memory (navigator.deviceMemory)${bytes === MAX_BUDGET ? ', at most 2.0 GB' : ''}` };
  }
  const heap = hints.jsHeapSizeLimit;
  if (typeof heap === 'number' && Number.isFinite(heap) && heap > 0) {
    return { bytes: clamp(heap / 2), source: `the tab's budget: half of the ${formatBytes(heap)} JavaScript heap limit (performance.memory)` };
  }
  return { bytes: DEFAULT_BUDGET, source: `the tab's budget: ${formatBytes(DEFAULT_BUDGET)}, as this browser reports no memory size` };
}

/** The hints of this worker's browser. */
export function memoryHints(): MemoryHints {
  const nav = (globalThis as { navigator?: { deviceMemory?: number } }).navigator;
  const perf = (globalThis as { performance?: { memory?: { jsHeapSizeLimit?: number } } }).performance;
  return { deviceMemoryGiB: nav?.deviceMemory, jsHeapSizeLimit: perf?.memory?.jsHeapSizeLimit };
}
