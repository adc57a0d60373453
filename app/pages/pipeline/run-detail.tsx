// One stored run in full: what the strategy changed, its per-test results and lint messages, and where it ran.
import { For, Match, Show, Switch } from 'solid-js';
import type { StoredRunDetail } from '../../../core/pipeline/store';
import { labelText, ms } from '../../../core/pipeline/text';
import type { Phase } from '../../stores/pipeline';
import { LintTable, TestsTable } from './checks';

export function RunDetail(props: { id: number; phase: Phase<StoredRunDetail>; onClose: () => void }) {
  return (
    <div class="pipe-detail" data-testid="run-detail" data-run-id={props.id}>
      <div class="card__head">
        <h3 class="card__title">Run {props.id}</h3>
        <button type="button" class="btn btn--ghost" onClick={() => props.onClose()}>
          Close
        </button>
      </div>
      <Switch>
        <Match when={props.phase.status === 'running'}>
          <p class="muted">Loading…</p>
        </Match>
        <Match when={props.phase.status === 'failed' && props.phase}>{(p) => <p class="text-bad" role="alert">{(p() as { message: string }).message}</p>}</Match>
        <Match when={props.phase.status === 'done' && props.phase}>
          {(p) => {
            const r = () => (p() as { result: StoredRunDetail }).result;
            return (
              <>
                <p>
                  {r().strategy ?? 'custom'} on <code>{r().task_id}</code> ({r().complexity}, seed {r().seed ?? '—'}): tests {r().test.status} in{' '}
                  {ms(r().test.duration_ms)}, lint {r().lint.status} in {ms(r().lint.duration_ms)}, on <span class="mono">{labelText(r().label)}</span>.
                  <Show when={r().fallback}>{(f) => <> It ran there instead of {f().requested}: {f().reason}.</>}</Show>
                </p>
                <Show when={r().test.reason ?? r().lint.reason}>{(why) => <p class="muted">{why()}</p>}</Show>
                <Show when={r().changes.length > 0} fallback={<p class="muted">The strategy changed nothing in the source.</p>}>
                  <details>
                    <summary>What the {r().strategy} strategy changed ({r().changes.length})</summary>
                    <ul>
                      <For each={r().changes}>{(c) => <li><span class="mono">{c.where}</span>: {c.kind.replace('-', ' ')} — {c.detail}</li>}</For>
                    </ul>
                  </details>
                </Show>
                <h4>Tests</h4>
                <TestsTable tests={r().tests} empty="No test results were recorded." />
                <h4>Lint</h4>
                <LintTable messages={r().messages} />
              </>
            );
          }}
        </Match>
      </Switch>
    </div>
  );
}
