// The namespaces: entries, bytes and expiring entries of each; selecting one filters the entries and search; clearing asks first.
import { For, Show } from 'solid-js';
import { formatBytes } from '../../format';
import type { MemoryStore } from '../../stores/memory';
import { ProblemAlert } from './problem';

export function NamespacesCard(props: { store: MemoryStore }) {
  const list = () => props.store.namespaces().value ?? [];
  const selected = () => props.store.selected();
  const confirming = () => props.store.confirmingClear();
  const entriesOf = (ns: string) => list().find((n) => n.namespace === ns)?.entries ?? 0;

  return (
    <section class="card" aria-labelledby="ns-title">
      <div>
        <h2 id="ns-title" class="card__title">Namespaces</h2>
        <p class="card__subtitle">Choose one to show only its entries and search only in it.</p>
      </div>
      <div class="card__status" aria-live="polite">
        <Show when={props.store.namespaces().error}>{(e) => <p class="text-bad" role="alert">Namespaces could not be read: {e()}</p>}</Show>
      </div>

      <div class="table-wrap mem-scroll">
        <table class="table" data-testid="namespaces">
          <caption class="visually-hidden">Namespaces</caption>
          <thead>
            <tr>
              <th scope="col">Namespace</th>
              <th scope="col" class="num">Entries</th>
              <th scope="col" class="num">Bytes</th>
              <th scope="col" class="num">Expiring</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">
                <button type="button" class="mem-pick" aria-pressed={selected() === null} onClick={() => void props.store.select(null)}>
                  All namespaces
                </button>
              </th>
              <td class="num">{list().reduce((n, ns) => n + ns.entries, 0)}</td>
              <td class="num">{formatBytes(list().reduce((n, ns) => n + ns.bytes, 0))}</td>
              <td class="num">{list().reduce((n, ns) => n + ns.expiring, 0)}</td>
              <td />
            </tr>
            <For each={list()}>
              {(ns) => (
                <tr data-namespace={ns.namespace}>
                  <th scope="row">
                    <button type="button" class="mem-pick" aria-pressed={selected() === ns.namespace} onClick={() => void props.store.select(ns.namespace)}>
                      {ns.namespace}
                    </button>
                  </th>
                  <td class="num" data-stat="entries">{ns.entries}</td>
                  <td class="num">{formatBytes(ns.bytes)}</td>
                  <td class="num">{ns.expiring}</td>
                  <td>
                    <button
                      type="button"
                      class="btn btn--ghost mem-small"
                      aria-label={`Clear namespace ${ns.namespace}…`}
                      onClick={() => props.store.askClear(ns.namespace)}
                    >
                      Clear…
                    </button>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={props.store.namespaces().value?.length === 0}>
        <p class="muted">No entries yet: store one with the form.</p>
      </Show>
      <Show when={selected() !== null && !list().some((n) => n.namespace === selected())}>
        <p class="muted">Showing {selected()}, which has no entries now.</p>
      </Show>

      <div aria-live="assertive">
        <Show when={confirming()}>
          {(ns) => (
            <div class="mem-confirm" role="group" aria-label={`Clear namespace ${ns()}`}>
              <p>
                Delete all {entriesOf(ns())} {entriesOf(ns()) === 1 ? 'entry' : 'entries'} of <strong>{ns()}</strong>? This cannot be undone;
                export first to keep a copy.
              </p>
              <div class="btn-row">
                <button type="button" class="btn mem-danger" onClick={() => void props.store.confirmClear()}>
                  Delete all entries of {ns()}
                </button>
                <button type="button" class="btn btn--secondary" onClick={() => props.store.cancelClear()}>
                  Cancel
                </button>
              </div>
            </div>
          )}
        </Show>
      </div>
      <Show when={props.store.actionProblem()?.where === 'namespace' && props.store.actionProblem()}>
        {(p) => <ProblemAlert problem={p().problem} action="The namespace was not cleared." />}
      </Show>
    </section>
  );
}
