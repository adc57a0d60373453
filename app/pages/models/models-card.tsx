// The saved models: one row each (latest version, accuracy, size, versions, last use), expanding to their versions; what the last action did.
import { For, Match, Show, Switch } from 'solid-js';
import { formatAgo, formatBytes } from '../../format';
import type { ModelsStore } from '../../stores/models';
import { ErrorAlert } from '../lab/alert';
import { When } from '../memory/when';
import { ConfirmDelete } from './confirm-delete';
import { Score } from './score';
import { VersionsTable } from './versions-table';

export function ModelsCard(props: { store: ModelsStore }) {
  const list = () => props.store.models();
  const now = () => props.store.now();
  const deleted = () => {
    const d = props.store.deleting();
    return d.status === 'done' ? d.result : undefined;
  };
  const exported = () => {
    const e = props.store.exporting();
    return e?.phase.status === 'done' ? e.phase.result : undefined;
  };
  const failures = () =>
    [
      (() => { const d = props.store.deleting(); return d.status === 'failed' ? { action: 'Nothing was deleted.', message: d.message } : undefined; })(),
      (() => { const e = props.store.exporting(); return e?.phase.status === 'failed' ? { action: 'Nothing was exported.', message: e.phase.message } : undefined; })(),
    ].filter((x) => x !== undefined);
  return (
    <section class="card" aria-labelledby="models-title">
      <div class="card__head">
        <div>
          <h2 id="models-title" class="card__title">Saved models</h2>
          <p class="card__subtitle">
            Read from the model registry on this device. The score is accuracy for a classifier and R² for a regression model, measured on this device: on the
            validation records when the version was trained or quantized here, or on data you gave. An imported file’s own figure is shown as reported by the
            file until you measure it.
          </p>
        </div>
        <button type="button" class="btn btn--secondary" onClick={() => void props.store.refresh()}>
          Refresh
        </button>
      </div>
      <ConfirmDelete store={props.store} />
      <div class="card__status" aria-live="polite">
        <Show when={deleted()}>
          {(d) => (
            <p role="status" data-testid="delete-result">
              Deleted {d().deletedVersions} version{d().deletedVersions === 1 ? '' : 's'} of <code>{d().modelId}</code>
              {d().modelDeleted ? ' (the model is gone)' : ''}.
            </p>
          )}
        </Show>
        <Show when={exported()}>
          {(e) => (
            <p role="status" data-testid="export-result">
              Saved <code>{e().name}</code> ({formatBytes(e().size)}).
            </p>
          )}
        </Show>
        <For each={failures()}>{(f) => <ErrorAlert action={f.action} message={f.message} />}</For>
      </div>
      <Switch>
        <Match when={list().error && !list().value}>
          <ErrorAlert action="The models could not be listed." message={list().error!} testId="models-error" />
        </Match>
        <Match when={!list().value}>
          <p class="muted" role="status">Reading the registry…</p>
        </Match>
        <Match when={list().value!.length === 0}>
          <p class="muted" data-testid="no-models">
            No models saved yet. Train one in the <a href="#/lab">Lab</a> or import a <code>.clf</code> file below.
          </p>
        </Match>
        <Match when={list().value}>
          {(models) => (
            <div class="table-wrap">
              <table class="table models-table" data-testid="models">
                <caption class="visually-hidden">Saved models</caption>
                <thead>
                  <tr>
                    <th scope="col">
                      <span title="Models whose probabilities the ensemble prediction averages">Ensemble</span>
                    </th>
                    <th scope="col">Model</th>
                    <th scope="col">Latest</th>
                    <th scope="col" class="num">Accuracy / R²</th>
                    <th scope="col" class="num">Stored</th>
                    <th scope="col" class="num">Versions</th>
                    <th scope="col">Last used</th>
                    <th scope="col">
                      <span class="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <For each={models()}>
                  {(m) => {
                    const open = () => props.store.expanded()[m.modelId];
                    return (
                      <tbody data-model={m.modelId}>
                        <tr>
                          <td>
                            <input
                              type="checkbox"
                              aria-label={`Include ${m.modelId} in the ensemble`}
                              checked={props.store.ensemble().includes(m.modelId)}
                              onChange={() => props.store.toggleEnsemble(m.modelId)}
                            />
                          </td>
                          <th scope="row">
                            <code>{m.modelId}</code>
                            <Show when={m.type}>
                              <span class="muted"> · {m.type}</span>
                            </Show>
                          </th>
                          <td data-stat="version">{m.version ?? '—'}</td>
                          <td class="num" data-stat="accuracy">
                            <Score accuracy={m.accuracy} provenance={m.provenance} />
                          </td>
                          <td class="num" data-stat="size">
                            {formatBytes(m.size)}
                          </td>
                          <td class="num" data-stat="versions">
                            {m.versions}
                          </td>
                          <td>
                            <Show when={m.last_used_at} fallback={<span class="muted">never</span>}>
                              {(t) => <When at={t()} now={now()} text={formatAgo(t(), now())} />}
                            </Show>
                          </td>
                          <td class="models-actions">
                            <button
                              type="button"
                              class="btn btn--secondary"
                              aria-expanded={open() ? 'true' : 'false'}
                              aria-controls={`versions-${m.modelId}`}
                              onClick={() => void props.store.toggle(m.modelId)}
                            >
                              {open() ? 'Hide versions' : 'Versions'}
                            </button>
                            <button type="button" class="btn btn--ghost models-danger" onClick={() => props.store.askDelete(m.modelId)}>
                              Delete model
                            </button>
                          </td>
                        </tr>
                        <Show when={open()}>
                          {(v) => (
                            <tr class="models-versions-row">
                              <td colSpan={8} id={`versions-${m.modelId}`}>
                                <Switch>
                                  <Match when={v().error}>{(e) => <ErrorAlert action="The versions could not be read." message={e()} />}</Match>
                                  <Match when={v().value}>{(versions) => <VersionsTable store={props.store} versions={versions()} />}</Match>
                                  <Match when={!v().value}>
                                    <p class="muted">Reading versions…</p>
                                  </Match>
                                </Switch>
                              </td>
                            </tr>
                          )}
                        </Show>
                      </tbody>
                    );
                  }}
                </For>
              </table>
            </div>
          )}
        </Match>
      </Switch>
      <Show when={list().error && list().value}>
        <ErrorAlert action="The list may be out of date." message={list().error!} />
      </Show>
    </section>
  );
}
