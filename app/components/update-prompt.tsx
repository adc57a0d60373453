// Service-worker status: tells the user when the app works offline and offers a reload when a new version is waiting.
import { createEffect, onCleanup, Show } from 'solid-js';
import { useRegisterSW } from 'virtual:pwa-register/solid';

const OFFLINE_NOTICE_MS = 8000;

export function UpdatePrompt() {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW({
    // The plugin reloads only when the page was already controlled when it registered; a page the first service worker
    // claimed later would never reload. reload() below covers both cases, so the plugin's own reload is turned off.
    onNeedReload: () => {},
  });

  const reload = async () => {
    navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
    await updateServiceWorker(true);
  };

  // "Ready to work offline" is news, not a question: it goes away by itself. The update prompt stays until answered.
  createEffect(() => {
    if (!offlineReady()) return;
    const timer = setTimeout(() => setOfflineReady(false), OFFLINE_NOTICE_MS);
    onCleanup(() => clearTimeout(timer));
  });

  return (
    <Show when={needRefresh() || offlineReady()}>
      <div class="toast" role="status" aria-live="polite">
        <Show
          when={needRefresh()}
          fallback={
            <>
              <p class="toast__text">Ready to work offline.</p>
              <button type="button" class="btn btn--ghost" onClick={() => setOfflineReady(false)}>
                Dismiss
              </button>
            </>
          }
        >
          <p class="toast__text">A new version is ready.</p>
          <button type="button" class="btn btn--primary" onClick={() => void reload()}>
            Reload
          </button>
          <button type="button" class="btn btn--ghost" onClick={() => setNeedRefresh(false)}>
            Later
          </button>
        </Show>
      </div>
    </Show>
  );
}
