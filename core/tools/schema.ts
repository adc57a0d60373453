// The JSON Schema subset the tool catalog declares its inputs in, and a validator for it whose every problem names the field: small and pure (no code generation, so it runs under any CSP).
import { ToolInputError } from './errors';

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

/**
 * What the catalog uses of JSON Schema (draft 2020-12 keywords, as MCP's tools/list and WebMCP's registerTool carry them):
 * types (one or a list), enum, object properties with required and additionalProperties: false, array items and
 * bounds, number and string bounds, pattern. Anything else is not checked, so the catalog does not use it.
 */
export interface JsonSchema {
  type?: JsonType | readonly JsonType[];
  description?: string;
  enum?: readonly (string | number | boolean | null)[];
  properties?: Readonly<Record<string, JsonSchema>>;
  required?: readonly string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  default?: unknown;
}

/** A tool's input: always an object of named parameters. */
export interface ObjectSchema extends JsonSchema {
  type: 'object';
  properties: Readonly<Record<string, JsonSchema>>;
  required?: readonly string[];
  additionalProperties: false;
}

export interface SchemaIssue {
  /** Dotted path of the offending field (`training_data`, `models[2]`); `input` for the arguments as a whole. */
  field: string;
  problem: string;
}

function typeOf(v: unknown): JsonType | 'undefined' | 'other' {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'string': return 'string';
    case 'boolean': return 'boolean';
    case 'number': return Number.isInteger(v) ? 'integer' : 'number';
    case 'object': return 'object';
    case 'undefined': return 'undefined';
    default: return 'other';
  }
}

function matchesType(v: unknown, t: JsonType): boolean {
  const actual = typeOf(v);
  if (t === 'number') return (actual === 'number' || actual === 'integer') && Number.isFinite(v as number);
  return actual === t;
}

const WORDS: Record<JsonType, string> = {
  string: 'text', number: 'a number', integer: 'a whole number', boolean: 'true or false', object: 'an object', array: 'an array', null: 'null',
};

function got(v: unknown): string {
  if (v === undefined) return 'nothing';
  const json = JSON.stringify(v);
  if (json === undefined) return typeof v;
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

function check(schema: JsonSchema, v: unknown, path: string, issues: SchemaIssue[]): void {
  const field = path === '' ? 'input' : path;
  const types = schema.type === undefined ? undefined : (typeof schema.type === 'string' ? [schema.type] : schema.type) as readonly JsonType[];
  if (types && !types.some((t) => matchesType(v, t))) {
    issues.push({ field, problem: `must be ${types.map((t) => WORDS[t]).join(' or ')} (got ${got(v)})` });
    return;
  }
  if (schema.enum && !schema.enum.includes(v as string)) {
    issues.push({ field, problem: `must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')} (got ${got(v)})` });
    return;
  }
  if (typeof v === 'number') {
    if (schema.minimum !== undefined && v < schema.minimum) issues.push({ field, problem: `must be at least ${schema.minimum} (got ${v})` });
    if (schema.exclusiveMinimum !== undefined && v <= schema.exclusiveMinimum) issues.push({ field, problem: `must be more than ${schema.exclusiveMinimum} (got ${v})` });
    if (schema.maximum !== undefined && v > schema.maximum) issues.push({ field, problem: `must be at most ${schema.maximum} (got ${v})` });
  }
  if (typeof v === 'string') {
    if (schema.minLength !== undefined && v.length < schema.minLength) issues.push({ field, problem: schema.minLength === 1 ? 'must not be empty' : `must be at least ${schema.minLength} characters long` });
    if (schema.maxLength !== undefined && v.length > schema.maxLength) issues.push({ field, problem: `is ${v.length} characters long; at most ${schema.maxLength}` });
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(v)) issues.push({ field, problem: `${got(v)} does not match the pattern ${schema.pattern}` });
  }
  if (Array.isArray(v)) {
    if (schema.minItems !== undefined && v.length < schema.minItems) issues.push({ field, problem: `needs at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'} (got ${v.length})` });
    if (schema.maxItems !== undefined && v.length > schema.maxItems) issues.push({ field, problem: `may hold at most ${schema.maxItems} items (got ${v.length})` });
    if (schema.items) v.forEach((item, i) => check(schema.items!, item, `${field === 'input' ? '' : field}[${i}]`, issues));
  }
  if (typeOf(v) === 'object' && schema.properties) {
    const o = v as Record<string, unknown>;
    for (const key of schema.required ?? []) {
      if (!Object.prototype.hasOwnProperty.call(o, key) || o[key] === undefined) issues.push({ field: join(path, key), problem: 'is required' });
    }
    for (const key of Object.keys(o)) {
      const sub = Object.prototype.hasOwnProperty.call(schema.properties, key) ? schema.properties[key] : undefined;
      if (sub) {
        if (o[key] !== undefined) check(sub, o[key], join(path, key), issues);
      } else if (schema.additionalProperties === false) {
        issues.push({ field: join(path, key), problem: `is not a parameter here (the parameters are ${Object.keys(schema.properties).join(', ')})` });
      }
    }
  }
}

/** Every problem of a value against a schema, in the order the value's fields are met; empty when it is valid. */
export function schemaIssues(schema: JsonSchema, value: unknown): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  check(schema, value, '', issues);
  return issues;
}

/** A tool's arguments checked against its input schema (missing arguments are an empty object); throws ToolInputError naming the first field at fault and listing the rest. */
export function validateInput(schema: ObjectSchema, args: unknown): Record<string, unknown> {
  const value = args === undefined || args === null ? {} : args;
  const issues = schemaIssues(schema, value);
  if (issues.length > 0) {
    const [first, ...rest] = issues;
    throw new ToolInputError(first.field, first.problem, rest);
  }
  return value as Record<string, unknown>;
}

/**
 * A parameter the reference passed as JSON text (training_data, input, operation): text is parsed, anything else
 * is taken as the value itself. Text that is not JSON is refused naming the field.
 */
export function jsonValue(v: unknown, field: string): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch (e) {
    throw new ToolInputError(field, `is not valid JSON (${(e as Error).message})`);
  }
}

/** A record (JSON object), given as an object or as its JSON text. */
export function jsonRecord(v: unknown, field: string): Record<string, unknown> {
  const r = jsonValue(v, field);
  if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new ToolInputError(field, `must be a record (a JSON object; got ${Array.isArray(r) ? 'an array' : got(r)})`);
  return r as Record<string, unknown>;
}
