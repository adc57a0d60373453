// ESLint's `--format json` report as lint messages: what the node and WebContainer runners both read after `npm run lint`.
import type { LintMessage } from './runner';

interface EslintFileReport {
  filePath: string;
  messages: { ruleId: string | null; severity: number; message: string; line?: number; column?: number }[];
}

/** The report's messages, each file named by `taskPath` (its path relative to the task folder). Throws when `json` is not JSON. */
export function lintMessagesFromEslintJson(json: string, taskPath: (filePath: string) => string): LintMessage[] {
  const report = JSON.parse(json) as EslintFileReport[];
  return report.flatMap((f) => {
    const file = taskPath(f.filePath);
    return f.messages.map((m): LintMessage => ({ file, line: m.line ?? 0, column: m.column ?? 0, ruleId: m.ruleId, severity: m.severity === 1 ? 1 : 2, message: m.message }));
  });
}
