// globalThis.saflaSandbox: runs custom tasks in this browser (until the Lab API's pipeline_run_task wraps it). Nothing loads until first use.
import type { RunnerLabel, TaskRunResult } from '../../core/pipeline/runner';

export interface SaflaSandbox {
  /** { files, runner?, timeout_ms? } → per-test results, lint messages, runner label, duration (run-task.ts). */
  runTask(input: unknown, signal?: AbortSignal): Promise<TaskRunResult>;
  /** Starts the lint sandbox and loads ESLint ahead of the first task. */
  warm(): Promise<void>;
  label(): Promise<RunnerLabel>;
}

// acorn, the sandbox's scripts and @webcontainer/api stay out of the main bundle.
const load = () => import('./runners');

export const saflaSandbox: SaflaSandbox = {
  runTask: async (input, signal) => (await load()).runTask(input, signal),
  warm: async () => (await load()).sandbox.warm(),
  label: async () => (await import('./sandbox-runner')).sandboxLabel(),
};

(globalThis as { saflaSandbox?: SaflaSandbox }).saflaSandbox = saflaSandbox;
