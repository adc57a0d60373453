// What a version is, read from its file by the engine: target, labels, layers, fields and its stored training metrics.
import { Match, Show, Switch } from 'solid-js';
import type { ModelSummary } from '../../../core/models/api';
import { formatBytes, formatPercent } from '../../format';
import type { ModelsStore } from '../../stores/models';
import { ErrorAlert } from '../lab/alert';
import { Fact } from '../../components/fact';

export function DetailsCard(props: { store: ModelsStore }) {
  const d = () => props.store.described();
  return (
    <Show when={d()}>
      {(cur) => (
        <section class="card" aria-labelledby="details-title" data-testid="details">
          <div class="card__head">
            <div>
              <h2 id="details-title" class="card__title">
                <code>{cur().ref.modelId}</code> {cur().ref.version}
              </h2>
              <p class="card__subtitle">Read from the model file.</p>
            </div>
          </div>
          <div aria-live="polite">
            <Switch>
              <Match when={cur().phase.status === 'running'}>
                <p class="muted" role="status">Reading…</p>
              </Match>
              <Match when={(() => { const p = cur().phase; return p.status === 'done' ? p.result : undefined; })()}>{(s) => <Summary summary={s()} />}</Match>
              <Match when={(() => { const p = cur().phase; return p.status === 'failed' ? p.message : undefined; })()}>
                {(m) => <ErrorAlert action="The version could not be described." message={m()} />}
              </Match>
            </Switch>
          </div>
        </section>
      )}
    </Show>
  );
}

const numberOrNull = (v: unknown) => (typeof v === 'number' ? v : null);

function Summary(props: { summary: ModelSummary }) {
  const s = () => props.summary;
  const metric = (k: string) => s().metrics[k];
  const num = (k: string) => numberOrNull(metric(k));
  /** Written into the file by quantization: what was measured then, or nulls when no data was given. */
  const quantized = () => {
    const q = metric('quantized') as { accuracy_before?: unknown; accuracy_after?: unknown; validation_records?: unknown } | undefined;
    if (!s().info.quantized || typeof q !== 'object' || q === null) return undefined;
    return { accuracy_before: numberOrNull(q.accuracy_before), accuracy_after: numberOrNull(q.accuracy_after), validation_records: numberOrNull(q.validation_records) ?? 0 };
  };
  return (
    <dl class="facts">
      <Fact label="Target">
        <code>{s().target}</code> · {s().task}
      </Fact>
      <Show when={s().labels.length > 0}>
        <Fact label="Labels">{s().labels.join(', ')}</Fact>
      </Show>
      <Fact label="Layers">{s().layers.join(' → ')}</Fact>
      <Fact label="Fields">{s().fields.join(', ')}</Fact>
      <Fact label="Validation accuracy" hint={s().task === 'regression' ? 'R²' : s().info.quantized ? 'of the float model it was quantized from' : undefined}>
        {formatPercent(num('val_accuracy'))}
      </Fact>
      <Fact label="Weights">
        {s().info.quantized ? 'int8' : 'float32'} · file {formatBytes(s().info.size)}
      </Fact>
      <Show when={quantized()}>
        {(q) => (
          <Fact label="Accuracy after quantizing" hint={q().accuracy_after === null ? undefined : `before: ${formatPercent(q().accuracy_before)}, on ${q().validation_records} records`}>
            <span data-stat="quantized-accuracy">{q().accuracy_after === null ? 'not measured (no data was given when it was quantized)' : formatPercent(q().accuracy_after)}</span>
          </Fact>
        )}
      </Show>
      <Show when={typeof metric('epochs_run') === 'number'}>
        <Fact label="Trained" hint={typeof metric('kernel') === 'string' ? `on ${metric('kernel') as string}` : undefined}>
          {String(metric('epochs_run'))} epochs, best at {String(metric('best_epoch'))}
        </Fact>
      </Show>
    </dl>
  );
}
