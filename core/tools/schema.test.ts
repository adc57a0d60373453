// The catalog's JSON Schema validator: every problem names its field (nested and in arrays), unknown parameters are refused, JSON-text parameters parse or say why; and every catalog schema uses only what the validator checks.
import { describe, expect, it } from 'vitest';
import { TOOLS } from './catalog';
import { ToolInputError } from './errors';
import { jsonRecord, jsonValue, schemaIssues, validateInput, type JsonSchema, type ObjectSchema } from './schema';

const schema: ObjectSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 5, pattern: '^[a-z]+$' },
    count: { type: 'integer', minimum: 1, maximum: 10 },
    ratio: { type: 'number', exclusiveMinimum: 0 },
    mode: { type: 'string', enum: ['a', 'b'] },
    data: { type: ['string', 'array'] },
    list: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'], additionalProperties: false } },
  },
  required: ['name'],
  additionalProperties: false,
};

function refusal(args: unknown): ToolInputError {
  try {
    validateInput(schema, args);
  } catch (e) {
    if (e instanceof ToolInputError) return e;
    throw e;
  }
  throw new Error('validateInput accepted it');
}

describe('validateInput', () => {
  it('accepts valid input and treats missing arguments as an empty object', () => {
    expect(validateInput(schema, { name: 'abc', count: 3, ratio: 0.5, mode: 'a', data: [1], list: [{ x: 1 }] })).toMatchObject({ name: 'abc' });
    expect(validateInput({ type: 'object', properties: {}, additionalProperties: false }, undefined)).toEqual({});
  });

  it('names the field and the problem', () => {
    expect(refusal({})).toMatchObject({ field: 'name', problem: 'is required' });
    expect(refusal({ name: 7 })).toMatchObject({ field: 'name', problem: 'must be text (got 7)' });
    expect(refusal({ name: '' }).problem).toBe('must not be empty');
    expect(refusal({ name: 'abcdef' }).problem).toBe('is 6 characters long; at most 5');
    expect(refusal({ name: 'AB' }).problem).toMatch(/does not match the pattern/);
    expect(refusal({ name: 'a', count: 2.5 })).toMatchObject({ field: 'count', problem: 'must be a whole number (got 2.5)' });
    expect(refusal({ name: 'a', count: 0 }).problem).toBe('must be at least 1 (got 0)');
    expect(refusal({ name: 'a', count: 11 }).problem).toBe('must be at most 10 (got 11)');
    expect(refusal({ name: 'a', ratio: 0 }).problem).toBe('must be more than 0 (got 0)');
    expect(refusal({ name: 'a', mode: 'c' }).problem).toBe('must be one of "a", "b" (got "c")');
    expect(refusal({ name: 'a', data: {} }).problem).toBe('must be text or an array (got {})');
    expect(refusal({ name: 'a', list: [] }).problem).toBe('needs at least 1 item (got 0)');
    expect(refusal({ name: 'a', list: [{ x: 1 }, { x: 2 }, { x: 3 }] }).problem).toBe('may hold at most 2 items (got 3)');
    expect(refusal({ name: 'a', list: [{ x: 1 }, { y: 2 }] })).toMatchObject({ field: 'list[1].x', problem: 'is required' });
    expect(refusal({ name: 'a', list: [{ x: 'one' }] }).field).toBe('list[0].x');
    expect(refusal({ name: 'a', colour: 'red' })).toMatchObject({ field: 'colour', problem: 'is not a parameter here (the parameters are name, count, ratio, mode, data, list)' });
    expect(refusal([1]).field).toBe('input');
  });

  it('reports the first problem and lists the others', () => {
    const e = refusal({ count: 0, mode: 'z' });
    expect(e.field).toBe('name');
    expect(e.more.map((m) => m.field)).toEqual(['count', 'mode']);
    expect(e.message).toBe('name: is required; also count: must be at least 1 (got 0); mode: must be one of "a", "b" (got "z")');
  });

  it('refuses NaN and Infinity as numbers (they cannot come from JSON, but a console caller can pass them)', () => {
    expect(refusal({ name: 'a', ratio: Number.NaN }).problem).toMatch(/^must be a number/);
    expect(refusal({ name: 'a', ratio: Infinity }).problem).toMatch(/^must be a number/);
  });
});

describe('JSON-text parameters', () => {
  it('parses text, passes values through and names the field when the text is not JSON or not a record', () => {
    expect(jsonValue('[1,2]', 'inputs')).toEqual([1, 2]);
    expect(jsonValue({ a: 1 }, 'input')).toEqual({ a: 1 });
    expect(() => jsonValue('{', 'training_data')).toThrow(/^training_data: is not valid JSON/);
    expect(jsonRecord('{"a":1}', 'input')).toEqual({ a: 1 });
    expect(() => jsonRecord('[1]', 'input')).toThrow('input: must be a record (a JSON object; got an array)');
    expect(() => jsonRecord('3', 'input')).toThrow('input: must be a record (a JSON object; got 3)');
  });
});

/** Keywords the validator checks; a schema using others would promise checks that never run. */
const CHECKED = new Set(['type', 'description', 'enum', 'properties', 'required', 'additionalProperties', 'items', 'minItems', 'maxItems', 'minimum', 'maximum', 'exclusiveMinimum', 'minLength', 'maxLength', 'pattern', 'default']);

function keywords(s: JsonSchema, path: string, out: string[]): void {
  for (const k of Object.keys(s)) if (!CHECKED.has(k)) out.push(`${path}.${k}`);
  for (const [name, sub] of Object.entries(s.properties ?? {})) keywords(sub, `${path}.${name}`, out);
  if (s.items) keywords(s.items, `${path}[]`, out);
}

describe('the catalog schemas', () => {
  it('use only keywords the validator checks, refuse unknown parameters and name only declared required ones', () => {
    for (const t of TOOLS) {
      const unchecked: string[] = [];
      keywords(t.inputSchema, t.name, unchecked);
      expect(unchecked).toEqual([]);
      expect(t.inputSchema.additionalProperties).toBe(false);
      for (const r of t.inputSchema.required ?? []) expect(Object.keys(t.inputSchema.properties)).toContain(r);
      // Each default is itself valid for its parameter.
      for (const [name, p] of Object.entries(t.inputSchema.properties)) {
        if (p.default !== undefined) expect(schemaIssues(p, p.default), `${t.name}.${name}`).toEqual([]);
      }
    }
  });
});
