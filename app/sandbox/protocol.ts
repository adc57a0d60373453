// Messages between the app's runner, the sandbox document and its workers: the only shapes that cross those boundaries.

/** A task file as the sandbox worker loads it; the app parsed it and located every import specifier (app/pipeline/prepare.ts). */
export interface PreparedModule {
  path: string;
  /** 'esm' and 'cjs' follow node's rules (.mjs, .cjs, package.json "type"); 'json' is data. */
  format: 'esm' | 'cjs' | 'json';
  code: string;
  /** ESM only: each specifier string's [start, end) in `code` and what it resolves to. */
  imports: ImportSite[];
  /** CJS only: the names ESM importers may import by name (what node's cjs-module-lexer would find). */
  cjsExports: string[];
  /** Set when the file does not parse: loading it throws this (file:line:column and the parser's words). */
  syntaxError?: string;
}

export interface ImportSite {
  start: number;
  end: number;
  /** import('...') with a literal: a missing target then fails when called, as in node, not when the file loads. */
  dynamic: boolean;
  /** Cut the text from `end` to here too: the attributes of a JSON import, which the sandbox loads as a JS module. */
  dropTo?: number;
  /** A task path, a built-in shim ('node:test', 'node:assert', 'node:assert/strict'), or why it cannot load. */
  target: { path: string } | { builtin: BuiltinName } | { error: string };
}

export type BuiltinName = 'node:test' | 'node:assert' | 'node:assert/strict';

/** What each built-in may also be called (`require('assert')`, `import test from 'test'` is not one: node has no bare 'test'). */
export const BUILTIN_ALIASES: Record<string, BuiltinName> = {
  'node:test': 'node:test',
  'node:assert': 'node:assert',
  assert: 'node:assert',
  'node:assert/strict': 'node:assert/strict',
  'assert/strict': 'node:assert/strict',
};

/** What a test worker runs: every module of the task and the one test file it loads. */
export interface TestJob {
  kind: 'test';
  modules: Record<string, PreparedModule>;
  entry: string;
}

/** Starts a lint worker: it loads ESLint (sent with the spawn), says 'ready', then takes LintJobs one at a time. */
export interface LintStart {
  kind: 'lint-start';
}

export interface LintJob {
  kind: 'lint';
  files: { path: string; code: string }[];
  /** The flat config (core/pipeline/lint-rules.ts), as data. */
  config: unknown;
}

/** From a worker's shim over its private port; the app's ledger checks the sequence (app/pipeline/ledger.ts). */
export type ShimEvent =
  | { t: 'begin'; id: number; name: string }
  | { t: 'end'; id: number; status: 'pass' | 'fail' | 'skip'; duration_ms: number; error?: string }
  /** The file could not load or a hook outside any test failed: node reports the file itself as failing. */
  | { t: 'file-error'; message: string }
  | { t: 'done' }
  /** A lint worker has loaded ESLint. */
  | { t: 'ready' }
  | { t: 'lint'; messages: { file: string; line: number; column: number; ruleId: string | null; severity: 1 | 2; message: string }[] }
  | { t: 'fatal'; message: string };

/** App → sandbox document, over the runner's port. */
export type DocCommand =
  | { type: 'spawn'; id: number; runtime: string; job: TestJob | LintStart; eslint?: string }
  /** Another job for a worker that takes several (the lint worker keeps ESLint loaded). */
  | { type: 'job'; id: number; job: LintJob }
  | { type: 'kill'; id: number };

/** Sandbox document → app, over the runner's port; each carries the nonce the app gave at init. */
export type DocMessage =
  | { type: 'ready'; nonce: string }
  | { type: 'beat'; nonce: string }
  | { type: 'event'; nonce: string; id: number; event: ShimEvent }
  | { type: 'worker-error'; nonce: string; id: number; message: string };

/** The one window message the sandbox document accepts, once, from its parent: it carries the runner's port. */
export interface DocInit {
  type: 'safla-sandbox-init';
  nonce: string;
}

/** The shims' version, in every sandbox result's label. */
export const SHIM_VERSION = '1.0.0';

/** The global under which the runtime exposes the shims to the facade modules that stand for node:test and node:assert. */
export const SHIM_KEY = '__saflaSandboxShims';
