// The pipeline bench's task files as both sides see them: the empty task that times fixed costs, and the text whose SHA-256 proves both runners were handed the same files.
import { eslintConfigSource } from '../../core/pipeline/lint-rules';
import type { TaskFiles } from '../../core/pipeline/runner';
import { taskPackageJson } from '../../core/pipeline/task';

/** The smallest task a runner can give a verdict on: one empty test. Its runs time what every check pays before the task's own work. */
export function emptyTask(): TaskFiles {
  return {
    'package.json': taskPackageJson('bench-empty'),
    'eslint.config.js': eslintConfigSource(),
    'test/ready.test.js': "import test from 'node:test';\n\ntest('ready', () => {});\n",
  };
}

/** The files as one string, independent of key order: both sides hash this text (SHA-256) of what they were handed. */
export function canonicalFiles(files: TaskFiles): string {
  return JSON.stringify(Object.keys(files).toSorted().map((path) => [path, files[path]]));
}
