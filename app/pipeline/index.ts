// globalThis.saflaSandbox: the browser's runners for scripts, benchmarks and e2e (saflaLab.pipeline_run_task is the console API over the same runTask). Nothing loads until first use.
import type { RunnerLabel, TaskRunResult } from '../../core/pipeline/runner';

export interface SaflaSandbox {
  /** { files, runner?, timeout_ms? } → per-test results, lint messages, runner label, duration (run-task.ts). */
  runTask(input: unknown, signal?: AbortSignal): Promise<TaskRunResult>;
  /** Starts the lint sandbox and loads ESLint ahead of the first task. */
  warm(): Promise<void>;
  label(): Promise<RunnerLabel>;
  /** Milliseconds to start one test sandbox (iframe, document, port) and tear it down again: a measurement, for bench and e2e. */
  startupMs(): Promise<number>;
}

// acorn, the sandbox's scripts and @webcontainer/api stay out of the main bundle.
const load = () => import('./runners');

export const saflaSandbox: SaflaSandbox = {
  runTask: async (input, signal) => (await load()).runTask(input, signal),
  warm: async () => (await load()).sandbox.warm(),
  label: async () => (await import('./sandbox-runner')).sandboxLabel(),
  startupMs: async () => {
    const { SandboxHost } = await import('./sandbox-host');
    const host = await SandboxHost.create('test');
    host.destroy();
    return host.startupMs;
  },
};

(globalThis as { saflaSandbox?: SaflaSandbox }).saflaSandbox = saflaSandbox;
