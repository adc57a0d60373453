// The data file accuracy is measured on (by Measure, and by Quantize before/after), the last measurement, and the last quantization's sizes and scores.
import { Match, Show, Switch } from 'solid-js';
import { formatBytes, formatPercent, formatScore, scoreName } from '../../format';
import type { ModelsStore } from '../../stores/models';
import { ErrorAlert } from '../lab/alert';
import { DropZone } from '../lab/drop-zone';
import { Fact } from '../../components/fact';

/** A score (accuracy, or R² for regression), or the honest reason there is none. */
const acc = (v: number | null, metric: 'accuracy' | 'r2') => (v === null ? 'not measured' : formatScore(v, metric));

export function QuantizeCard(props: { store: ModelsStore }) {
  const data = () => props.store.quantizeData();
  const q = () => props.store.quantizing();
  const done = () => {
    const p = q()?.phase;
    return p?.status === 'done' ? p.result : undefined;
  };
  const meas = () => props.store.measuring();
  return (
    <section class="card" aria-labelledby="quantize-title">
      <div class="card__head">
        <div>
          <h2 id="quantize-title" class="card__title">Measure and quantize</h2>
          <p class="card__subtitle">
            Choose a data file, then “Measure” on a version scores it (accuracy, or R² for regression) on every record of the file that holds the target, and records
            that as measured on this device: how an imported file’s own figure is checked. Use records the model was not trained on for an honest figure.
            “Quantize” saves an int8 copy as a new version; with the data it was trained on, the score before and after is measured on the same validation
            records training held out; without a file, it is not measured.
          </p>
        </div>
      </div>
      <DropZone label="Data file for measuring" accept=".json,.csv,application/json,text/csv" testId="quantize-data" onFile={(f) => void props.store.setQuantizeData(f)} />
      <Show when={data()}>
        {(d) => (
          <Show when={'name' in d() ? (d() as { name: string }).name : undefined} fallback={<ErrorAlert action="The data file was not used." message={(d() as { error: string }).error} />}>
            {(name) => (
              <p class="muted">
                Scores will be measured on <code>{name()}</code>.{' '}
                <button type="button" class="btn btn--ghost" onClick={() => void props.store.setQuantizeData(undefined)}>
                  Forget it
                </button>
              </p>
            )}
          </Show>
        )}
      </Show>
      <div aria-live="polite">
        <Switch>
          <Match when={meas()?.phase.status === 'running'}>
            <p class="muted" role="status">
              Measuring <code>{meas()!.ref.modelId}</code> {meas()!.ref.version}…
            </p>
          </Match>
          <Match when={(() => { const p = meas()?.phase; return p?.status === 'done' ? p.result : undefined; })()}>
            {(r) => (
              <p role="status" data-testid="measure-result">
                <code>{r().modelId}</code> {r().version}: {scoreName(r().metric)} <strong data-stat="measured">{formatScore(r().accuracy, r().metric)}</strong> on {r().measuredOn}
                {r().skipped > 0 ? ` (${r().skipped} records without a usable target left out)` : ''}; recorded as measured on this device.
              </p>
            )}
          </Match>
          <Match when={(() => { const p = meas()?.phase; return p?.status === 'failed' ? p.message : undefined; })()}>
            {(msg) => <ErrorAlert action="Nothing was measured." message={msg()} testId="measure-error" />}
          </Match>
        </Switch>
        <Switch>
          <Match when={q()?.phase.status === 'running'}>
            <p class="muted" role="status">
              Quantizing <code>{q()!.ref.modelId}</code> {q()!.ref.version}…
            </p>
          </Match>
          <Match when={done()}>
            {(r) => (
              <div role="status" data-testid="quantize-result">
                <p>
                  Saved <code>{r().modelId}</code> version <code data-stat="new-version">{r().newVersion}</code> (int8 of {r().version}).
                </p>
                <dl class="facts">
                  <Fact label="Weights">
                    <span data-stat="size-before">{formatBytes(r().result.size_before)}</span> → <span data-stat="size-after">{formatBytes(r().result.size_after)}</span> (
                    {formatPercent(r().result.reduction)} smaller)
                  </Fact>
                  <Fact label={scoreName(r().result.metric)} hint={r().measuredOn ? `on ${r().result.validation_records} validation records of ${r().measuredOn}` : 'give the data file to measure it'}>
                    <span data-stat="accuracy-before">{acc(r().result.accuracy_before, r().result.metric)}</span> → <span data-stat="accuracy-after">{acc(r().result.accuracy_after, r().result.metric)}</span>
                  </Fact>
                </dl>
              </div>
            )}
          </Match>
          <Match when={(() => { const p = q()?.phase; return p?.status === 'failed' ? p.message : undefined; })()}>
            {(m) => <ErrorAlert action="Nothing was quantized." message={m()} testId="quantize-error" />}
          </Match>
        </Switch>
      </div>
    </section>
  );
}
