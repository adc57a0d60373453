// int8 quantization: the optional data file accuracy is measured on, and the last quantization's sizes and accuracies.
import { Match, Show, Switch } from 'solid-js';
import { formatBytes, formatPercent } from '../../format';
import type { ModelsStore } from '../../stores/models';
import { ErrorAlert } from '../lab/alert';
import { DropZone } from '../lab/drop-zone';
import { Fact } from '../../components/fact';

/** An accuracy, or the honest reason there is none. */
const acc = (v: number | null) => (v === null ? 'not measured' : formatPercent(v));

export function QuantizeCard(props: { store: ModelsStore }) {
  const data = () => props.store.quantizeData();
  const q = () => props.store.quantizing();
  const done = () => {
    const p = q()?.phase;
    return p?.status === 'done' ? p.result : undefined;
  };
  return (
    <section class="card" aria-labelledby="quantize-title">
      <div class="card__head">
        <div>
          <h2 id="quantize-title" class="card__title">Quantize</h2>
          <p class="card__subtitle">
            “Quantize” on a version saves an int8 copy as a new version. Give the data it was trained on to measure accuracy before and after on its validation
            records; without it, accuracy is not measured.
          </p>
        </div>
      </div>
      <DropZone label="Data file for measuring accuracy (optional)" accept=".json,.csv,application/json,text/csv" testId="quantize-data" onFile={(f) => void props.store.setQuantizeData(f)} />
      <Show when={data()}>
        {(d) => (
          <Show when={'name' in d() ? (d() as { name: string }).name : undefined} fallback={<ErrorAlert action="The data file was not used." message={(d() as { error: string }).error} />}>
            {(name) => (
              <p class="muted">
                Accuracy will be measured with <code>{name()}</code>.{' '}
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
                  <Fact label="Accuracy" hint={r().measuredOn ? `on ${r().result.validation_records} validation records of ${r().measuredOn}` : 'give the data file to measure it'}>
                    <span data-stat="accuracy-before">{acc(r().result.accuracy_before)}</span> → <span data-stat="accuracy-after">{acc(r().result.accuracy_after)}</span>
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
