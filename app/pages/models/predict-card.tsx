// Predictions from a loaded version: a JSON record (prefilled from one of the model's own examples) → class, confidence, probabilities, reasoning, recommendations, and the fields it lacked or the model does not know.
import { For, Match, Show, Switch } from 'solid-js';
import type { InputWarnings } from '../../../core/models/featurizer';
import type { Prediction } from '../../../core/models/lab';
import { formatFigure, formatPercent, formatScore } from '../../format';
import type { ModelsStore } from '../../stores/models';
import { ErrorAlert } from '../lab/alert';
import { Score } from './score';

export function PredictCard(props: { store: ModelsStore }) {
  const sel = () => props.store.selected();
  const model = () => {
    const s = sel();
    return s.status === 'done' ? s.result : undefined;
  };
  const p = () => props.store.predicting();
  const done = () => {
    const v = p();
    return v.status === 'done' ? v.result : undefined;
  };
  return (
    <section class="card" aria-labelledby="predict-title">
      <div class="card__head">
        <div>
          <h2 id="predict-title" class="card__title">Predict</h2>
          <p class="card__subtitle">“Load” a version above, then edit the record and predict. Reasoning comes from the most similar training examples stored in the model.</p>
        </div>
      </div>
      <Switch>
        <Match when={sel().status === 'idle'}>
          <p class="muted">No model loaded.</p>
        </Match>
        <Match when={sel().status === 'running'}>
          <p class="muted" role="status">Loading…</p>
        </Match>
        <Match when={(() => { const s = sel(); return s.status === 'failed' ? s.message : undefined; })()}>{(m) => <ErrorAlert action="The model was not loaded." message={m()} />}</Match>
        <Match when={model()}>
          {(m) => (
            <form
              data-testid="predict-form"
              data-model={`${m().modelId}@${m().version}`}
              onSubmit={(e) => {
                e.preventDefault();
                void props.store.predict();
              }}
            >
              <p>
                <code>{m().modelId}</code> {m().version} predicts <code>{m().target}</code> ({m().task}
                {m().labels.length > 0 ? `: ${m().labels.join(', ')}` : ''}). Score: <Score accuracy={m().accuracy} provenance={m().provenance} />.
              </p>
              <div class="mem-field">
                <label class="mem-field__label" for="predict-input">
                  Input record (JSON)
                </label>
                <textarea
                  id="predict-input"
                  class="mem-input mem-input--area lab-config"
                  rows={8}
                  spellcheck={false}
                  value={props.store.predictText()}
                  onInput={(e) => props.store.setPredictText(e.currentTarget.value)}
                />
                <span class="mem-field__hint">Fields: {m().fields.join(', ')}. One record, or an array of records.</span>
              </div>
              <div class="btn-row">
                <button type="submit" class="btn btn--primary" disabled={p().status === 'running'}>
                  {p().status === 'running' ? 'Predicting…' : 'Predict'}
                </button>
                <Show when={props.store.ensemble().length >= 2}>
                  <button type="button" class="btn btn--secondary" disabled={props.store.ensembling().status === 'running'} onClick={() => void props.store.predictEnsemble()}>
                    Predict with the ensemble ({props.store.ensemble().length} models)
                  </button>
                </Show>
              </div>
            </form>
          )}
        </Match>
      </Switch>
      <div aria-live="polite">
        <Show when={(() => { const v = p(); return v.status === 'failed' ? v.message : undefined; })()}>{(msg) => <ErrorAlert action="No prediction." message={msg()} testId="predict-error" />}</Show>
        <EnsembleResult store={props.store} />
        <Show when={done()}>
          {(r) => (
            <div data-testid="predictions" data-path={r().path}>
              <For each={r().predictions}>{(pr) => <PredictionView prediction={pr} />}</For>
              <p class="muted">Computed on {r().path}.</p>
            </div>
          )}
        </Show>
      </div>
    </section>
  );
}

function EnsembleResult(props: { store: ModelsStore }) {
  const e = () => props.store.ensembling();
  return (
    <Switch>
      <Match when={e().status === 'running'}>
        <p class="muted" role="status">Running every model of the ensemble…</p>
      </Match>
      <Match when={(() => { const v = e(); return v.status === 'failed' ? v.message : undefined; })()}>{(m) => <ErrorAlert action="No ensemble prediction." message={m()} testId="ensemble-error" />}</Match>
      <Match when={(() => { const v = e(); return v.status === 'done' ? v.result : undefined; })()}>
        {(r) => (
          <div data-testid="ensemble-prediction">
            <PredictionView prediction={{ prediction: r().prediction, confidence: r().confidence, probabilities: r().probabilities, reasoning: '', recommendations: [] }} />
            <p class="muted" data-testid="ensemble-weights" data-weighting={r().weighting}>
              Ensemble of{' '}
              {r()
                .members.map((m) => `${m.modelId} ${m.version} (weight ${formatPercent(m.weight)}${m.measured === null ? ', accuracy not measured here' : `, measured accuracy ${formatScore(m.measured, 'accuracy')}`})`)
                .join(', ')}
              : class probabilities averaged, {r().weighting === 'accuracy' ? 'weighted by the accuracy each model measured on this device.' : 'with equal weights.'}
            </p>
            <Show when={r().note}>{(n) => <p class="muted" data-testid="ensemble-note">{n()}</p>}</Show>
          </div>
        )}
      </Match>
    </Switch>
  );
}

/** What the record lacked or held beyond the model, in one line per kind; nothing when the record fits the model. */
function InputWarningsView(props: { warnings: InputWarnings }) {
  const w = () => props.warnings;
  return (
    <Show when={w().missing.length + w().unknown.length + w().unusable.length > 0}>
      <ul class="notes__list" data-testid="input-warnings">
        <Show when={w().missing.length > 0}>
          <li data-warning="missing">Missing (encoded as missing): {w().missing.join(', ')}.</li>
        </Show>
        <Show when={w().unusable.length > 0}>
          <li data-warning="unusable">Not usable as given (a non-number in a numeric field, or a category the model never saw; encoded as missing): {w().unusable.join(', ')}.</li>
        </Show>
        <Show when={w().unknown.length > 0}>
          <li data-warning="unknown">Not read by this model (ignored): {w().unknown.join(', ')}.</li>
        </Show>
      </ul>
    </Show>
  );
}

function PredictionView(props: { prediction: Prediction | Omit<Prediction, 'input_warnings'> }) {
  const pr = () => props.prediction;
  const probs = () => Object.entries(pr().probabilities ?? {}).toSorted((a, b) => b[1] - a[1]);
  return (
    <div class="models-prediction" role="status" data-testid="prediction">
      <p class="models-prediction__head">
        <strong data-stat="prediction">{typeof pr().prediction === 'number' ? formatFigure(pr().prediction as number, 4) : pr().prediction}</strong>
        <Show when={pr().confidence !== null}>
          {' '}
          · confidence <span data-stat="confidence">{formatPercent(pr().confidence)}</span>
        </Show>
      </p>
      <Show when={probs().length > 0}>
        <ul class="models-probs" aria-label="Probabilities">
          <For each={probs()}>
            {([label, v]) => (
              <li data-label={label}>
                <span class="models-probs__label">{label}</span>
                <span class="models-probs__bar" aria-hidden="true">
                  <span style={{ width: `${Math.max(0, Math.min(1, v)) * 100}%` }} />
                </span>
                <span class="models-probs__value">{formatPercent(v)}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={pr().reasoning}>
        <p data-stat="reasoning">{pr().reasoning}</p>
      </Show>
      <Show when={pr().recommendations.length > 0}>
        <ul class="notes__list" data-stat="recommendations">
          <For each={pr().recommendations}>{(r) => <li>{r}</li>}</For>
        </ul>
      </Show>
      <Show when={'input_warnings' in pr() ? (pr() as Prediction).input_warnings : undefined}>{(w) => <InputWarningsView warnings={w()} />}</Show>
    </div>
  );
}
