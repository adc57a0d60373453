// Runs a user's own task (files, runner, timeout) in this browser: the input checked field by field, the runner picked, a labelled result back.
import { TaskInputError } from '../../core/pipeline/errors';
import { notRunResult, unavailableLabel } from '../../core/pipeline/iteration';
import { MAX_TIMEOUT_MS, MIN_TIMEOUT_MS } from '../../core/pipeline/limits';
import type { RunnerName, TaskFiles, TaskRunResult, TaskRunner } from '../../core/pipeline/runner';
import { validateTaskFiles } from '../../core/pipeline/task-files';

/** A custom task's deadline per check when none is given (a generated task takes about a second). */
export const DEFAULT_TIMEOUT_MS = 10_000;
const RUNNERS: readonly RunnerName[] = ['browser-sandbox', 'webcontainer', 'node'];

export interface RunTaskInput {
  files: TaskFiles;
  runner?: RunnerName;
  timeout_ms?: number;
}

/** The input as runTask uses it, or a TaskInputError naming the first field that is wrong. Nothing runs before it passes. */
export function checkRunTaskInput(input: unknown): Required<RunTaskInput> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new TaskInputError('input', 'must be an object: { files, runner?, timeout_ms? }');
  const i = input as Record<string, unknown>;
  const files = validateTaskFiles(i.files);
  const runner = i.runner ?? 'browser-sandbox';
  if (typeof runner !== 'string' || !RUNNERS.includes(runner as RunnerName)) throw new TaskInputError('runner', `must be one of ${RUNNERS.join(', ')} (got ${JSON.stringify(runner)})`);
  const timeout = i.timeout_ms ?? DEFAULT_TIMEOUT_MS;
  if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout < MIN_TIMEOUT_MS || timeout > MAX_TIMEOUT_MS) {
    throw new TaskInputError('timeout_ms', `must be a number of milliseconds from ${MIN_TIMEOUT_MS} to ${MAX_TIMEOUT_MS} (got ${JSON.stringify(timeout)})`);
  }
  return { files, runner: runner as RunnerName, timeout_ms: Math.round(timeout) };
}

export interface RunTaskRunners {
  'browser-sandbox': TaskRunner;
  /** The WebContainer runner wrapped with its fallback to the sandbox (fallback.ts). */
  webcontainer: TaskRunner;
}

/** Checks the input, picks the runner (browser-sandbox unless asked), runs the task. `node` runs only in the CLI: here it is 'not-run'. */
export async function runTask(input: unknown, runners: RunTaskRunners, signal?: AbortSignal): Promise<TaskRunResult> {
  const { files, runner, timeout_ms } = checkRunTaskInput(input);
  if (runner === 'node') return notRunResult(unavailableLabel('node'), 'the node runner needs node: run the task with the safla CLI (safla train-pipeline), not in the browser');
  const chosen = runners[runner];
  const available = await chosen.available();
  // The webcontainer runner falls back by itself; the sandbox has nothing to fall back to.
  if (!available.ok && runner === 'browser-sandbox') return notRunResult(unavailableLabel(runner), available.reason);
  return chosen.run(files, signal ? { timeout_ms, signal } : { timeout_ms });
}
