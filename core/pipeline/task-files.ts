// Checks a task's files (generated or a user's own) and completes them with a package.json and an eslint.config.js when missing, the same for every runner.
import { PipelineInputError } from './errors';
import { eslintConfigSource } from './lint-rules';
import type { TaskFiles } from './runner';
import { taskPackageJson } from './task';

export const MAX_TASK_FILES = 64;
/** Bytes of source a task may hold in all; generated tasks are a few kB. */
export const MAX_TASK_BYTES = 1_000_000;

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
/** The file names node --test (Node 20) finds by default. */
const TEST_FILE = /(^|\/)test\/.+\.[cm]?js$|(^|\/)[^/]+[-_.]test\.[cm]?js$|(^|\/)test-[^/]+\.[cm]?js$|(^|\/)test\.[cm]?js$/;

/** The files as a task the runners accept: relative paths of plain names (no '..', no absolute paths), string contents, within the limits. */
export function validateTaskFiles(files: unknown): TaskFiles {
  if (typeof files !== 'object' || files === null || Array.isArray(files)) throw new PipelineInputError('files', 'must be an object of path → file text');
  const entries = Object.entries(files as Record<string, unknown>);
  if (entries.length === 0) throw new PipelineInputError('files', 'is empty: a task needs at least a source file and a test file');
  if (entries.length > MAX_TASK_FILES) throw new PipelineInputError('files', `holds ${entries.length} files; at most ${MAX_TASK_FILES}`);
  let bytes = 0;
  const out: TaskFiles = {};
  for (const [path, text] of entries) {
    const field = `files[${JSON.stringify(path)}]`;
    const segments = path.split('/');
    if (path.length === 0 || path.length > 200 || segments.some((s) => !SEGMENT.test(s) || s === '..' || s === '.')) {
      throw new PipelineInputError(field, 'must be a relative path of plain names (letters, digits, _ . -) separated by /');
    }
    if (segments[0] === 'node_modules') throw new PipelineInputError(field, 'must not be under node_modules (tasks install nothing)');
    if (typeof text !== 'string') throw new PipelineInputError(field, `must be the file's text (got ${text === null ? 'null' : typeof text})`);
    bytes += text.length;
    out[path] = text;
  }
  if (bytes > MAX_TASK_BYTES) throw new PipelineInputError('files', `hold ${bytes} characters; at most ${MAX_TASK_BYTES}`);
  if (!Object.keys(out).some((p) => TEST_FILE.test(p))) {
    throw new PipelineInputError('files', 'has no test file (node --test looks for test/*.js or *.test.js)');
  }
  if (out['package.json'] !== undefined) validatePackageJson(out['package.json']);
  return out;
}

function validatePackageJson(text: string): void {
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch (err) {
    throw new PipelineInputError('files["package.json"]', `is not valid JSON (${(err as Error).message})`);
  }
  if (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg)) throw new PipelineInputError('files["package.json"]', 'must be a JSON object');
  const p = pkg as Record<string, unknown>;
  if (p.dependencies !== undefined || p.devDependencies !== undefined) {
    // Nothing is installed at run time (no network): a dependency could only fail later and less clearly.
    throw new PipelineInputError('files["package.json"]', 'must not declare dependencies: tasks run offline and install nothing');
  }
}

/** Adds what a task folder needs and the user may leave out: package.json (ESM, `node --test`, `eslint .`) and eslint.config.js with the shared rules. */
export function completeTaskFiles(files: TaskFiles, name = 'safla-task'): TaskFiles {
  const out: TaskFiles = { ...files };
  if (out['package.json'] === undefined) out['package.json'] = taskPackageJson(name);
  const hasConfig = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs'].some((p) => out[p] !== undefined);
  if (!hasConfig) out['eslint.config.js'] = eslintConfigSource();
  return out;
}
