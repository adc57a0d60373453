// What a generated task is: a template (one per file under templates/) turns a seeded RNG into source, tests and names; the generator wraps them into a task folder's files.
import type { Rng } from '../random';
import type { TaskFiles } from './runner';

export const COMPLEXITIES = ['easy', 'medium', 'hard'] as const;
export type Complexity = (typeof COMPLEXITIES)[number];

/** What a template writes for one seed. */
export interface TemplateOutput {
  /** Short title, e.g. 'Email validator'. */
  title: string;
  /** One sentence naming the seeded function or class and what it must do. */
  description: string;
  /** Base name of the module: the source is src/<module>.js, its tests test/<module>.test.js. */
  module: string;
  /** Plain ES module source. Exported functions carry JSDoc @param types (the conservative strategy reads them). */
  source: string;
  /** node:test + node:assert tests importing ../src/<module>.js. */
  tests: string;
}

export interface TaskTemplate {
  /** Stable id, e.g. 'email-validator'. */
  id: string;
  complexity: Complexity;
  /** What kind of code it is: 'validation', 'string', 'data-structure', 'sorting', ... */
  topic: string;
  generate(rng: Rng): TemplateOutput;
}

export interface GeneratedTask {
  /** `<template>-<seed>`: the same template and seed always give the same files. */
  id: string;
  template: string;
  complexity: Complexity;
  seed: number;
  title: string;
  description: string;
  /** The file the strategies transform. */
  sourcePath: string;
  testPath: string;
  files: TaskFiles;
}

/** package.json of a task folder: ES modules, `npm test` = node's own test runner, `npm run lint` = ESLint; no dependencies, so nothing is installed. */
export function taskPackageJson(name: string): string {
  const pkg = {
    name,
    version: '1.0.0',
    private: true,
    type: 'module',
    scripts: { test: 'node --test', lint: 'eslint .' },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}
