// The pipeline log as it is written (from any tab), newest at the bottom, and its export as a JSONL file.
import { For, Match, Show, Switch } from 'solid-js';
import type { PipelineStore } from '../../stores/pipeline';

export function LogCard(props: { store: PipelineStore }) {
  const s = () => props.store;
  return (
    <section class="card" aria-labelledby="pipe-log-title" data-testid="log">
      <div class="card__head">
        <div>
          <h2 id="pipe-log-title" class="card__title">Live log</h2>
          <p class="card__subtitle">Every iteration, strategy run, cancel and custom run, kept in the database. The last lines are shown; the export has them all.</p>
        </div>
        <button type="button" class="btn btn--secondary" disabled={s().exported().status === 'running'} onClick={() => void s().exportLog()}>
          Export log (JSONL)
        </button>
      </div>
      <Switch>
        <Match when={s().exported().status === 'done' && s().exported()}>
          {(e) => {
            const r = () => (e() as { result: { name: string; lines: number } }).result;
            return <p class="muted" role="status" data-testid="log-exported">Saved {r().name}: {r().lines} line{r().lines === 1 ? '' : 's'}, one JSON object each.</p>;
          }}
        </Match>
        <Match when={s().exported().status === 'failed' && s().exported()}>
          {(e) => <p class="text-bad" role="alert">The log was not exported: {(e() as { message: string }).message}</p>}
        </Match>
      </Switch>
      <Show when={s().log().length > 0} fallback={<p class="muted">Nothing logged yet.</p>}>
        <ol class="pipe-log" data-testid="live-log">
          <For each={s().log()}>
            {(e) => (
              <li data-event={e.event} data-level={e.level}>
                <time class="muted mono" dateTime={new Date(e.timestamp).toISOString()}>{new Date(e.timestamp).toLocaleTimeString()}</time>{' '}
                <span class={e.level === 'info' ? 'badge badge--neutral' : 'badge badge--bad'}>{e.event}</span> {e.message}
              </li>
            )}
          </For>
        </ol>
      </Show>
    </section>
  );
}
