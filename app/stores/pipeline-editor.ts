// The Pipeline page's custom-task editor: a task's files (a generated sample to start from), run on a chosen browser runner, with the result or the input error naming its field.
import { batch, createSignal } from 'solid-js';
import type { BrowserRunnerName } from '../../core/pipeline/api';
import { generateTask } from '../../core/pipeline/generate';
import type { TaskRunResult } from '../../core/pipeline/runner';
import type { Complexity } from '../../core/pipeline/task';

export interface EditorFile {
  path: string;
  text: string;
}

/** The result of a custom run, or why it did not run: the field to fix (a TaskInputError), or another error. */
export type CustomRunPhase =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'done'; result: TaskRunResult; ran: { runner: BrowserRunnerName; timeout_ms: number } }
  | { status: 'invalid'; field: string; message: string }
  | { status: 'failed'; message: string };

export interface EditorOptions {
  /** runTask: checks the input field by field (TaskInputError), picks the runner, runs. */
  runTask: (input: unknown, signal?: AbortSignal) => Promise<TaskRunResult>;
  /** Records a finished run in the pipeline log (failures to log are the caller's to report). */
  logRun: (result: TaskRunResult) => Promise<void>;
}

export const SAMPLE_SEED = 1;

/** A generated task's files, in the order a reader wants them: source, tests, then the rest. */
export function sampleFiles(complexity: Complexity, seed: number): EditorFile[] {
  const task = generateTask({ complexity, seed });
  const order = (p: string) => (p === task.sourcePath ? 0 : p === task.testPath ? 1 : p === 'package.json' ? 2 : 3);
  return Object.entries(task.files).map(([path, text]) => ({ path, text })).toSorted((a, b) => order(a.path) - order(b.path) || a.path.localeCompare(b.path));
}

const fieldOf = (err: unknown): string | undefined => {
  const e = err as { name?: unknown; field?: unknown; message?: unknown } | null;
  // runTask checks its input on this page, so the error arrives as thrown, field and all.
  return e?.name === 'TaskInputError' && typeof e.field === 'string' ? e.field : undefined;
};

export function createEditor(options: EditorOptions) {
  const [files, setFiles] = createSignal<EditorFile[]>(sampleFiles('easy', SAMPLE_SEED));
  const [active, setActive] = createSignal(files()[0].path);
  const [runner, setRunner] = createSignal<BrowserRunnerName>('browser-sandbox');
  const [timeout, setTimeoutText] = createSignal('10000');
  const [phase, setPhase] = createSignal<CustomRunPhase>({ status: 'idle' });
  const [fileError, setFileError] = createSignal<string>();
  const [logError, setLogError] = createSignal<string>();
  let controller: AbortController | undefined;

  const activeFile = () => files().find((f) => f.path === active());

  function loadSample(complexity: Complexity, seed: number): void {
    const next = sampleFiles(complexity, seed);
    batch(() => {
      setFiles(next);
      setActive(next[0].path);
      setPhase({ status: 'idle' });
      setFileError(undefined);
    });
  }

  function setText(text: string): void {
    const path = active();
    setFiles((fs) => fs.map((f) => (f.path === path ? { path, text } : f)));
  }

  /** Adds an empty file; the path itself is checked when the task runs (runTask names what is wrong with it). */
  function addFile(path: string): boolean {
    const p = path.trim();
    if (p === '') {
      setFileError('Give the new file a path, such as src/util.js or test/util.test.js.');
      return false;
    }
    if (files().some((f) => f.path === p)) {
      setFileError(`There is already a file ${p}.`);
      return false;
    }
    batch(() => {
      setFiles((fs) => [...fs, { path: p, text: '' }]);
      setActive(p);
      setFileError(undefined);
    });
    return true;
  }

  function removeFile(path: string): void {
    const rest = files().filter((f) => f.path !== path);
    batch(() => {
      setFiles(rest);
      if (active() === path) setActive(rest[0]?.path ?? '');
      setFileError(undefined);
    });
  }

  async function run(): Promise<void> {
    if (phase().status === 'running') return;
    const t = timeout().trim();
    // An empty or non-numeric timeout goes to runTask as typed, so its message names timeout_ms.
    const timeout_ms = /^\d+$/.test(t) ? Number(t) : t;
    const input = { files: Object.fromEntries(files().map((f) => [f.path, f.text])), runner: runner(), timeout_ms };
    controller = new AbortController();
    setPhase({ status: 'running' });
    setLogError(undefined);
    try {
      const result = await options.runTask(input, controller.signal);
      setPhase({ status: 'done', result, ran: { runner: input.runner, timeout_ms: timeout_ms as number } });
      options.logRun(result).catch((err: unknown) => setLogError(`The run was not written to the pipeline log: ${(err as Error).message ?? String(err)}`));
    } catch (err) {
      const field = fieldOf(err);
      const message = (err as Error)?.message ?? String(err);
      if (field !== undefined) setPhase({ status: 'invalid', field, message });
      else if ((err as Error)?.name === 'AbortError' || controller.signal.aborted) setPhase({ status: 'failed', message: 'Cancelled: the sandbox was removed and nothing was recorded.' });
      else setPhase({ status: 'failed', message });
    } finally {
      controller = undefined;
    }
  }

  return {
    files, active, setActive, activeFile, setText, addFile, removeFile, fileError, loadSample,
    runner, setRunner, timeout, setTimeoutText, phase, run, logError,
    cancel: () => controller?.abort(),
  };
}

export type Editor = ReturnType<typeof createEditor>;
