// The entries of the selected namespace (or all), newest first; a key opens the full value (counting the access), each row can be deleted.
import { For, Show } from 'solid-js';
import type { MemoryEntry } from '../../../core/memory/memory-usage';
import { formatAgo, formatBytes, formatExpiry } from '../../format';
import { utf8Bytes, type MemoryStore } from '../../stores/memory';
import { ProblemAlert } from './problem';
import { When } from './when';

const PREVIEW_CHARS = 80;

function preview(value: string): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length > PREVIEW_CHARS ? `${flat.slice(0, PREVIEW_CHARS - 1)}…` : flat;
}

const times = (n: number) => `${n} ${n === 1 ? 'time' : 'times'}`;

function Detail(props: { entry: MemoryEntry; now: number; onClose: () => void }) {
  const e = () => props.entry;
  return (
    <section class="mem-detail" aria-labelledby="detail-title" data-testid="entry-detail">
      <div class="card__head">
        <div>
          <h3 id="detail-title" class="card__title">
            “{e().key}” <span class="muted">in {e().namespace}</span>
          </h3>
          <p class="card__subtitle">
            Retrieved now: accessed <span data-stat="access">{times(e().access_count)}</span> · {formatBytes(utf8Bytes(e().value))} ·{' '}
            {formatExpiry(e().expires_at, props.now)}
          </p>
        </div>
        <button type="button" class="btn btn--ghost" onClick={() => props.onClose()}>
          Close
        </button>
      </div>
      <pre class="mem-value" data-testid="entry-value">{e().value}</pre>
      <Show when={e().metadata}>
        {(m) => (
          <>
            <h4 class="notes__title">Metadata</h4>
            <pre class="mem-value">{JSON.stringify(m(), null, 2)}</pre>
          </>
        )}
      </Show>
      <p class="muted mem-detail__times">
        Created <When at={e().created_at} now={props.now} text={formatAgo(e().created_at, props.now)} />, updated{' '}
        <When at={e().updated_at} now={props.now} text={formatAgo(e().updated_at, props.now)} />
        <Show when={e().ttl !== null}>, TTL {e().ttl} s</Show>.
      </p>
    </section>
  );
}

export function EntriesCard(props: { store: MemoryStore }) {
  const list = () => props.store.entries().value ?? [];
  const selected = () => props.store.selected();
  const now = () => props.store.now();
  const total = () => {
    const ns = props.store.namespaces().value;
    if (!ns) return undefined;
    const sel = selected();
    return sel === null ? ns.reduce((n, x) => n + x.entries, 0) : (ns.find((x) => x.namespace === sel)?.entries ?? 0);
  };

  return (
    <section class="card" aria-labelledby="entries-title">
      <div>
        <h2 id="entries-title" class="card__title">
          <Show when={selected()} fallback="Entries in all namespaces">
            {(ns) => <>Entries in {ns()}</>}
          </Show>
        </h2>
        <p class="card__subtitle">Newest first. Open a key to read its full value; the engine counts each retrieval.</p>
      </div>
      <div class="card__status" aria-live="polite">
        <Show when={props.store.entries().error}>{(e) => <p class="text-bad" role="alert">Entries could not be listed: {e()}</p>}</Show>
        <Show when={props.store.notice()}>{(n) => <p role="status" data-testid="entries-notice">{n()}</p>}</Show>
        <Show when={total() !== undefined && total()! > list().length}>
          <p class="muted">
            Showing the newest {list().length} of {total()} entries.
          </p>
        </Show>
      </div>
      <Show when={props.store.actionProblem()?.where === 'entry' && props.store.actionProblem()}>
        {(p) => <ProblemAlert problem={p().problem} action="That was not done." />}
      </Show>

      <Show when={list().length > 0} fallback={<p class="muted">{props.store.entries().value ? 'No entries here yet.' : 'Loading…'}</p>}>
        <div class="table-wrap mem-scroll">
          <table class="table" data-testid="entries">
            <caption class="visually-hidden">Entries</caption>
            <thead>
              <tr>
                <th scope="col">Key</th>
                <Show when={selected() === null}>
                  <th scope="col">Namespace</th>
                </Show>
                <th scope="col">Value</th>
                <th scope="col" class="num">Size</th>
                <th scope="col" class="num">Accessed</th>
                <th scope="col">Created</th>
                <th scope="col">Updated</th>
                <th scope="col">Expiry</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={list()}>
                {(e) => (
                  <tr data-key={e.key} data-namespace={e.namespace}>
                    <th scope="row">
                      <button type="button" class="mem-pick" aria-pressed={props.store.detail()?.id === e.id} onClick={() => void props.store.open(e)}>
                        {e.key}
                      </button>
                    </th>
                    <Show when={selected() === null}>
                      <td>{e.namespace}</td>
                    </Show>
                    <td class="mem-preview">{preview(e.value)}</td>
                    <td class="num">{formatBytes(utf8Bytes(e.value))}</td>
                    <td class="num" data-stat="access">{e.access_count}</td>
                    <td class="nowrap">
                      <When at={e.created_at} now={now()} text={formatAgo(e.created_at, now())} />
                    </td>
                    <td class="nowrap">
                      <When at={e.updated_at} now={now()} text={formatAgo(e.updated_at, now())} />
                    </td>
                    <td class="nowrap" data-stat="expiry">{formatExpiry(e.expires_at, now())}</td>
                    <td>
                      <button type="button" class="btn btn--ghost mem-small" aria-label={`Delete ${e.key}`} onClick={() => void props.store.remove(e)}>
                        Delete
                      </button>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>

      <Show when={props.store.detail()}>{(d) => <Detail entry={d()} now={now()} onClose={() => props.store.closeDetail()} />}</Show>
    </section>
  );
}
