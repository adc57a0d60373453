// Runs a user's own task (files, runner, timeout) in this browser: the input checked field by field, the runner picked, a labelled result back.
import { MAX_TIMEOUT_MS, MIN_TIMEOUT_MS } from '../../core/pipeline/limits';
import type { RunnerName, TaskFiles, TaskRunResult, TaskRunner } from '../../core/pipeline/runner';
import { findTestFiles } from './prepare';

export const MAX_FILES = 64;
/** Characters in all files together; generated tasks are a few thousand. */
export const MAX_TASK_CHARS = 1_000_000;
/** A custom task's deadline per check when none is given (a generated task takes about a second). */
export const DEFAULT_TIMEOUT_MS = 10_000;
const RUNNERS: readonly RunnerName[] = ['browser-sandbox', 'webcontainer', 'node'];

/** A mistake in runTask's input: `field` names what to fix. */
export class TaskInputError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field} ${problem}`);
    this.name = 'TaskInputError';
  }
}

export interface RunTaskInput {
  files: TaskFiles;
  runner?: RunnerName;
  timeout_ms?: number;
}

const SEGMENT = /^[A-Za-z0-9_@][A-Za-z0-9_.@-]*$/;

function checkPath(path: string): void {
  const field = `files[${JSON.stringify(path)}]`;
  if (path.length === 0 || path.length > 200) throw new TaskInputError(field, 'must be a relative path of 1 to 200 characters');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.includes('\\')) throw new TaskInputError(field, 'must be a relative path with / between folders (not absolute)');
  for (const seg of path.split('/')) {
    if (seg === '..' || seg === '.') throw new TaskInputError(field, 'must not contain "." or ".." segments');
    if (!SEGMENT.test(seg)) throw new TaskInputError(field, 'must be made of plain names (letters, digits, _ . - @) separated by /');
  }
  if (path.split('/')[0] === 'node_modules') throw new TaskInputError(field, 'must not be under node_modules: tasks install nothing');
}

function checkFiles(files: unknown): TaskFiles {
  if (typeof files !== 'object' || files === null || Array.isArray(files)) throw new TaskInputError('files', 'must be an object of path → file text');
  const entries = Object.entries(files as Record<string, unknown>);
  if (entries.length === 0) throw new TaskInputError('files', 'is empty: a task needs at least a test file');
  if (entries.length > MAX_FILES) throw new TaskInputError('files', `holds ${entries.length} files; at most ${MAX_FILES}`);
  let chars = 0;
  const out: TaskFiles = {};
  for (const [path, text] of entries) {
    checkPath(path);
    if (typeof text !== 'string') throw new TaskInputError(`files[${JSON.stringify(path)}]`, `must be the file's text (a string), not ${text === null ? 'null' : typeof text}`);
    chars += text.length;
    out[path] = text;
  }
  if (chars > MAX_TASK_CHARS) throw new TaskInputError('files', `hold ${chars} characters in all; at most ${MAX_TASK_CHARS}`);
  let pkg: Record<string, unknown> | null = null;
  if (out['package.json'] !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(out['package.json']);
    } catch (err) {
      throw new TaskInputError('files["package.json"]', `is not valid JSON (${(err as Error).message})`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new TaskInputError('files["package.json"]', 'must be a JSON object');
    pkg = parsed as Record<string, unknown>;
  }
  if (findTestFiles(Object.keys(out), pkg).length === 0) {
    throw new TaskInputError('files', 'has no test file: node --test runs *.test.js, *-test.js, *_test.js, test-*.js, test.js and files under test/ (or the files its test script names)');
  }
  return out;
}

/** The input as runTask uses it, or a TaskInputError naming the first field that is wrong. Nothing runs before it passes. */
export function checkRunTaskInput(input: unknown): Required<RunTaskInput> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new TaskInputError('input', 'must be an object: { files, runner?, timeout_ms? }');
  const i = input as Record<string, unknown>;
  const files = checkFiles(i.files);
  const runner = i.runner ?? 'browser-sandbox';
  if (typeof runner !== 'string' || !RUNNERS.includes(runner as RunnerName)) throw new TaskInputError('runner', `must be one of ${RUNNERS.join(', ')} (got ${JSON.stringify(runner)})`);
  const timeout = i.timeout_ms ?? DEFAULT_TIMEOUT_MS;
  if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout < MIN_TIMEOUT_MS || timeout > MAX_TIMEOUT_MS) {
    throw new TaskInputError('timeout_ms', `must be a number of milliseconds from ${MIN_TIMEOUT_MS} to ${MAX_TIMEOUT_MS} (got ${JSON.stringify(timeout)})`);
  }
  return { files, runner: runner as RunnerName, timeout_ms: Math.round(timeout) };
}

/** The result for a runner that could not run here: both checks 'not-run' with the reason, never a pass or a fail. */
export function notRunResult(runner: RunnerName, reason: string): TaskRunResult {
  return {
    label: { runner, engine: 'not available here', version: '-' },
    test: { status: 'not-run', duration_ms: 0, tests: [], reason },
    lint: { status: 'not-run', duration_ms: 0, messages: [], reason },
    duration_ms: 0,
  };
}

export interface RunTaskRunners {
  'browser-sandbox': TaskRunner;
  /** The WebContainer runner wrapped with its fallback to the sandbox (fallback.ts). */
  webcontainer: TaskRunner;
}

/** Checks the input, picks the runner (browser-sandbox unless asked), runs the task. `node` runs only in the CLI: here it is 'not-run'. */
export async function runTask(input: unknown, runners: RunTaskRunners, signal?: AbortSignal): Promise<TaskRunResult> {
  const { files, runner, timeout_ms } = checkRunTaskInput(input);
  if (runner === 'node') return notRunResult('node', 'the node runner needs node: run the task with the safla CLI (safla train-pipeline), not in the browser');
  const chosen = runners[runner];
  const available = await chosen.available();
  // The webcontainer runner falls back by itself; the sandbox has nothing to fall back to.
  if (!available.ok && runner === 'browser-sandbox') return notRunResult(runner, available.reason);
  return chosen.run(files, signal ? { timeout_ms, signal } : { timeout_ms });
}
