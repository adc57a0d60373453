// Parsing node:test events (as the reporter writes them) into per-test results.
import { describe, expect, it } from 'vitest';
import { parseReporterLines, testsFromEvents, type ReporterEvent } from './node-test-events';

const F = '/tmp/safla-task-x/task/test/a.test.js';
const G = '/tmp/safla-task-x/task/test/b.test.js';
const ROOT = '/tmp/safla-task-x/task';

// The order node 20 reports them in: starts in declaration order, each result after its children.
const events: ReporterEvent[] = [
  { type: 'test:start', name: 'add', nesting: 0, file: F },
  { type: 'test:start', name: 'adds', nesting: 1, file: F },
  { type: 'test:pass', name: 'adds', nesting: 1, file: F, duration_ms: 0.5 },
  { type: 'test:start', name: 'fails', nesting: 1, file: F },
  { type: 'test:fail', name: 'fails', nesting: 1, file: F, duration_ms: 0.9, failureType: 'testCodeFailure', error: 'Expected values to be strictly equal:\n\n3 !== 4\n' },
  { type: 'test:start', name: 'nested', nesting: 1, file: F },
  { type: 'test:start', name: 'throws', nesting: 2, file: F },
  { type: 'test:pass', name: 'throws', nesting: 2, file: F, duration_ms: 0.3 },
  { type: 'test:pass', name: 'nested', nesting: 1, file: F, suite: true, duration_ms: 0.4 },
  { type: 'test:fail', name: 'add', nesting: 0, file: F, suite: true, failureType: 'subtestsFailed', error: '1 subtest failed' },
  { type: 'test:start', name: 'top', nesting: 0, file: F },
  { type: 'test:pass', name: 'top', nesting: 0, file: F, duration_ms: 0.1 },
  { type: 'test:start', name: 'later', nesting: 0, file: F },
  { type: 'test:pass', name: 'later', nesting: 0, file: F, skip: true, duration_ms: 0 },
  { type: 'test:start', name: 'todo passing', nesting: 0, file: F },
  { type: 'test:pass', name: 'todo passing', nesting: 0, file: F, todo: true, duration_ms: 0.2 },
  { type: 'test:start', name: 'todo failing', nesting: 0, file: F },
  { type: 'test:fail', name: 'todo failing', nesting: 0, file: F, todo: true, duration_ms: 0.2, failureType: 'testCodeFailure', error: '1 == 2' },
  { type: 'test:start', name: 'broken hook', nesting: 0, file: F },
  { type: 'test:fail', name: 'broken hook', nesting: 0, file: F, suite: true, failureType: 'hookFailed', error: 'before hook threw' },
  { type: 'test:stderr', file: G, message: 'file:///tmp/safla-task-x/task/test/b.test.js:2\n' },
  { type: 'test:stderr', file: G, message: "SyntaxError: The requested module '../src/a.js' does not provide an export named 'nope'\n" },
  { type: 'test:stderr', file: G, message: '    at ModuleJob._instantiate (node:internal/modules/esm/module_job:213:21)\n' },
  { type: 'test:fail', name: G, nesting: 0, file: G, failureType: 'testCodeFailure', error: 'test failed' },
];

describe('testsFromEvents', () => {
  it('gives each test its suite path, status, time and error; suites only when they failed on their own', () => {
    const { tests } = testsFromEvents(events, ROOT);
    expect(tests).toEqual([
      { name: 'add > adds', status: 'pass', duration_ms: 0.5 },
      { name: 'add > fails', status: 'fail', duration_ms: 0.9, error: 'Expected values to be strictly equal:\n\n3 !== 4\n' },
      { name: 'add > nested > throws', status: 'pass', duration_ms: 0.3 },
      { name: 'top', status: 'pass', duration_ms: 0.1 },
      { name: 'later', status: 'skip', duration_ms: 0 },
      { name: 'todo passing', status: 'skip', duration_ms: 0.2 },
      { name: 'todo failing', status: 'skip', duration_ms: 0.2, error: 'todo: 1 == 2' },
      { name: 'broken hook', status: 'fail', duration_ms: 0, error: 'before hook threw' },
    ]);
  });

  it('reports a test file that could not load, with what node printed, stack frames left out', () => {
    expect(testsFromEvents(events, ROOT).loadErrors).toEqual([{
      file: 'test/b.test.js',
      error: "file:///tmp/safla-task-x/task/test/b.test.js:2\nSyntaxError: The requested module '../src/a.js' does not provide an export named 'nope'",
    }]);
  });

  it('reads JSON lines, skipping a line cut off by a kill', () => {
    const text = `${JSON.stringify(events[0])}\n${JSON.stringify(events[1])}\n{"type":"test:pa`;
    expect(parseReporterLines(text)).toEqual([events[0], events[1]]);
  });
});
