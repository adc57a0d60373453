// Reads neural_patterns' inputs: an operation (JSON text, an object, or plain text as its description), its outcome and metadata, with errors naming the field.
import { tokenize } from '../memory/hashing-embedder';

export const PATTERNS = ['convergent', 'divergent', 'lateral', 'systems', 'critical', 'adaptive'] as const;
export type CognitivePattern = (typeof PATTERNS)[number];

export const isPattern = (v: unknown): v is CognitivePattern => typeof v === 'string' && (PATTERNS as readonly string[]).includes(v);

/** A mistake in the caller's input: `field` names it (operation.complexity, outcome, metadata.pattern), `problem` says what is wrong. */
export class PatternInputError extends Error {
  constructor(readonly field: string, readonly problem: string) {
    super(`neural_patterns: ${field} ${problem}`);
    this.name = 'PatternInputError';
  }
}

/** Longest description read; operations are short texts, and the embedders cost time per word. */
export const MAX_DESCRIPTION = 10_000;
/** Largest operation, outcome or metadata as JSON text. */
export const MAX_JSON = 64 * 1024;
const MAX_AGENTS = 64;

/** A scalar field of the operation or its metadata that recommendations can group by (strategy, parallel_tests, environment, ...). */
export type Attribute = string | number | boolean;

export interface Operation {
  /** What the operation is, in words: `description` (or task, text, name, title, summary), else the type's words. */
  description: string;
  /** operation.type as given (api_deployment), or null. */
  type: string | null;
  /** low 0, medium 0.5, high 1 (easy/moderate/hard likewise), or a number in [0, 1]; null when not given. */
  complexity: number | null;
  /** Agent names; an integer count leaves names empty and sets agentCount. */
  agents: string[];
  agentCount: number | null;
  /** Milliseconds, as operation.duration; for a planned operation this is its planned duration. */
  durationMs: number | null;
  /** operation.success when the operation itself records it (the reference put it there). */
  success: boolean | null;
  /** Other scalar fields of the operation, for grouping recorded outcomes. */
  attributes: Record<string, Attribute>;
  /** The operation as given (plain text becomes {description}). */
  raw: Record<string, unknown>;
}

export interface Outcome {
  /** From outcome.success, outcome.status/result, tests_failed, or operation.success; null when none says. */
  success: boolean | null;
  /** From outcome.duration / duration_ms / actual_time / time, else operation.duration; null when none. */
  durationMs: number | null;
  raw: Record<string, unknown> | null;
}

const DESCRIPTION_KEYS = ['description', 'task', 'text', 'name', 'title', 'summary'] as const;
const COMPLEXITY: Record<string, number> = { trivial: 0, low: 0, easy: 0, simple: 0, medium: 0.5, moderate: 0.5, normal: 0.5, high: 1, hard: 1, complex: 1 };
const SUCCESS_WORDS = new Set(['success', 'succeeded', 'successful', 'pass', 'passed', 'passing', 'ok', 'completed', 'complete', 'done', 'green', 'resolved', 'fixed']);
const FAILURE_WORDS = new Set(['failure', 'failed', 'fail', 'failing', 'error', 'errored', 'aborted', 'timeout', 'timed_out', 'cancelled', 'canceled', 'red', 'crashed', 'rolled_back', 'rollback']);
/** Fields read into Operation itself, so not repeated as attributes. */
const OWN_KEYS = new Set<string>([...DESCRIPTION_KEYS, 'type', 'complexity', 'agents', 'duration', 'success', 'pattern']);

/** An object from an object or JSON text; plain text (not starting with { or [) goes to `text` when given, else is refused. */
function objectFrom(value: unknown, field: string, text?: (s: string) => Record<string, unknown>): Record<string, unknown> {
  if (typeof value === 'string') {
    const s = value.trim();
    if (s === '') throw new PatternInputError(field, 'is empty');
    if (s.length > MAX_JSON) throw new PatternInputError(field, `is ${s.length.toLocaleString('en-US')} characters, more than the ${MAX_JSON.toLocaleString('en-US')} allowed`);
    if (s.startsWith('{') || s.startsWith('[')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(s);
      } catch (e) {
        throw new PatternInputError(field, `is not valid JSON (${(e as Error).message})`);
      }
      return objectFrom(parsed, field);
    }
    if (text) return text(s);
    throw new PatternInputError(field, 'must be a JSON object (or its text)');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PatternInputError(field, `must be a JSON object (or its text), got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`);
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (e) {
    throw new PatternInputError(field, `cannot be written as JSON (${(e as Error).message})`);
  }
  if (json.length > MAX_JSON) throw new PatternInputError(field, `is ${json.length.toLocaleString('en-US')} characters as JSON, more than the ${MAX_JSON.toLocaleString('en-US')} allowed`);
  // A copy through JSON: what is stored is exactly what can be read back, and no prototype tricks survive.
  return JSON.parse(json) as Record<string, unknown>;
}

function finiteNonNegative(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new PatternInputError(field, `must be a non-negative number of milliseconds, got ${JSON.stringify(v)}`);
  return v;
}

function complexityOf(v: unknown, field: string): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0 || v > 1) throw new PatternInputError(field, `must be low, medium or high, or a number in [0, 1], got ${v}`);
    return v;
  }
  if (typeof v === 'string') {
    const c = COMPLEXITY[v.trim().toLowerCase()];
    if (c === undefined) throw new PatternInputError(field, `must be low, medium or high, or a number in [0, 1], got ${JSON.stringify(v)}`);
    return c;
  }
  throw new PatternInputError(field, `must be low, medium or high, or a number in [0, 1], got ${typeof v}`);
}

/** Words of an identifier-like type (api_deployment → "api deployment"). */
export function typeWords(type: string): string {
  return tokenize(type).filter((t, i, all) => !(all.length > 1 && i === all.length - 1 && t === all.slice(0, -1).join(''))).join(' ');
}

/** Reads an operation: JSON text or an object with the reference's fields, or plain text taken as its description. */
export function parseOperation(value: unknown, field = 'operation'): Operation {
  if (value === undefined || value === null) throw new PatternInputError(field, 'is required: a JSON object such as {"type": "api_deployment", "description": "…"} or plain text');
  const raw = objectFrom(value, field, (s) => ({ description: s }));
  let description: string | undefined;
  for (const k of DESCRIPTION_KEYS) {
    const v = raw[k];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') throw new PatternInputError(`${field}.${k}`, `must be text, got ${typeof v}`);
    if (v.trim() !== '') {
      description = v.trim();
      break;
    }
  }
  let type: string | null = null;
  if (raw.type !== undefined && raw.type !== null) {
    if (typeof raw.type !== 'string' || raw.type.trim() === '') throw new PatternInputError(`${field}.type`, 'must be non-empty text');
    if (raw.type.length > 200) throw new PatternInputError(`${field}.type`, 'must be at most 200 characters');
    type = raw.type.trim();
  }
  if (description === undefined) {
    if (type === null) throw new PatternInputError(field, 'needs a description (or task, text, name) or a type');
    description = typeWords(type) || type;
  }
  if (description.length > MAX_DESCRIPTION) throw new PatternInputError(`${field}.description`, `is ${description.length.toLocaleString('en-US')} characters, more than the ${MAX_DESCRIPTION.toLocaleString('en-US')} allowed`);
  let agents: string[] = [];
  let agentCount: number | null = null;
  const a = raw.agents;
  if (typeof a === 'number') {
    if (!Number.isInteger(a) || a < 0 || a > 10_000) throw new PatternInputError(`${field}.agents`, `must be a list of agent names or a whole number of agents, got ${a}`);
    agentCount = a;
  } else if (Array.isArray(a)) {
    if (a.length > MAX_AGENTS) throw new PatternInputError(`${field}.agents`, `lists ${a.length} agents, more than the ${MAX_AGENTS} allowed`);
    agents = a.map((x, i) => {
      if (typeof x !== 'string' || x.trim() === '') throw new PatternInputError(`${field}.agents[${i}]`, 'must be a non-empty agent name');
      return x.trim();
    });
    agentCount = agents.length;
  } else if (a !== undefined && a !== null) {
    throw new PatternInputError(`${field}.agents`, `must be a list of agent names or a whole number of agents, got ${typeof a}`);
  }
  const durationMs = raw.duration === undefined || raw.duration === null ? null : finiteNonNegative(raw.duration, `${field}.duration`);
  let success: boolean | null = null;
  if (raw.success !== undefined && raw.success !== null) {
    if (typeof raw.success !== 'boolean') throw new PatternInputError(`${field}.success`, `must be true or false, got ${JSON.stringify(raw.success)}`);
    success = raw.success;
  }
  return { description, type, complexity: complexityOf(raw.complexity, `${field}.complexity`), agents, agentCount, durationMs, success, attributes: attributesOf(raw), raw };
}

/** Scalar fields beyond the operation's own, for grouping outcomes (short strings, numbers, booleans). */
export function attributesOf(raw: Record<string, unknown>, skip: ReadonlySet<string> = OWN_KEYS): Record<string, Attribute> {
  const out: Record<string, Attribute> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (skip.has(k)) continue;
    if (typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.length > 0 && v.length <= 80)) out[k] = v;
  }
  return out;
}

function successFromWord(v: unknown): boolean | null {
  if (typeof v !== 'string') return null;
  const w = v.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (SUCCESS_WORDS.has(w)) return true;
  if (FAILURE_WORDS.has(w)) return false;
  return null;
}

/** Reads an outcome (JSON text or an object; a plain word such as "passed" or "failed" is read as its status). */
export function parseOutcome(value: unknown, operation: Operation | null, field = 'outcome'): Outcome {
  if (value === undefined || value === null) return { success: operation?.success ?? null, durationMs: operation?.durationMs ?? null, raw: null };
  const raw = objectFrom(value, field, (s) => ({ status: s }));
  let success: boolean | null = null;
  if (raw.success !== undefined && raw.success !== null) {
    if (typeof raw.success !== 'boolean') throw new PatternInputError(`${field}.success`, `must be true or false, got ${JSON.stringify(raw.success)}`);
    success = raw.success;
  }
  for (const k of ['status', 'result', 'outcome']) if (success === null) success = successFromWord(raw[k]);
  if (success === null && typeof raw.tests_failed === 'number' && Number.isFinite(raw.tests_failed)) success = raw.tests_failed === 0;
  if (success === null) success = operation?.success ?? null;
  let durationMs: number | null = null;
  for (const k of ['duration', 'duration_ms', 'actual_time', 'time']) {
    if (raw[k] === undefined || raw[k] === null) continue;
    durationMs = finiteNonNegative(raw[k], `${field}.${k}`);
    break;
  }
  return { success, durationMs: durationMs ?? operation?.durationMs ?? null, raw };
}

/** Reads metadata: an object or its JSON text; metadata.pattern, when given, must name one of the six patterns. */
export function parseMetadata(value: unknown, field = 'metadata'): Record<string, unknown> | null {
  if (value === undefined || value === null) return null;
  const m = objectFrom(value, field);
  if (m.pattern !== undefined && m.pattern !== null && !isPattern(m.pattern)) throw new PatternInputError(`${field}.pattern`, `must be one of ${PATTERNS.join(', ')}, got ${JSON.stringify(m.pattern)}`);
  return m;
}

/** The text an operation is embedded and searched by: its type's words, then its description. */
export function operationText(op: Operation): string {
  if (op.type === null) return op.description;
  const words = typeWords(op.type);
  return words && words !== op.description ? `${words}: ${op.description}` : op.description;
}
