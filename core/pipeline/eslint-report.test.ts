// ESLint's JSON report as lint messages: every file's messages, named by the caller's task path, severities kept, missing positions 0.
import { describe, expect, it } from 'vitest';
import { lintMessagesFromEslintJson } from './eslint-report';

const ROOT = '/tmp/safla-task-x/task';
const relative = (f: string) => (f.startsWith(`${ROOT}/`) ? f.slice(ROOT.length + 1) : f);

describe('lintMessagesFromEslintJson', () => {
  it('turns ESLint\'s report into messages with paths relative to the task', () => {
    const json = JSON.stringify([
      { filePath: `${ROOT}/src/a.js`, messages: [{ ruleId: 'no-undef', severity: 2, message: "'foo' is not defined.", line: 3, column: 9 }] },
      { filePath: `${ROOT}/eslint.config.js`, messages: [] },
      { filePath: `${ROOT}/src/b.js`, messages: [{ ruleId: null, severity: 2, message: 'Parsing error: Unexpected token', line: 1, column: 1, fatal: true }, { ruleId: 'x', severity: 1, message: 'warn' }] },
    ]);
    expect(lintMessagesFromEslintJson(json, relative)).toEqual([
      { file: 'src/a.js', line: 3, column: 9, ruleId: 'no-undef', severity: 2, message: "'foo' is not defined." },
      { file: 'src/b.js', line: 1, column: 1, ruleId: null, severity: 2, message: 'Parsing error: Unexpected token' },
      { file: 'src/b.js', line: 0, column: 0, ruleId: 'x', severity: 1, message: 'warn' },
    ]);
  });

  it('throws on text that is not JSON, so a runner can say lint printed no report', () => {
    expect(() => lintMessagesFromEslintJson('Oops! Something went wrong', relative)).toThrow(SyntaxError);
  });
});
