// Importing a .clf model file: checked completely in the page, saved as a new version; a refused file stores nothing. Recent model files below.
import { For, Match, Show, Switch } from 'solid-js';
import { formatAgo, formatBytes } from '../../format';
import type { RecentFile } from '../../storage/ui-state';
import type { ModelsStore } from '../../stores/models';
import { ErrorAlert } from '../lab/alert';
import { DropZone } from '../lab/drop-zone';
import { When } from '../memory/when';

export function ImportCard(props: { store: ModelsStore; recent: RecentFile[] }) {
  const imp = () => props.store.importing();
  const recent = () => props.recent.filter((f) => f.kind === 'model' || f.kind === 'dataset');
  return (
    <section class="card" aria-labelledby="import-title">
      <div class="card__head">
        <div>
          <h2 id="import-title" class="card__title">Import</h2>
          <p class="card__subtitle">
            A .clf file is checked completely (sizes, offsets, shapes, finite weights, checksum) before anything is stored. The accuracy inside it is the file’s claim:
            it is shown as reported by the file, and not used to weight ensembles, until you measure the model on your data.
          </p>
        </div>
      </div>
      <DropZone label="Model file (.clf)" accept=".clf,application/octet-stream" testId="import-drop" disabled={imp().status === 'running'} onFile={(f) => void props.store.importFile(f)} />
      <div aria-live="polite">
        <Switch>
          <Match when={imp().status === 'running'}>
            <p class="muted" role="status">Checking and saving…</p>
          </Match>
          <Match when={(() => { const v = imp(); return v.status === 'done' ? v.result : undefined; })()}>
            {(r) => (
              <p role="status" data-testid="import-result">
                Imported <code>{r().name}</code> ({formatBytes(r().size)}) as <code>{r().modelId}</code> version <code>{r().version}</code>. Its accuracy is not measured yet.
              </p>
            )}
          </Match>
          <Match when={(() => { const v = imp(); return v.status === 'failed' ? v.message : undefined; })()}>
            {(m) => <ErrorAlert action="Nothing was imported." message={m()} hint="The registry is unchanged." testId="import-error" />}
          </Match>
        </Switch>
      </div>
      <Show when={recent().length > 0}>
        <div class="notes">
          <h3 class="notes__title">Recent model and data files</h3>
          <ul class="notes__list" data-testid="recent-files">
            <For each={recent()}>
              {(f) => (
                <li>
                  <code>{f.name}</code> · {f.kind} · {f.action} · {formatBytes(f.size)} · <When at={f.when} now={props.store.now()} text={formatAgo(f.when, props.store.now())} />
                </li>
              )}
            </For>
          </ul>
        </div>
      </Show>
    </section>
  );
}
