// What a version is, read from its file by the engine: target, labels, layers, fields, its score and where that came from, and its stored training metrics.
import { Match, Show, Switch } from 'solid-js';
import type { ModelSummary } from '../../../core/models/api';
import { formatBytes, formatScore, scoreName } from '../../format';
import type { ModelsStore } from '../../stores/models';
import { ErrorAlert } from '../lab/alert';
import { Fact } from '../../components/fact';
import { Score } from './score';

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
  /** The file's task decides the score: its own 'metric' field is not trusted. */
  const scoreMetric = () => (s().task === 'regression' ? 'r2' : 'accuracy') as 'r2' | 'accuracy';
  const measured = () => s().info.provenance?.source === 'measured';
  /** Whether the file's own figures were computed by this app (trained or quantized here) or are an imported file's claims. */
  const fileFigures = () => {
    const origin = s().info.provenance?.origin;
    return origin === 'trained' ? 'measured when it was trained on this device' : origin === 'quantized' ? 'carried over from the float version it was quantized from' : 'reported by the file';
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
      <Fact label={`Score (${scoreName(scoreMetric())})`} hint={measured() ? `measured on this device: ${s().info.provenance?.measured_on ?? ''}` : 'not measured on this device: use Measure with a data file'}>
        <span data-stat="score">
          <Score accuracy={s().info.accuracy} provenance={s().info.provenance} />
        </span>
      </Fact>
      <Fact label={`Validation ${scoreName(scoreMetric())} in the file`} hint={fileFigures()}>
        <span data-stat="file-score">{formatScore(num('val_accuracy'), scoreMetric())}</span>
      </Fact>
      <Fact label="Weights">
        {s().info.quantized ? 'int8' : 'float32'} · file {formatBytes(s().info.size)}
      </Fact>
      <Show when={quantized()}>
        {(q) => (
          <Fact label={`${scoreName(scoreMetric())} after quantizing`} hint={q().accuracy_after === null ? undefined : `before: ${formatScore(q().accuracy_before, scoreMetric())}, on ${q().validation_records} records`}>
            <span data-stat="quantized-accuracy">{q().accuracy_after === null ? 'not measured (no data was given when it was quantized)' : formatScore(q().accuracy_after, scoreMetric())}</span>
          </Fact>
        )}
      </Show>
      <Show when={typeof metric('epochs_run') === 'number'}>
        <Fact label="Trained" hint={typeof metric('kernel') === 'string' ? `on ${metric('kernel') as string} (${fileFigures()})` : fileFigures()}>
          {String(metric('epochs_run'))} epochs
          {typeof metric('kept_epoch') === 'number' ? `, weights kept from epoch ${String(metric('kept_epoch'))}, lowest val_loss at epoch ${String(metric('best_epoch'))}` : `, best at ${String(metric('best_epoch'))}`}
        </Fact>
      </Show>
    </dl>
  );
}
