// The app's ledger decides the verdict: only a complete, ordered report can pass; anything forged, missing or out of order is an error.
import { describe, expect, it } from 'vitest';
import { FileLedger, MAX_TESTS, testVerdict, type Interruption } from './ledger';

function ledger(events: unknown[], path = 't.test.js'): FileLedger {
  const l = new FileLedger(path);
  for (const e of events) l.accept(e);
  return l;
}

const ran = (id: number, name: string, status: string, extra: object = {}) => [
  { t: 'begin', id, name },
  { t: 'end', id, status, duration_ms: 1, ...extra },
];

const verdict = (l: FileLedger, interruption?: Interruption) => testVerdict([interruption ? { ledger: l, interruption } : { ledger: l }], 1000, 5);

describe('ledger', () => {
  it('passes a complete report whose tests all pass or skip', () => {
    const v = verdict(ledger([...ran(0, 'a', 'pass'), ...ran(1, 'b', 'skip'), { t: 'done' }]));
    expect(v.status).toBe('pass');
    expect(v.tests.map((t) => `${t.status} ${t.name}`)).toEqual(['pass a', 'skip b']);
  });

  it('fails a complete report with a failing test, keeping its message', () => {
    const v = verdict(ledger([...ran(0, 'a', 'fail', { error: 'AssertionError: 1 !== 2' }), { t: 'done' }]));
    expect(v.status).toBe('fail');
    expect(v.tests[0].error).toBe('AssertionError: 1 !== 2');
  });

  it('nests: a parent ends after its subtests', () => {
    const events = [{ t: 'begin', id: 0, name: 'p' }, ...ran(1, 'p > c', 'pass'), { t: 'end', id: 0, status: 'pass', duration_ms: 2 }, { t: 'done' }];
    expect(verdict(ledger(events)).tests.map((t) => t.name)).toEqual(['p > c', 'p']);
  });

  // Each of these is what a forged or broken report looks like: never a pass.
  const BROKEN: [string, unknown[], RegExp][] = [
    ['a result for a test that never started', [{ t: 'end', id: 0, status: 'pass', duration_ms: 1 }, { t: 'done' }], /had not started/],
    ['a second result for one test', [...ran(0, 'a', 'fail'), { t: 'end', id: 0, status: 'pass', duration_ms: 1 }, { t: 'done' }], /had not started or had already ended/],
    ['one id started twice', [...ran(0, 'a', 'pass'), { t: 'begin', id: 0, name: 'a' }, { t: 'done' }], /started twice/],
    ['done while a test is open', [{ t: 'begin', id: 0, name: 'a' }, { t: 'done' }], /never ended/],
    ['reports after done', [...ran(0, 'a', 'pass'), { t: 'done' }, { t: 'done' }], /after the file had finished/],
    ['an unknown kind', [{ t: 'pass-everything' }], /unknown kind/],
    ['a malformed status', [{ t: 'begin', id: 0, name: 'a' }, { t: 'end', id: 0, status: 'passed', duration_ms: 1 }], /malformed/],
    ['a negative duration', [{ t: 'begin', id: 0, name: 'a' }, { t: 'end', id: 0, status: 'pass', duration_ms: -1 }], /malformed/],
    ['a non-object', ['done'], /unknown kind/],
    ['the runtime failing', [{ t: 'fatal', message: 'boom' }], /runtime failed: boom/],
  ];
  for (const [what, events, reason] of BROKEN) {
    it(`is an error, not a pass: ${what}`, () => {
      const v = verdict(ledger(events));
      expect(v.status).toBe('error');
      expect(v.reason).toMatch(reason);
    });
  }

  it('is an error when the file never said done', () => {
    const v = verdict(ledger(ran(0, 'a', 'pass')));
    expect(v.status).toBe('error');
    expect(v.reason).toContain('ended without finishing');
  });

  it('reports a file that did not load as an error with its message', () => {
    const v = verdict(ledger([{ t: 'file-error', message: "SyntaxError: t.test.js: Unexpected token (1:4)" }]));
    expect([v.status, v.reason]).toEqual(['error', 'SyntaxError: t.test.js: Unexpected token (1:4)']);
  });

  const partial = () => ledger(ran(0, 'a', 'pass'));

  it('says timeout, crash and worker errors apart, keeping the results gathered so far', () => {
    expect(verdict(partial(), { kind: 'timeout' })).toMatchObject({ status: 'timeout', reason: expect.stringContaining('1000 ms'), tests: [{ name: 'a' }] });
    expect(verdict(partial(), { kind: 'crash' })).toMatchObject({ status: 'error', reason: expect.stringContaining('out of memory') });
    expect(verdict(partial(), { kind: 'worker-error', message: 'Uncaught x' })).toMatchObject({ status: 'error', reason: 't.test.js: Uncaught x' });
  });

  it('does not pass files that define no tests', () => {
    expect(verdict(ledger([{ t: 'done' }]))).toMatchObject({ status: 'error', reason: 'the test files define no tests' });
  });

  it('stops a runaway report', () => {
    const l = new FileLedger('t.test.js');
    for (let i = 0; i <= MAX_TESTS; i++) l.accept({ t: 'begin', id: i, name: 'x' });
    expect(l.problem).toContain(`more than ${MAX_TESTS}`);
  });

  it('combines files: one failing file fails the task, one broken file makes it an error', () => {
    const good = ledger([...ran(0, 'a', 'pass'), { t: 'done' }], 'a.test.js');
    const failing = ledger([...ran(0, 'b', 'fail'), { t: 'done' }], 'b.test.js');
    const broken = ledger([{ t: 'done' }, { t: 'done' }], 'c.test.js');
    expect(testVerdict([{ ledger: good }, { ledger: failing }], 1000, 1).status).toBe('fail');
    expect(testVerdict([{ ledger: good }, { ledger: broken }], 1000, 1).status).toBe('error');
  });
});
