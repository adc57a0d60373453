// The ESLint rules every generated or custom task is linted with: the node runner writes them into eslint.config.js, the browser sandbox hands the same object to eslint-linter-browserify.

/** Rule severities as ESLint's flat config takes them. */
export type RuleLevel = 'off' | 'warn' | 'error';
export type RuleEntry = RuleLevel | [RuleLevel, ...unknown[]];

/**
 * Correctness rules plus a few that catch what a careless edit leaves behind (an unused parameter after a
 * check was removed, a `let` that should be `const`). No style rules: printed code (astring) must lint
 * as cleanly as hand-written code.
 */
export const lintRules: Readonly<Record<string, RuleEntry>> = {
  'no-undef': 'error',
  'no-unused-vars': 'error',
  'no-unreachable': 'error',
  'no-dupe-keys': 'error',
  'no-dupe-class-members': 'error',
  'no-duplicate-case': 'error',
  'no-redeclare': 'error',
  'no-self-compare': 'error',
  'no-self-assign': 'error',
  'no-constant-condition': 'error',
  'no-unsafe-negation': 'error',
  'no-fallthrough': 'error',
  'no-empty': 'error',
  'use-isnan': 'error',
  'valid-typeof': 'error',
  eqeqeq: 'error',
  'no-var': 'error',
  'prefer-const': 'error',
};

/** Globals both node and a browser worker have, beyond the ES built-ins the flat config adds for the ecmaVersion: timers and the console. */
export const lintGlobals: Readonly<Record<string, 'readonly'>> = {
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
  setInterval: 'readonly',
  clearInterval: 'readonly',
  queueMicrotask: 'readonly',
  console: 'readonly',
};

/** One flat-config object: ES modules of this decade (CommonJS for .cjs files, whose require/module/exports ESLint adds), the globals above, nothing else. */
export interface LintConfigObject {
  files: string[];
  languageOptions: { ecmaVersion: 2022; sourceType: 'module' | 'commonjs'; globals: Record<string, 'readonly'> };
  rules: Record<string, RuleEntry>;
}

export const lintConfig: readonly LintConfigObject[] = [
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...lintGlobals } },
    rules: { ...lintRules },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'commonjs', globals: { ...lintGlobals } },
    rules: { ...lintRules },
  },
];

/** eslint.config.js for a task folder: the same config as data, importing no package, so ESLint needs nothing installed beside itself. */
export function eslintConfigSource(): string {
  return `// ESLint flat config of a SAFLA Lab task: the lab's shared rules, importing no package.\nexport default ${JSON.stringify(lintConfig, null, 2)};\n`;
}
