// The tools' errors: bad input naming the field, a cancelled call, and how any error thrown by core (or by an engine across a worker boundary, where only its name survives) becomes the text of a tool error.

/** A tool's input was wrong: `field` names the parameter (dotted for nested values), `problem` says what is wrong with it. */
export class ToolInputError extends Error {
  constructor(readonly field: string, readonly problem: string, readonly more: readonly { field: string; problem: string }[] = []) {
    super(`${field}: ${problem}${more.length > 0 ? `; also ${more.map((m) => `${m.field}: ${m.problem}`).join('; ')}` : ''}`);
    this.name = 'ToolInputError';
  }
}

/** The call was cancelled (the client's abort signal): whatever it had done is not stored. */
export class ToolCancelledError extends Error {
  constructor(what: string) {
    super(`cancelled: ${what}`);
    this.name = 'ToolCancelledError';
  }
}

/**
 * Errors a caller can cause or fix, by name: core's validation errors and the engine's storage errors. Matched by
 * name, not class, because an engine in a worker sends only name and message across (app/bridges/engine.ts).
 */
const USER_ERROR_NAMES = new Set([
  'ToolInputError', 'ToolCancelledError', 'LabInputError', 'DataError', 'RegistryError', 'MemoryInputError', 'ClfError', 'ConfigError',
  'TrainingError', 'DivergenceError', 'PipelineInputError', 'PatternInputError', 'TaskInputError', 'NonFiniteOutputError', 'CsvError',
  'EngineOpenError', 'EngineQuotaError', 'AbortError',
]);

export interface ToolFailure {
  /** The parameter at fault, where one is known. */
  field: string | null;
  /** One or a few lines for the agent (and its user): the field and the problem, never a stack. */
  message: string;
  /** false: a bug in safla (the message says so; the adapter logs the stack). */
  expected: boolean;
}

/** Field of a core error, by the conventions core uses: `.field`, or a ConfigError's first issue path. */
function fieldOf(e: Error): string | null {
  const f = (e as { field?: unknown }).field;
  if (typeof f === 'string' && f !== '') return f;
  const issues = (e as { issues?: unknown }).issues;
  if (Array.isArray(issues) && issues.length > 0 && typeof (issues[0] as { path?: unknown }).path === 'string') return (issues[0] as { path: string }).path;
  return null;
}

/** What a thrown value becomes in a tool result. */
export function describeFailure(e: unknown): ToolFailure {
  if (e instanceof Error && USER_ERROR_NAMES.has(e.name)) {
    if (e.name === 'AbortError') return { field: null, message: `cancelled: ${e.message}`, expected: true };
    const field = fieldOf(e);
    // Every tool error reads "field: problem", whichever part of core (or the engine) raised it.
    const message = field === null || e.name === 'ToolInputError' ? e.message : `${field}: ${problemOf(e, field)}`;
    return { field, message, expected: true };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { field: null, message: `internal error (a bug in safla; please report it): ${message}`, expected: false };
}

/**
 * Runs fn and re-homes any field-naming error it throws: core names fields of its own inputs (trainingData[3],
 * architecture.layers[1].size), the caller's parameter is what the agent has to fix. `home` maps core's field (null
 * when the error names none) to the parameter's.
 */
export async function rehome<T>(home: (field: string | null) => string, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof Error) || !USER_ERROR_NAMES.has(e.name) || e.name === 'ToolInputError' || e.name === 'ToolCancelledError' || e.name === 'AbortError') throw e;
    const f = fieldOf(e);
    const to = home(f);
    // A field the new name does not carry (core's "target 'x'") stays in the problem's words.
    throw new ToolInputError(to, problemOf(e, f !== null && to.includes(f) ? f : null));
  }
}

/** A core error's message without the prefixes core puts before the problem ("data: ", the field itself). */
function problemOf(e: Error, field: string | null): string {
  // MemoryInputError and PipelineInputError carry the problem on its own.
  const problem = (e as { problem?: unknown }).problem;
  if (field !== null && typeof problem === 'string' && problem !== '') return problem;
  let m = e.message.replace(/^(data|model file|model config): /, '');
  if (field !== null && m.startsWith(`${field} `)) m = m.slice(field.length + 1);
  return m;
}
