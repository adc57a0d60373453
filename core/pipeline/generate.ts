// The task generator: a complexity and a seed pick a template and its parameters; the same seed always gives the same files.
import { createRng } from '../random';
import { PipelineInputError } from './errors';
import { eslintConfigSource } from './lint-rules';
import { COMPLEXITIES, taskPackageJson, type Complexity, type GeneratedTask } from './task';
import { templates, templatesOf } from './templates/index';

export interface GenerateOptions {
  complexity: Complexity;
  /** Any integer; taken modulo 2^32. */
  seed: number;
  /** A template id to use instead of a seeded pick among the level's templates. */
  template?: string;
}

export function isComplexity(v: unknown): v is Complexity {
  return typeof v === 'string' && (COMPLEXITIES as readonly string[]).includes(v);
}

export function generateTask(options: GenerateOptions): GeneratedTask {
  const { complexity, seed } = options;
  if (!isComplexity(complexity)) throw new PipelineInputError('complexity', `must be one of ${COMPLEXITIES.join(', ')} (got ${JSON.stringify(complexity)})`);
  if (typeof seed !== 'number' || !Number.isInteger(seed)) throw new PipelineInputError('seed', `must be an integer (got ${JSON.stringify(seed)})`);
  const rng = createRng(seed >>> 0);
  const choices = templatesOf(complexity);
  let template = choices[rng.int(choices.length)];
  if (options.template !== undefined) {
    const named = templates.find((t) => t.id === options.template);
    if (!named) throw new PipelineInputError('template', `is not a known template (known: ${templates.map((t) => t.id).join(', ')})`);
    if (named.complexity !== complexity) throw new PipelineInputError('template', `${named.id} is a ${named.complexity} template, not ${complexity}`);
    template = named;
  }
  const out = template.generate(rng);
  const id = `${template.id}-${seed >>> 0}`;
  const sourcePath = `src/${out.module}.js`;
  const testPath = `test/${out.module}.test.js`;
  return {
    id,
    template: template.id,
    complexity,
    seed: seed >>> 0,
    title: out.title,
    description: out.description,
    sourcePath,
    testPath,
    files: {
      'package.json': taskPackageJson(`task-${id}`),
      'eslint.config.js': eslintConfigSource(),
      [sourcePath]: out.source,
      [testPath]: out.tests,
    },
  };
}
