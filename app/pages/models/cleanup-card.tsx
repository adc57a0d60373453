// Cleanup: deletes models neither used nor updated for a number of days, and says which.
import { For, Match, Show, Switch } from 'solid-js';
import type { ModelsStore } from '../../stores/models';
import { ErrorAlert } from '../lab/alert';

export function CleanupCard(props: { store: ModelsStore }) {
  const c = () => props.store.cleaning();
  return (
    <section class="card" aria-labelledby="cleanup-title">
      <div class="card__head">
        <div>
          <h2 id="cleanup-title" class="card__title">Cleanup</h2>
          <p class="card__subtitle">Deletes every model (all versions and history) not used or updated in the last N days.</p>
        </div>
      </div>
      <form
        class="lab-train__row"
        onSubmit={(e) => {
          e.preventDefault();
          void props.store.cleanup();
        }}
      >
        <div class="mem-field">
          <label class="mem-field__label" for="cleanup-days">
            Unused for days
          </label>
          <input
            id="cleanup-days"
            class="mem-input lab-epochs"
            inputMode="numeric"
            value={props.store.cleanupDays()}
            aria-invalid={props.store.cleanupDaysError() ? 'true' : undefined}
            onInput={(e) => props.store.setCleanupDays(e.currentTarget.value)}
          />
          <Show when={props.store.cleanupDaysError()}>{(e) => <span class="mem-field__error">{e()}</span>}</Show>
        </div>
        <button type="submit" class="btn btn--secondary mem-danger" disabled={c().status === 'running' || props.store.cleanupDaysError() !== undefined}>
          Clean up
        </button>
      </form>
      <div aria-live="polite">
        <Switch>
          <Match when={(() => { const v = c(); return v.status === 'done' ? v.result : undefined; })()}>
            {(r) => (
              <p role="status" data-testid="cleanup-result">
                <Show when={r().removed.length > 0} fallback={<>No model was unused for {r().days} days; nothing was deleted.</>}>
                  Deleted {r().removed.length} model{r().removed.length === 1 ? '' : 's'} unused for {r().days} days:{' '}
                  <For each={r().removed}>{(id, i) => <>{i() > 0 ? ', ' : ''}<code>{id}</code></>}</For>.
                </Show>
              </p>
            )}
          </Match>
          <Match when={(() => { const v = c(); return v.status === 'failed' ? v.message : undefined; })()}>{(m) => <ErrorAlert action="Nothing was cleaned up." message={m()} />}</Match>
        </Switch>
      </div>
    </section>
  );
}
