// Starts a training run: epochs, then a job on the compute pool; runs already going keep going.
import { Show } from 'solid-js';
import type { LabStore } from '../../stores/lab';
import { ErrorAlert } from './alert';

export function TrainForm(props: { store: LabStore }) {
  const count = (state: string) => props.store.runs().filter((r) => r.state() === state).length;
  const live = () => count('running') + count('queued');
  return (
    <form
      class="card lab-train"
      aria-labelledby="train-title"
      onSubmit={(e) => {
        e.preventDefault();
        props.store.startRun();
      }}
    >
      <div class="card__head">
        <div>
          <h2 id="train-title" class="card__title">Train</h2>
          <p class="card__subtitle">Each run trains in its own worker; start several to compare configs side by side.</p>
        </div>
      </div>
      <div class="lab-train__row">
        <div class="mem-field">
          <label class="mem-field__label" for="lab-epochs">
            Epochs
          </label>
          <input
            id="lab-epochs"
            class="mem-input lab-epochs"
            inputMode="numeric"
            value={props.store.epochs()}
            aria-invalid={props.store.epochsError() ? 'true' : undefined}
            aria-describedby={props.store.epochsError() ? 'lab-epochs-error' : undefined}
            onInput={(e) => props.store.setEpochs(e.currentTarget.value)}
          />
          <Show when={props.store.epochsError()}>
            {(e) => (
              <span id="lab-epochs-error" class="mem-field__error">
                {e()}
              </span>
            )}
          </Show>
        </div>
        <button type="submit" class="btn btn--primary">
          Start training
        </button>
        <Show when={live() > 0}>
          <span class="muted" data-testid="live-runs">
            {count('running')} running{count('queued') > 0 ? `, ${count('queued')} waiting for a free worker` : ''}
          </span>
        </Show>
      </div>
      <div aria-live="polite">
        <Show when={props.store.startError()}>{(e) => <ErrorAlert action="Nothing was started." message={e()} testId="start-error" />}</Show>
      </div>
    </form>
  );
}
