// The episodic tier: recorded events with capacity and TTL (persisted in memory_settings), and seeded replay, uniform or recency-weighted.
import type { Db } from '../db/db';
import { createRng } from '../random';
import type { Episode, EpisodeInput, EpisodicConfig, RecordResult, ReplayInput, ReplayResult, TierStats } from './api';
import { MemoryInputError } from './memory-usage';
import { jsonOf, numberOf, objectOf, optionalStringOf, own, stringOf } from './validate';

export const DEFAULT_EPISODIC: EpisodicConfig = { capacity: 10_000, ttlSeconds: 7 * 24 * 3600 };
export const DEFAULT_SESSION = 'default';
export const DEFAULT_HALF_LIFE_SECONDS = 24 * 3600;
export const RECENT_LIMIT = 1000;
/** Largest capacity accepted: replay reads every live event's id and time, so this bounds that read. */
export const MAX_CAPACITY = 10_000_000;
const SETTINGS_KEY = 'episodic';

interface EpisodeRow {
  id: number; session_id: string; event_type: string; content: string;
  context: string | null; outcome: string | null; timestamp: number;
}

const COLUMNS = 'id, session_id, event_type, content, context, outcome, timestamp';
const INSERT_SQL = 'INSERT INTO episodic_memory (session_id, event_type, content, context, outcome, timestamp) VALUES (?, ?, ?, ?, ?, ?)';
const PURGE_SQL = 'DELETE FROM episodic_memory WHERE timestamp <= ?';
const COUNT_SQL = 'SELECT COUNT(*) AS n FROM episodic_memory';
const EVICT_SQL = 'DELETE FROM episodic_memory WHERE id IN (SELECT id FROM episodic_memory ORDER BY timestamp, id LIMIT ?)';
const LIVE_SQL = 'SELECT id, timestamp FROM episodic_memory';
const LIVE_SESSION_SQL = 'SELECT id, timestamp FROM episodic_memory WHERE session_id = ?';
const BY_ID_SQL = `SELECT ${COLUMNS} FROM episodic_memory WHERE id = ?`;
const RECENT_SQL = `SELECT ${COLUMNS} FROM episodic_memory ORDER BY timestamp DESC, id DESC LIMIT ?`;
// Bytes: UTF-8 of the text columns plus 8 for the integer timestamp.
const STATS_SQL = `SELECT COUNT(*) AS rows, COALESCE(SUM(length(CAST(session_id AS BLOB)) + length(CAST(event_type AS BLOB))
  + length(CAST(content AS BLOB)) + COALESCE(length(CAST(context AS BLOB)), 0) + COALESCE(length(CAST(outcome AS BLOB)), 0) + 8), 0) AS bytes
  FROM episodic_memory`;

/** Validates a full or partial config; the result is complete (missing fields from base). */
export function episodicConfigOf(input: unknown, base: EpisodicConfig, op: string, prefix = ''): EpisodicConfig {
  const c = objectOf(input, prefix ? prefix.slice(0, -1) : 'config', op);
  const cap = own(c, 'capacity');
  const ttl = own(c, 'ttlSeconds');
  return {
    capacity: cap === undefined ? base.capacity : numberOf(cap, `${prefix}capacity`, op, { integer: true, min: 1, max: MAX_CAPACITY }),
    ttlSeconds: ttl === undefined ? base.ttlSeconds : ttl === null ? null : numberOf(ttl, `${prefix}ttlSeconds`, op, { min: Number.MIN_VALUE }),
  };
}

function parseJson(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}

/**
 * Sampling without replacement. Uniform: a partial Fisher-Yates shuffle. Recency: Gumbel-top-k on
 * log-weights −(age/halfLife)·ln 2, which draws the same distribution as picking one event at a time
 * with probability ∝ 2^(−age/halfLife) among those left, and stays finite for any age.
 */
export function sampleIndices(ages: readonly number[], k: number, mode: 'uniform' | 'recency', halfLife: number, next: () => number): number[] {
  const n = ages.length;
  const want = Math.min(k, n);
  if (mode === 'uniform') {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < want; i++) {
      const j = i + Math.floor(next() * (n - i));
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order.slice(0, want);
  }
  const keys = ages.map((age) => {
    const u = 1 - next(); // in (0, 1], so the logarithms below are finite or +∞ for u = 1
    return -(age / halfLife) * Math.LN2 - Math.log(-Math.log(u));
  });
  const order = Array.from({ length: n }, (_, i) => i).toSorted((a, b) => keys[b] - keys[a] || a - b);
  return order.slice(0, want);
}

export function createEpisodic(db: Db, now: () => number, random: () => number, initial?: Partial<EpisodicConfig>) {
  const stored = db.get<{ value: string }>('SELECT value FROM memory_settings WHERE name = ?', [SETTINGS_KEY]);
  // A persisted config wins over the constructor's defaults: episodic_configure's changes survive reopening.
  let config: EpisodicConfig = stored
    ? episodicConfigOf(JSON.parse(stored.value), DEFAULT_EPISODIC, 'episodic settings')
    : episodicConfigOf(initial ?? {}, DEFAULT_EPISODIC, 'createMemory', 'episodic.');

  const cutoff = (t: number): number | null => (config.ttlSeconds === null ? null : t - config.ttlSeconds * 1000);
  const purge = (t: number): number => {
    const c = cutoff(t);
    return c === null ? 0 : db.run(PURGE_SQL, [c]).changes;
  };
  const evict = (): number => {
    const n = Number(db.get<{ n: number }>(COUNT_SQL)!.n);
    return n > config.capacity ? db.run(EVICT_SQL, [n - config.capacity]).changes : 0;
  };
  const toEpisode = (r: EpisodeRow): Episode => ({
    id: Number(r.id), session_id: r.session_id, action: r.event_type,
    context: parseJson(r.context), outcome: parseJson(r.outcome), content: r.content,
    timestamp: Number(r.timestamp),
    expires_at: config.ttlSeconds === null ? null : Number(r.timestamp) + config.ttlSeconds * 1000,
  });

  return {
    config: (): EpisodicConfig => ({ ...config }),

    /** Expiry runs from the event's own timestamp, so a back-dated event may already be expired (and is purged at once). */
    record(input: EpisodeInput): RecordResult {
      const op = 'episode_record';
      const r = objectOf(input, 'input', op);
      const action = stringOf(own(r, 'action'), 'action', op, { maxLength: 1000 });
      // Absent and null are both stored as NULL, so an export and re-import gives the same row.
      const ctxIn = own(r, 'context'), outIn = own(r, 'outcome');
      const context = ctxIn === undefined || ctxIn === null ? null : jsonOf(ctxIn, 'context', op);
      const outcome = outIn === undefined || outIn === null ? null : jsonOf(outIn, 'outcome', op);
      const content = optionalStringOf(own(r, 'content'), 'content', op, { allowEmpty: true }) ?? action;
      const session = optionalStringOf(own(r, 'session_id'), 'session_id', op) ?? DEFAULT_SESSION;
      const t = now();
      const ts = own(r, 'timestamp') === undefined ? t : numberOf(own(r, 'timestamp'), 'timestamp', op, { integer: true, min: 0 });
      return db.transaction(() => {
        purge(t);
        const id = db.run(INSERT_SQL, [session, action, content, context, outcome, ts]).lastInsertRowid;
        const evicted = evict();
        return { action: 'episode_record', id, evicted };
      });
    },

    replay(input: ReplayInput): ReplayResult {
      const op = 'episode_replay';
      const r = objectOf(input, 'input', op);
      const k = numberOf(own(r, 'k'), 'k', op, { integer: true, min: 0, max: MAX_CAPACITY });
      const modeIn = own(r, 'mode');
      if (modeIn !== undefined && modeIn !== 'uniform' && modeIn !== 'recency') {
        throw new MemoryInputError('mode', `must be 'uniform' or 'recency' (got ${JSON.stringify(modeIn)})`, op);
      }
      const mode = (modeIn ?? 'uniform') as 'uniform' | 'recency';
      const hl = own(r, 'halfLifeSeconds');
      const halfLife = hl === undefined ? DEFAULT_HALF_LIFE_SECONDS : numberOf(hl, 'halfLifeSeconds', op, { min: Number.MIN_VALUE });
      const seed = own(r, 'seed');
      const next = seed === undefined ? random : (() => {
        const rng = createRng(numberOf(seed, 'seed', op, { integer: true }));
        return () => rng.next();
      })();
      const session = optionalStringOf(own(r, 'session_id'), 'session_id', op);
      const t = now();
      return db.transaction(() => {
        purge(t);
        const live = session === null ? db.all<{ id: number; timestamp: number }>(LIVE_SQL) : db.all<{ id: number; timestamp: number }>(LIVE_SESSION_SQL, [session]);
        // Rows come back in rowid order, so a seed replays the same picks on the same data.
        const ages = live.map((e) => Math.max(0, t - Number(e.timestamp)) / 1000);
        const picks = sampleIndices(ages, k, mode, halfLife, next);
        const episodes = picks.map((i) => toEpisode(db.get<EpisodeRow>(BY_ID_SQL, [live[i].id])!));
        return { action: 'episode_replay', mode, episodes, population: live.length };
      });
    },

    recent(limit: number = 20): Episode[] {
      const n = numberOf(limit, 'limit', 'episode_recent', { integer: true, min: 1, max: RECENT_LIMIT });
      purge(now());
      return db.all<EpisodeRow>(RECENT_SQL, [n]).map(toEpisode);
    },

    /** Persists the new config and applies it at once (a smaller capacity evicts, a shorter TTL purges). */
    configure(partial: Partial<EpisodicConfig>): EpisodicConfig {
      const next = episodicConfigOf(partial, config, 'episodic_configure');
      const prev = config;
      try {
        db.transaction(() => {
          db.run('INSERT INTO memory_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
            [SETTINGS_KEY, JSON.stringify(next)]);
          config = next;
          purge(now());
          evict();
        });
      } catch (err) {
        config = prev;
        throw err;
      }
      return { ...config };
    },

    /** Applies TTL and capacity after rows arrived by other means (import). */
    enforce(): void {
      purge(now());
      evict();
    },

    /** Adopts a config written by an import. */
    reloadConfig(): void {
      const row = db.get<{ value: string }>('SELECT value FROM memory_settings WHERE name = ?', [SETTINGS_KEY]);
      if (row) config = episodicConfigOf(JSON.parse(row.value), DEFAULT_EPISODIC, 'episodic settings');
    },

    stats(): TierStats {
      purge(now());
      const r = db.get<{ rows: number; bytes: number }>(STATS_SQL)!;
      const rows = Number(r.rows), bytes = Number(r.bytes);
      return { tier: 'episodic', rows, bytes, rawBytes: bytes, savedFraction: rows === 0 ? null : 0 };
    },
  };
}

export type Episodic = ReturnType<typeof createEpisodic>;
