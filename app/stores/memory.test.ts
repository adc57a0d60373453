// The Memory page's store against a fake engine backed by core's memory on in-memory SQLite (its writes announced as the engine does), with ui-state in memory.
import { createRoot } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../core/db/migrations';
import { createMemory } from '../../core/memory/memory';
import type { MemoryUsageInput } from '../../core/memory/memory-usage';
import { openMemoryDb } from '../../workers/engine/sqlite-db';
import type { EngineMethod } from '../../workers/engine/types';
import { memoryBackend, UiState } from '../storage/ui-state';
import { createSettingsStore } from './settings';
import { classifyError, createMemoryStore, exportFileName, parseDraft, type Draft, type MemoryStore } from './memory';
import { fakeEngineOver, type Impl } from './test-support';

const T0 = 1_700_000_000_000;


/** Calls as the tests log them: memory_usage with its action. */
const label = (method: EngineMethod, args: never[]) => (method === 'memory_usage' ? `memory_usage:${(args[0] as unknown as { action: string }).action}` : method);

/**
 * An engine over real code: core's memory (memory_usage, namespaces, clearing) on a migrated :memory: database, its
 * calls crossing and its writes announced as the engine does (fakeEngineOver); other methods throw unless a test
 * supplies them.
 */
async function fakeEngine() {
  const db = await openMemoryDb();
  migrate(db);
  const clock = { t: T0 };
  const memory = createMemory({ db, clock: () => clock.t });
  const impl: Partial<Record<EngineMethod, Impl>> = {
    memory_usage: memory.memory_usage as Impl,
    memory_namespaces: memory.memory_namespaces as Impl,
    memory_clear_namespace: memory.memory_clear_namespace as Impl,
  };
  const fake = fakeEngineOver(impl, { label, storage: { usage: 4096, quota: 1 << 30 } });
  /** A write made in another tab: straight to the database, bypassing this tab's calls. */
  const elsewhere = (input: MemoryUsageInput) => memory.memory_usage(input);
  return { ...fake, impl, clock, db, elsewhere };
}

const named = (name: string, message: string) => Object.assign(new Error(message), { name });
const file = (name: string, text: string) => ({ name, size: text.length, text: async () => text });

let disposers: (() => void)[] = [];
afterEach(() => {
  for (const d of disposers) d();
  disposers = [];
});

async function setup(saved?: { namespace?: string }) {
  const fake = await fakeEngine();
  const backend = memoryBackend();
  const ui = new UiState(async () => backend);
  if (saved?.namespace) await ui.setSetting('memory.namespace', saved.namespace);
  const downloads: { name: string; text: string }[] = [];
  const store = createRoot((dispose) => {
    disposers.push(dispose);
    const settings = createSettingsStore(ui);
    return createMemoryStore({
      engine: fake.client,
      settings,
      download: (name, text) => downloads.push({ name, text }),
      clock: () => fake.clock.t,
    });
  });
  await store.ready;
  return { fake, store, ui, downloads };
}

async function storeEntry(store: MemoryStore, d: Partial<Draft>) {
  for (const [field, value] of Object.entries(d)) store.setDraft(field as keyof Draft, value);
  await store.submit();
}

const keys = (store: MemoryStore) => (store.entries().value ?? []).map((e) => `${e.namespace}/${e.key}`);

describe('parseDraft and classifyError', () => {
  const draft: Draft = { namespace: '', key: 'k', value: 'v', ttl: '', metadata: '' };
  it('builds a store request, leaving an empty namespace to the engine', () => {
    expect(parseDraft({ ...draft, ttl: ' 3600 ', metadata: '{"a":1}' }).input).toEqual({
      action: 'store',
      key: 'k',
      value: 'v',
      ttl: 3600,
      metadata: { a: 1 },
    });
    expect(parseDraft({ ...draft, namespace: 'notes' }).input).toMatchObject({ namespace: 'notes', ttl: null, metadata: null });
  });
  it('names the problem with ttl and metadata', () => {
    expect(parseDraft({ ...draft, ttl: '-5' }).errors?.ttl).toMatch(/positive number of seconds/);
    expect(parseDraft({ ...draft, ttl: 'soon' }).errors?.ttl).toMatch(/“soon”/);
    expect(parseDraft({ ...draft, metadata: '{"a":' }).errors?.metadata).toMatch(/^Metadata is not valid JSON: /);
    expect(parseDraft({ ...draft, metadata: '[1,2]' }).errors?.metadata).toMatch(/not an array/);
    expect(parseDraft({ ...draft, metadata: 'null' }).errors?.metadata).toMatch(/not null/);
  });
  it('sorts engine errors by what the user can do', () => {
    // As the engine sends it: the field crosses with the message.
    expect(classifyError(Object.assign(named('MemoryInputError', 'memory_usage: key must not be empty'), { field: 'key', problem: 'must not be empty' }))).toEqual({ kind: 'input', field: 'key', message: 'must not be empty' });
    expect(classifyError(Object.assign(named('MemoryInputError', 'memory_semantic_search: k must be at most 100'), { field: 'k', problem: 'must be at most 100' }))).toEqual({ kind: 'input', field: 'k', message: 'memory_semantic_search: k must be at most 100' });
    expect(classifyError(named('EngineQuotaError', 'Storage is full.'))).toEqual({ kind: 'quota', message: 'Storage is full.' });
    expect(classifyError(named('EngineOpenError', 'x')).kind).toBe('open');
    expect(classifyError('boom')).toEqual({ kind: 'other', message: 'boom' });
  });
  it('names export files by local date and time', () => {
    expect(exportFileName(new Date(2026, 10, 25, 10, 42))).toBe('safla-memory-20261125-1042.json');
  });
});

describe('createMemoryStore', () => {
  it('stores through the form, lists newest first and counts namespaces', async () => {
    const { store, fake } = await setup();
    expect(store.selected()).toBeNull();
    expect(keys(store)).toEqual([]);
    await storeEntry(store, { namespace: 'notes', key: 'a', value: 'alpha' });
    fake.clock.t += 1000;
    await storeEntry(store, { key: 'b', value: 'beta', ttl: '3600' });
    fake.clock.t += 1000;
    await storeEntry(store, { namespace: 'other', key: 'c', value: 'gamma' });
    expect(store.storing()).toMatchObject({ status: 'done', result: { namespace: 'other', key: 'c', size: 5 } });
    // The namespace stays for the next entry; the rest is cleared.
    expect(store.draft()).toEqual({ namespace: 'other', key: '', value: '', ttl: '', metadata: '' });
    expect(keys(store)).toEqual(['other/c', 'notes/b', 'notes/a']);
    expect(store.namespaces().value).toEqual([
      { namespace: 'notes', entries: 2, bytes: 11, expiring: 1 },
      { namespace: 'other', entries: 1, bytes: 6, expiring: 0 },
    ]);
    const b = store.entries().value!.find((e) => e.key === 'b')!;
    expect(b.expires_at).toBe(T0 + 1000 + 3_600_000);
    // memory_stats is not in the fake: its card shows the error, and nothing else breaks.
    expect(store.stats().error).toMatch(/memory_stats/);
    expect(store.storage()).toEqual({ estimate: { usage: 4096, quota: 1 << 30 }, persisted: false });
  });

  it('shows form errors next to their field and keeps what was typed', async () => {
    const { store, fake } = await setup();
    await storeEntry(store, { key: 'k', value: 'v', metadata: '[1]' });
    expect(store.fieldErrors().metadata).toMatch(/JSON object/);
    expect(fake.calls).not.toContain('memory_usage:store');
    // Editing the field clears its error.
    store.setDraft('metadata', '');
    expect(store.fieldErrors().metadata).toBeUndefined();
    // The engine's own check (empty key) comes back as MemoryInputError naming the field.
    await storeEntry(store, { key: '', value: 'kept' });
    expect(store.fieldErrors()).toEqual({ key: 'must not be empty' });
    expect(store.draft().value).toBe('kept');
  });

  it('shows a quota error as an alert without losing the form', async () => {
    const { store, fake } = await setup();
    fake.impl.memory_usage = (() => {
      throw Object.assign(new Error('Storage for this site is full. Free space or delete entries.'), { name: 'EngineQuotaError' });
    }) as Impl;
    await storeEntry(store, { namespace: 'n', key: 'k', value: 'v', ttl: '60', metadata: '{"a":1}' });
    expect(store.storing()).toEqual({ status: 'failed', problem: { kind: 'quota', message: 'Storage for this site is full. Free space or delete entries.' } });
    expect(store.draft()).toEqual({ namespace: 'n', key: 'k', value: 'v', ttl: '60', metadata: '{"a":1}' });
  });

  it('retrieves an entry, counting the access in the list, and deletes one', async () => {
    const { store } = await setup();
    await storeEntry(store, { namespace: 'n', key: 'a', value: 'alpha' });
    await storeEntry(store, { key: 'b', value: 'beta' });
    const a = store.entries().value!.find((e) => e.key === 'a')!;
    expect(a.access_count).toBe(0);
    await store.open(a);
    expect(store.detail()).toMatchObject({ key: 'a', value: 'alpha', access_count: 1 });
    expect(store.entries().value!.find((e) => e.key === 'a')!.access_count).toBe(1);
    expect(store.notice()).toBe('Retrieved “a”: accessed 1 time.');
    await store.remove(a);
    expect(store.detail()).toBeUndefined();
    expect(keys(store)).toEqual(['n/b']);
  });

  it('filters the list and keyword search by the selected namespace, and remembers it', async () => {
    const { store, ui } = await setup();
    await storeEntry(store, { namespace: 'x', key: 'shared-1', value: 'one' });
    await storeEntry(store, { namespace: 'y', key: 'shared-2', value: 'two' });
    await store.runSearch('shared');
    expect(store.search()).toMatchObject({ status: 'done', result: { mode: 'keyword', namespace: null } });
    await store.select('y');
    expect(keys(store)).toEqual(['y/shared-2']);
    expect(store.draft().namespace).toBe('y');
    await store.runSearch('shared');
    const s = store.search();
    expect(s.status === 'done' && s.result.mode === 'keyword' && s.result.results.map((e) => e.key)).toEqual(['shared-2']);
    expect(await ui.getSetting('memory.namespace')).toBe('y');
  });

  it('starts on the saved namespace', async () => {
    const { store } = await setup({ namespace: 'saved' });
    expect(store.selected()).toBe('saved');
    expect(store.draft().namespace).toBe('saved');
  });

  it('clears a namespace only after confirmation', async () => {
    const { store } = await setup();
    await storeEntry(store, { namespace: 'gone', key: 'a', value: '1' });
    await storeEntry(store, { key: 'b', value: '2' });
    await storeEntry(store, { namespace: 'kept', key: 'c', value: '3' });
    await store.select('gone');
    store.askClear('gone');
    expect(store.confirmingClear()).toBe('gone');
    store.cancelClear();
    expect(keys(store)).toEqual(['gone/b', 'gone/a']);
    store.askClear('gone');
    await store.confirmClear();
    expect(store.notice()).toBe('Cleared gone: 2 entries deleted.');
    expect(store.selected()).toBeNull();
    expect(keys(store)).toEqual(['kept/c']);
  });

  it('passes semantic search results through with the embedder', async () => {
    const { store, fake } = await setup();
    fake.impl.memory_semantic_search = ((input: { query: string; namespace?: string }) => ({
      action: 'semantic_search', query: input.query, namespace: input.namespace ?? null,
      results: [{ namespace: 'n', key: 'a', value: 'alpha', score: 0.8123 }], count: 1, embedder: 'hashing-256', indexed: 3,
    })) as Impl;
    store.setSearchMode('semantic');
    await store.runSearch('alpha');
    const s = store.search();
    expect(s.status === 'done' && s.result.mode === 'semantic' && s.result.result).toMatchObject({ embedder: 'hashing-256', indexed: 3, count: 1 });
    await store.runSearch('  ');
    expect(store.search()).toMatchObject({ status: 'failed', problem: { kind: 'input' } });
  });

  it('leaves the embedder to the engine for search by meaning and asks for hashing for search by spelling, remembering the mode', async () => {
    const { store, fake, ui } = await setup();
    const asked: unknown[] = [];
    fake.impl.memory_semantic_search = ((input: { query: string; embedder?: string }) => {
      asked.push(input.embedder);
      const kind = input.embedder ?? 'word-vectors';
      return { action: 'semantic_search', query: input.query, namespace: null, results: [{ namespace: 'n', key: 'a', value: 'alpha', score: 0.5, embedder: kind }],
        count: 1, embedder: `${kind}-v1`, embedder_kind: kind, embedder_label: kind, embedders: [], indexed: 0 };
    }) as Impl;
    store.setSearchMode('semantic');
    await store.runSearch('alpha');
    store.setSearchMode('hashing');
    await store.runSearch('alpha');
    expect(asked).toEqual([undefined, 'hashing']);
    const s = store.search();
    expect(s.status === 'done' && s.result.mode === 'hashing' && s.result.result.embedder_kind).toBe('hashing');
    expect(await ui.getSetting('memory.searchMode')).toBe('hashing');
  });

  it('exports to a download and records the file; a bad import changes nothing and a good one reports counts', async () => {
    const { store, fake, downloads } = await setup();
    const doc = JSON.stringify({ format: 'safla-memory', version: 1 });
    fake.impl.memory_export = (() => doc) as Impl;
    await store.exportAll();
    expect(downloads).toEqual([{ name: exportFileName(new Date(T0)), text: doc }]);
    expect(store.exporting()).toEqual({ status: 'done', result: { name: exportFileName(new Date(T0)), size: doc.length } });
    expect(store.recentFiles()).toMatchObject([{ kind: 'memory-export', action: 'exported', size: doc.length }]);

    fake.impl.memory_import = ((json: string) => {
      if (!json.includes('safla-memory')) throw new Error('memory_import: format must be "safla-memory"');
      return { action: 'import', imported: { memory_entries: 2 } };
    }) as Impl;
    await store.importFile(file('bad.json', '{}'));
    expect(store.importing()).toEqual({ status: 'failed', problem: { kind: 'other', message: 'memory_import: format must be "safla-memory"' } });
    expect(store.recentFiles()).toHaveLength(1);
    fake.clock.t += 60_000;
    await store.importFile(file('good.json', doc));
    expect(store.importing()).toEqual({ status: 'done', result: { name: 'good.json', size: doc.length, imported: { memory_entries: 2 } } });
    expect(store.recentFiles().map((f) => [f.name, f.action])).toEqual([['good.json', 'imported'], [exportFileName(new Date(T0)), 'exported']]);
  });

  it('reports a declined persistence request as an outcome, and reloads when the engine comes up', async () => {
    const { store, fake } = await setup();
    await store.requestPersistence();
    expect(store.persistOutcome()).toBe('declined');
    fake.persist.answer = null;
    await store.requestPersistence();
    expect(store.persistOutcome()).toBe('unsupported');

    fake.setStatus({ role: 'failed', tabId: 't', vfs: null, error: { kind: 'open', message: 'Could not open memory.db.' } });
    expect(store.status().error?.message).toBe('Could not open memory.db.');
    const before = fake.calls.length;
    fake.setStatus({ role: 'follower', tabId: 't', vfs: null, error: null });
    expect(store.status().role).toBe('follower');
    expect(fake.calls.length).toBeGreaterThan(before);
  });

  it('shows what another tab writes without a click, reading once per burst of change notices', async () => {
    const { store, fake } = await setup();
    await storeEntry(store, { namespace: 'notes', key: 'a', value: 'alpha' });
    await store.open(store.entries().value![0]);
    const before = fake.calls.length;
    // Another tab stores 50 entries and changes the open one: one notice per committed write arrives here.
    for (let i = 0; i < 50; i++) {
      fake.elsewhere({ action: 'store', namespace: 'notes', key: `k${i}`, value: 'v' });
      fake.emit({ what: 'memory', namespaces: ['notes'] });
    }
    fake.elsewhere({ action: 'store', namespace: 'notes', key: 'a', value: 'changed elsewhere' });
    fake.emit({ what: 'memory', namespaces: ['notes'] });
    // Models changes are not this page's.
    fake.emit({ what: 'models', modelIds: ['m'], deleted: [] });
    await expect.poll(() => keys(store)).toContain('notes/k49');
    expect(store.detail()?.value).toBe('changed elsewhere');
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.calls.slice(before).filter((c) => c === 'memory_namespaces')).toEqual(['memory_namespaces']);

    // Deleted in another tab: the open entry closes, saying why.
    fake.elsewhere({ action: 'delete', namespace: 'notes', key: 'a' });
    fake.emit({ what: 'memory', namespaces: ['notes'] });
    await expect.poll(() => store.detail()).toBeUndefined();
    expect(store.notice()).toBe('“a” is no longer stored (it was deleted or expired).');
    expect(keys(store)).not.toContain('notes/a');
  });
});
