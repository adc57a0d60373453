// One training run: live progress and charts while it trains, then its result in the reference's shape, the confusion matrix, and saving.
import { createSignal, Match, Show, Switch } from 'solid-js';
import { LineChart } from '../../components/chart';
import { ProgressBar } from '../../components/progress-bar';
import { formatDuration, formatFigure, formatScore, scoreName } from '../../format';
import type { Run, RunState } from '../../stores/lab';
import { ErrorAlert } from './alert';
import { ConfusionMatrix } from './confusion-matrix';
import { RunResult } from './run-result';

const BADGE: Record<RunState, string> = { queued: 'badge--neutral', running: 'badge--neutral', done: 'badge--ok', cancelled: 'badge--neutral', failed: 'badge--bad' };

const LOSS = '#0f766e';
const ACC = '#b45309';

export function RunCard(props: { run: Run; now: number; onDismiss: () => void }) {
  const r = () => props.run;
  const h = () => r().history();
  const last = () => h()[h().length - 1];
  const live = () => r().state() === 'queued' || r().state() === 'running';
  const elapsed = () => ((r().endedAt() ?? props.now) - r().startedAt) / 1000;
  const epochs = () => h().map((m) => m.epoch);
  const titleId = () => `run-${r().id}-title`;
  /** Tenths of the asked epochs done: what the live region announces, so a screen reader is not read every epoch. */
  const milestone = () => Math.floor((h().length / r().total) * 10);
  return (
    <article class="card lab-run" aria-labelledby={titleId()} data-testid="run" data-run={r().id} data-state={r().state()}>
      <div class="card__head">
        <div>
          <h3 id={titleId()} class="card__title">
            Run {r().id}: <code>{r().modelId}</code> on <code>{r().dataset}</code>
          </h3>
          <p class="card__subtitle">
            <span class={`badge ${BADGE[r().state()]}`} data-testid="run-state">
              {r().stopping() && live() ? 'stopping' : r().state()}
            </span>{' '}
            {r().total} epochs asked
          </p>
        </div>
        <Show
          when={live()}
          fallback={
            <button type="button" class="btn btn--ghost" onClick={() => props.onDismiss()}>
              Dismiss
            </button>
          }
        >
          <button type="button" class="btn btn--secondary" disabled={r().stopping()} onClick={() => r().stop()}>
            {r().stopping() ? 'Stopping…' : 'Stop'}
          </button>
        </Show>
      </div>

      <ProgressBar value={h().length} max={r().total} label="Epochs" />
      {/* Updated every epoch, so not a live region; the hidden one below speaks at each tenth of the run. */}
      <p class="lab-run__status" data-testid="run-progress" data-epoch={last()?.epoch ?? 0}>
        <Show when={last()} fallback={r().state() === 'queued' ? 'Waiting for a free worker…' : 'Preparing the data…'}>
          {(m) => (
            <>
              Epoch {m().epoch} of {r().total} · loss {formatFigure(m().loss, 4)} · val_loss {formatFigure(m().val_loss, 4)} · learning rate {formatFigure(m().learning_rate, 3)}
            </>
          )}
        </Show>{' '}
        · elapsed <span data-stat="elapsed">{formatDuration(elapsed())}</span>
      </p>

      <p class="visually-hidden" role="status" aria-live="polite">
        {milestone() > 0 && live() ? `Run ${r().id}: ${milestone() * 10}% of the epochs done.` : ''}
      </p>

      {/* Made with the first epoch, not with the card: the click that starts a run stays a short task. */}
      <Show when={h().length > 0}>
        <div class="grid grid--2 lab-run__charts">
          <LineChart
            title="Loss"
            yLabel="loss"
            testId="loss-chart"
            x={epochs()}
            series={[
              { label: 'loss', values: h().map((m) => m.loss), color: LOSS },
              { label: 'val_loss', values: h().map((m) => m.val_loss), color: ACC, dashed: true },
            ]}
          />
          {/* A regression run's accuracy curves are R² (at most 1, negative when worse than the mean): named so. */}
          <LineChart
            title={r().metric === 'r2' ? 'R²' : 'Accuracy'}
            yLabel={scoreName(r().metric)}
            testId="accuracy-chart"
            x={epochs()}
            series={[
              { label: r().metric === 'r2' ? 'R²' : 'accuracy', values: h().map((m) => m.accuracy), color: LOSS },
              { label: r().metric === 'r2' ? 'val R²' : 'val_accuracy', values: h().map((m) => m.val_accuracy), color: ACC, dashed: true },
            ]}
          />
        </div>
      </Show>

      <Show when={r().error()}>{(e) => <ErrorAlert action={r().state() === 'cancelled' ? 'The run was stopped.' : 'Training failed.'} message={e()} testId="run-error" />}</Show>

      <Show when={r().result()}>
        {(res) => (
          <>
            <RunResult result={res()} />
            <Switch>
              <Match when={r().confusion().status === 'running'}>
                <p class="muted" role="status">Measuring predictions on the validation records…</p>
              </Match>
              <Match when={(() => { const c = r().confusion(); return c.status === 'done' ? c.result : undefined; })()}>
                {(c) => <ConfusionMatrix confusion={c()} />}
              </Match>
              <Match when={(() => { const c = r().confusion(); return c.status === 'done' && c.result === null; })()}>
                <p class="muted">A regression target: the score above is R² on the validation records; there are no classes to confuse.</p>
              </Match>
              <Match when={(() => { const c = r().confusion(); return c.status === 'failed' ? c.message : undefined; })()}>
                {(m) => <ErrorAlert action="The confusion matrix could not be measured." message={m()} />}
              </Match>
            </Switch>
            <SaveForm run={r()} />
          </>
        )}
      </Show>
      <Show when={r().state() === 'done' || r().state() === 'cancelled'}>
        <p class="visually-hidden" role="status">
          Run {r().id} {r().state() === 'done' ? 'finished' : 'stopped'}
          {r().result() ? `, validation ${scoreName(r().result()!.metric)} ${formatScore(r().result()!.accuracy, r().result()!.metric)}` : ''}.
        </p>
      </Show>
    </article>
  );
}

function SaveForm(props: { run: Run }) {
  const [description, setDescription] = createSignal('');
  const s = () => props.run.saving();
  const id = () => `run-${props.run.id}-description`;
  return (
    <form
      class="lab-save"
      onSubmit={(e) => {
        e.preventDefault();
        void props.run.save(description());
      }}
    >
      <Show
        when={(() => { const v = s(); return v.status === 'done' ? v.result : undefined; })()}
        fallback={
          <div class="lab-train__row">
            <div class="mem-field">
              <label class="mem-field__label" for={id()}>
                Description <span class="muted">(optional)</span>
              </label>
              <input id={id()} class="mem-input" value={description()} onInput={(e) => setDescription(e.currentTarget.value)} />
            </div>
            <button type="submit" class="btn btn--primary" disabled={s().status === 'running'}>
              {s().status === 'running' ? 'Saving…' : 'Save model'}
            </button>
          </div>
        }
      >
        {(saved) => (
          <p role="status" data-testid="saved">
            Saved as <code>{saved().modelId}</code> version <code data-stat="version">{saved().version}</code> with {saved().historyRows} epochs of history.{' '}
            <a href="#/models">Open Models</a>
          </p>
        )}
      </Show>
      <Show when={(() => { const v = s(); return v.status === 'failed' ? v.message : undefined; })()}>{(m) => <ErrorAlert action="The model was not saved." message={m()} testId="save-error" />}</Show>
    </form>
  );
}
