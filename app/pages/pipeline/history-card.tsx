// The run history, newest first, each row with the runner that produced it (and the fallback's reason), and one run's per-test results on request.
import { For, Show } from 'solid-js';
import { labelText, ms } from '../../../core/pipeline/text';
import type { PipelineStore } from '../../stores/pipeline';
import { RunDetail } from './run-detail';
import { statusBadge, when } from './text';

export function HistoryCard(props: { store: PipelineStore }) {
  const s = () => props.store;
  const t = () => s().totals();
  return (
    <section class="card" aria-labelledby="pipe-history-title" data-testid="history">
      <div class="card__head">
        <div>
          <h2 id="pipe-history-title" class="card__title">Run history</h2>
          <p class="card__subtitle">
            <Show when={t()} fallback="Loading…">
              {(x) => (
                <>
                  {x().runs} run{x().runs === 1 ? '' : 's'} ({x().scored_runs} scored) in {x().iterations} iteration{x().iterations === 1 ? '' : 's'}
                  <Show when={x().runs > s().history().length}>; the newest {s().history().length} below</Show>.
                  <Show when={x().by_runner.length > 0}> Runners: {x().by_runner.map((r) => `${labelText(r.label)} × ${r.runs}`).join('; ')}.</Show>
                </>
              )}
            </Show>
          </p>
        </div>
      </div>
      <Show when={s().history().length > 0} fallback={<p class="muted">No runs yet.</p>}>
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">Stored strategy runs, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">When</th>
                <th scope="col">Task</th>
                <th scope="col">Strategy</th>
                <th scope="col">Tests</th>
                <th scope="col">Lint</th>
                <th scope="col" class="num">Time</th>
                <th scope="col" class="num">Score</th>
                <th scope="col">Runner</th>
                <th scope="col"><span class="visually-hidden">Details</span></th>
              </tr>
            </thead>
            <tbody>
              <For each={s().history()}>
                {(r) => (
                  <tr data-run-id={r.id} data-strategy={r.strategy ?? 'custom'}>
                    <td class="num">{r.id}</td>
                    <td class="nowrap">{when(r.created_at)}</td>
                    <td class="mono">{r.task_id}</td>
                    <td>{r.strategy ?? 'custom'}</td>
                    <td><span class={statusBadge(r.test.status)}>{r.test.status}</span></td>
                    <td><span class={statusBadge(r.lint.status)}>{r.lint.status}</span></td>
                    <td class="num">{ms(r.test.duration_ms + r.lint.duration_ms)}</td>
                    <td class="num" data-stat="score">{r.score === null ? 'not scored' : r.score.toFixed(1)}</td>
                    <td>
                      <span class="mono" data-testid="runner-label">{labelText(r.label)}</span>
                      <Show when={r.fallback}>{(f) => <div class="muted" data-testid="fallback">asked for {f().requested}: {f().reason}</div>}</Show>
                      <Show when={r.test.reason ?? r.lint.reason}>{(why) => <div class="muted">{why().split('\n')[0]}</div>}</Show>
                    </td>
                    <td>
                      <button type="button" class="btn btn--ghost" aria-label={`Details of run ${r.id}`} onClick={() => void s().showRun(r.id)}>
                        Details
                      </button>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
      <Show when={s().selected()}>
        {(sel) => <RunDetail id={sel().id} phase={sel().phase} onClose={() => s().closeRun()} />}
      </Show>
    </section>
  );
}
