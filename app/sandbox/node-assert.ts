// node:assert for the sandbox: the legacy and strict APIs tests use, with node's semantics and AssertionError's fields.
import { isDeepEqual, isDeepStrictEqual } from './deep-equal';
import { errorText, inspect } from './inspect';

export class AssertionError extends Error {
  readonly code = 'ERR_ASSERTION';
  actual: unknown;
  expected: unknown;
  operator: string;
  generatedMessage: boolean;
  constructor(options: { message?: string | Error; actual?: unknown; expected?: unknown; operator?: string }) {
    const generated = options.message === undefined;
    super(generated ? `${inspect(options.actual)} ${options.operator ?? '=='} ${inspect(options.expected)}` : String(options.message));
    this.name = 'AssertionError';
    this.actual = options.actual;
    this.expected = options.expected;
    this.operator = options.operator ?? '';
    this.generatedMessage = generated;
  }
}

type Message = string | Error | undefined;

function fail(actual: unknown, expected: unknown, operator: string, message: Message, generated: string): never {
  if (message instanceof Error) throw message;
  const err = new AssertionError({ actual, expected, operator, message: message ?? generated });
  err.generatedMessage = message === undefined;
  throw err;
}

function ok(value: unknown, message?: Message): void {
  if (arguments.length === 0) fail(undefined, true, '==', 'No value argument passed to `assert.ok()`', '');
  if (!value) fail(value, true, '==', message, `The expression evaluated to a falsy value:\n\n  assert.ok(${inspect(value)})\n`);
}

const looseEq = (a: unknown, b: unknown) => a == b || (a !== a && b !== b); // eslint-disable-line eqeqeq

function equal(actual: unknown, expected: unknown, message?: Message): void {
  if (!looseEq(actual, expected)) fail(actual, expected, '==', message, `${inspect(actual)} == ${inspect(expected)}`);
}
function notEqual(actual: unknown, expected: unknown, message?: Message): void {
  if (looseEq(actual, expected)) fail(actual, expected, '!=', message, `${inspect(actual)} != ${inspect(expected)}`);
}
function strictEqual(actual: unknown, expected: unknown, message?: Message): void {
  if (!Object.is(actual, expected)) fail(actual, expected, 'strictEqual', message, `Expected values to be strictly equal:\n\n${inspect(actual)} !== ${inspect(expected)}\n`);
}
function notStrictEqual(actual: unknown, expected: unknown, message?: Message): void {
  if (Object.is(actual, expected)) fail(actual, expected, 'notStrictEqual', message, `Expected "actual" to be strictly unequal to: ${inspect(expected)}`);
}
function deepEqual(actual: unknown, expected: unknown, message?: Message): void {
  if (!isDeepEqual(actual, expected)) fail(actual, expected, 'deepEqual', message, `Expected values to be loosely deep-equal:\n\n${inspect(actual)}\n\nshould loosely deep-equal\n\n${inspect(expected)}`);
}
function notDeepEqual(actual: unknown, expected: unknown, message?: Message): void {
  if (isDeepEqual(actual, expected)) fail(actual, expected, 'notDeepEqual', message, `"actual" deepEqual "expected": ${inspect(actual)}`);
}
function deepStrictEqual(actual: unknown, expected: unknown, message?: Message): void {
  if (!isDeepStrictEqual(actual, expected)) {
    fail(actual, expected, 'deepStrictEqual', message, `Expected values to be strictly deep-equal:\n+ actual - expected\n\n+ ${inspect(actual)}\n- ${inspect(expected)}`);
  }
}
function notDeepStrictEqual(actual: unknown, expected: unknown, message?: Message): void {
  if (isDeepStrictEqual(actual, expected)) fail(actual, expected, 'notDeepStrictEqual', message, `Expected "actual" not to be strictly deep-equal to: ${inspect(expected)}`);
}

function match(value: unknown, re: RegExp, message?: Message): void {
  if (!(re instanceof RegExp)) throw new TypeError('The "regexp" argument must be an instance of RegExp.');
  if (typeof value !== 'string' || !re.test(value)) {
    fail(value, re, 'match', message, `The input did not match the regular expression ${re}. Input:\n\n${inspect(value)}\n`);
  }
}
function doesNotMatch(value: unknown, re: RegExp, message?: Message): void {
  if (!(re instanceof RegExp)) throw new TypeError('The "regexp" argument must be an instance of RegExp.');
  if (typeof value !== 'string' || re.test(value)) {
    fail(value, re, 'doesNotMatch', message, `The input was expected to not match the regular expression ${re}. Input:\n\n${inspect(value)}\n`);
  }
}

/** Which thrown errors satisfy throws()/rejects(): a class, a RegExp on the error's text, an object of expected properties, or a validation function. */
type Expected = RegExp | (new (...args: never[]) => unknown) | ((e: unknown) => boolean) | Record<string, unknown> | Error;

function isErrorClass(fn: unknown): boolean {
  return typeof fn === 'function' && (fn === Error || Error.isPrototypeOf(fn));
}

function checkObject(actual: unknown, expected: Record<string, unknown> | Error, message: Message, operator: string): void {
  if (typeof actual !== 'object' || actual === null) fail(actual, expected, operator, message, `The "error" must be an object; got ${inspect(actual)}`);
  const keys: string[] = Object.keys(expected);
  if (expected instanceof Error) keys.push('name', 'message');
  for (const k of keys) {
    const want = (expected as Record<string, unknown>)[k];
    const got = (actual as Record<string, unknown>)[k];
    const same = want instanceof RegExp && typeof got === 'string' ? want.test(got) : isDeepStrictEqual(got, want);
    if (!same) fail(actual, expected, operator, message, `Expected values to be strictly deep-equal at "${k}":\n+ actual - expected\n\n+ ${inspect(got)}\n- ${inspect(want)}`);
  }
}

function checkThrown(actual: unknown, expected: Expected | undefined, message: Message, operator: string): void {
  if (expected === undefined) return;
  if (expected instanceof RegExp) {
    if (!expected.test(String(actual))) fail(actual, expected, operator, message, `The input did not match the regular expression ${expected}. Input:\n\n${inspect(String(actual))}\n`);
    return;
  }
  if (typeof expected === 'function') {
    if (expected.prototype !== undefined && actual instanceof (expected as new () => unknown)) return;
    if (isErrorClass(expected)) {
      const got = actual instanceof Error ? `"${actual.name}"` : inspect(actual);
      fail(actual, expected, operator, message, `The error is expected to be an instance of "${expected.name}". Received ${got}\n\nError message:\n\n${errorText(actual)}`);
    }
    const verdict = (expected as (e: unknown) => unknown).call(undefined, actual);
    if (verdict !== true) {
      const name = expected.name ? `"${expected.name}" ` : '';
      fail(actual, expected, operator, message, `The ${name}validation function is expected to return "true". Received ${inspect(verdict)}\n\nCaught error:\n\n${errorText(actual)}`);
    }
    return;
  }
  checkObject(actual, expected, message, operator);
}

function splitArgs(error: Expected | string | undefined, message: Message): [Expected | undefined, Message] {
  return typeof error === 'string' ? [undefined, error] : [error, message];
}

function describeExpected(e: Expected | undefined): string {
  return typeof e === 'function' && e.name ? ` (${e.name})` : '';
}

const NO_ERROR = Symbol('no error');

function throws(fn: () => unknown, error?: Expected | string, message?: Message): void {
  if (typeof fn !== 'function') throw new TypeError('The "fn" argument must be of type function.');
  const [expected, msg] = splitArgs(error, message);
  let thrown: unknown = NO_ERROR;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  if (thrown === NO_ERROR) fail(undefined, expected, 'throws', msg, `Missing expected exception${describeExpected(expected)}${typeof msg === 'string' ? `: ${msg}` : '.'}`);
  checkThrown(thrown, expected, msg, 'throws');
}

function doesNotThrow(fn: () => unknown, error?: Expected | string, message?: Message): void {
  const [, msg] = splitArgs(error, message);
  try {
    fn();
  } catch (e) {
    fail(e, error, 'doesNotThrow', typeof msg === 'string' ? `Got unwanted exception: ${msg}\nActual message: "${errorText(e)}"` : undefined, `Got unwanted exception.\nActual message: "${errorText(e)}"`);
  }
}

async function settle(target: Promise<unknown> | (() => unknown)): Promise<{ rejected: boolean; value: unknown }> {
  let promise: unknown = target;
  if (typeof target === 'function') {
    promise = target();
    if (!(promise instanceof Promise) && (typeof promise !== 'object' || promise === null || typeof (promise as { then?: unknown }).then !== 'function')) {
      throw new TypeError('The "promiseFn" argument must return a Promise.');
    }
  } else if (!(target instanceof Promise) && typeof (target as { then?: unknown } | null)?.then !== 'function') {
    throw new TypeError('The "promiseFn" argument must be of type function or an instance of Promise.');
  }
  try {
    return { rejected: false, value: await promise };
  } catch (e) {
    return { rejected: true, value: e };
  }
}

async function rejects(target: Promise<unknown> | (() => unknown), error?: Expected | string, message?: Message): Promise<void> {
  const [expected, msg] = splitArgs(error, message);
  const r = await settle(target);
  if (!r.rejected) fail(undefined, expected, 'rejects', msg, `Missing expected rejection${describeExpected(expected)}${typeof msg === 'string' ? `: ${msg}` : '.'}`);
  checkThrown(r.value, expected, msg, 'rejects');
}

async function doesNotReject(target: Promise<unknown> | (() => unknown), error?: Expected | string, message?: Message): Promise<void> {
  const [, msg] = splitArgs(error, message);
  const r = await settle(target);
  if (r.rejected) fail(r.value, error, 'doesNotReject', undefined, `Got unwanted rejection${typeof msg === 'string' ? `: ${msg}` : '.'}\nActual message: "${errorText(r.value)}"`);
}

function failAssertion(message?: Message): never {
  if (message instanceof Error) throw message;
  throw new AssertionError({ message: message ?? 'Failed', operator: 'fail' });
}

function ifError(value: unknown): void {
  if (value !== null && value !== undefined) {
    if (value instanceof Error) throw value;
    fail(value, null, 'ifError', undefined, `ifError got unwanted exception: ${inspect(value)}`);
  }
}

const common = { ok, fail: failAssertion, throws, doesNotThrow, rejects, doesNotReject, match, doesNotMatch, ifError, strictEqual, notStrictEqual, deepStrictEqual, notDeepStrictEqual, AssertionError };

export type AssertModule = ((value: unknown, message?: Message) => void) &
  typeof common & { equal: typeof equal; notEqual: typeof notEqual; deepEqual: typeof deepEqual; notDeepEqual: typeof notDeepEqual; strict: AssertModule };

function callableAssert(value: unknown, message?: Message): void {
  if (arguments.length === 0) fail(undefined, true, '==', 'No value argument passed to `assert.ok()`', '');
  ok(value, message);
}

function build(strict: boolean): AssertModule {
  // A fresh function object per module (bind makes one), so each carries its own methods and can be frozen alone.
  const assert = callableAssert.bind(undefined) as AssertModule;
  Object.assign(assert, common, strict ? { equal: strictEqual, notEqual: notStrictEqual, deepEqual: deepStrictEqual, notDeepEqual: notDeepStrictEqual } : { equal, notEqual, deepEqual, notDeepEqual });
  return assert;
}

/** `node:assert` (legacy mode) with `.strict`; `node:assert/strict` is `assert.strict`. Both frozen, so a task cannot defuse them for another file. */
export function createAssert(): AssertModule {
  const legacy = build(false);
  const strict = build(true);
  legacy.strict = strict;
  strict.strict = strict;
  Object.freeze(strict);
  Object.freeze(legacy);
  return legacy;
}
