// ui-state over the in-memory backend: setting defaults and checks, recent files capped, de-duplicated and newest first.
import { describe, expect, it } from 'vitest';
import { memoryBackend, orderRecent, recentKey, SETTING_DEFAULTS, UiState, type RecentFile } from './ui-state';

const file = (name: string, when: number, kind: RecentFile['kind'] = 'memory-export'): RecentFile => ({
  kind,
  name,
  size: name.length * 10,
  when,
  action: 'exported',
});

function setup() {
  const backend = memoryBackend();
  return { backend, ui: new UiState(async () => backend) };
}

describe('settings', () => {
  it('reads defaults until a value is set, then the value', async () => {
    const { ui } = setup();
    expect(await ui.getSettings()).toEqual(SETTING_DEFAULTS);
    await ui.setSetting('memory.namespace', 'notes');
    await ui.setSetting('memory.searchMode', 'semantic');
    expect(await ui.getSettings()).toEqual({ 'memory.namespace': 'notes', 'memory.searchMode': 'semantic' });
    await ui.setSetting('memory.namespace', null);
    expect(await ui.getSetting('memory.namespace')).toBeNull();
  });

  it('refuses bad values and ignores bad stored ones', async () => {
    const { ui, backend } = setup();
    await expect(ui.setSetting('memory.searchMode', 'fuzzy' as never)).rejects.toThrow(/memory.searchMode/);
    await expect(ui.setSetting('memory.namespace', '')).rejects.toThrow(/memory.namespace/);
    // Another version of the app (or a person in devtools) may have stored anything.
    await backend.put('settings', 'memory.searchMode', 42);
    expect(await ui.getSetting('memory.searchMode')).toBe('keyword');
  });

  it('retries opening after a failed open', async () => {
    let attempts = 0;
    const backend = memoryBackend();
    const ui = new UiState(async () => {
      attempts++;
      if (attempts === 1) throw new Error('blocked');
      return backend;
    });
    await expect(ui.getSetting('memory.namespace')).rejects.toThrow('blocked');
    expect(await ui.getSetting('memory.namespace')).toBeNull();
    expect(attempts).toBe(2);
  });
});

describe('recent files', () => {
  it('lists newest first and de-duplicates by kind and name', async () => {
    const { ui } = setup();
    await ui.addRecentFile(file('a.json', 1));
    await ui.addRecentFile(file('b.json', 2));
    await ui.addRecentFile(file('a.json', 3, 'dataset'));
    const list = await ui.addRecentFile({ ...file('a.json', 4), action: 'imported', size: 999 });
    expect(list.map((f) => [f.kind, f.name, f.when])).toEqual([
      ['memory-export', 'a.json', 4],
      ['dataset', 'a.json', 3],
      ['memory-export', 'b.json', 2],
    ]);
    expect(list[0]).toMatchObject({ size: 999, action: 'imported' });
    expect(await ui.recentFiles()).toEqual(list);
  });

  it('caps the list and deletes the oldest records from storage', async () => {
    const { ui, backend } = setup();
    for (let i = 1; i <= 5; i++) await ui.addRecentFile(file(`f${i}.json`, i), 3);
    expect((await ui.recentFiles()).map((f) => f.name)).toEqual(['f5.json', 'f4.json', 'f3.json']);
    expect([...backend.dump('recent').keys()].toSorted()).toEqual(['memory-export:f3.json', 'memory-export:f4.json', 'memory-export:f5.json']);
  });

  it('rejects malformed records and skips malformed stored ones', async () => {
    const { ui, backend } = setup();
    await expect(ui.addRecentFile({ ...file('x', 1), kind: 'photo' as never })).rejects.toThrow(TypeError);
    await backend.put('recent', 'junk', { name: 'junk' });
    await ui.addRecentFile(file('ok.json', 1));
    expect((await ui.recentFiles()).map((f) => f.name)).toEqual(['ok.json']);
  });
});

describe('orderRecent', () => {
  it('breaks ties by name and keeps the newest of duplicates', () => {
    const { keep, drop } = orderRecent([file('b', 5), file('a', 5), file('a', 2), file('c', 1)], 2);
    expect(keep.map((f) => `${f.name}@${f.when}`)).toEqual(['a@5', 'b@5']);
    expect(drop).toEqual([recentKey(file('c', 1))]);
  });
});

describe('chat endpoint (train-and-stream)', () => {
  it('keeps the endpoint with its key apart from the settings, clears it, and refuses a malformed one by field', async () => {
    const { ui, backend } = setup();
    expect(await ui.getChatEndpoint()).toBeNull();
    await ui.setChatEndpoint({ baseUrl: 'http://localhost:11434/v1/', model: 'llama3', apiKey: 'sk-test' });
    expect(await ui.getChatEndpoint()).toEqual({ baseUrl: 'http://localhost:11434/v1', model: 'llama3', apiKey: 'sk-test' });
    expect(await ui.getSettings()).toEqual(SETTING_DEFAULTS);
    await expect(ui.setChatEndpoint({ baseUrl: 'ftp://x', model: 'm' })).rejects.toMatchObject({ field: 'endpoint.baseUrl' });
    expect((await ui.getChatEndpoint())?.model).toBe('llama3');
    await ui.setChatEndpoint(null);
    expect(await ui.getChatEndpoint()).toBeNull();
    expect(backend.dump('settings').size).toBe(0);
    await backend.put('settings', 'pipeline.chatEndpoint', { baseUrl: 'javascript:alert(1)', model: 'x' });
    expect(await ui.getChatEndpoint()).toBeNull();
  });
});
