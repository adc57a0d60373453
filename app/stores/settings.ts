// The UI settings and recent files from ui-state (IndexedDB), as signals: written through on change, loaded once.
import { createSignal } from 'solid-js';
import { SETTING_DEFAULTS, UiState, type RecentFile, type SettingKey, type UiSettings } from '../storage/ui-state';

let shared: UiState | undefined;

/** The app's one UiState over IndexedDB, opened on first use. */
export function uiState(): UiState {
  shared ??= UiState.idb();
  return shared;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function createSettingsStore(ui: UiState = uiState()) {
  const [settings, setSettings] = createSignal<UiSettings>({ ...SETTING_DEFAULTS });
  const [recentFiles, setRecentFiles] = createSignal<RecentFile[]>([]);
  const [loaded, setLoaded] = createSignal(false);
  // Saving UI state is a convenience: a failure is shown quietly and never blocks the page.
  const [error, setError] = createSignal<string>();
  // Values set before the stored ones arrive win over them.
  const setEarly: Partial<UiSettings> = {};

  const ready: Promise<void> = (async () => {
    try {
      const [stored, recent] = await Promise.all([ui.getSettings(), ui.recentFiles()]);
      setSettings({ ...stored, ...setEarly });
      setRecentFiles(recent);
    } catch (err) {
      setError(`Saved settings could not be read: ${message(err)}`);
    } finally {
      setLoaded(true);
    }
  })();

  function get<K extends SettingKey>(key: K): UiSettings[K] {
    return settings()[key];
  }

  async function set<K extends SettingKey>(key: K, value: UiSettings[K]): Promise<void> {
    if (!loaded()) setEarly[key] = value;
    setSettings((s) => ({ ...s, [key]: value }));
    try {
      await ui.setSetting(key, value);
    } catch (err) {
      setError(`The setting could not be saved: ${message(err)}`);
    }
  }

  async function addRecentFile(file: RecentFile): Promise<void> {
    try {
      setRecentFiles(await ui.addRecentFile(file));
    } catch (err) {
      setError(`The recent-files list could not be saved: ${message(err)}`);
    }
  }

  return { ready, loaded, get, set, recentFiles, addRecentFile, error };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
