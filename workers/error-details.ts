// What of a thrown error crosses a worker boundary besides its name and message: the field, problem and config issues core's input errors carry, so the page (and a tool error) can name the parameter at fault.
import { transferHandlers, type TransferHandler } from 'comlink';

type Row = Record<string, string | number>;

const isRow = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string' || typeof x === 'number');
const rows = (v: unknown): v is Row[] => Array.isArray(v) && v.every(isRow);

/**
 * field and problem (LabInputError, DataError, MemoryInputError, PatternInputError…), issues (ConfigError) and more
 * (ToolInputError): plain data only, anything else about the error stays in the worker.
 */
export function errorDetails(e: unknown): { field?: string; problem?: string; issues?: Row[]; more?: Row[] } {
  if (typeof e !== 'object' || e === null) return {};
  const o = e as Record<string, unknown>;
  return {
    ...(typeof o.field === 'string' ? { field: o.field } : {}),
    ...(typeof o.problem === 'string' ? { problem: o.problem } : {}),
    ...(rows(o.issues) ? { issues: o.issues } : {}),
    ...(rows(o.more) ? { more: o.more } : {}),
  };
}

interface Thrown {
  value: unknown;
}

/**
 * Makes this side of comlink send errors with their details. Called once in each worker's entry: the page's side
 * needs nothing, as comlink's own deserializer copies every sent property onto the Error it rethrows.
 */
export function installErrorDetails(): void {
  const base = transferHandlers.get('throw') as TransferHandler<Thrown, unknown>;
  transferHandlers.set('throw', {
    canHandle: base.canHandle,
    deserialize: base.deserialize,
    serialize(thrown: Thrown): [unknown, Transferable[]] {
      const { value } = thrown;
      if (!(value instanceof Error)) return base.serialize(thrown);
      return [{ isError: true, value: { message: value.message, name: value.name, stack: value.stack, ...errorDetails(value) } }, []];
    },
  } as TransferHandler<unknown, unknown>);
}
