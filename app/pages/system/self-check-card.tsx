// The kernel self-check: runs every kernel op (the fused network ops included) in the compute worker and shows its largest error against the TS reference; an op it skips is a row saying why.
import { For, Match, Show, Switch } from 'solid-js';
import { formatError } from '../../format';
import type { SystemStore } from '../../stores/system';

export function SelfCheckCard(props: { store: SystemStore }) {
  const state = () => props.store.selfCheck();
  const rows = () => {
    const s = state();
    return s.status === 'done' ? s.result : [];
  };
  const passed = () => rows().filter((r) => r.pass).length;
  const skipped = () => rows().filter((r) => r.skipped).length;

  return (
    <section class="card" aria-labelledby="selfcheck-title">
      <div class="card__head">
        <div>
          <h2 id="selfcheck-title" class="card__title">Kernel self-check</h2>
          <p class="card__subtitle">
            Every op the kernel exports runs in the loaded build on seeded data and is compared with the plain TypeScript reference: gemm, activations, losses,
            optimizers, vector ops, top-k, int8, and the fused network ops (<code>mlp_train_step</code> for each loss and optimizer family,{' '}
            <code>mlp_loss_grad</code>, <code>mlp_predict</code>) against the reference network. An op it skips is listed with the reason.
          </p>
        </div>
        <button type="button" class="btn btn--primary" onClick={() => void props.store.runSelfCheck()} disabled={state().status === 'running'}>
          {state().status === 'running' ? 'Checking…' : 'Run self-check'}
        </button>
      </div>

      <div class="card__status" aria-live="polite">
        <Switch>
          <Match when={state().status === 'running'}>
            <p class="muted" role="status">Running in the compute worker…</p>
          </Match>
          <Match when={state().status === 'failed' && state()}>
            {(s) => <p class="text-bad" role="alert">Self-check failed to run: {(s() as { error: string }).error}</p>}
          </Match>
          <Match when={state().status === 'done'}>
            <p class="summary" data-testid="selfcheck-summary">
              <span class={passed() === rows().length ? 'badge badge--ok' : 'badge badge--bad'}>
                {passed()} of {rows().length} passed
              </span>
              <Show when={skipped() > 0}> ({skipped()} skipped)</Show>
            </p>
          </Match>
        </Switch>
      </div>

      <Show when={rows().length > 0}>
        <div class="table-wrap">
          <table class="table" data-testid="selfcheck-table">
            <caption class="visually-hidden">Kernel self-check results</caption>
            <thead>
              <tr>
                <th scope="col">Op</th>
                <th scope="col">Shape</th>
                <th scope="col" class="num">Max abs error</th>
                <th scope="col" class="num">Tolerance</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              <For each={rows()}>
                {(r) => (
                  <tr data-pass={r.pass ? 'yes' : 'no'}>
                    <th scope="row" class="cell-op">{r.op}</th>
                    <td class="nowrap">{r.shape}</td>
                    <td class="num mono">{formatError(r.maxAbsError)}</td>
                    <td class="num mono">{formatError(r.tolerance)}</td>
                    <td>
                      <span class={r.pass ? 'badge badge--ok' : r.skipped ? 'badge badge--neutral' : 'badge badge--bad'} title={r.error ?? r.skipped}>
                        {r.pass ? 'pass' : r.skipped ? 'skipped' : 'fail'}
                      </span>
                      <Show when={r.skipped}>
                        <span class="facts__note">{r.skipped}</span>
                      </Show>
                      <Show when={r.error}>
                        <span class="facts__note">{r.error}</span>
                      </Show>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </section>
  );
}
