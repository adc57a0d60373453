// The shared ESLint rules, run in-process by ESLint's Linter (the API eslint-linter-browserify exposes in the browser): every template's source and tests lint clean unchanged and under conservative, for several seeds.
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { generateTask } from '../../core/pipeline/generate';
import { lintConfig } from '../../core/pipeline/lint-rules';
import { applyStrategy } from '../../core/pipeline/strategies/index';
import { templates } from '../../core/pipeline/templates/index';

const linter = new Linter({ configType: 'flat' });
const config = lintConfig as unknown as Linter.Config[];

function lint(code: string, filename: string): string[] {
  return linter.verify(code, config, filename).map((m) => `${filename}:${m.line}:${m.column} ${m.ruleId ?? 'fatal'} ${m.message}`);
}

describe('shared lint rules', () => {
  it.each(templates.map((t) => [t.id, t] as const))('%s lints clean for five seeds, as generated and under conservative', (_id, template) => {
    for (const seed of [21, 22, 23, 24, 25]) {
      const task = generateTask({ complexity: template.complexity, seed, template: template.id });
      const source = task.files[task.sourcePath];
      expect(lint(source, task.sourcePath)).toEqual([]);
      expect(lint(task.files[task.testPath], task.testPath)).toEqual([]);
      expect(lint(applyStrategy('conservative', source).source, task.sourcePath)).toEqual([]);
      expect(lint(task.files['eslint.config.js'], 'eslint.config.js')).toEqual([]);
    }
  });

  it('flags what the rules are for', () => {
    expect(lint('export function f(a, b) {\n  let c = a;\n  return c == undefinedName;\n}\n', 'src/x.js').map((m) => m.split(' ')[1])).toEqual(['no-unused-vars', 'prefer-const', 'eqeqeq', 'no-undef']);
  });
});
