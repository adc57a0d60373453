// The kernel benchmark: runs the quick suite in the compute worker with live progress, a Cancel button and the result table.
import { For, Match, Show, Switch } from 'solid-js';
import { ProgressBar } from '../../components/progress-bar';
import { formatFigure, formatRatio } from '../../format';
import type { SystemStore } from '../../stores/system';

export function BenchmarkCard(props: { store: SystemStore }) {
  const state = () => props.store.bench();
  const running = () => state().status === 'running';
  const progress = () => {
    const s = state();
    return s.status === 'running' ? s.progress : undefined;
  };
  const rows = () => {
    const s = state();
    return s.status === 'done' ? s.result.rows : [];
  };
  const notes = () => {
    const s = state();
    return s.status === 'done' ? s.result.notes : [];
  };
  const seconds = () => {
    const s = state();
    return s.status === 'done' ? s.ms / 1000 : 0;
  };

  return (
    <section class="card" aria-labelledby="bench-title">
      <div class="card__head">
        <div>
          <h2 id="bench-title" class="card__title">Kernel benchmark</h2>
          <p class="card__subtitle">
            A quick run of the benchmark suite in the compute worker: our kernel against a plain JavaScript peer, measured side by side. A ratio
            above 1 means ours is better.
          </p>
        </div>
        <div class="btn-row">
          <Show when={running()}>
            <button type="button" class="btn btn--secondary" onClick={() => props.store.cancelBenchmark()}>
              Cancel
            </button>
          </Show>
          <button type="button" class="btn btn--primary" onClick={() => void props.store.runBenchmark()} disabled={running()}>
            {running() ? 'Running…' : 'Run kernel benchmark'}
          </button>
        </div>
      </div>

      <div class="card__status" aria-live="polite">
        <Switch>
          <Match when={running()}>
            <ProgressBar
              value={progress()?.done ?? 0}
              max={progress()?.total ?? 0}
              label={progress()?.label ?? 'Starting the compute worker…'}
            />
          </Match>
          <Match when={state().status === 'cancelled'}>
            <p class="muted" role="status">Cancelled; the worker was stopped.</p>
          </Match>
          <Match when={state().status === 'failed' && state()}>
            {(s) => <p class="text-bad" role="alert">The benchmark failed: {(s() as { error: string }).error}</p>}
          </Match>
          <Match when={state().status === 'done'}>
            <p class="muted" data-testid="bench-summary">
              {rows().length} cases measured in {formatFigure(seconds(), 2)} s.
            </p>
          </Match>
        </Switch>
      </div>

      <Show when={rows().length > 0}>
        <div class="table-wrap">
          <table class="table" data-testid="bench-table">
            <caption class="visually-hidden">Benchmark results</caption>
            <thead>
              <tr>
                <th scope="col">Case</th>
                <th scope="col">Unit</th>
                <th scope="col" class="num">Ours</th>
                <th scope="col" class="num">Peer</th>
                <th scope="col">Peer name</th>
                <th scope="col" class="num">Ratio</th>
              </tr>
            </thead>
            <tbody>
              <For each={rows()}>
                {(r) => (
                  <tr>
                    <th scope="row">
                      {r.name}
                      <Show when={r.detail}>
                        <details class="table__detail">
                          <summary>How it was measured</summary>
                          <p>{r.detail}</p>
                        </details>
                      </Show>
                    </th>
                    <td class="nowrap">{r.unit}</td>
                    <td class="num mono" data-col="ours" data-value={r.ours}>{formatFigure(r.ours)}</td>
                    <td class="num mono" data-col="peer" data-value={r.peer ?? ""}>{formatFigure(r.peer)}</td>
                    <td>{r.peer_name}</td>
                    <td class="num mono" data-col="ratio">
                      <Show when={r.ratio !== null} fallback="—">
                        <span class={r.ratio! >= 1 ? 'text-ok' : 'text-bad'}>{formatRatio(r.ratio)}</span>
                      </Show>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>

      <Show when={notes().length > 0}>
        <div class="notes">
          <h3 class="notes__title">Notes from the suite</h3>
          <ul class="notes__list" data-testid="bench-notes">
            <For each={notes()}>{(n) => <li>{n}</li>}</For>
          </ul>
        </div>
      </Show>
    </section>
  );
}
