// Coalescing refreshes: a burst of requests is one run, a request during a run is one more run after it, a hidden tab waits to be shown, cancel stops what is pending.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalesce, type Visibility } from './coalesce';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('coalesce', () => {
  it('folds a burst into one run after the window, and a request during a run into one more', async () => {
    let runs = 0;
    let finish: (() => void) | undefined;
    const c = coalesce(() => {
      runs++;
      return new Promise<void>((r) => (finish = r));
    }, 100);
    for (let i = 0; i < 1000; i++) c.request();
    await vi.advanceTimersByTimeAsync(99);
    expect(runs).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(1);
    c.request();
    c.request();
    await vi.advanceTimersByTimeAsync(500);
    expect(runs).toBe(1);
    finish!();
    await vi.advanceTimersByTimeAsync(100);
    expect(runs).toBe(2);
    finish!();
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(2);
  });

  it('runs nothing once cancelled, and survives a failed run', async () => {
    let runs = 0;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const c = coalesce(async () => {
      runs++;
      throw new Error('engine gone');
    }, 100);
    c.request();
    await vi.advanceTimersByTimeAsync(100);
    c.request();
    await vi.advanceTimersByTimeAsync(100);
    expect(runs).toBe(2);
    expect(warn).toHaveBeenCalledTimes(2);
    c.request();
    c.cancel();
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(2);
    warn.mockRestore();
  });

  it('keeps a request while the tab is hidden and runs it once when the tab is shown', async () => {
    let runs = 0;
    let hidden = true;
    const shown = new Set<() => void>();
    const visibility: Visibility = { hidden: () => hidden, onShown: (cb) => (shown.add(cb), () => shown.delete(cb)) };
    const c = coalesce(async () => void runs++, 100, visibility);
    for (let i = 0; i < 10; i++) c.request();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toBe(0);
    hidden = false;
    for (const cb of shown) cb();
    await vi.advanceTimersByTimeAsync(100);
    expect(runs).toBe(1);
    // Shown again with nothing asked for: nothing runs.
    for (const cb of shown) cb();
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(1);
    c.cancel();
    expect(shown.size).toBe(0);
  });
});
