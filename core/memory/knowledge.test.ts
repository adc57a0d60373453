// The semantic tier on a real in-memory SQLite: upsert, confidence, hierarchy rules (parents must exist, no cycles, no orphaning), similarity.
import { beforeEach, describe, expect, it } from 'vitest';
import { openMemoryDb } from '../../workers/engine/sqlite-db';
import type { Db } from '../db/db';
import type { MemoryApi } from './api';
import { count, inputError, manualClock, memoryOn } from './test-support';

let db: Db;
let clock: ReturnType<typeof manualClock>;
let mem: MemoryApi;

beforeEach(async () => {
  ({ db, clock, mem } = memoryOn(await openMemoryDb()));
});

describe('knowledge_put / get', () => {
  it('stores facts and rules, upserts by key keeping id and created_at, defaults confidence to 1', () => {
    const a = mem.knowledge_put({ key: 'water', kind: 'fact', content: 'water boils at 100 C at sea level' });
    expect(a).toMatchObject({ key: 'water', kind: 'fact', confidence: 1, parent: null, source: null, created_at: clock.now(), updated_at: clock.now() });
    clock.advance(500);
    const b = mem.knowledge_put({ key: 'water', kind: 'rule', content: 'boil water before drinking', confidence: 0.8, source: 'manual' });
    expect(b).toMatchObject({ id: a.id, kind: 'rule', confidence: 0.8, source: 'manual', created_at: a.created_at, updated_at: clock.now() });
    expect(mem.knowledge_get('water')).toEqual(b);
    expect(mem.knowledge_get('nope')).toBeNull();
  });

  it('keeps items permanently (no TTL)', () => {
    mem.knowledge_put({ key: 'k', kind: 'fact', content: 'c' });
    clock.advance(365 * 24 * 3600 * 1000);
    mem.memory_stats();
    expect(mem.knowledge_get('k')).not.toBeNull();
  });

  it('rejects bad input', () => {
    expect(inputError(() => mem.knowledge_put({ key: '', kind: 'fact', content: 'c' })).field).toBe('key');
    expect(inputError(() => mem.knowledge_put({ key: 'k', kind: 'opinion' as never, content: 'c' })).field).toBe('kind');
    expect(inputError(() => mem.knowledge_put({ key: 'k', kind: 'fact', content: 'c', confidence: 1.5 })).field).toBe('confidence');
    expect(inputError(() => mem.knowledge_put({ key: 'k', kind: 'fact', content: 'c', confidence: Number.NaN })).field).toBe('confidence');
    expect(inputError(() => mem.knowledge_put({ key: 'k', kind: 'fact', content: '' })).field).toBe('content');
    expect(inputError(() => mem.knowledge_get(3 as never)).field).toBe('key');
    expect(count(db, 'semantic_memory')).toBe(0);
  });
});

describe('hierarchy', () => {
  beforeEach(() => {
    mem.knowledge_put({ key: 'animal', kind: 'fact', content: 'a living organism that moves' });
    mem.knowledge_put({ key: 'mammal', kind: 'fact', content: 'an animal with fur that nurses young', parent: 'animal' });
    mem.knowledge_put({ key: 'bird', kind: 'fact', content: 'an animal with feathers', parent: 'animal' });
    mem.knowledge_put({ key: 'cat', kind: 'fact', content: 'a small mammal', parent: 'mammal' });
  });

  it('lists direct children by key', () => {
    expect(mem.knowledge_children('animal').map((i) => i.key)).toEqual(['bird', 'mammal']);
    expect(mem.knowledge_children('cat')).toEqual([]);
  });

  it('requires the parent to exist and refuses cycles', () => {
    const missing = inputError(() => mem.knowledge_put({ key: 'x', kind: 'fact', content: 'c', parent: 'ghost' }));
    expect(missing.field).toBe('parent');
    expect(missing.message).toMatch(/does not exist/);
    expect(inputError(() => mem.knowledge_put({ key: 'animal', kind: 'fact', content: 'c', parent: 'cat' })).message).toMatch(/own ancestor/);
    expect(inputError(() => mem.knowledge_put({ key: 'cat', kind: 'fact', content: 'c', parent: 'cat' })).message).toMatch(/own ancestor/);
    expect(mem.knowledge_get('animal')!.parent).toBeNull();
  });

  it('refuses to delete a parent with children; deletes leaves, then the emptied parent', () => {
    const err = inputError(() => mem.knowledge_delete('animal'));
    expect(err.message).toMatch(/has 2 child item/);
    expect(mem.knowledge_get('animal')).not.toBeNull();
    expect(mem.knowledge_delete('cat')).toBe(true);
    expect(mem.knowledge_delete('cat')).toBe(false);
    expect(mem.knowledge_delete('mammal')).toBe(true);
    // Re-parenting the last child frees the parent.
    mem.knowledge_put({ key: 'bird', kind: 'fact', content: 'an animal with feathers', parent: null });
    expect(mem.knowledge_delete('animal')).toBe(true);
  });
});

describe('knowledge_similar', () => {
  it('ranks items by similarity of key + content, indexed lazily and kept current', () => {
    mem.knowledge_put({ key: 'gradient descent', kind: 'rule', content: 'lower the learning rate when the loss oscillates' });
    mem.knowledge_put({ key: 'sqlite wal', kind: 'fact', content: 'write-ahead logging lets readers run during writes' });
    mem.knowledge_put({ key: 'cats', kind: 'fact', content: 'cats sleep most of the day' });
    const hits = mem.knowledge_similar({ query: 'the loss oscillates: learning rate too high?', k: 2 });
    expect(hits).toHaveLength(2);
    expect(hits[0].item.key).toBe('gradient descent');
    expect(hits[0].score).toBeGreaterThan(hits[1].score);
    mem.knowledge_put({ key: 'cats', kind: 'fact', content: 'the learning rate of cats oscillates wildly when loss happens' });
    expect(mem.knowledge_similar({ query: 'cats learning rate oscillates', k: 1 })[0].item.key).toBe('cats');
    mem.knowledge_delete('cats');
    expect(mem.knowledge_similar({ query: 'cats', k: 5 }).map((h) => h.item.key)).not.toContain('cats');
    expect(db.get("SELECT COUNT(*) AS n FROM vector_memory WHERE source = 'knowledge'")).toEqual({ n: 2 });
  });

  it('keeps knowledge vectors apart from entries of any namespace', () => {
    mem.memory_usage({ action: 'store', namespace: 'semantic', key: 'cats', value: 'entry text' });
    mem.knowledge_put({ key: 'cats', kind: 'fact', content: 'cats sleep' });
    expect(mem.knowledge_similar({ query: 'cats sleep' })[0].item.content).toBe('cats sleep');
    expect(mem.memory_semantic_search({ query: 'cats' }).results.map((h) => h.value)).toEqual(['entry text']);
  });

  it('validates', () => {
    expect(inputError(() => mem.knowledge_similar({ query: '' })).field).toBe('query');
    expect(inputError(() => mem.knowledge_similar({ query: 'x', k: 0 })).field).toBe('k');
    expect(mem.knowledge_similar({ query: '!!!' })).toEqual([]);
  });
});
