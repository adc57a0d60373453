// The tab's memory budget from what the browser reports: device memory, else the heap limit, else a fixed default; always within bounds.
import { describe, expect, it } from 'vitest';
import { DEFAULT_BUDGET, MAX_BUDGET, MIN_BUDGET, tabBudget } from './budget';

describe('tabBudget', () => {
  it('takes a quarter of navigator.deviceMemory, within 256 MB and 2 GB, and names where it came from', () => {
    expect(tabBudget({ deviceMemoryGiB: 4 })).toEqual({ bytes: 1024 ** 3, source: "the tab's budget: a quarter of this device's 4.0 GB of memory (navigator.deviceMemory)" });
    expect(tabBudget({ deviceMemoryGiB: 8, jsHeapSizeLimit: 4 * 1024 ** 3 }).bytes).toBe(MAX_BUDGET);
    expect(tabBudget({ deviceMemoryGiB: 8 }).source).toMatch(/at most 2\.0 GB$/);
    expect(tabBudget({ deviceMemoryGiB: 0.5 }).bytes).toBe(MIN_BUDGET);
  });

  it('falls back to half the heap limit, then to 1 GB', () => {
    expect(tabBudget({ jsHeapSizeLimit: 1024 ** 3 })).toEqual({ bytes: 512 * 1024 ** 2, source: "the tab's budget: half of the 1.0 GB JavaScript heap limit (performance.memory)" });
    expect(tabBudget({})).toEqual({ bytes: DEFAULT_BUDGET, source: "the tab's budget: 1.0 GB, as this browser reports no memory size" });
    expect(tabBudget({ deviceMemoryGiB: Number.NaN, jsHeapSizeLimit: -1 }).bytes).toBe(DEFAULT_BUDGET);
  });
});
