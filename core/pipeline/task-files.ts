// Checks a task's files (generated or a user's own) for every runner, finds the test files node --test runs, and completes a folder with a package.json and an ESLint config when missing.
import { TaskInputError } from './errors';
import { eslintConfigSource } from './lint-rules';
import type { TaskFiles } from './runner';

export const MAX_TASK_FILES = 64;
/** Characters in all files together; generated tasks are a few thousand. */
export const MAX_TASK_TEXT = 1_000_000;

const SEGMENT = /^[A-Za-z0-9_@][A-Za-z0-9_.@-]*$/;
const SCRIPT = /\.[cm]?js$/;

/** Node 20's default `node --test` patterns: *.test.js, *-test.js, *_test.js, test-*.js, test.js and anything under a test/ folder. */
function isTestFile(path: string): boolean {
  if (!SCRIPT.test(path) || path.split('/').includes('node_modules')) return false;
  const base = path.slice(path.lastIndexOf('/') + 1);
  return /[._-]test\.[cm]?js$/.test(base) || /^test-.+\.[cm]?js$/.test(base) || /^test\.[cm]?js$/.test(base) || path.split('/').slice(0, -1).includes('test');
}

/** A path as the test script writes it ('./spec/', 'a/../b.js') as a task path; unchanged when it climbs out of the task. */
function taskPath(arg: string): string {
  const out: string[] = [];
  for (const part of arg.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..') out.push(part);
    else if (out.pop() === undefined) return arg;
  }
  return out.join('/');
}

/** The files and folders after `node --test` in package.json's test script, when it names any. */
function testArgs(pkg: Record<string, unknown> | null): string[] {
  const scripts = pkg?.scripts as Record<string, unknown> | undefined;
  const cmd = typeof scripts?.test === 'string' ? scripts.test.trim() : '';
  const words = cmd.split(/\s+/);
  if (words[0] !== 'node' || !words.includes('--test')) return [];
  return words.slice(1).filter((w) => !w.startsWith('-'));
}

/** What `npm test` (`node --test`, or the files and folders its script names) runs, sorted. */
export function findTestFiles(paths: readonly string[], pkg: Record<string, unknown> | null): string[] {
  const args = testArgs(pkg).map(taskPath);
  const all = paths.filter(isTestFile);
  if (args.length === 0) return all.toSorted();
  const picked = new Set<string>();
  for (const a of args) {
    if (paths.includes(a)) picked.add(a);
    else for (const p of all) if (p.startsWith(`${a}/`)) picked.add(p);
  }
  return [...picked].toSorted();
}

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

function parsePackageJson(text: string): Record<string, unknown> {
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch (err) {
    throw new TaskInputError('files["package.json"]', `is not valid JSON (${(err as Error).message})`);
  }
  if (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg)) throw new TaskInputError('files["package.json"]', 'must be a JSON object');
  const p = pkg as Record<string, unknown>;
  if (p.dependencies !== undefined || p.devDependencies !== undefined) {
    // Nothing is installed at run time (no network): a dependency could only fail later and less clearly.
    throw new TaskInputError('files["package.json"]', 'must not declare dependencies: tasks run offline and install nothing');
  }
  return p;
}

/**
 * The files as a task every runner accepts: relative paths of plain names (no '..', nothing absolute, nothing under
 * node_modules), string contents within the limits, a package.json (if any) without dependencies, and at least one
 * test file npm test would run. A TaskInputError names the first field that is wrong.
 */
export function validateTaskFiles(files: unknown): TaskFiles {
  if (typeof files !== 'object' || files === null || Array.isArray(files)) throw new TaskInputError('files', 'must be an object of path → file text');
  const entries = Object.entries(files as Record<string, unknown>);
  if (entries.length === 0) throw new TaskInputError('files', 'is empty: a task needs at least a test file');
  if (entries.length > MAX_TASK_FILES) throw new TaskInputError('files', `holds ${entries.length} files; at most ${MAX_TASK_FILES}`);
  let chars = 0;
  const out: TaskFiles = {};
  for (const [path, text] of entries) {
    checkPath(path);
    if (typeof text !== 'string') throw new TaskInputError(`files[${JSON.stringify(path)}]`, `must be the file's text (got ${text === null ? 'null' : typeof text})`);
    chars += text.length;
    out[path] = text;
  }
  if (chars > MAX_TASK_TEXT) throw new TaskInputError('files', `hold ${chars} characters in all; at most ${MAX_TASK_TEXT}`);
  const pkg = out['package.json'] === undefined ? null : parsePackageJson(out['package.json']);
  if (findTestFiles(Object.keys(out), pkg).length === 0) {
    throw new TaskInputError('files', 'has no test file: node --test runs *.test.js, *-test.js, *_test.js, test-*.js, test.js and files under test/ (or the files its test script names)');
  }
  return out;
}

/**
 * Adds what a task folder needs to run `npm test` and `npm run lint` and the user may leave out: a package.json with
 * those two scripts and no "type" (so node's own rules decide each file's module format, as in the browser sandbox),
 * and eslint.config.mjs with the shared rules (.mjs loads as an ES module whatever package.json says).
 */
export function completeTaskFiles(files: TaskFiles, name = 'safla-task'): TaskFiles {
  const out: TaskFiles = { ...files };
  if (out['package.json'] === undefined) {
    out['package.json'] = `${JSON.stringify({ name, version: '1.0.0', private: true, scripts: { test: 'node --test', lint: 'eslint .' } }, null, 2)}\n`;
  }
  const hasConfig = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs'].some((p) => out[p] !== undefined);
  if (!hasConfig) out['eslint.config.mjs'] = eslintConfigSource();
  return out;
}
