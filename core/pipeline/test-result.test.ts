// One test's result as node counts it: pass, fail with its error, skip and todo both 'skip', a non-finite time 0, a long error cut.
import { describe, expect, it } from 'vitest';
import { clipError, testResult } from './test-result';

describe('testResult', () => {
  it('joins the suite path and keeps a failure\'s error', () => {
    expect(testResult(['suite', 'inner', 'adds'], { failed: false, duration_ms: 1.5 })).toEqual({ name: 'suite > inner > adds', status: 'pass', duration_ms: 1.5 });
    expect(testResult(['x'], { failed: true, duration_ms: 2, error: '1 !== 2' })).toEqual({ name: 'x', status: 'fail', duration_ms: 2, error: '1 !== 2' });
    expect(testResult(['x'], { failed: true })).toEqual({ name: 'x', status: 'fail', duration_ms: 0, error: 'failed' });
  });

  it('counts skip and todo as neither passed nor failed, keeping why a todo failed', () => {
    expect(testResult(['x'], { failed: false, skip: true }).status).toBe('skip');
    expect(testResult(['x'], { failed: false, todo: true })).toEqual({ name: 'x', status: 'skip', duration_ms: 0 });
    expect(testResult(['x'], { failed: true, todo: true, error: 'nope' })).toEqual({ name: 'x', status: 'skip', duration_ms: 0, error: 'todo: nope' });
  });

  it('reads a time that is not a finite number as 0 and cuts an error past 2,000 characters', () => {
    expect(testResult(['x'], { failed: false, duration_ms: Number.NaN }).duration_ms).toBe(0);
    expect(testResult(['x'], { failed: false, duration_ms: '3' }).duration_ms).toBe(0);
    const long = testResult(['x'], { failed: true, error: 'e'.repeat(5000) }).error!;
    expect([long.length, long.endsWith('…')]).toEqual([2000, true]);
    expect(clipError('short')).toBe('short');
  });
});
