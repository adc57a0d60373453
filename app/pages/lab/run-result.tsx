// A finished run's result in the reference's shape (accuracy is validation accuracy), with what was measured to get it.
import { Show } from 'solid-js';
import { formatFigure, formatPercent } from '../../format';
import type { NeuralTrainResult } from '../../../core/models/lab';
import { Fact } from '../../components/fact';

export function RunResult(props: { result: NeuralTrainResult }) {
  const r = () => props.result;
  const d = () => r().details;
  const regression = () => d().task === 'regression';
  return (
    <div class="lab-result" data-testid="run-result" data-status={r().status}>
      <dl class="facts">
        <Fact label={regression() ? 'accuracy (R²)' : 'accuracy'} hint={`on ${d().validation_records} validation records`}>
          <span data-stat="accuracy">{regression() ? formatFigure(r().accuracy, 3) : formatPercent(r().accuracy)}</span>
        </Fact>
        <Fact label="training_time">
          <span data-stat="training_time">{formatFigure(r().training_time, 3)} s</span>
        </Fact>
        <Fact label="improvement_rate">
          <span data-stat="improvement_rate">{r().improvement_rate}</span>
        </Fact>
        <Fact label="status">
          <span data-stat="status">{r().status}</span>
        </Fact>
        <Fact label="epochs" hint={`best weights from epoch ${d().best_epoch}`}>
          {d().epochs_run} of {r().epochs}
        </Fact>
        <Fact label="records" hint={d().validation_source === 'split' ? 'validation held out by the split' : 'validation from the file'}>
          {d().train_records} training · {d().validation_records} validation
          <Show when={d().skipped_records > 0}> · {d().skipped_records} skipped</Show>
        </Fact>
      </dl>
      <details class="table__detail">
        <summary>The result as neural_train returns it</summary>
        <pre class="lab-json">{JSON.stringify(r(), null, 2)}</pre>
      </details>
    </div>
  );
}
