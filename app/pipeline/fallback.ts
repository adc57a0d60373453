// A runner that falls back to another when it cannot run: the result is the fallback's, recording what was asked for and why it did not run.
import type { RunOptions, TaskFiles, TaskRunResult, TaskRunner } from '../../core/pipeline/runner';

/** Thrown by a runner that could not start (no isolation, offline, boot timed out); not for a task that failed. */
export class RunnerUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunnerUnavailableError';
  }
}

const isAbort = (e: unknown) => e instanceof DOMException && e.name === 'AbortError';

export function withFallback(primary: TaskRunner, fallback: TaskRunner): TaskRunner {
  async function fallBack(files: TaskFiles, options: RunOptions, reason: string): Promise<TaskRunResult> {
    const result = await fallback.run(files, options);
    return { ...result, fallback: { requested: primary.name, reason } };
  }
  return {
    name: primary.name,
    // Something can always run: the primary, or else the fallback.
    available: async () => ((await primary.available()).ok ? { ok: true } : fallback.available()),
    async run(files, options) {
      const available = await primary.available();
      if (!available.ok) return fallBack(files, options, available.reason);
      try {
        return await primary.run(files, options);
      } catch (err) {
        if (isAbort(err) || options.signal?.aborted) throw err;
        return fallBack(files, options, err instanceof Error ? err.message : String(err));
      }
    },
  };
}
