// Export all memory to a JSON file and import one back (file picker or drop), with per-table counts and the recent files.
import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { formatAgo, formatBytes } from '../../format';
import type { MemoryStore } from '../../stores/memory';
import { ProblemAlert } from './problem';
import { When } from './when';

export function TransferCard(props: { store: MemoryStore }) {
  const [dragging, setDragging] = createSignal(false);
  const exp = () => props.store.exporting();
  const imp = () => props.store.importing();
  const exported = () => {
    const s = exp();
    return s.status === 'done' ? s.result : undefined;
  };
  const exportFailed = () => {
    const s = exp();
    return s.status === 'failed' ? s.problem : undefined;
  };
  const imported = () => {
    const s = imp();
    return s.status === 'done' ? s.result : undefined;
  };
  const importFailed = () => {
    const s = imp();
    return s.status === 'failed' ? s.problem : undefined;
  };
  const recent = () => props.store.recentFiles().filter((f) => f.kind === 'memory-export');

  const take = (files: FileList | null | undefined) => {
    const file = files?.[0];
    if (file) void props.store.importFile(file);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    take(e.dataTransfer?.files);
  };
  const onDragOver = (e: DragEvent) => {
    // Without preventDefault the browser opens the dropped file instead of handing it to the page.
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };

  return (
    <section class="card" aria-labelledby="transfer-title">
      <div class="card__head">
        <div>
          <h2 id="transfer-title" class="card__title">Export and import</h2>
          <p class="card__subtitle">
            One JSON file holds every table of the memory. Importing merges it in (a key that exists is updated); the whole file is checked
            before anything is written.
          </p>
        </div>
        <button type="button" class="btn btn--primary" onClick={() => void props.store.exportAll()} disabled={exp().status === 'running'}>
          {exp().status === 'running' ? 'Exporting…' : 'Export all memory'}
        </button>
      </div>
      <div class="card__status" aria-live="polite">
        <Switch>
          <Match when={exported()}>
            {(r) => (
              <p role="status" data-testid="export-result">
                Saved <code>{r().name}</code> ({formatBytes(r().size)}).
              </p>
            )}
          </Match>
          <Match when={exportFailed()}>{(p) => <ProblemAlert problem={p()} action="Nothing was exported." />}</Match>
        </Switch>
      </div>

      <div
        class="mem-drop"
        classList={{ 'mem-drop--over': dragging() }}
        data-testid="import-drop"
        onDragOver={onDragOver}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label class="mem-field__label" for="mem-import-file">
          Import a memory file
        </label>
        <input
          id="mem-import-file"
          type="file"
          accept=".json,application/json"
          disabled={imp().status === 'running'}
          onChange={(e) => {
            take(e.currentTarget.files);
            // Choosing the same file again should import it again.
            e.currentTarget.value = '';
          }}
        />
        <span class="mem-field__hint">or drop it here.</span>
      </div>
      <div aria-live="polite">
        <Switch>
          <Match when={imp().status === 'running'}>
            <p class="muted" role="status">Checking and importing…</p>
          </Match>
          <Match when={imported()}>
            {(r) => (
              <div role="status" data-testid="import-result">
                <p>
                  Imported <code>{r().name}</code> ({formatBytes(r().size)}):
                </p>
                <table class="table mem-counts">
                  <caption class="visually-hidden">Rows imported per table</caption>
                  <thead>
                    <tr>
                      <th scope="col">Table</th>
                      <th scope="col" class="num">Rows</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={Object.entries(r().imported)}>
                      {([table, n]) => (
                        <tr data-table={table}>
                          <th scope="row">
                            <code>{table}</code>
                          </th>
                          <td class="num">{n}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            )}
          </Match>
          <Match when={importFailed()}>
            {(p) => <ProblemAlert problem={p()} action="Nothing was imported." hint="The memory is unchanged: the file is checked before anything is written." />}
          </Match>
        </Switch>
      </div>

      <Show when={recent().length > 0}>
        <div class="notes">
          <h3 class="notes__title">Recent memory files</h3>
          <ul class="notes__list" data-testid="recent-files">
            <For each={recent()}>
              {(f) => (
                <li>
                  <code>{f.name}</code> · {f.action} · {formatBytes(f.size)} ·{' '}
                  <When at={f.when} now={props.store.now()} text={formatAgo(f.when, props.store.now())} />
                </li>
              )}
            </For>
          </ul>
        </div>
      </Show>
      <Show when={props.store.settingsError()}>{(e) => <p class="muted">{e()}</p>}</Show>
    </section>
  );
}
