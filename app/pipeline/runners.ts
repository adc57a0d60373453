// The browser's runners, one of each per page: the sandbox, and WebContainer falling back to it. Loaded on first use (see index.ts).
import type { TaskRunResult } from '../../core/pipeline/runner';
import { withFallback } from './fallback';
import { runTask as run } from './run-task';
import { createSandboxRunner } from './sandbox-runner';
import { createWebContainerRunner } from './webcontainer-runner';

export const sandbox = createSandboxRunner();
export const webcontainer = withFallback(createWebContainerRunner(), sandbox);

export function runTask(input: unknown, signal?: AbortSignal): Promise<TaskRunResult> {
  return run(input, { 'browser-sandbox': sandbox, webcontainer }, signal);
}
