// Applying a strategy to a task: each source file is parsed, transformed as a tree and printed; balanced returns the files untouched.
import { PipelineInputError } from '../errors';
import { parseModule, printModule } from '../js-ast';
import type { TaskFiles } from '../runner';
import { aggressive } from './aggressive';
import { conservative } from './conservative';
import { STRATEGIES, type Strategy, type TransformChange, type TransformResult } from './types';

export { STRATEGIES, type Strategy, type TransformChange, type TransformResult };

export function isStrategy(v: unknown): v is Strategy {
  return typeof v === 'string' && (STRATEGIES as readonly string[]).includes(v);
}

/** One module's source under a strategy. Throws PipelineInputError when the source does not parse. */
export function applyStrategy(strategy: Strategy, source: string, file = 'source'): TransformResult {
  if (strategy === 'balanced') return { source, changes: [] };
  let parsed;
  try {
    parsed = parseModule(source);
  } catch (err) {
    throw new PipelineInputError(file, `does not parse as an ES module: ${(err as Error).message}`);
  }
  const changes = strategy === 'conservative' ? conservative(parsed.program) : aggressive(parsed.program, source);
  return { source: changes.length === 0 ? source : printModule(parsed.program), changes };
}

/** The task's files with each of `sources` transformed; changes are prefixed with their file. */
export function applyStrategyToFiles(strategy: Strategy, files: TaskFiles, sources: readonly string[]): { files: TaskFiles; changes: TransformChange[] } {
  const out: TaskFiles = { ...files };
  const changes: TransformChange[] = [];
  for (const path of sources) {
    if (out[path] === undefined) throw new PipelineInputError(`files[${JSON.stringify(path)}]`, 'is missing');
    const r = applyStrategy(strategy, out[path], `files[${JSON.stringify(path)}]`);
    out[path] = r.source;
    changes.push(...r.changes.map((c) => ({ ...c, where: `${path}: ${c.where}` })));
  }
  return { files: out, changes };
}
