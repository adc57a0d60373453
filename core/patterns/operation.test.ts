// Reading operations, outcomes and metadata: the reference's shapes, plain text, success and duration from the usual fields, and errors naming the field.
import { describe, expect, it } from 'vitest';
import { attributesOf, operationText, parseMetadata, parseOperation, parseOutcome, PatternInputError, typeWords } from './operation';

function field(v: unknown): string | null {
  try {
    parseOperation(v);
  } catch (e) {
    return (e as PatternInputError).field;
  }
  return null;
}

describe('parseOperation', () => {
  it("reads the reference's operation and keeps its other scalar fields as attributes", () => {
    const op = parseOperation(JSON.stringify({ type: 'api_deployment', complexity: 'high', agents: ['backend-dev', 'cicd-engineer'], duration: 1850, success: true, strategy: 'balanced', parallel_tests: true, nested: { a: 1 } }));
    expect(op).toMatchObject({ description: 'api deployment', type: 'api_deployment', complexity: 1, agents: ['backend-dev', 'cicd-engineer'], agentCount: 2, durationMs: 1850, success: true });
    expect(op.attributes).toEqual({ strategy: 'balanced', parallel_tests: true });
    expect(operationText(op)).toBe('api deployment');
    expect(operationText(parseOperation({ type: 'bug_fix', task: 'Fix login' }))).toBe('bug fix: Fix login');
    expect(parseOperation({ description: 'x', complexity: 'Medium', agents: 3 })).toMatchObject({ complexity: 0.5, agents: [], agentCount: 3 });
    expect(parseOperation({ description: 'x', complexity: 0.25 }).complexity).toBe(0.25);
  });

  it('takes plain text as the description, and JSON only when it looks like JSON', () => {
    expect(parseOperation('  Fix the login bug ')).toMatchObject({ description: 'Fix the login bug', type: null, raw: { description: 'Fix the login bug' } });
    expect(parseOperation('"quoted"').description).toBe('"quoted"');
    expect(() => parseOperation('{not json')).toThrow(/operation is not valid JSON/);
  });

  it('splits identifier-like types into words', () => {
    expect(typeWords('api_deployment')).toBe('api deployment');
    expect(typeWords('selfHealing')).toBe('self healing');
    expect(typeWords('ci')).toBe('ci');
  });

  it('refuses what it cannot read, naming the field', () => {
    expect(field(undefined)).toBe('operation');
    expect(field(7)).toBe('operation');
    expect(field({ description: 'x', type: '' })).toBe('operation.type');
    expect(field({ description: 'x', agents: 'coder' })).toBe('operation.agents');
    expect(field({ description: 'x', agents: 1.5 })).toBe('operation.agents');
    expect(field({ description: 'x'.repeat(10_001) })).toBe('operation.description');
  });
});

describe('parseOutcome', () => {
  it('reads success from success, a status word, failed tests, or the operation; duration from the usual names', () => {
    const op = parseOperation({ description: 'x', duration: 900, success: false });
    expect(parseOutcome({ success: true, duration_ms: 1200 }, op)).toMatchObject({ success: true, durationMs: 1200 });
    expect(parseOutcome({ status: 'Timed out' }, op)).toMatchObject({ success: false, durationMs: 900 });
    expect(parseOutcome({ result: 'passed', actual_time: 40 }, null)).toMatchObject({ success: true, durationMs: 40 });
    expect(parseOutcome({ tests_passed: 47, tests_failed: 0 }, null).success).toBe(true);
    expect(parseOutcome({ tests_passed: 40, tests_failed: 2 }, null).success).toBe(false);
    expect(parseOutcome({ coverage: 92 }, null)).toMatchObject({ success: null, durationMs: null, raw: { coverage: 92 } });
    expect(parseOutcome({ coverage: 92 }, op).success).toBe(false);
    expect(parseOutcome('succeeded', null)).toMatchObject({ success: true, raw: { status: 'succeeded' } });
    expect(parseOutcome(undefined, op)).toEqual({ success: false, durationMs: 900, raw: null });
  });
});

describe('parseMetadata and attributes', () => {
  it('accepts an object or its JSON, and checks a given pattern', () => {
    expect(parseMetadata('{"project": "user-service", "pattern": "systems"}')).toEqual({ project: 'user-service', pattern: 'systems' });
    expect(parseMetadata(undefined)).toBeNull();
    expect(() => parseMetadata('plain')).toThrow(PatternInputError);
    expect(attributesOf({ a: 'x'.repeat(81), b: Number.NaN, c: 0, d: false, e: '' })).toEqual({ c: 0, d: false });
  });
});
