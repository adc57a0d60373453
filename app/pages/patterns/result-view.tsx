// One neural_patterns result: the pattern and its probabilities, predict's estimates, similar recorded operations with their cosine, recommendations, and the label correction.
import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { PATTERNS, formatDuration, type CognitivePattern, type NeuralPatternsResult } from '../../../core/patterns/api';
import type { PatternsStore } from '../../stores/patterns';
import { Probabilities } from './probabilities';
import { DEFINITIONS, pct } from './text';

function Correction(props: { store: PatternsStore; current: CognitivePattern }) {
  const [choice, setChoice] = createSignal<CognitivePattern>(props.current === 'convergent' ? 'divergent' : 'convergent');
  const c = () => props.store.correction();
  return (
    <div class="notes" data-testid="pattern-correct">
      <h3 class="notes__title">Wrong pattern? Correct it</h3>
      <p class="muted">The correction is stored; the classifier trains on it at its next use, and its figures below refresh then.</p>
      <div class="btn-row">
        <label class="mem-field">
          <span class="mem-field__label">Correct pattern</span>
          <select class="mem-input" name="correct-pattern" value={choice()} onChange={(e) => setChoice(e.currentTarget.value as CognitivePattern)}>
            <For each={PATTERNS}>{(p) => <option value={p}>{p}</option>}</For>
          </select>
        </label>
        <button type="button" class="btn btn--secondary" disabled={c().status === 'running'} onClick={() => void props.store.correct(choice())}>
          Store correction
        </button>
      </div>
      <Switch>
        <Match when={(() => { const x = c(); return x.status === 'done' ? x.result : undefined; })()}>
          {(r) => (
            <p role="status" data-testid="correction-stored" data-pattern={r().pattern}>
              Stored correction #{r().id}: {r().pattern} (the classifier had said {r().previous}){r().updated_record ? '; the learned operation was relabelled' : ''}. {r().corrections} correction
              {r().corrections === 1 ? '' : 's'} in all.
            </p>
          )}
        </Match>
        <Match when={(() => { const x = c(); return x.status === 'failed' ? x.message : undefined; })()}>{(m) => <p class="text-bad" role="alert">{m()}</p>}</Match>
      </Switch>
    </div>
  );
}

export function ResultView(props: { result: NeuralPatternsResult; store: PatternsStore }) {
  const r = () => props.result;
  const predict = () => (r().action === 'predict' ? (r() as Extract<NeuralPatternsResult, { action: 'predict' }>) : undefined);
  return (
    <div class="models-prediction" data-testid="pattern-result" data-action={r().action} data-pattern={r().pattern}>
      <p class="models-prediction__head">
        <Show when={r().action === 'learn' && r().learned}>
          <span data-testid="learned-id">Learned as operation #{(r() as { id: number }).id}. </span>
        </Show>
        Pattern: <strong data-stat="pattern">{r().pattern}</strong> (confidence <span data-stat="confidence">{pct(r().confidence)}</span>) — {DEFINITIONS[r().pattern]}
      </p>
      <Probabilities probabilities={r().probabilities} chosen={r().pattern} />
      <Show when={predict()}>
        {(p) => (
          <dl class="facts" data-testid="pattern-predict">
            <div class="facts__row">
              <dt>Success probability</dt>
              <dd data-stat="success">{p().success_probability === null ? `not given (${p().evidence_count} similar recorded outcomes, ${p().evidence.needed} needed)` : `${pct(p().success_probability!)} from ${p().evidence_count} similar recorded outcomes`}</dd>
            </div>
            <div class="facts__row">
              <dt>Expected duration</dt>
              <dd data-stat="duration">{p().expected_duration_ms === null ? `not given (${p().duration_evidence} similar recorded durations)` : `${formatDuration(p().expected_duration_ms!)} (${formatDuration(p().duration_range_ms![0])}–${formatDuration(p().duration_range_ms![1])})`}</dd>
            </div>
            <div class="facts__row">
              <dt>Reasoning</dt>
              <dd>{p().reasoning}</dd>
            </div>
          </dl>
        )}
      </Show>
      <h3 class="notes__title">Similar recorded operations</h3>
      <Show when={r().similarPatterns.length > 0} fallback={<p class="muted" data-testid="similar-none">None recorded yet: learn some operations with their outcomes.</p>}>
        <div class="table-wrap">
          <table class="table" data-testid="similar">
            <thead>
              <tr>
                <th scope="col" class="num">Cosine</th>
                <th scope="col">Pattern</th>
                <th scope="col">Outcome</th>
                <th scope="col">Operation</th>
              </tr>
            </thead>
            <tbody>
              <For each={r().similarPatterns}>
                {(x) => (
                  <tr data-id={x.id}>
                    <td class="num">{x.score.toFixed(3)}</td>
                    <td>{x.pattern}</td>
                    <td>
                      {x.success === null ? 'no outcome' : x.success ? 'succeeded' : 'failed'}
                      {x.duration_ms === null ? '' : `, ${formatDuration(x.duration_ms)}`}
                    </td>
                    <td>
                      #{x.id} {x.description}
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
        <p class="muted">Recommendations read the ones with cosine ≥ {r().evidence.min_similarity} and a recorded outcome ({r().evidence.with_outcome} here; {r().evidence.needed} needed).</p>
      </Show>
      <h3 class="notes__title">Recommendations</h3>
      <ul class="notes__list" data-testid="pattern-recommendations">
        <For each={r().recommendations}>{(x) => <li>{x}</li>}</For>
      </ul>
      <p class="muted">
        Classifier {r().classifier.version}: held-out accuracy {pct(r().classifier.held_out_accuracy)}, trained on {r().classifier.trained_on} operations; similarity by {r().embedder}.
      </p>
      <Correction store={props.store} current={r().pattern} />
    </div>
  );
}
