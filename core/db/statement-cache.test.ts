// The adapters' statement cache: one statement per SQL string, bounded, least recently used evicted (and handed to evict).
import { describe, expect, it } from 'vitest';
import { StatementCache } from './statement-cache';

describe('StatementCache', () => {
  it('prepares each SQL string once and evicts the least recently used beyond its limit', () => {
    const prepared: string[] = [];
    const evicted: string[] = [];
    const cache = new StatementCache<string>(2, (s) => evicted.push(s));
    const get = (sql: string) => cache.get(sql, () => (prepared.push(sql), `stmt:${sql}`));
    expect(get('a')).toBe('stmt:a');
    get('b');
    expect(get('a')).toBe('stmt:a');
    expect(prepared).toEqual(['a', 'b']);
    // 'b' is now the least recently used.
    get('c');
    expect([cache.size, evicted]).toEqual([2, ['stmt:b']]);
    get('b');
    expect(prepared).toEqual(['a', 'b', 'c', 'b']);
    expect(evicted).toEqual(['stmt:b', 'stmt:a']);
    cache.clear();
    expect([cache.size, evicted]).toEqual([0, ['stmt:b', 'stmt:a', 'stmt:c', 'stmt:b']]);
  });

  it('keeps nothing when prepare throws', () => {
    const cache = new StatementCache<string>(2);
    expect(() => cache.get('bad', () => { throw new Error('syntax error'); })).toThrow(/syntax/);
    expect(cache.size).toBe(0);
  });
});
