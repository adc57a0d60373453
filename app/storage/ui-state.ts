// Small UI state in IndexedDB (db "safla-ui"): typed settings and a capped, de-duplicated list of recently used files.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { parseEndpoint, type ChatEndpoint } from '../../core/pipeline/chat-executor';

export const UI_DB_NAME = 'safla-ui';
export const UI_DB_VERSION = 1;
/** Recent files kept; older ones are deleted as new ones arrive. */
export const RECENT_CAP = 12;

/** keyword: text in keys and values; semantic: by meaning (the engine's default embedder, word vectors); hashing: by spelling (the hashing embedder). */
export type SearchMode = 'keyword' | 'semantic' | 'hashing';

/** Every setting, with the type its value must have. Values read back are checked, so a bad stored value falls back to the default. */
export interface UiSettings {
  /** The namespace the Memory page shows; null for all namespaces. */
  'memory.namespace': string | null;
  'memory.searchMode': SearchMode;
}
export type SettingKey = keyof UiSettings;

export const SETTING_DEFAULTS: UiSettings = {
  'memory.namespace': null,
  'memory.searchMode': 'keyword',
};

const SETTING_GUARDS: { [K in SettingKey]: (v: unknown) => v is UiSettings[K] } = {
  'memory.namespace': (v): v is string | null => v === null || (typeof v === 'string' && v.length > 0),
  'memory.searchMode': (v): v is SearchMode => v === 'keyword' || v === 'semantic' || v === 'hashing',
};

/** Where the chat endpoint lives in the settings store: not a UiSettings key, so getSettings() never reads it. */
const CHAT_ENDPOINT_KEY = 'pipeline.chatEndpoint';

export type RecentKind = 'model' | 'dataset' | 'memory-export';

export interface RecentFile {
  kind: RecentKind;
  name: string;
  /** Bytes. */
  size: number;
  /** Milliseconds since the epoch. */
  when: number;
  /** What was done with it, for the list's wording. */
  action: 'exported' | 'imported';
}

const RECENT_KINDS: readonly RecentKind[] = ['model', 'dataset', 'memory-export'];

function isRecentFile(v: unknown): v is RecentFile {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (
    RECENT_KINDS.includes(r.kind as RecentKind) &&
    typeof r.name === 'string' &&
    typeof r.size === 'number' &&
    typeof r.when === 'number' &&
    (r.action === 'exported' || r.action === 'imported')
  );
}

/** The identity of a recent file: the same name of the same kind is one entry, refreshed when used again. */
export function recentKey(f: Pick<RecentFile, 'kind' | 'name'>): string {
  return `${f.kind}:${f.name}`;
}

/** Orders stored records newest first and splits them into those kept (at most `cap`) and the keys to delete. */
export function orderRecent(records: readonly unknown[], cap = RECENT_CAP): { keep: RecentFile[]; drop: string[] } {
  const valid = records.filter(isRecentFile);
  const byKey = new Map<string, RecentFile>();
  for (const r of valid) {
    const k = recentKey(r);
    const seen = byKey.get(k);
    if (!seen || seen.when < r.when) byKey.set(k, r);
  }
  const sorted = [...byKey.values()].toSorted((a, b) => b.when - a.when || a.name.localeCompare(b.name));
  return { keep: sorted.slice(0, cap), drop: sorted.slice(cap).map(recentKey) };
}

export type UiStoreName = 'settings' | 'recent';

interface UiSchema extends DBSchema {
  settings: { key: string; value: unknown };
  recent: { key: string; value: RecentFile };
}

/** The few operations ui-state needs from a key-value database: idb in the app, an in-memory map in node tests. */
export interface UiBackend {
  get(store: UiStoreName, key: string): Promise<unknown>;
  put(store: UiStoreName, key: string, value: unknown): Promise<void>;
  delete(store: UiStoreName, key: string): Promise<void>;
  getAll(store: UiStoreName): Promise<unknown[]>;
}

/** Opens (creating on first use) the safla-ui IndexedDB database through idb. */
export async function openIdbBackend(name = UI_DB_NAME): Promise<UiBackend> {
  const db: IDBPDatabase<UiSchema> = await openDB<UiSchema>(name, UI_DB_VERSION, {
    upgrade(d) {
      // Out-of-line keys: a setting's key is its name, a recent file's key is recentKey().
      d.createObjectStore('settings');
      d.createObjectStore('recent');
    },
  });
  return {
    get: (store, key) => db.get(store, key),
    put: async (store, key, value) => {
      await db.put(store, value as RecentFile, key);
    },
    delete: (store, key) => db.delete(store, key),
    getAll: (store) => db.getAll(store),
  };
}

/** A backend that keeps everything in maps; what node tests use in place of IndexedDB. */
export function memoryBackend(): UiBackend & { dump(store: UiStoreName): Map<string, unknown> } {
  const stores: Record<UiStoreName, Map<string, unknown>> = { settings: new Map(), recent: new Map() };
  // structuredClone mimics IndexedDB: what is read back is a copy, never the object that was put.
  return {
    get: async (store, key) => structuredClone(stores[store].get(key)),
    put: async (store, key, value) => {
      stores[store].set(key, structuredClone(value));
    },
    delete: async (store, key) => {
      stores[store].delete(key);
    },
    getAll: async (store) => [...stores[store].values()].map((v) => structuredClone(v)),
    dump: (store) => stores[store],
  };
}

/** Typed access to the UI database. Construct with a backend, or with a factory that opens one on first use. */
export class UiState {
  #backend: Promise<UiBackend> | undefined;
  readonly #open: () => Promise<UiBackend>;

  constructor(open: () => Promise<UiBackend>) {
    this.#open = open;
  }

  static idb(name = UI_DB_NAME): UiState {
    return new UiState(() => openIdbBackend(name));
  }

  #db(): Promise<UiBackend> {
    // A failed open is retried on the next call rather than cached forever.
    this.#backend ??= this.#open().catch((err: unknown) => {
      this.#backend = undefined;
      throw err;
    });
    return this.#backend;
  }

  async getSetting<K extends SettingKey>(key: K): Promise<UiSettings[K]> {
    const value = await (await this.#db()).get('settings', key);
    return SETTING_GUARDS[key](value) ? value : SETTING_DEFAULTS[key];
  }

  async getSettings(): Promise<UiSettings> {
    const keys = Object.keys(SETTING_DEFAULTS) as SettingKey[];
    const values = await Promise.all(keys.map((k) => this.getSetting(k)));
    return Object.fromEntries(keys.map((k, i) => [k, values[i]])) as unknown as UiSettings;
  }

  async setSetting<K extends SettingKey>(key: K, value: UiSettings[K]): Promise<void> {
    if (!SETTING_GUARDS[key](value)) throw new TypeError(`setting ${key}: invalid value ${JSON.stringify(value)}`);
    await (await this.#db()).put('settings', key, value);
  }

  /**
   * The OpenAI-compatible endpoint train-and-stream may send steps to, API key included. Kept only here (this
   * browser's IndexedDB), never in SQLite, the pipeline log or an export; kept apart from the settings, so nothing
   * that lists settings carries the key. null until the user enters one.
   */
  async getChatEndpoint(): Promise<ChatEndpoint | null> {
    const v = await (await this.#db()).get('settings', CHAT_ENDPOINT_KEY);
    if (v === undefined || v === null) return null;
    try {
      return parseEndpoint(v);
    } catch {
      return null;
    }
  }

  /** Saves the endpoint (checked first: errors name the field, and a bad one leaves the saved one as it was), or forgets it with null. */
  async setChatEndpoint(endpoint: unknown): Promise<void> {
    if (endpoint === null) {
      await (await this.#db()).delete('settings', CHAT_ENDPOINT_KEY);
      return;
    }
    const checked = parseEndpoint(endpoint);
    await (await this.#db()).put('settings', CHAT_ENDPOINT_KEY, checked);
  }

  /** Recently used files, newest first. */
  async recentFiles(): Promise<RecentFile[]> {
    return orderRecent(await (await this.#db()).getAll('recent')).keep;
  }

  /** Records a file as used now (replacing an older record of the same kind and name) and trims the list to its cap. */
  async addRecentFile(file: RecentFile, cap = RECENT_CAP): Promise<RecentFile[]> {
    if (!isRecentFile(file)) throw new TypeError('addRecentFile: not a recent-file record');
    const db = await this.#db();
    await db.put('recent', recentKey(file), file);
    const { keep, drop } = orderRecent(await db.getAll('recent'), cap);
    await Promise.all(drop.map((k) => db.delete('recent', k)));
    return keep;
  }
}
