// The engine's status: which tab owns the database, or why nothing can be served and what to do about it.
import { Match, Show, Switch } from 'solid-js';
import type { EngineErrorKind } from '../../../workers/engine/types';
import type { MemoryStore } from '../../stores/memory';

const FAILED_TITLE: Record<EngineErrorKind, string> = {
  open: 'The memory database could not be opened',
  quota: 'Storage for this site is full',
  unsupported: 'This browser cannot keep the memory',
  internal: 'The memory engine stopped on an internal error',
};

const WHAT_TO_DO: Record<EngineErrorKind, string> = {
  open: 'Close other SAFLA Lab tabs and reload this one. If it keeps failing, clear this site’s data in the browser settings.',
  quota: 'Free space on this device or delete entries you no longer need (export them first), then try again.',
  unsupported: 'Use a current Chromium, Firefox or Safari, outside private browsing: the memory needs the origin private file system and Web Locks.',
  internal: 'Reload the page. If it happens again, the error above is what to report.',
};

export function StatusLine(props: { store: MemoryStore }) {
  const s = () => props.store.status();
  return (
    <div class="mem-status" aria-live="polite" data-testid="engine-status" data-role={s().role}>
      <Switch>
        <Match when={s().role === 'starting'}>
          <p role="status">
            <span class="badge badge--neutral">starting</span> Opening the memory database…
          </p>
        </Match>
        <Match when={s().role === 'owner'}>
          <p role="status">
            <span class="badge badge--ok">owner</span> This tab owns the database
            <Show when={s().vfs}>{(vfs) => <span class="muted"> (memory.db on {vfs()})</span>}</Show>.
          </p>
        </Match>
        <Match when={s().role === 'follower'}>
          <p role="status">
            <span class="badge badge--neutral">follower</span> Another tab owns the database; this tab forwards to it.
          </p>
        </Match>
      </Switch>
      <Show when={s().error}>
        {(e) => (
          <div class="mem-alert mem-alert--big" role="alert">
            <h2 class="mem-alert__title">{FAILED_TITLE[e().kind]}</h2>
            <p>{e().message}</p>
            <p class="mem-alert__hint">{WHAT_TO_DO[e().kind]}</p>
            <Show when={s().role === 'failed'}>
              <div class="btn-row">
                <button type="button" class="btn btn--secondary" onClick={() => window.location.reload()}>
                  Reload the page
                </button>
              </div>
            </Show>
          </div>
        )}
      </Show>
    </div>
  );
}
