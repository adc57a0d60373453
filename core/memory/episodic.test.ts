// The episodic tier on a real in-memory SQLite: capacity eviction, TTL, persisted config, seeded replay and its distributions.
import { beforeEach, describe, expect, it } from 'vitest';
import { openMemoryDb } from '../../workers/engine/sqlite-db';
import type { Db } from '../db/db';
import { migrate } from '../db/migrations';
import type { MemoryApi } from './api';
import { sampleIndices } from './episodic';
import { createMemory } from './memory';
import { createRng } from '../random';
import { count, inputError, manualClock, memoryOn } from './test-support';

let db: Db;
let clock: ReturnType<typeof manualClock>;
let mem: MemoryApi;

beforeEach(async () => {
  ({ db, clock, mem } = memoryOn(await openMemoryDb()));
});

describe('episode_record', () => {
  it('records an event with JSON context and outcome, defaults content, session and time', () => {
    const r = mem.episode_record({ action: 'train', context: { lr: 0.01, tags: ['a'] }, outcome: { ok: true } });
    expect(r).toMatchObject({ action: 'episode_record', evicted: 0 });
    expect(mem.episode_recent()).toEqual([{
      id: r.id, session_id: 'default', action: 'train', context: { lr: 0.01, tags: ['a'] }, outcome: { ok: true },
      content: 'train', timestamp: clock.now(), expires_at: clock.now() + 7 * 24 * 3600 * 1000,
    }]);
  });

  it('evicts the oldest beyond capacity', () => {
    mem.episodic_configure({ capacity: 3 });
    const ids = [];
    for (let i = 0; i < 5; i++) {
      const r = mem.episode_record({ action: `e${i}` });
      ids.push(r.id);
      expect(r.evicted).toBe(i < 3 ? 0 : 1);
      clock.advance(10);
    }
    expect(mem.episode_recent(10).map((e) => e.action)).toEqual(['e4', 'e3', 'e2']);
  });

  it('hides and purges events older than the TTL, counted from their timestamp', () => {
    mem.episodic_configure({ ttlSeconds: 60 });
    mem.episode_record({ action: 'old' });
    clock.advance(30_000);
    mem.episode_record({ action: 'new' });
    clock.advance(30_000);
    expect(mem.episode_recent().map((e) => e.action)).toEqual(['new']);
    expect(count(db, 'episodic_memory')).toBe(1);
    expect(mem.episode_replay({ k: 5, seed: 1 }).population).toBe(1);
    mem.episodic_configure({ ttlSeconds: null });
    mem.episode_record({ action: 'ancient', timestamp: 5 });
    expect(mem.episode_recent().map((e) => e.action)).toEqual(['new', 'ancient']);
    expect(mem.episode_recent()[1].expires_at).toBeNull();
  });

  it('rejects bad input', () => {
    expect(inputError(() => mem.episode_record({ action: '' })).field).toBe('action');
    expect(inputError(() => mem.episode_record({ action: 'a', timestamp: -1 })).field).toBe('timestamp');
    expect(inputError(() => mem.episode_record({ action: 'a', context: 10n })).field).toBe('context');
    expect(inputError(() => mem.episode_record({ action: 'a', session_id: 4 as never })).field).toBe('session_id');
    expect(inputError(() => mem.episode_recent(0)).field).toBe('limit');
    expect(count(db, 'episodic_memory')).toBe(0);
  });
});

describe('episodic_configure', () => {
  it('persists across reopening and applies a smaller capacity at once', () => {
    for (let i = 0; i < 5; i++) {
      mem.episode_record({ action: `e${i}` });
      clock.advance(1);
    }
    expect(mem.episodic_configure({ capacity: 2, ttlSeconds: 3600 })).toEqual({ capacity: 2, ttlSeconds: 3600 });
    expect(count(db, 'episodic_memory')).toBe(2);
    const reopened = createMemory({ db, clock: clock.now, episodic: { capacity: 99 } });
    expect(reopened.memory_stats().episodic).toEqual({ capacity: 2, ttlSeconds: 3600 });
    expect(reopened.episodic_configure({ ttlSeconds: 10 })).toEqual({ capacity: 2, ttlSeconds: 10 });
  });

  it('takes the constructor config when none is saved, and validates', async () => {
    const db2 = await openMemoryDb();
    migrate(db2);
    const m = createMemory({ db: db2, clock: clock.now, episodic: { capacity: 5 } });
    expect(m.memory_stats().episodic).toEqual({ capacity: 5, ttlSeconds: 604_800 });
    expect(inputError(() => m.episodic_configure({ capacity: 0 })).field).toBe('capacity');
    expect(inputError(() => m.episodic_configure({ capacity: 1.5 })).field).toBe('capacity');
    expect(inputError(() => m.episodic_configure({ ttlSeconds: -1 })).field).toBe('ttlSeconds');
    expect(() => createMemory({ db: db2, episodic: { capacity: -1 } })).toThrow(/episodic\.capacity/);
  });
});

function fill(n: number, stepMs: number): void {
  for (let i = 0; i < n; i++) {
    mem.episode_record({ action: `e${i}`, session_id: i % 2 === 0 ? 'even' : 'odd' });
    clock.advance(stepMs);
  }
}

describe('episode_replay', () => {
  it('samples k distinct live events, repeatable with a seed, filtered by session', () => {
    fill(20, 1000);
    const a = mem.episode_replay({ k: 8, seed: 42 });
    expect(a.population).toBe(20);
    expect(a.episodes).toHaveLength(8);
    expect(new Set(a.episodes.map((e) => e.id)).size).toBe(8);
    expect(mem.episode_replay({ k: 8, seed: 42 }).episodes).toEqual(a.episodes);
    expect(mem.episode_replay({ k: 8, seed: 43 }).episodes).not.toEqual(a.episodes);
    expect(mem.episode_replay({ k: 50, seed: 1 }).episodes).toHaveLength(20);
    const odd = mem.episode_replay({ k: 50, seed: 1, session_id: 'odd', mode: 'recency' });
    expect(odd.population).toBe(10);
    expect(odd.episodes.every((e) => e.session_id === 'odd')).toBe(true);
  });

  it('uses the injected random source without a seed', async () => {
    const db2 = await openMemoryDb();
    migrate(db2);
    const rng = createRng(7);
    const m = createMemory({ db: db2, clock: clock.now, random: () => rng.next() });
    for (let i = 0; i < 10; i++) m.episode_record({ action: `e${i}` });
    expect(m.episode_replay({ k: 3 }).episodes).toHaveLength(3);
  });

  it('rejects bad input', () => {
    expect(inputError(() => mem.episode_replay({ k: -1 })).field).toBe('k');
    expect(inputError(() => mem.episode_replay({ k: 1, mode: 'lifo' as never })).field).toBe('mode');
    expect(inputError(() => mem.episode_replay({ k: 1, halfLifeSeconds: 0 })).field).toBe('halfLifeSeconds');
    expect(inputError(() => mem.episode_replay({ k: 1, seed: 0.5 })).field).toBe('seed');
  });
});

describe('sampling distributions (fixed seeds)', () => {
  // 10 events one half-life apart: event i (age i half-lives) has single-draw probability ∝ 2^(−i).
  const ages = Array.from({ length: 10 }, (_, i) => i * 3600);
  const trials = 20_000;

  it('recency: a single draw follows 2^(−age/halfLife) (chi-square, 7 dof after merging the tail)', () => {
    const rng = createRng(2024);
    const hist = Array.from({ length: 10 }, () => 0);
    for (let t = 0; t < trials; t++) hist[sampleIndices(ages, 1, 'recency', 3600, () => rng.next())[0]]++;
    const w = ages.map((_, i) => 2 ** -i);
    const total = w.reduce((a, b) => a + b, 0);
    // Bins with tiny expectations are merged into the last, as chi-square needs ≥ 5 expected per bin.
    const expected = w.map((x) => (x / total) * trials);
    const bins = 8;
    const obs = hist.slice(0, bins - 1).concat(hist.slice(bins - 1).reduce((a, b) => a + b, 0));
    const exp = expected.slice(0, bins - 1).concat(expected.slice(bins - 1).reduce((a, b) => a + b, 0));
    const chi2 = obs.reduce((s, o, i) => s + (o - exp[i]) ** 2 / exp[i], 0);
    // 7 dof: p = 0.001 at 24.3.
    expect(chi2).toBeLessThan(24.3);
    expect(hist[0]).toBeGreaterThan(hist[1]);
    expect(hist[1]).toBeGreaterThan(hist[3]);
  });

  it('uniform: every event equally likely in a draw of 3 (chi-square, 9 dof)', () => {
    const rng = createRng(99);
    const hist = Array.from({ length: 10 }, () => 0);
    for (let t = 0; t < trials; t++) for (const i of sampleIndices(ages, 3, 'uniform', 3600, () => rng.next())) hist[i]++;
    const exp = (trials * 3) / 10;
    const chi2 = hist.reduce((s, o) => s + (o - exp) ** 2 / exp, 0);
    // 9 dof: p = 0.001 at 27.9.
    expect(chi2).toBeLessThan(27.9);
  });

  it('recency through the API picks recent events far more often than old ones', () => {
    fill(20, 3600 * 1000);
    let recent = 0, old = 0;
    for (let seed = 0; seed < 300; seed++) {
      for (const e of mem.episode_replay({ k: 3, mode: 'recency', halfLifeSeconds: 3600 * 2, seed }).episodes) {
        const i = Number(e.action.slice(1));
        if (i >= 15) recent++;
        else if (i < 5) old++;
      }
    }
    expect(recent).toBeGreaterThan(10 * Math.max(1, old));
  });
});
