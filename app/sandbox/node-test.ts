// node:test for the sandbox: describe/it/test with hooks, skip/todo/only, async and callback tests, t.test subtests; reports each test as it starts and ends.
import { errorText } from './inspect';

export interface Reporter {
  begin(id: number, name: string): void;
  end(id: number, status: 'pass' | 'fail' | 'skip', durationMs: number, error?: string): void;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

type Fn = (t: TestContext, done: (err?: unknown) => void) => unknown;
interface Options {
  skip?: boolean | string;
  todo?: boolean | string;
  only?: boolean;
  timeout?: number;
  concurrency?: unknown;
}
interface Hooks {
  before: Fn[];
  after: Fn[];
  beforeEach: Fn[];
  afterEach: Fn[];
}
interface Suite {
  kind: 'suite';
  name: string;
  parent: Suite | null;
  children: (Suite | Case)[];
  hooks: Hooks;
  options: Options;
  /** What its body threw while registering: the suite then fails as a whole. */
  error?: unknown;
  body?: Promise<unknown>;
}
interface Case {
  kind: 'test';
  name: string;
  fn: Fn | undefined;
  options: Options;
}

const newHooks = (): Hooks => ({ before: [], after: [], beforeEach: [], afterEach: [] });

/** node's overloads: (name?, options?, fn?) in any of their allowed combinations. */
function parseArgs(args: unknown[], fallbackName: string): { name: string; options: Options; fn: Fn | undefined } {
  let name = fallbackName;
  let options: Options = {};
  let fn: Fn | undefined;
  for (const a of args) {
    if (typeof a === 'string') name = a;
    else if (typeof a === 'function') fn = a as Fn;
    else if (typeof a === 'object' && a !== null) options = a as Options;
  }
  if (fn && name === fallbackName && fn.name) name = fn.name;
  return { name, options, fn };
}

/** Runs a test or hook function: callback style when it takes two parameters (t, done), as node decides. */
function call(fn: Fn, t: TestContext): Promise<unknown> {
  if (fn.length >= 2) {
    return new Promise((resolve, reject) => {
      const r = fn(t, (err?: unknown) => (err ? reject(err) : resolve(undefined)));
      if (r && typeof (r as Promise<unknown>).then === 'function') reject(new Error('passed a callback but also returned a Promise'));
    });
  }
  return Promise.resolve().then(() => fn(t, () => {}));
}

export class TestContext {
  readonly name: string;
  readonly fullName: string;
  readonly signal: AbortSignal;
  /** Set by t.skip() / t.todo() while the test runs. */
  skipReason: string | false = false;
  todoReason: string | false = false;
  readonly subtests: Promise<boolean>[] = [];
  readonly hooks = newHooks();
  #chain: Promise<unknown> = Promise.resolve();
  #run: Runner;
  constructor(name: string, fullName: string, signal: AbortSignal, run: Runner) {
    this.name = name;
    this.fullName = fullName;
    this.signal = signal;
    this.#run = run;
  }
  skip(message?: string): void {
    this.skipReason = message ?? '';
  }
  todo(message?: string): void {
    this.todoReason = message ?? '';
  }
  diagnostic(_message: string): void {}
  plan(): void {}
  runOnly(): void {}
  before(fn: Fn): void {
    this.hooks.before.push(fn);
  }
  after(fn: Fn): void {
    this.hooks.after.push(fn);
  }
  beforeEach(fn: Fn): void {
    this.hooks.beforeEach.push(fn);
  }
  afterEach(fn: Fn): void {
    this.hooks.afterEach.push(fn);
  }
  get mock(): never {
    throw new Error("t.mock (node:test's mocking) is not available in the browser sandbox");
  }
  /** A subtest, run after the ones before it; the parent waits for all of them and fails when one fails. */
  test(...args: unknown[]): Promise<void> {
    const { name, options, fn } = parseArgs(args, '<anonymous>');
    const runner = this.#run;
    const result = this.#chain.then(async () => {
      if (this.hooks.before.length) {
        const hooks = this.hooks.before.splice(0);
        for (const h of hooks) await call(h, this);
      }
      return runner.runCase({ kind: 'test', name, fn, options }, `${this.fullName} > ${name}`, this.hooks.beforeEach, this.hooks.afterEach);
    });
    this.#chain = result.catch(() => {});
    this.subtests.push(result.catch(() => false));
    return result.then(() => undefined);
  }
}

class Runner {
  #nextId = 0;
  /** The test whose function is running: an uncaught error or rejection now fails it. */
  current: ((err: unknown) => void) | null = null;
  constructor(
    readonly reporter: Reporter,
    readonly clock: Clock,
  ) {}

  newId(): number {
    return this.#nextId++;
  }

  /** Runs one test with the beforeEach/afterEach hooks around it; resolves true when it passed or was skipped. */
  async runCase(c: Case, fullName: string, beforeEach: Fn[], afterEach: Fn[]): Promise<boolean> {
    const id = this.newId();
    this.reporter.begin(id, fullName);
    const skip = c.options.skip;
    if (skip !== undefined && skip !== false) {
      this.reporter.end(id, 'skip', 0);
      return true;
    }
    const controller = new AbortController();
    const t = new TestContext(c.name, fullName, controller.signal, this);
    const start = this.clock.now();
    let error: unknown;
    let failed = false;
    let timer: unknown;
    const previous = this.current;
    try {
      const body = (async () => {
        for (const h of beforeEach) await call(h, t);
        if (c.fn) await call(c.fn, t);
        const outcomes = await Promise.all(t.subtests);
        const failedSubtests = outcomes.filter((ok) => !ok).length;
        if (failedSubtests) throw new Error(`${failedSubtests} subtest${failedSubtests === 1 ? '' : 's'} failed`);
      })();
      const interrupt = new Promise<never>((_, reject) => {
        this.current = reject;
        const ms = c.options.timeout;
        if (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0) {
          timer = this.clock.setTimeout(() => reject(new Error(`test timed out after ${ms}ms`)), ms);
        }
      });
      await Promise.race([body, interrupt]);
    } catch (e) {
      failed = true;
      error = e;
    } finally {
      this.clock.clearTimeout(timer);
      this.current = previous;
      controller.abort();
    }
    for (let i = afterEach.length - 1; i >= 0; i--) {
      try {
        await call(afterEach[i], t);
      } catch (e) {
        if (!failed) {
          failed = true;
          error = e;
        }
      }
    }
    const ms = this.clock.now() - start;
    const todo = c.options.todo !== undefined && c.options.todo !== false ? c.options.todo : t.todoReason;
    if (failed && todo === false) this.reporter.end(id, 'fail', ms, errorText(error));
    else if (failed) this.reporter.end(id, 'skip', ms, `todo: ${errorText(error)}`);
    // node counts a todo as neither passed nor failed, whether its body passed or not (core/pipeline/test-result.ts).
    else this.reporter.end(id, t.skipReason !== false || todo !== false ? 'skip' : 'pass', ms);
    return !failed || todo !== false;
  }

  /** Reports every test under a suite as failed by the same cause (its before hook). */
  reportAll(s: Suite, prefix: string, status: 'fail', error: string): void {
    for (const child of s.children) {
      const name = prefix ? `${prefix} > ${child.name}` : child.name;
      if (child.kind === 'suite') this.reportAll(child, name, status, error);
      else {
        const id = this.newId();
        this.reporter.begin(id, name);
        this.reporter.end(id, status, 0, error);
      }
    }
  }

  /** A failure that belongs to no test (a suite's body or after hook): reported as a failing test of the suite's name, as node does. */
  failure(name: string, error: unknown, what: string): void {
    const id = this.newId();
    this.reporter.begin(id, name);
    this.reporter.end(id, 'fail', 0, `${what}: ${errorText(error)}`);
  }

  async runSuite(s: Suite, prefix: string, beforeEach: Fn[], afterEach: Fn[]): Promise<void> {
    const label = prefix || '<file>';
    if (s.body) {
      try {
        await s.body;
      } catch (e) {
        s.error = e;
      }
    }
    if (s.error !== undefined) {
      this.failure(label, s.error, 'the suite failed while registering its tests');
      return;
    }
    // node reports a skipped suite as a suite, and none of its tests.
    const skip = s.options.skip;
    if (skip !== undefined && skip !== false) return;
    const ctx = new TestContext(s.name, prefix, new AbortController().signal, this);
    try {
      for (const h of s.hooks.before) await call(h, ctx);
    } catch (e) {
      this.reportAll(s, prefix, 'fail', `before hook failed: ${errorText(e)}`);
      return;
    }
    const each = [...beforeEach, ...s.hooks.beforeEach];
    const eachAfter = [...afterEach, ...s.hooks.afterEach];
    // Tests registered while earlier ones run (node queues them on the same parent) are run too.
    for (let i = 0; i < s.children.length; i++) {
      const child = s.children[i];
      const name = prefix ? `${prefix} > ${child.name}` : child.name;
      if (child.kind === 'suite') await this.runSuite(child, name, each, eachAfter);
      else await this.runCase(child, name, each, eachAfter);
    }
    for (const h of s.hooks.after) {
      try {
        await call(h, ctx);
      } catch (e) {
        this.failure(label, e, 'after hook failed');
      }
    }
  }
}

type TestFn = ((...args: unknown[]) => Promise<void>) & { skip: TestFn; todo: TestFn; only: TestFn };
type SuiteFn = ((...args: unknown[]) => Promise<void>) & { skip: SuiteFn; todo: SuiteFn; only: SuiteFn };

export interface NodeTest {
  test: TestFn;
  it: TestFn;
  describe: SuiteFn;
  suite: SuiteFn;
  before: (fn: Fn) => void;
  after: (fn: Fn) => void;
  beforeEach: (fn: Fn) => void;
  afterEach: (fn: Fn) => void;
  mock: object;
}

/** A registration function and its .skip/.todo/.only, each frozen. */
function variant<T>(make: (extra: Options) => T): T & { skip: T; todo: T; only: T } {
  const base = make({}) as T & { skip: T; todo: T; only: T };
  base.skip = make({ skip: true });
  base.todo = make({ todo: true });
  base.only = make({ only: true });
  for (const v of [base.skip, base.todo, base.only, base]) Object.freeze(v);
  return base;
}

/**
 * A fresh node:test for one test file. `.only` runs like any test, as in node 20 without --test-only.
 * Suites' bodies run as they are declared; tests run when `run()` is called after the file has loaded.
 */
export function createNodeTest(reporter: Reporter, clock: Clock, fileName: string): { api: NodeTest; run(): Promise<void>; uncaught(err: unknown): void } {
  const runner = new Runner(reporter, clock);
  const root: Suite = { kind: 'suite', name: '', parent: null, children: [], hooks: newHooks(), options: {} };
  let current = root;

  const test = variant(
    (extra) =>
      async (...args: unknown[]): Promise<void> => {
        const { name, options, fn } = parseArgs(args, '<anonymous>');
        current.children.push({ kind: 'test', name, fn, options: { ...options, ...extra } });
      },
  ) as unknown as TestFn;

  const describe = variant(
    (extra) =>
      async (...args: unknown[]): Promise<void> => {
        const { name, options, fn } = parseArgs(args, '<anonymous>');
        const s: Suite = { kind: 'suite', name, parent: current, children: [], hooks: newHooks(), options: { ...options, ...extra } };
        current.children.push(s);
        if (!fn) return;
        const outer = current;
        current = s;
        try {
          const r = (fn as (this: unknown) => unknown).call(undefined);
          if (r && typeof (r as Promise<unknown>).then === 'function') s.body = Promise.resolve(r);
        } catch (e) {
          s.error = e;
        } finally {
          current = outer;
        }
      },
  ) as unknown as SuiteFn;

  const hook = (kind: keyof Hooks) => (fn: Fn) => {
    current.hooks[kind].push(fn);
  };
  const mock = new Proxy(
    {},
    {
      get() {
        throw new Error("node:test's mock is not available in the browser sandbox");
      },
    },
  );

  const api: NodeTest = Object.freeze({ test, it: test, describe, suite: describe, before: hook('before'), after: hook('after'), beforeEach: hook('beforeEach'), afterEach: hook('afterEach'), mock });

  return {
    api,
    async run() {
      await runner.runSuite(root, '', [], []);
    },
    uncaught(err) {
      if (runner.current) runner.current(err);
      else runner.failure(fileName, err, 'uncaught error outside any test');
    },
  };
}
