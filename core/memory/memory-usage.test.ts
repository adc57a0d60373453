// memory_usage on a real in-memory SQLite with a controlled clock: upsert, TTL, access counts, ordering, escaping, errors.
import { beforeEach, describe, expect, it } from 'vitest';
import { openMemoryDb, type SqliteDb } from '../../workers/engine/sqlite-db';
import { migrate } from '../db/migrations';
import { createMemoryUsage, escapeLike, MemoryInputError, utf8Length, type MemoryUsageInput, type SearchResult } from './memory-usage';

let db: SqliteDb;
let t: number;
let mem: ReturnType<typeof createMemoryUsage>;

beforeEach(async () => {
  db = await openMemoryDb();
  migrate(db);
  t = 1_700_000_000_000;
  mem = createMemoryUsage(db, () => t);
});

const rowCount = () => Number(db.get<{ n: number }>('SELECT COUNT(*) AS n FROM memory_entries')!.n);

describe('store', () => {
  it('upserts: same key and namespace keeps id and created_at, replaces value', () => {
    const a = mem({ action: 'store', key: 'k', value: 'héllo' });
    expect(a).toMatchObject({ stored: true, size: 6, storage_type: 'sqlite', namespace: 'default', expires_at: null });
    t += 1000;
    const b = mem({ action: 'store', key: 'k', value: 'bye' });
    expect(b).toMatchObject({ id: (a as { id: number }).id, size: 3 });
    expect(rowCount()).toBe(1);
    const r = mem({ action: 'retrieve', key: 'k' });
    expect(r).toMatchObject({ found: true, value: 'bye', entry: { created_at: t - 1000, updated_at: t } });
    // Another namespace is another entry.
    const c = mem({ action: 'store', key: 'k', value: 'x', namespace: 'other' });
    expect((c as { id: number }).id).not.toBe((a as { id: number }).id);
    expect(rowCount()).toBe(2);
  });

  it('keeps metadata and counts UTF-8 bytes', () => {
    mem({ action: 'store', key: 'm', value: '€😀', metadata: { tag: 'x' } });
    expect(mem({ action: 'retrieve', key: 'm' })).toMatchObject({ entry: { metadata: { tag: 'x' } } });
    expect(utf8Length('a€😀')).toBe(1 + 3 + 4);
  });
});

describe('ttl', () => {
  it('expires entries at now + ttl seconds, hides them from every read and purges them', () => {
    mem({ action: 'store', key: 'short', value: 'v', ttl: 10 });
    mem({ action: 'store', key: 'long', value: 'v', ttl: 100 });
    mem({ action: 'store', key: 'forever', value: 'v' });
    t += 9_999;
    expect(mem({ action: 'retrieve', key: 'short' })).toMatchObject({ found: true });
    t += 1;
    expect(mem({ action: 'retrieve', key: 'short' })).toMatchObject({ found: false, value: null });
    expect((mem({ action: 'list' }) as { entries: { key: string }[] }).entries.map((e) => e.key)).toEqual(['forever', 'long']);
    expect((mem({ action: 'search', value: 'short' }) as { count: number }).count).toBe(0);
    expect(mem({ action: 'delete', key: 'short' })).toMatchObject({ deleted: false });
    expect(rowCount()).toBe(2);
  });

  it('re-storing an expired key starts a fresh entry; re-storing without ttl removes expiry', () => {
    mem({ action: 'store', key: 'k', value: 'a', ttl: 1 });
    mem({ action: 'retrieve', key: 'k' });
    t += 2000;
    mem({ action: 'store', key: 'k', value: 'b' });
    expect(mem({ action: 'retrieve', key: 'k' })).toMatchObject({ value: 'b', entry: { access_count: 1, created_at: t, expires_at: null, ttl: null } });
    mem({ action: 'store', key: 'k', value: 'c', ttl: 5 });
    mem({ action: 'store', key: 'k', value: 'd' });
    t += 1_000_000;
    expect(mem({ action: 'retrieve', key: 'k' })).toMatchObject({ found: true, value: 'd' });
  });
});

describe('retrieve', () => {
  it('counts accesses and records when', () => {
    mem({ action: 'store', key: 'k', value: 'v' });
    t += 5;
    mem({ action: 'retrieve', key: 'k' });
    t += 5;
    expect(mem({ action: 'retrieve', key: 'k' })).toMatchObject({ entry: { access_count: 2, accessed_at: t } });
    expect(mem({ action: 'retrieve', key: 'nope' })).toMatchObject({ found: false, entry: null });
  });
});

describe('list', () => {
  it('lists one namespace, newest update first, at most 100', () => {
    for (let i = 0; i < 105; i++) {
      mem({ action: 'store', key: `k${i}`, value: 'v', namespace: 'big' });
      t += 1;
    }
    mem({ action: 'store', key: 'k0', value: 'updated', namespace: 'big' });
    mem({ action: 'store', key: 'elsewhere', value: 'v' });
    const res = mem({ action: 'list', namespace: 'big' }) as { entries: { key: string }[]; count: number };
    expect(res.count).toBe(100);
    expect(res.entries.slice(0, 3).map((e) => e.key)).toEqual(['k0', 'k104', 'k103']);
    expect(res.entries.some((e) => e.key === 'elsewhere')).toBe(false);
  });
});

describe('delete', () => {
  it('reports whether something was deleted', () => {
    mem({ action: 'store', key: 'k', value: 'v' });
    expect(mem({ action: 'delete', key: 'k', namespace: 'other' })).toMatchObject({ deleted: false });
    expect(mem({ action: 'delete', key: 'k' })).toMatchObject({ deleted: true });
    expect(mem({ action: 'delete', key: 'k' })).toMatchObject({ deleted: false });
    expect(rowCount()).toBe(0);
  });
});

describe('search', () => {
  it('matches keys or values, within a namespace or across all, ordered by access_count then updated_at', () => {
    mem({ action: 'store', key: 'apple', value: 'fruit', namespace: 'a' });
    t += 1;
    mem({ action: 'store', key: 'car', value: 'not an apple', namespace: 'a' });
    t += 1;
    mem({ action: 'store', key: 'pineapple', value: 'x', namespace: 'b' });
    t += 1;
    mem({ action: 'store', key: 'zzz', value: 'nothing', namespace: 'a' });
    mem({ action: 'retrieve', key: 'apple', namespace: 'a' });
    const all = mem({ action: 'search', value: 'apple' }) as { results: { key: string }[] };
    // apple has one access; the others none, newest update first.
    expect(all.results.map((e) => e.key)).toEqual(['apple', 'pineapple', 'car']);
    const inA = mem({ action: 'search', value: 'apple', namespace: 'a' }) as { results: { key: string }[] };
    expect(inA.results.map((e) => e.key)).toEqual(['apple', 'car']);
  });

  it('treats %, _ and \\ literally and caps results at 50', () => {
    mem({ action: 'store', key: '100%', value: 'v' });
    mem({ action: 'store', key: '1000', value: 'v' });
    mem({ action: 'store', key: 'a_b', value: 'v' });
    mem({ action: 'store', key: 'axb', value: 'v' });
    mem({ action: 'store', key: 'back\\slash', value: 'v' });
    const keys = (q: string) => (mem({ action: 'search', value: q }) as { results: { key: string }[] }).results.map((e) => e.key);
    expect(keys('0%')).toEqual(['100%']);
    expect(keys('a_b')).toEqual(['a_b']);
    expect(keys('k\\s')).toEqual(['back\\slash']);
    expect(escapeLike('a%b_c\\')).toBe('a\\%b\\_c\\\\');
    for (let i = 0; i < 60; i++) mem({ action: 'store', key: `many${i}`, value: 'v' });
    expect((mem({ action: 'search', value: 'many' }) as { count: number }).count).toBe(50);
  });
});

function fails(input: unknown, field: string, msg: RegExp): void {
  let err: unknown;
  try { mem(input as MemoryUsageInput); } catch (e) { err = e; }
  expect(err).toBeInstanceOf(MemoryInputError);
  expect((err as MemoryInputError).field).toBe(field);
  expect((err as Error).message).toMatch(msg);
}

describe('input errors', () => {
  it('names the field at fault', () => {
    fails({ action: 'explode' }, 'action', /must be one of store, retrieve, list, delete, search/);
    fails({}, 'action', /action/);
    fails(null, 'request', /object/);
    fails({ action: 'store', value: 'v' }, 'key', /key is required/);
    fails({ action: 'store', key: '', value: 'v' }, 'key', /empty/);
    fails({ action: 'store', key: 'k' }, 'value', /value is required/);
    fails({ action: 'store', key: 'k', value: 3 }, 'value', /string/);
    fails({ action: 'store', key: 'k', value: 'v', ttl: -1 }, 'ttl', /positive/);
    fails({ action: 'store', key: 'k', value: 'v', ttl: Number.NaN }, 'ttl', /finite/);
    fails({ action: 'store', key: 'k', value: 'v', namespace: 4 }, 'namespace', /string/);
    fails({ action: 'store', key: 'k', value: 'v', metadata: [1] }, 'metadata', /object/);
    fails({ action: 'retrieve' }, 'key', /required/);
    fails({ action: 'delete' }, 'key', /required/);
    fails({ action: 'search' }, 'value', /required/);
    expect(rowCount()).toBe(0);
  });
});

describe('rewrites within one millisecond', () => {
  it('moves updated_at strictly forward on every rewrite, so derived data can tell versions apart', () => {
    mem({ action: 'store', key: 'k', value: 'a' });
    mem({ action: 'store', key: 'k', value: 'b' });
    mem({ action: 'store', key: 'k', value: 'c' });
    expect(mem({ action: 'retrieve', key: 'k' })).toMatchObject({ value: 'c', entry: { created_at: t, updated_at: t + 2 } });
    // A later clock wins over the bumped value again.
    t += 1000;
    mem({ action: 'store', key: 'k', value: 'd' });
    expect(mem({ action: 'retrieve', key: 'k' })).toMatchObject({ entry: { updated_at: t } });
  });

  it('counts UTF-8 bytes of surrogate pairs and lone surrogates as encoders write them', () => {
    expect(utf8Length('😀')).toBe(4);
    expect(utf8Length('\ud800x')).toBe(3 + 1);
    expect(utf8Length('x\udc00')).toBe(1 + 3);
    expect(utf8Length('é€')).toBe(2 + 3);
    expect(utf8Length('')).toBe(0);
  });
});

/** Rows written by every statement so far on this connection. */
const changes = () => Number(db.get<{ n: number }>('SELECT total_changes() AS n')!.n);
const stored = (key: string) => db.get<{ access_count: number; accessed_at: number }>('SELECT access_count, accessed_at FROM memory_entries WHERE key = ?', [key]);

describe('deferred access counts (deferAccess)', () => {
  let flushes: (() => void)[];
  let deferred: ReturnType<typeof createMemoryUsage>;

  beforeEach(() => {
    flushes = [];
    deferred = createMemoryUsage(db, () => t, undefined, (flush) => flushes.push(flush));
    deferred({ action: 'store', key: 'a', value: 'x1' });
    deferred({ action: 'store', key: 'b', value: 'x2' });
  });

  it('a retrieve writes nothing; it reports the count it will have, and the host is asked once to flush', () => {
    const before = changes();
    t += 10;
    expect(deferred({ action: 'retrieve', key: 'a' })).toMatchObject({ found: true, entry: { access_count: 1, accessed_at: t } });
    t += 10;
    expect(deferred({ action: 'retrieve', key: 'a' })).toMatchObject({ entry: { access_count: 2, accessed_at: t } });
    expect(deferred({ action: 'retrieve', key: 'b' })).toMatchObject({ entry: { access_count: 1 } });
    expect(deferred({ action: 'retrieve', key: 'nope' })).toMatchObject({ found: false });
    expect(changes()).toBe(before);
    expect(stored('a')).toEqual({ access_count: 0, accessed_at: t - 20 });
    // list shows the pending counts too.
    expect(deferred({ action: 'list' })).toMatchObject({ entries: [{ key: 'b', access_count: 1 }, { key: 'a', access_count: 2, accessed_at: t }] });
    expect(flushes).toHaveLength(1);
    flushes[0]();
    expect(stored('a')).toEqual({ access_count: 2, accessed_at: t });
    expect(stored('b')).toMatchObject({ access_count: 1 });
    // Flushed counts are not added twice, and the next retrieve asks for a new flush.
    expect(deferred({ action: 'retrieve', key: 'a' })).toMatchObject({ entry: { access_count: 3 } });
    expect(flushes).toHaveLength(2);
  });

  it('the next store, delete or search writes pending counts in its own transaction', () => {
    deferred({ action: 'retrieve', key: 'a' });
    deferred({ action: 'store', key: 'c', value: 'x3' });
    expect(stored('a')).toMatchObject({ access_count: 1 });
    deferred({ action: 'retrieve', key: 'b' });
    deferred({ action: 'retrieve', key: 'b' });
    // search orders by access_count, so it sees them written.
    expect((deferred({ action: 'search', value: 'x' }) as SearchResult).results.map((e) => [e.key, e.access_count])).toEqual([['b', 2], ['a', 1], ['c', 0]]);
    expect(stored('b')).toMatchObject({ access_count: 2 });
    deferred({ action: 'retrieve', key: 'c' });
    deferred({ action: 'delete', key: 'a' });
    expect(stored('c')).toMatchObject({ access_count: 1 });
    // A flush with nothing pending (or for an entry deleted since) writes nothing.
    const before = changes();
    for (const f of flushes) f();
    expect(changes()).toBe(before);
  });

  it('keeps the pending counts when the write that carried them fails, and writes them later', () => {
    deferred({ action: 'retrieve', key: 'a' });
    db.exec("CREATE TEMP TRIGGER boom BEFORE INSERT ON memory_entries BEGIN SELECT RAISE(ABORT, 'boom'); END");
    expect(() => deferred({ action: 'store', key: 'c', value: '3' })).toThrow(/boom/);
    expect(stored('a')).toMatchObject({ access_count: 0 });
    db.exec('DROP TRIGGER boom');
    flushes[0]();
    expect(stored('a')).toMatchObject({ access_count: 1 });
  });

  it('what a crash before the flush loses is the access counts and times, nothing else', () => {
    deferred({ action: 'retrieve', key: 'a' });
    deferred({ action: 'store', key: 'a', value: 'new' });
    deferred({ action: 'retrieve', key: 'b' });
    // A new instance over the same database sees what a reload after a crash would: b's retrieve was never written.
    const after = createMemoryUsage(db, () => t);
    expect(after({ action: 'list' })).toMatchObject({ entries: [{ key: 'a', value: 'new', access_count: 1 }, { key: 'b', access_count: 0 }] });
  });

  it('a retrieve does not see an expired entry, without writing to purge it', () => {
    deferred({ action: 'store', key: 'e', value: 'x', ttl: 1 });
    const before = changes();
    t += 1000;
    expect(deferred({ action: 'retrieve', key: 'e' })).toMatchObject({ found: false });
    expect(changes()).toBe(before);
    // The next write purges it.
    deferred({ action: 'store', key: 'f', value: 'y' });
    expect(rowCount()).toBe(3);
  });
});
