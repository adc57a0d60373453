// Runs a refresh at most once per window however often it is asked for, and not at all while the tab is hidden: what the stores do with bursts of change notices.

/** The window every store reads change notices in: notices (writes in any tab) arriving within it are read once. */
export const CHANGE_COALESCE_MS = 100;

export interface Coalesced {
  /** Asks for a run: within `ms`, or right after the run in progress ends, or when a hidden tab is shown again. */
  request(): void;
  /** Drops a pending run and stops watching visibility (the store is being disposed). */
  cancel(): void;
}

/** Whether the tab is hidden, and a way to hear when it is shown; the document's by default. */
export interface Visibility {
  hidden(): boolean;
  /** Calls cb each time the tab is shown; returns the unsubscribe function. */
  onShown(cb: () => void): () => void;
}

function documentVisibility(): Visibility | undefined {
  if (typeof document === 'undefined') return undefined;
  return {
    hidden: () => document.visibilityState === 'hidden',
    onShown(cb) {
      const listener = () => {
        if (document.visibilityState !== 'hidden') cb();
      };
      document.addEventListener('visibilitychange', listener);
      return () => document.removeEventListener('visibilitychange', listener);
    },
  };
}

/**
 * A write in another tab arrives as one notice per committed call: a batch of 1,000 stores is 1,000 notices.
 * Reading the page again for each would flood the owner with reads, so the first request waits `ms` and every
 * request until the run starts joins it; a request while a run is in flight runs once more after it, so
 * nothing written before the last notice is missed. A hidden tab keeps the request and runs it when shown:
 * nobody is looking, and its reads would compete with the writes of the tab that is in use.
 */
export function coalesce(run: () => Promise<void>, ms: number, visibility: Visibility | undefined = documentVisibility()): Coalesced {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let again = false;
  let waitingToBeShown = false;
  let cancelled = false;
  const stopWatching = visibility?.onShown(() => {
    if (!waitingToBeShown) return;
    waitingToBeShown = false;
    request();
  });
  const start = async () => {
    timer = undefined;
    if (cancelled) return;
    if (visibility?.hidden()) {
      waitingToBeShown = true;
      return;
    }
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
      stopWatching?.();
    },
  };
}
