// The ESLint rules every task is linted with (minimal stand-in written by the sandbox branch; the pipeline branch owns this file).

/** Rule severities as ESLint's flat config takes them. */
export type RuleLevel = 'off' | 'warn' | 'error';
export type RuleEntry = RuleLevel | [RuleLevel, ...unknown[]];

/** Correctness rules only: printed code must lint as cleanly as hand-written code. */
export const lintRules: Readonly<Record<string, RuleEntry>> = {
  'no-undef': 'error',
  'no-unused-vars': 'error',
  'no-unreachable': 'error',
  'no-dupe-keys': 'error',
  'no-self-compare': 'error',
  'use-isnan': 'error',
  'valid-typeof': 'error',
  eqeqeq: 'error',
  'prefer-const': 'error',
};

/** One flat-config object: ES modules, ES built-ins as globals (the flat config adds them for the ecmaVersion), nothing else. */
export interface LintConfigObject {
  files: string[];
  languageOptions: { ecmaVersion: 2022; sourceType: 'module' };
  rules: Record<string, RuleEntry>;
}

export const lintConfig: readonly LintConfigObject[] = [
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: { ...lintRules },
  },
];
