// The working tier: LRU by estimated bytes, hit/miss counts, eviction order, oversize values refused.
import { describe, expect, it } from 'vitest';
import { inputError } from './test-support';
import { createWorking, DEFAULT_WORKING_BYTES } from './working';

const bytesOf = (key: string, value: unknown) => 2 * (key.length + JSON.stringify(value).length);

describe('createWorking', () => {
  it('defaults to 50 MB and estimates bytes as UTF-16 of key plus JSON of value', () => {
    const w = createWorking();
    expect(w.working_stats()).toEqual({ entries: 0, bytes: 0, capacityBytes: DEFAULT_WORKING_BYTES, hits: 0, misses: 0, evictions: 0 });
    expect(DEFAULT_WORKING_BYTES).toBe(52_428_800);
    const s = w.working_set('task', { goal: 'ship', step: 3 });
    expect(s).toMatchObject({ entries: 1, bytes: bytesOf('task', { goal: 'ship', step: 3 }) });
    w.working_set('task', 'x');
    expect(w.working_stats()).toMatchObject({ entries: 1, bytes: bytesOf('task', 'x') });
  });

  it('counts hits and misses and returns copies', () => {
    const w = createWorking();
    w.working_set('k', { a: [1, 2] });
    const got = w.working_get('k');
    expect(got).toEqual({ found: true, value: { a: [1, 2] } });
    (got.value as { a: number[] }).a.push(3);
    expect(w.working_get('k').value).toEqual({ a: [1, 2] });
    expect(w.working_get('missing')).toEqual({ found: false, value: null });
    expect(w.working_stats()).toMatchObject({ hits: 2, misses: 1 });
    expect(w.working_delete('k')).toBe(true);
    expect(w.working_delete('k')).toBe(false);
    expect(w.working_stats()).toMatchObject({ entries: 0, bytes: 0 });
  });

  it('evicts the least recently used when over capacity; get refreshes recency', () => {
    const per = bytesOf('a', 'xxxx');
    const w = createWorking(3 * per);
    w.working_set('a', 'xxxx');
    w.working_set('b', 'xxxx');
    w.working_set('c', 'xxxx');
    w.working_get('a');
    w.working_set('d', 'xxxx');
    expect(w.working_get('b').found).toBe(false);
    expect(['a', 'c', 'd'].every((k) => w.working_get(k).found)).toBe(true);
    expect(w.working_stats()).toMatchObject({ entries: 3, bytes: 3 * per, evictions: 1 });
    // A larger value evicts as many as it needs.
    w.working_set('big', 'x'.repeat(per - 4));
    expect(w.working_stats().evictions).toBeGreaterThanOrEqual(2);
    expect(w.working_stats().bytes).toBeLessThanOrEqual(3 * per);
  });

  it('refuses a value larger than the whole capacity and keeps what it held', () => {
    const w = createWorking(100);
    w.working_set('k', 'small');
    const err = inputError(() => w.working_set('k', 'x'.repeat(100)));
    expect(err.field).toBe('value');
    expect(err.message).toMatch(/more than the working memory's whole capacity \(100\)/);
    expect(w.working_get('k')).toEqual({ found: true, value: 'small' });
  });

  it('validates', () => {
    const w = createWorking();
    expect(inputError(() => w.working_set('', 1)).field).toBe('key');
    expect(inputError(() => w.working_set('k', undefined)).field).toBe('value');
    expect(inputError(() => w.working_set('k', () => 1)).field).toBe('value');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(inputError(() => w.working_set('k', cyclic)).field).toBe('value');
    expect(() => createWorking(0)).toThrow(RangeError);
  });
});
