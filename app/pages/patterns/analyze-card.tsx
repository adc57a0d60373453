// Analyse, learn or predict an operation (JSON in the reference's shape, or plain text), with its outcome for learn; the result below.
import { Show } from 'solid-js';
import type { PatternsStore } from '../../stores/patterns';
import { ResultView } from './result-view';

const EXAMPLE = '{"type": "api_deployment", "complexity": "high", "agents": ["backend-dev", "cicd-engineer"], "description": "Deploy the billing API to production with the tests run in parallel"}';

export function AnalyzeCard(props: { store: PatternsStore }) {
  const s = () => props.store;
  const busy = () => s().result().status === 'running';
  const empty = () => s().operation().trim() === '';
  return (
    <section class="card" aria-labelledby="pat-analyze-title" data-testid="pattern-analyze">
      <div class="card__head">
        <div>
          <h2 id="pat-analyze-title" class="card__title">Analyse an operation</h2>
          <p class="card__subtitle">
            The classifier names its cognitive pattern with all six probabilities; similar recorded operations come from the vector tier with their cosine;
            recommendations come from their recorded outcomes. Learn records the operation with its outcome; predict estimates success and duration from
            similar recorded outcomes, or says there are too few.
          </p>
        </div>
      </div>
      <form
        class="mem-form"
        onSubmit={(e) => {
          e.preventDefault();
          void s().analyze();
        }}
      >
        <label class="mem-field">
          <span class="mem-field__label">Operation (JSON or plain text)</span>
          <textarea class="mem-input mem-input--area" name="operation" rows="3" placeholder={EXAMPLE} value={s().operation()} onInput={(e) => s().setOperation(e.currentTarget.value)} />
          <span class="mem-field__hint">
            The reference's shape: type, complexity (low/medium/high), agents, duration (ms), description; other fields (parallel_tests, environment, …) are what
            recommendations group by. Plain text is taken as the description.
          </span>
        </label>
        <label class="mem-field">
          <span class="mem-field__label">Outcome (for learn)</span>
          <input class="mem-input" name="outcome" placeholder='{"success": true, "duration": 1850} or "passed"' value={s().outcome()} onInput={(e) => s().setOutcome(e.currentTarget.value)} />
        </label>
        <div class="btn-row">
          <button type="submit" class="btn btn--primary" disabled={busy() || empty()}>
            Analyse
          </button>
          <button type="button" class="btn btn--secondary" disabled={busy() || empty()} onClick={() => void s().learn()}>
            Learn
          </button>
          <button type="button" class="btn btn--secondary" disabled={busy() || empty()} onClick={() => void s().predict()}>
            Predict
          </button>
        </div>
      </form>
      <Show when={busy()}>
        <p class="muted" role="status">
          Working… (the first call trains the classifier in the engine worker, about half a second)
        </p>
      </Show>
      <Show when={(() => { const r = s().result(); return r.status === 'failed' ? r.message : undefined; })()}>
        {(m) => (
          <p class="text-bad" role="alert" data-testid="pattern-error">
            {m()}
          </p>
        )}
      </Show>
      <Show when={(() => { const r = s().result(); return r.status === 'done' ? r.result : undefined; })()}>{(r) => <ResultView result={r()} store={s()} />}</Show>
    </section>
  );
}
