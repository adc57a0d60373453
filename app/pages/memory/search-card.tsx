// Search: keyword (text in keys and values) or semantic (cosine similarity of embeddings: word vectors by meaning, hashing by spelling), in the selected namespace or all.
import { createSignal, For, Match, Show, Switch } from 'solid-js';
import type { MemoryEntry } from '../../../core/memory/memory-usage';
import type { SemanticSearchResult } from '../../../core/memory/api';
import type { MemoryStore, SearchMode } from '../../stores/memory';
import { ProblemAlert } from './problem';

const PREVIEW_CHARS = 120;
const clip = (s: string) => (s.length > PREVIEW_CHARS ? `${s.slice(0, PREVIEW_CHARS - 1)}…` : s);
const where = (ns: string | null) => (ns === null ? 'all namespaces' : ns);

function KeywordResults(props: { query: string; namespace: string | null; results: MemoryEntry[] }) {
  return (
    <>
      <p class="summary" data-testid="search-summary">
        {props.results.length} {props.results.length === 1 ? 'entry contains' : 'entries contain'} “{props.query}” in {where(props.namespace)}
        <span class="muted"> (key or value; most accessed first)</span>.
      </p>
      <Show when={props.results.length > 0}>
        <ul class="mem-hits" data-testid="search-results">
          <For each={props.results}>
            {(e) => (
              <li class="mem-hit" data-key={e.key}>
                <span class="mem-hit__key">
                  {e.namespace}/<strong>{e.key}</strong>
                </span>
                <span class="mem-hit__value">{clip(e.value)}</span>
                <span class="muted mem-hit__meta">accessed {e.access_count}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </>
  );
}

/** What an embedder kind does, in the words the page uses for it. */
const kindWords = (kind: string) => (kind === 'word-vectors' ? 'by meaning' : kind === 'hashing' ? 'by spelling' : kind);

function SemanticResults(props: { result: SemanticSearchResult; mode: SearchMode }) {
  const r = () => props.result;
  // The engine falls back to hashing when the word vectors did not load: say so rather than call it "meaning".
  const fellBack = () => props.mode === 'semantic' && r().embedder_kind !== 'word-vectors';
  return (
    <>
      <p class="summary" data-testid="search-summary">
        {r().count} closest {r().count === 1 ? 'entry' : 'entries'} to “{r().query}” in {where(r().namespace)} by cosine similarity ·{' '}
        <span data-testid="search-embedder" data-embedder={r().embedder_kind} title={r().embedder}>
          {kindWords(r().embedder_kind)}: {r().embedder_label}
        </span>{' '}
        · {r().indexed} {r().indexed === 1 ? 'entry' : 'entries'} indexed first.
      </p>
      <Show when={fellBack()}>
        <p class="muted" role="note">The word vectors did not load in this tab’s engine, so these results are by spelling (hashing).</p>
      </Show>
      <Show when={r().results.length > 0}>
        <ul class="mem-hits" data-testid="search-results">
          <For each={r().results}>
            {(h) => (
              <li class="mem-hit" data-key={h.key} data-embedder={h.embedder}>
                <span class="mem-hit__score mono" data-stat="score">{h.score.toFixed(3)}</span>
                <span class="mem-hit__key">
                  {h.namespace}/<strong>{h.key}</strong>
                </span>
                <span class="mem-hit__value">{clip(h.value)}</span>
                <span class="muted mem-hit__meta">{h.embedder}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </>
  );
}

export function SearchCard(props: { store: MemoryStore }) {
  const [query, setQuery] = createSignal('');
  const state = () => props.store.search();
  const done = () => {
    const s = state();
    return s.status === 'done' ? s.result : undefined;
  };
  const keyword = () => {
    const o = done();
    return o?.mode === 'keyword' ? o : undefined;
  };
  const semantic = () => {
    const o = done();
    return o?.mode === 'semantic' || o?.mode === 'hashing' ? o : undefined;
  };
  const failed = () => {
    const s = state();
    return s.status === 'failed' ? s.problem : undefined;
  };
  const modes: readonly { mode: SearchMode; label: string }[] = [
    { mode: 'keyword', label: 'Keyword' },
    { mode: 'semantic', label: 'Semantic (by meaning)' },
    { mode: 'hashing', label: 'Semantic (by spelling)' },
  ];
  const onSubmit = (e: SubmitEvent) => {
    e.preventDefault();
    void props.store.runSearch(query());
  };

  return (
    <section class="card" aria-labelledby="search-title">
      <div>
        <h2 id="search-title" class="card__title">Search</h2>
        <p class="card__subtitle">
          In {where(props.store.selected())}. Keyword finds the text in keys and values. Semantic ranks entries by how close their embedding
          is to the query’s: by meaning with word vectors (a query’s words need not appear in the entry), or by spelling with hashed words
          and character n-grams (names, identifiers, typos).
        </p>
      </div>
      <form class="mem-search" onSubmit={onSubmit} role="search" aria-label="Search memory">
        <div class="mem-field mem-search__query">
          <label class="mem-field__label" for="mem-search-query">
            Search for
          </label>
          <input id="mem-search-query" class="mem-input" type="search" value={query()} onInput={(e) => setQuery(e.currentTarget.value)} />
        </div>
        <fieldset class="mem-modes">
          <legend class="mem-field__label">Mode</legend>
          <For each={modes}>
            {(m) => (
              <label class="mem-mode">
                <input
                  type="radio"
                  name="mem-search-mode"
                  value={m.mode}
                  checked={props.store.searchMode() === m.mode}
                  onChange={() => props.store.setSearchMode(m.mode)}
                />
                {m.label}
              </label>
            )}
          </For>
        </fieldset>
        <button type="submit" class="btn btn--primary" disabled={state().status === 'running'}>
          {state().status === 'running' ? 'Searching…' : 'Search'}
        </button>
      </form>
      <div class="card__status" aria-live="polite">
        <Switch>
          <Match when={failed()}>
            {(p) => (
              <Show when={p().kind === 'input'} fallback={<ProblemAlert problem={p()} action="The search did not run." />}>
                <p class="text-bad" role="alert">{p().message}</p>
              </Show>
            )}
          </Match>
          <Match when={keyword()}>
            {(o) => <KeywordResults query={o().query} namespace={o().namespace} results={o().results} />}
          </Match>
          <Match when={semantic()}>{(o) => <SemanticResults result={o().result} mode={o().mode} />}</Match>
        </Switch>
      </div>
    </section>
  );
}
