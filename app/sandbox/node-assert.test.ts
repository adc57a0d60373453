// The sandbox's node:assert agrees with node's own on every case: same pass/fail, same error class and code.
import nodeAssert from 'node:assert';
import { describe, expect, it } from 'vitest';
import { AssertionError, createAssert } from './node-assert';

const shim = createAssert();

class Custom extends Error {
  constructor(readonly status: number) {
    super(`status ${status}`);
    this.name = 'Custom';
  }
}

const a = { x: 1, y: [1, 2, { z: 3 }] };
const cyclic1: Record<string, unknown> = { v: 1 };
cyclic1.self = cyclic1;
const cyclic2: Record<string, unknown> = { v: 1 };
cyclic2.self = cyclic2;
const throwsCustom = () => {
  throw new Custom(404);
};

type Api = typeof nodeAssert;
/** Each case calls an assertion the same way on node's assert and on the shim. */
const CASES: [string, (x: Api) => unknown][] = [
  ['ok true', (x) => x.ok(1)],
  ['ok false', (x) => x.ok(0)],
  ['ok message', (x) => x.ok('', 'custom message')],
  ['callable', (x) => x(false)],
  ['equal loose', (x) => x.equal(1, '1')],
  ['equal NaN', (x) => x.equal(NaN, NaN)],
  ['equal fails', (x) => x.equal(1, 2)],
  ['notEqual', (x) => x.notEqual(1, 2)],
  ['notEqual fails', (x) => x.notEqual(1, '1')],
  ['strictEqual', (x) => x.strictEqual('a', 'a')],
  ['strictEqual fails', (x) => x.strictEqual(1, '1')],
  ['strictEqual -0', (x) => x.strictEqual(0, -0)],
  ['strictEqual NaN', (x) => x.strictEqual(NaN, NaN)],
  ['notStrictEqual', (x) => x.notStrictEqual(1, '1')],
  ['notStrictEqual fails', (x) => x.notStrictEqual(2, 2)],
  ['deepEqual loose', (x) => x.deepEqual({ a: 1 }, { a: '1' })],
  ['deepEqual fails', (x) => x.deepEqual({ a: 1 }, { a: 2 })],
  ['deepStrictEqual', (x) => x.deepStrictEqual(a, structuredClone(a))],
  ['deepStrictEqual types', (x) => x.deepStrictEqual({ a: 1 }, { a: '1' })],
  ['deepStrictEqual proto', (x) => x.deepStrictEqual(Object.create(null), {})],
  ['deepStrictEqual arrays', (x) => x.deepStrictEqual([1, 2, 3], [1, 2, 3])],
  ['deepStrictEqual array length', (x) => x.deepStrictEqual([1, 2], [1, 2, 3])],
  ['deepStrictEqual -0', (x) => x.deepStrictEqual([0], [-0])],
  ['deepStrictEqual NaN', (x) => x.deepStrictEqual([NaN], [NaN])],
  ['deepStrictEqual Map', (x) => x.deepStrictEqual(new Map([[1, { a: 1 }]]), new Map([[1, { a: 1 }]]))],
  ['deepStrictEqual Map differs', (x) => x.deepStrictEqual(new Map([[1, 2]]), new Map([[1, 3]]))],
  ['deepStrictEqual Map object keys', (x) => x.deepStrictEqual(new Map([[{ k: 1 }, 2]]), new Map([[{ k: 1 }, 2]]))],
  ['deepStrictEqual Set', (x) => x.deepStrictEqual(new Set([1, { b: 2 }]), new Set([{ b: 2 }, 1]))],
  ['deepStrictEqual Set differs', (x) => x.deepStrictEqual(new Set([1]), new Set([2]))],
  ['deepStrictEqual Date', (x) => x.deepStrictEqual(new Date(5), new Date(5))],
  ['deepStrictEqual Date differs', (x) => x.deepStrictEqual(new Date(5), new Date(6))],
  ['deepStrictEqual RegExp', (x) => x.deepStrictEqual(/a/g, /a/g)],
  ['deepStrictEqual RegExp flags', (x) => x.deepStrictEqual(/a/g, /a/i)],
  ['deepStrictEqual typed', (x) => x.deepStrictEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))],
  ['deepStrictEqual typed differs', (x) => x.deepStrictEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))],
  ['deepStrictEqual cycles', (x) => x.deepStrictEqual(cyclic1, cyclic2)],
  ['deepStrictEqual errors', (x) => x.deepStrictEqual(new Error('a'), new Error('b'))],
  ['deepStrictEqual extra key', (x) => x.deepStrictEqual({ a: 1 }, { a: 1, b: undefined })],
  ['deepStrictEqual class vs object', (x) => x.deepStrictEqual(new Custom(1), { status: 1 })],
  ['notDeepStrictEqual', (x) => x.notDeepStrictEqual({ a: 1 }, { a: 2 })],
  ['notDeepStrictEqual fails', (x) => x.notDeepStrictEqual({ a: 1 }, { a: 1 })],
  ['throws', (x) => x.throws(throwsCustom)],
  ['throws none', (x) => x.throws(() => {})],
  ['throws class', (x) => x.throws(throwsCustom, Custom)],
  ['throws wrong class', (x) => x.throws(throwsCustom, TypeError)],
  ['throws regex', (x) => x.throws(throwsCustom, /status 404/)],
  ['throws regex misses', (x) => x.throws(throwsCustom, /status 500/)],
  ['throws object', (x) => x.throws(throwsCustom, { name: 'Custom', status: 404 })],
  ['throws object regex value', (x) => x.throws(throwsCustom, { message: /404/ })],
  ['throws object differs', (x) => x.throws(throwsCustom, { status: 500 })],
  ['throws validator true', (x) => x.throws(throwsCustom, (e: unknown) => (e as Custom).status === 404)],
  ['throws validator false', (x) => x.throws(throwsCustom, (e: unknown) => (e as Custom).status === 500)],
  ['throws message only', (x) => x.throws(() => {}, 'should throw')],
  ['doesNotThrow', (x) => x.doesNotThrow(() => 1)],
  ['doesNotThrow fails', (x) => x.doesNotThrow(throwsCustom)],
  ['match', (x) => x.match('abc', /b/)],
  ['match fails', (x) => x.match('abc', /z/)],
  ['doesNotMatch', (x) => x.doesNotMatch('abc', /z/)],
  ['fail', (x) => x.fail('boom')],
  ['ifError null', (x) => x.ifError(null)],
  ['ifError value', (x) => x.ifError('oops')],
  ['strict.equal', (x) => x.strict.equal(1, '1' as unknown as number)],
  ['strict.deepEqual', (x) => x.strict.deepEqual({ a: 1 }, { a: '1' })],
  ['strict.notEqual', (x) => x.strict.notEqual(1, '1' as unknown as number)],
  ['strict.strict', (x) => x.strict.strict.ok(false)],
];

function outcome(run: () => unknown): { threw: false } | { threw: true; isAssertion: boolean; code: unknown; name: string } {
  try {
    run();
    return { threw: false };
  } catch (e) {
    const err = e as { code?: unknown; name: string };
    return { threw: true, isAssertion: e instanceof nodeAssert.AssertionError || e instanceof AssertionError, code: err.code, name: err.name };
  }
}

describe('sandbox node:assert', () => {
  it.each(CASES)('%s behaves as node:assert', (_, call) => {
    expect(outcome(() => call(shim as unknown as Api))).toEqual(outcome(() => call(nodeAssert)));
  });

  it('rejects and doesNotReject as node does', async () => {
    for (const x of [nodeAssert, shim as unknown as Api]) {
      expect(await settle(() => x.rejects(rejecting, Custom))).toBe('resolved');
      expect(await settle(() => x.rejects(Promise.resolve(1)))).toBe('AssertionError:ERR_ASSERTION');
      expect(await settle(() => x.rejects(rejecting, { status: 2 }))).toBe('AssertionError:ERR_ASSERTION');
      expect(await settle(() => x.doesNotReject(Promise.resolve(1)))).toBe('resolved');
      expect(await settle(() => x.doesNotReject(rejecting))).toBe('AssertionError:ERR_ASSERTION');
    }
  });

  it('fills AssertionError as node does', () => {
    const e = outcomeError(() => shim.strictEqual(1, 2));
    expect(e).toBeInstanceOf(AssertionError);
    expect(e).toMatchObject({ actual: 1, expected: 2, operator: 'strictEqual', code: 'ERR_ASSERTION', generatedMessage: true });
    expect(e.message).toContain('1 !== 2');
    expect(outcomeError(() => shim.strictEqual(1, 2, 'mine'))).toMatchObject({ message: 'mine', generatedMessage: false });
  });

  it('is frozen, so a task cannot defuse it', () => {
    expect(() => {
      'use strict';
      (shim as unknown as Record<string, unknown>).strictEqual = () => {};
    }).toThrow(TypeError);
    expect(Object.isFrozen(shim.strict)).toBe(true);
  });
});

const settle = async (p: () => Promise<unknown>) =>
  p().then(
    () => 'resolved',
    (e: { code?: string; name: string }) => `${e.name}:${e.code ?? ''}`,
  );
const rejecting = () => Promise.reject(new Custom(1));

function outcomeError(run: () => unknown): AssertionError {
  try {
    run();
  } catch (e) {
    return e as AssertionError;
  }
  throw new Error('did not throw');
}
