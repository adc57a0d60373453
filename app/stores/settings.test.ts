// The settings store over ui-state's in-memory backend: loads stored values, writes through, keeps early changes, survives failures.
import { describe, expect, it } from 'vitest';
import { memoryBackend, UiState, type UiBackend } from '../storage/ui-state';
import { createSettingsStore } from './settings';

describe('createSettingsStore', () => {
  it('loads stored settings and recent files, and writes changes through', async () => {
    const backend = memoryBackend();
    const ui = new UiState(async () => backend);
    await ui.setSetting('memory.namespace', 'notes');
    await ui.addRecentFile({ kind: 'memory-export', name: 'm.json', size: 10, when: 1, action: 'exported' });

    const store = createSettingsStore(ui);
    expect(store.get('memory.namespace')).toBeNull();
    await store.ready;
    expect(store.loaded()).toBe(true);
    expect(store.get('memory.namespace')).toBe('notes');
    expect(store.recentFiles().map((f) => f.name)).toEqual(['m.json']);

    await store.set('memory.searchMode', 'semantic');
    expect(store.get('memory.searchMode')).toBe('semantic');
    expect(await ui.getSetting('memory.searchMode')).toBe('semantic');

    await store.addRecentFile({ kind: 'memory-export', name: 'n.json', size: 20, when: 2, action: 'imported' });
    expect(store.recentFiles().map((f) => f.name)).toEqual(['n.json', 'm.json']);
  });

  it('keeps a value set before the stored ones arrive', async () => {
    const backend = memoryBackend();
    const ui = new UiState(async () => backend);
    await ui.setSetting('memory.namespace', 'old');
    const store = createSettingsStore(ui);
    const saving = store.set('memory.namespace', 'new');
    await store.ready;
    await saving;
    expect(store.get('memory.namespace')).toBe('new');
    expect(await ui.getSetting('memory.namespace')).toBe('new');
  });

  it('falls back to defaults and reports when storage fails', async () => {
    const broken: UiBackend = {
      get: () => Promise.reject(new Error('IndexedDB is disabled')),
      put: () => Promise.reject(new Error('IndexedDB is disabled')),
      delete: () => Promise.reject(new Error('IndexedDB is disabled')),
      getAll: () => Promise.reject(new Error('IndexedDB is disabled')),
    };
    const store = createSettingsStore(new UiState(async () => broken));
    await store.ready;
    expect(store.error()).toMatch(/IndexedDB is disabled/);
    await store.set('memory.searchMode', 'semantic');
    // The page still follows the choice for this visit.
    expect(store.get('memory.searchMode')).toBe('semantic');
  });
});
