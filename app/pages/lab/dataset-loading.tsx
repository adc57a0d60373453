// A file streaming into the data worker: bytes and rows read with the rate, Cancel, and the columns, target and kinds of its first rows as soon as the header is read.
import { For, Show } from 'solid-js';
import { formatBytes } from '../../format';
import { columnKindLabel, type Loading } from '../../stores/lab';

const count = (n: number) => Math.round(n).toLocaleString('en-US');

export function DatasetLoading(props: { loading: Loading; onCancel: () => void }) {
  const l = () => props.loading;
  const p = () => l().progress;
  const preview = () => l().preview;
  return (
    <div class="lab-loading" data-testid="dataset-loading" data-name={l().name}>
      <div class="progress">
        <div class="progress__meta">
          <span id="dataset-read-label" class="progress__label">
            Reading <code>{l().name}</code>
          </span>
          <span class="progress__count">
            {formatBytes(p()?.bytes ?? 0)} of {formatBytes(l().size)}
          </span>
        </div>
        <progress class="progress__bar" aria-labelledby="dataset-read-label" value={p()?.bytes ?? 0} max={Math.max(1, l().size)} />
      </div>
      <p class="muted" role="status" data-testid="dataset-progress" data-rows={p()?.rows ?? 0} data-bytes={p()?.bytes ?? 0} data-total-bytes={l().size}>
        <span data-stat="rows">{count(p()?.rows ?? 0)}</span> rows read
        <Show when={p() && p()!.rowsPerSecond > 0}> · {count(p()!.rowsPerSecond)} rows/s</Show>
        {l().cancelling ? ' · cancelling…' : ''}
      </p>
      <button type="button" class="btn btn--secondary" disabled={l().cancelling} onClick={() => props.onCancel()}>
        Cancel
      </button>
      <Show when={preview()}>
        {(pv) => (
          <div data-testid="preview" data-rows={pv().rows}>
            <Show when={pv().view}>
              {(v) => (
                <p>
                  Target <code data-stat="preview-target">{v().schema.target.field}</code> · {v().schema.target.task}
                  <span class="facts__hint">{v().inference.reason}</span>
                </p>
              )}
            </Show>
            <Show when={pv().error}>{(e) => <p class="muted">{e()}</p>}</Show>
            <table class="table" data-testid="preview-columns">
              <caption class="muted">
                {pv().fields.length} columns; kinds from the first {count(pv().rows)} rows, fitted again on the training rows when the file is read
              </caption>
              <thead>
                <tr>
                  <th scope="col">Column</th>
                  <th scope="col">Kind so far</th>
                </tr>
              </thead>
              <tbody>
                <For each={pv().fields}>
                  {(f) => {
                    const c = () => pv().view?.schema.features.find((x) => x.field === f);
                    const isTarget = () => pv().view?.schema.target.field === f;
                    return (
                      <tr data-column={f}>
                        <th scope="row">
                          <code>{f}</code>
                        </th>
                        <td>{isTarget() ? 'target' : c() ? columnKindLabel(c()!) : '—'}</td>
                      </tr>
                    );
                  }}
                </For>
              </tbody>
            </table>
          </div>
        )}
      </Show>
    </div>
  );
}
