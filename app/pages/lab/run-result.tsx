// A finished run's result in the reference's shape (accuracy is the validation score: accuracy, or R² for regression), with what was measured to get it.
import { For, Show } from 'solid-js';
import { formatFigure, formatScore, scoreName } from '../../format';
import type { ImprovementRate, NeuralTrainResult } from '../../../core/models/lab';
import { Fact } from '../../components/fact';
import { unseenNote } from '../../stores/lab';

/** What each improvement_rate says happened at the end of the validation-loss curve (documented on ImprovementRate). */
export const IMPROVEMENT_MEANING: Record<ImprovementRate, string> = {
  improving: 'val_loss still falling at the end',
  converged: 'val_loss flat (under 1% change) at the end',
  early_stopped: 'early stopping ended it; its best epoch was kept',
  overfitting: 'val_loss rising while the training loss falls',
  unstable: 'val_loss and training loss both rising at the end',
  too_short: 'one epoch: nothing to compare',
};

export function RunResult(props: { result: NeuralTrainResult }) {
  const r = () => props.result;
  const d = () => r().details;
  const metric = () => r().metric;
  const unseen = () => unseenNote(d().validation_unseen);
  return (
    <div class="lab-result" data-testid="run-result" data-status={r().status}>
      <dl class="facts">
        <Fact label={metric() === 'r2' ? 'accuracy (R²)' : 'accuracy'} hint={`${scoreName(metric())} on ${d().validation_records} validation records`}>
          <span data-stat="accuracy" data-metric={metric()}>
            {formatScore(r().accuracy, metric())}
          </span>
        </Fact>
        <Fact label="training_time">
          <span data-stat="training_time">{formatFigure(r().training_time, 3)} s</span>
        </Fact>
        <Fact label="improvement_rate" hint={IMPROVEMENT_MEANING[r().improvement_rate]}>
          <span data-stat="improvement_rate">{r().improvement_rate}</span>
        </Fact>
        <Fact label="status">
          <span data-stat="status">{r().status}</span>
        </Fact>
        <Fact label="epochs" hint={`weights kept from epoch ${d().kept_epoch}; lowest val_loss at epoch ${d().best_epoch}`}>
          <span data-stat="epochs">
            {d().epochs_run} of {r().epochs}
          </span>
        </Fact>
        <Fact label="records" hint={d().validation_source === 'split' ? 'validation held out by the split; the featurizer saw only the training records' : 'validation from the file'}>
          {d().train_records} training · {d().validation_records} validation
          <Show when={d().skipped_records > 0}> · {d().skipped_records} skipped</Show>
        </Fact>
      </dl>
      <Show when={unseen() || d().non_numeric_values.length > 0 || d().left_out_fields.length > 0}>
        <ul class="notes__list" data-testid="run-data-notes">
          <Show when={unseen()}>{(u) => <li data-note="unseen">{u()}</li>}</Show>
          <For each={d().non_numeric_values}>
            {(v) => (
              <li data-note="non-numeric" data-field={v.field}>
                <code>{v.field}</code>: {v.count} training value{v.count === 1 ? '' : 's'} not a number (e.g. {v.examples.map((e) => JSON.stringify(e)).join(', ')}), treated as missing.
              </li>
            )}
          </For>
          <Show when={d().left_out_fields.length > 0}>
            <li data-note="left-out">Left out (no training record has a value): {d().left_out_fields.join(', ')}.</li>
          </Show>
        </ul>
      </Show>
      <details class="table__detail">
        <summary>The result as neural_train returns it</summary>
        <pre class="lab-json">{JSON.stringify(r(), null, 2)}</pre>
      </details>
    </div>
  );
}
