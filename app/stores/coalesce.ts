// Runs a refresh at most once per window however often it is asked for: what the stores do with bursts of change notices.

export interface Coalesced {
  /** Asks for a run: within `ms`, or right after the run in progress ends. Asks in between fold into that one run. */
  request(): void;
  /** Drops a pending run (the store is being disposed). */
  cancel(): void;
}

/**
 * A write in another tab arrives as one notice per committed call: a batch of 1,000 stores is 1,000 notices.
 * Reading the page again for each would flood the owner with reads, so the first request waits `ms` and every
 * request until the run starts joins it; a request while a run is in flight runs once more after it, so
 * nothing written before the last notice is missed.
 */
export function coalesce(run: () => Promise<void>, ms: number): Coalesced {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let again = false;
  let cancelled = false;
  const start = async () => {
    timer = undefined;
    running = true;
    try {
      await run();
    } catch (err) {
      console.warn('refresh after a change failed:', err);
    } finally {
      running = false;
      if (again && !cancelled) {
        again = false;
        request();
      }
    }
  };
  function request(): void {
    if (cancelled) return;
    if (running) again = true;
    else timer ??= setTimeout(() => void start(), ms);
  }
  return {
    request,
    cancel() {
      cancelled = true;
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
