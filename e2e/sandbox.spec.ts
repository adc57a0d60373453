// The browser sandbox against the built app: tasks run with real verdicts, and hostile task code reaches no storage, no window, no server, and no other task.
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskFiles, TaskRunResult } from '../core/pipeline/runner';
import { launch, type Session } from './browser';
import { startPreview, type Preview } from './preview';

const ESM = { 'package.json': JSON.stringify({ type: 'module', scripts: { test: 'node --test', lint: 'eslint .' } }) };

/** A task whose one test file starts with node:test's test() and node:assert imported. */
function task(testBody: string, extra: TaskFiles = {}): TaskFiles {
  return { ...ESM, ...extra, 'test/task.test.js': `import { test } from 'node:test';\nimport assert from 'node:assert';\n${testBody}` };
}

/** A task that passes its tests and its lint. */
const CLEAN = task("test('passes', () => assert.ok(true));\n");

function runTask(page: Page, input: unknown): Promise<TaskRunResult> {
  return page.evaluate((i) => (globalThis as unknown as { saflaSandbox: { runTask(i: unknown): Promise<TaskRunResult> } }).saflaSandbox.runTask(i), input);
}

const verdicts = (r: TaskRunResult) => r.test.tests.map((t) => `${t.status} ${t.name}`);

/** Tries each way out from task code and reports how each went: the test fails with the outcomes as JSON. */
const PROBE_HELPERS = `
const outcomes = {};
async function attempt(name, fn) {
  try {
    const v = await fn();
    outcomes[name] = 'allowed: ' + String(v).slice(0, 60);
  } catch (e) {
    outcomes[name] = 'denied: ' + (e && e.name);
  }
}
const report = () => assert.fail('OUTCOMES ' + JSON.stringify(outcomes));
`;

const median = (xs: number[]) => xs.toSorted((a, b) => a - b)[Math.floor(xs.length / 2)];

function outcomes(r: TaskRunResult): Record<string, string> {
  const error = r.test.tests[0]?.error ?? '';
  const at = error.indexOf('OUTCOMES ');
  if (at < 0) throw new Error(`the probe reported nothing: ${JSON.stringify(r.test)}`);
  return JSON.parse(error.slice(at + 'OUTCOMES '.length)) as Record<string, string>;
}

describe('browser sandbox', () => {
  let server: Preview;
  let s: Session;
  let url: string;

  beforeAll(async () => {
    server = await startPreview();
    url = server.url;
    s = await launch();
    await s.page.goto(`${url}#/system`);
    // Every asset (the sandbox's chunks, ESLint) is loaded and precached before anything is counted.
    await s.page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
    await s.page.waitForFunction(() => 'saflaSandbox' in globalThis);
    const t0 = Date.now();
    const warm = await runTask(s.page, { files: CLEAN });
    expect([warm.test.status, warm.lint.status]).toEqual(['pass', 'pass']);
    console.log(`[measure] first task of the page, ESLint loading in the lint sandbox included: ${Date.now() - t0} ms`);
  });
  afterAll(async () => {
    await s?.close();
    await server?.close();
  });

  /** The server's requests while `fn` runs: must stay empty for anything the sandbox does. */
  async function requestsDuring(fn: () => Promise<unknown>): Promise<string[]> {
    const before = server.requests.length;
    await fn();
    // Let anything in flight arrive before counting.
    await s.page.waitForTimeout(500);
    return server.requests.slice(before);
  }

  it('runs a task’s tests and lint, labelled with the runner, and measures it', async () => {
    const { page } = s;
    const files = {
      ...ESM,
      'src/stack.js': 'export class Stack {\n  #items = [];\n  push(x) {\n    this.#items.push(x);\n  }\n  pop() {\n    if (this.#items.length === 0) throw new RangeError(\'empty\');\n    return this.#items.pop();\n  }\n}\nlet unused = 1;\n',
      'test/stack.test.js': [
        "import { describe, it, beforeEach } from 'node:test';",
        "import assert from 'node:assert/strict';",
        "import { Stack } from '../src/stack.js';",
        "describe('Stack', () => {",
        '  let s;',
        '  beforeEach(() => { s = new Stack(); });',
        "  it('pops what was pushed', () => { s.push(1); assert.equal(s.pop(), 1); });",
        "  it('throws when empty', () => { assert.throws(() => s.pop(), RangeError); });",
        "  it('is wrong on purpose', async () => { await Promise.resolve(); assert.deepEqual([s], []); });",
        "  it.skip('later', () => {});",
        '});',
        '',
      ].join('\n'),
    };
    const r = await runTask(page, { files, timeout_ms: 10_000 });
    expect(r.label.runner).toBe('browser-sandbox');
    expect(r.label.engine).toMatch(/^Chromium \d+ worker$/);
    expect(r.label.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(verdicts(r)).toEqual(['pass Stack > pops what was pushed', 'pass Stack > throws when empty', 'fail Stack > is wrong on purpose', 'skip Stack > later']);
    expect(r.test.status).toBe('fail');
    expect(r.test.tests[2].error).toContain('AssertionError');
    expect(r.lint.status).toBe('fail');
    expect(r.lint.messages.map((m) => `${m.file}:${m.line} ${m.ruleId}`).toSorted()).toEqual(['src/stack.js:11 no-unused-vars', 'src/stack.js:11 prefer-const']);
    expect(r.fallback).toBeUndefined();

    // Measured, not asserted: printed for the report.
    const startup: number[] = [];
    for (let i = 0; i < 5; i++) startup.push(await page.evaluate(() => (globalThis as unknown as { saflaSandbox: { startupMs(): Promise<number> } }).saflaSandbox.startupMs()));
    const small = task("test('adds', () => assert.equal(1 + 1, 2));\n");
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) runs.push((await runTask(page, { files: small })).duration_ms);
    console.log(`[measure] sandbox start-up ms (5 runs, median ${median(startup).toFixed(1)}): ${startup.map((x) => x.toFixed(1)).join(', ')}`);
    console.log(`[measure] one small task (tests + lint) ms (5 runs, median ${median(runs).toFixed(1)}): ${runs.map((x) => x.toFixed(1)).join(', ')}`);
  });

  it('runs CommonJS tasks and code that overrides built-in names, and says clearly why a file cannot load', async () => {
    const cjs = await runTask(s.page, {
      files: {
        'lib/sum.js': 'function sum(a, b) {\n  return a + b;\n}\nmodule.exports = { sum };\n',
        'test/sum.test.js': "const { test } = require('node:test');\nconst assert = require('assert');\nconst { sum } = require('../lib/sum');\ntest('sums', () => assert.strictEqual(sum(2, 3), 5));\n",
      },
    });
    expect(cjs.test.status).toBe('pass');
    expect(verdicts(cjs)).toEqual(['pass sums']);
    // The built-ins locked before task code runs still let tasks do what node allows on their own objects, and stub Math and Date.
    const overrides = await runTask(s.page, {
      files: task(`
class NotFound extends Error { constructor(m) { super(m); this.name = 'NotFound'; this.message = m + '!'; } }
function Legacy() {}
Legacy.prototype = Object.create(Object.prototype);
Legacy.prototype.constructor = Legacy;
Legacy.prototype.toString = function () { return 'legacy'; };
test('own names over locked built-ins', () => {
  assert.throws(() => { throw new NotFound('x'); }, { name: 'NotFound', message: 'x!' });
  assert.equal(String(new Legacy()), 'legacy');
  Math.random = () => 0.25;
  Date.now = () => 7;
  assert.equal(Math.random() + Date.now(), 7.25);
});
`),
    });
    expect(verdicts(overrides)).toEqual(['pass own names over locked built-ins']);
    const fs = await runTask(s.page, { files: task("import fs from 'node:fs';\ntest('reads', () => fs.readFileSync('x'));\n") });
    expect(fs.test.status).toBe('error');
    expect(fs.test.reason).toContain("'node:fs'");
  });

  it('keeps the app’s IndexedDB, OPFS, Cache Storage, Web Locks and service worker out of reach', async () => {
    const r = await runTask(s.page, {
      files: task(`${PROBE_HELPERS}
test('probe storage', async () => {
  await attempt('indexedDB', () => new Promise((ok, no) => { const q = indexedDB.open('memory'); q.onsuccess = () => ok('open'); q.onerror = () => no(q.error); }));
  await attempt('OPFS', () => navigator.storage.getDirectory());
  await attempt('CacheStorage', () => caches.keys());
  await attempt('WebLocks', () => navigator.locks.request('safla-memory-owner', () => 'held'));
  await attempt('serviceWorker', () => navigator.serviceWorker.getRegistrations());
  await attempt('localStorage', () => localStorage.getItem('x'));
  report();
});
`),
    });
    const o = outcomes(r);
    expect(Object.keys(o)).toHaveLength(6);
    for (const [what, outcome] of Object.entries(o)) expect(`${what} ${outcome}`).toMatch(/ denied: /);
  });

  it('lets no request of task code reach any server', async () => {
    let r: TaskRunResult | undefined;
    const requests = await requestsDuring(async () => {
      r = await runTask(s.page, {
        files: task(`${PROBE_HELPERS}
const U = ${JSON.stringify(url)};
test('probe network', async () => {
  await attempt('fetch', () => fetch(U + 'exfil/fetch?d=secret'));
  await attempt('XMLHttpRequest', () => new Promise((ok, no) => { const x = new XMLHttpRequest(); x.open('POST', U + 'exfil/xhr'); x.onload = () => ok(x.status); x.onerror = () => no(new TypeError('xhr failed')); x.send('secret'); }));
  await attempt('WebSocket', () => new Promise((ok, no) => { const w = new WebSocket(U.replace('http', 'ws') + 'exfil/ws'); w.onopen = () => ok('open'); w.onerror = () => no(new TypeError('ws failed')); }));
  await attempt('EventSource', () => new Promise((ok, no) => { const e = new EventSource(U + 'exfil/es'); e.onopen = () => ok('open'); e.onerror = () => { e.close(); no(new TypeError('es failed')); }; }));
  await attempt('sendBeacon', () => navigator.sendBeacon(U + 'exfil/beacon', 'secret'));
  await attempt('Image', () => { const i = new Image(); i.src = U + 'exfil/img'; return 'src set'; });
  await attempt('import()', () => import(U + 'exfil/module.js'));
  await attempt('importScripts', () => importScripts(U + 'exfil/script.js'));
  await attempt('Worker', () => new Worker(U + 'exfil/worker.js'));
  await attempt('form', () => { const f = document.createElement('form'); f.action = U + 'exfil/form'; f.submit(); return 'submitted'; });
  report();
});
`),
      });
    });
    const o = outcomes(r!);
    expect(Object.keys(o)).toHaveLength(10);
    for (const [what, outcome] of Object.entries(o)) expect(`${what} ${outcome}`).toMatch(/ denied: /);
    expect(requests).toEqual([]);
  });

  it('stops the sandbox document too, should code ever run there: no request, no form, no popup, no navigation', async () => {
    const { page } = s;
    // The lint sandbox is the one that stays; code evaluated in it stands for code that escaped the worker.
    const frame = page.frames().find((f) => f.url() === 'about:srcdoc');
    expect(frame).toBeDefined();
    const start = page.url();
    let result: Record<string, string> = {};
    const requests = await requestsDuring(async () => {
      result = await frame!.evaluate(async (U) => {
        const out: Record<string, string> = {};
        const attempt = async (name: string, fn: () => unknown) => {
          try {
            out[name] = `allowed: ${String(await fn())}`;
          } catch (e) {
            out[name] = `denied: ${(e as Error).name}`;
          }
        };
        await attempt('fetch', () => fetch(`${U}exfil/doc-fetch`));
        await attempt('image', () => new Promise((ok, no) => Object.assign(new Image(), { onload: ok, onerror: () => no(new TypeError('img failed')), src: `${U}exfil/doc-img` })));
        await attempt('top navigation', () => {
          (top as Window).location.href = `${U}exfil/top`;
        });
        await attempt('parent document', () => (parent as Window).document.title);
        await attempt('storage', () => indexedDB.open('x'));
        const form = Object.assign(document.createElement('form'), { action: `${U}exfil/doc-form`, method: 'post' });
        document.body.append(form);
        form.submit();
        window.open(`${U}exfil/popup`);
        return out;
      }, url);
      // The document navigating itself: the app page's frame-src refuses it before any request.
      await frame!.evaluate((U) => void (location.href = `${U}exfil/self-navigation?d=secret`), url).catch(() => {});
    });
    expect(result.fetch).toMatch(/^denied/);
    expect(result.image).toMatch(/^denied/);
    expect(result['top navigation']).toBe('denied: SecurityError');
    expect(result['parent document']).toBe('denied: SecurityError');
    expect(result.storage).toBe('denied: SecurityError');
    expect(requests).toEqual([]);
    expect(page.url()).toBe(start);
    expect(s.context.pages()).toHaveLength(1);
    // The lint sandbox is replaced when it was disturbed; tasks keep running.
    const next = await runTask(page, { files: CLEAN });
    expect([next.test.status, next.lint.status]).toEqual(['pass', 'pass']);
  });

  it('lets the app page frame only StackBlitz and start workers only from itself or blobs', async () => {
    const { page } = s;
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain('frame-src https://stackblitz.com');
    expect(csp).toContain("worker-src 'self' blob:");
    await page.evaluate(() => {
      const seen: string[] = [];
      (globalThis as unknown as { violations: string[] }).violations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
    });
    let worker = '';
    const requests = await requestsDuring(async () => {
      await page.evaluate(() => document.body.append(Object.assign(document.createElement('iframe'), { src: '/index.html?framed' })));
      // A worker from a data: URL: neither the app's nor a blob.
      worker = await page.evaluate(
        () =>
          new Promise<string>((resolve) => {
            const w = new Worker('data:text/javascript,postMessage(1)');
            w.addEventListener('message', () => resolve('started'));
            w.addEventListener('error', () => resolve('refused'));
          }),
      );
    });
    expect(requests).toEqual([]);
    expect(worker).toBe('refused');
    expect((await page.evaluate(() => (globalThis as unknown as { violations: string[] }).violations)).toSorted()).toEqual([`frame-src ${url}index.html?framed`, 'worker-src data']);
  });

  it('cannot read or post to the app’s windows, workers or channels except through the runner', async () => {
    const { page } = s;
    // The app page listens where a forged message could land: window messages and the engine's BroadcastChannel.
    await page.evaluate(() => {
      const got: unknown[] = [];
      (globalThis as unknown as { heardBySafla: unknown[] }).heardBySafla = got;
      addEventListener('message', (e) => got.push(['window', e.data]));
      for (const name of ['safla-memory-engine', 'safla-sandbox']) new BroadcastChannel(name).addEventListener('message', (e) => got.push([name, e.data]));
    });
    const r = await runTask(page, {
      files: task(`${PROBE_HELPERS}
test('probe windows', async () => {
  await attempt('parent', () => parent.postMessage('forged', '*'));
  await attempt('top', () => top.document.title);
  await attempt('opener', () => opener.postMessage('forged', '*'));
  await attempt('SharedWorker', () => new SharedWorker('data:,x'));
  await attempt('serviceWorker', () => navigator.serviceWorker.controller.postMessage('forged'));
  for (const name of ['safla-memory-engine', 'safla-sandbox']) new BroadcastChannel(name).postMessage({ forged: true });
  self.postMessage({ type: 'event', event: { t: 'done' } });
  await new Promise((r) => setTimeout(r, 100));
  report();
});
`),
    });
    const o = outcomes(r);
    for (const [what, outcome] of Object.entries(o)) expect(`${what} ${outcome}`).toMatch(/ denied: /);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (globalThis as unknown as { heardBySafla: unknown[] }).heardBySafla)).toEqual([]);
  });

  it('ends an infinite loop as a timeout within the deadline + 250 ms, and the next task still runs', async () => {
    const { page } = s;
    const timeout = 1000;
    const r = await runTask(page, { files: task("test('spins', () => { for (;;) {} });\n"), timeout_ms: timeout });
    expect(r.test.status).toBe('timeout');
    expect(r.test.reason).toContain(`${timeout} ms`);
    expect(r.test.duration_ms).toBeLessThanOrEqual(timeout + 250);
    expect(await page.locator('iframe[data-safla-sandbox]').count()).toBe(1);
    console.log(`[measure] infinite loop with timeout_ms ${timeout}: ended as timeout after ${r.test.duration_ms.toFixed(1)} ms`);
    const next = await runTask(page, { files: task("test('runs', () => assert.ok(true));\n") });
    expect(next.test.status).toBe('pass');
    // Cancelling a run stops its sandbox at once.
    const cancelled = await page.evaluate(async (files) => {
      const abort = new AbortController();
      setTimeout(() => abort.abort(), 300);
      const sandbox = (globalThis as unknown as { saflaSandbox: { runTask(i: unknown, s: AbortSignal): Promise<unknown> } }).saflaSandbox;
      return sandbox.runTask({ files, timeout_ms: 60_000 }, abort.signal).then(
        () => 'finished',
        (e: Error) => `${e.name} ${document.querySelectorAll('iframe[data-safla-sandbox]').length}`,
      );
    }, task("test('spins', () => { for (;;) {} });\n"));
    expect(cancelled).toBe('AbortError 1');
  });

  it('lets no test file that spoofs results turn a failing task into a pass', async () => {
    const { page } = s;
    const failing = "test('really fails', () => assert.strictEqual(1, 2));\n";
    const spoofs: Record<string, string> = {
      'fake reports posted to self': `
for (const m of [{ t: 'begin', id: 0, name: 'really fails' }, { t: 'end', id: 0, status: 'pass', duration_ms: 1 }, { t: 'done' },
  { type: 'event', id: 1, nonce: '', event: { t: 'done' } }, { type: 'ready', nonce: '' }]) self.postMessage(m);
${failing}`,
      'a rewritten MessagePort.prototype.postMessage': `
const original = MessagePort.prototype.postMessage;
MessagePort.prototype.postMessage = function (m, ...rest) { if (m && m.status === 'fail') m = { ...m, status: 'pass', error: undefined }; return original.call(this, m, ...rest); };
${failing}`,
      'Object.is rewritten (what strictEqual compares with)': `
try { Object.is = () => true; } catch {}
${failing}`,
      'rewritten built-ins the shim uses': `
for (const [o, k, v] of [[Promise.prototype, 'then', function () {}], [Array.prototype, 'push', () => 0], [globalThis, 'Promise', class {}], [assert, 'strictEqual', () => {}], [Object, 'is', () => true]]) {
  try { o[k] = v; } catch {}
}
${failing}`,
      'a fake "done" and an early exit': `
self.postMessage({ t: 'done' });
${failing}
test('closes the worker', () => self.close());`,
      'forged reports from the source under test': `import '../src/evil.js';\n${failing}`,
    };
    for (const [how, body] of Object.entries(spoofs)) {
      const extra = { 'src/evil.js': "for (let i = 0; i < 50; i++) self.postMessage({ t: 'end', id: i, status: 'pass', duration_ms: 0 });\nself.postMessage({ t: 'done' });\n" };
      const r = await runTask(page, { files: task(body, extra), timeout_ms: 3000 });
      console.log(`[spoof] ${how}: ${r.test.status} ${r.test.reason ?? ''} ${JSON.stringify(verdicts(r))}`);
      expect(`${how}: ${r.test.status}`).not.toBe(`${how}: pass`);
      // A worker that closes itself says nothing more: the watchdog ends it as a timeout.
      expect(['fail', 'error', 'timeout']).toContain(r.test.status);
      if (r.test.status === 'fail') expect(r.test.tests.find((t) => t.name === 'really fails')?.status).toBe('fail');
    }
  });

  it('gives each task a fresh sandbox: no globals, timers or prototypes carry over', async () => {
    const { page } = s;
    const first = await runTask(page, {
      files: task(`
globalThis.leaked = 'from task 1';
Math.random = () => 0.5;
setInterval(() => { throw new Error('timer of task 1'); }, 10);
test('leaves things behind', () => assert.equal(globalThis.leaked, 'from task 1'));
`),
    });
    expect(first.test.status).toBe('pass');
    const second = await runTask(page, {
      files: task(`
test('finds nothing of task 1', async () => {
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(globalThis.leaked, undefined);
  assert.notEqual(Math.random(), 0.5);
});
`),
    });
    expect(verdicts(second)).toEqual(['pass finds nothing of task 1']);
  });

  it('falls back from webcontainer to the sandbox offline and without StackBlitz, saying why; node is not-run', async () => {
    const { page, context } = s;
    // No route to StackBlitz's hosted runtime: WebContainer.boot() never settles, as with no network at all.
    await context.route('https://stackblitz.com/**', (route) => route.abort());
    const blocked = await runTask(page, { files: task("test('ok', () => {});\n"), runner: 'webcontainer' });
    expect(blocked.label.runner).toBe('browser-sandbox');
    expect(blocked.fallback?.requested).toBe('webcontainer');
    expect(blocked.fallback?.reason).toMatch(/did not boot within \d+ ms/);
    expect(blocked.test.status).toBe('pass');

    const node = await runTask(page, { files: task("test('ok', () => {});\n"), runner: 'node' });
    expect([node.test.status, node.lint.status, node.label.runner]).toEqual(['not-run', 'not-run', 'node']);
    expect(node.test.reason).toContain('CLI');

    const bad = await page.evaluate(() =>
      (globalThis as unknown as { saflaSandbox: { runTask(i: unknown): Promise<unknown> } }).saflaSandbox.runTask({ files: { '../x.test.js': '' } }).then(
        () => 'accepted',
        (e: Error) => e.message,
      ),
    );
    expect(bad).toContain('files["../x.test.js"]');

    // Offline, after a reload: everything the sandbox needs comes from the service worker's cache.
    await context.setOffline(true);
    try {
      await page.reload();
      await page.waitForFunction(() => 'saflaSandbox' in globalThis);
      const offline = await runTask(page, { files: CLEAN, runner: 'webcontainer' });
      expect(offline.fallback).toEqual({ requested: 'webcontainer', reason: expect.stringContaining('offline') });
      expect([offline.test.status, offline.lint.status]).toEqual(['pass', 'pass']);
    } finally {
      await context.setOffline(false);
    }
  });

  it('ends a memory bomb as an error, and the app survives it', async () => {
    const { page, context } = s;
    // playwright-core takes any crashed frame for a crashed page; the page's own DevTools session sees it as it is.
    const cdp: CDPSession = await context.newCDPSession(page);
    const evaluate = async (expression: string) => (await cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })).result.value as unknown;
    const bomb = task("test('allocates without end', () => { const hoard = []; for (;;) hoard.push(new Array(1e6).fill(1.5)); });\n");
    const r = (await evaluate(`saflaSandbox.runTask(${JSON.stringify({ files: bomb, timeout_ms: 120_000 })})`)) as TaskRunResult;
    expect(r.test.status).toBe('error');
    expect(r.test.reason).toMatch(/process ended|out of memory/);
    expect(await evaluate("document.querySelector('.brand').textContent")).toContain('SAFLA Lab');
    const after = (await evaluate(`saflaSandbox.runTask(${JSON.stringify({ files: CLEAN })})`)) as TaskRunResult;
    expect([after.test.status, after.lint.status]).toEqual(['pass', 'pass']);
    await cdp.detach();
  });
});
