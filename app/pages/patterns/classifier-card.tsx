// The classifier that answers: its measured held-out accuracy beside the baselines, the confusion matrix, what it trained on (corrections included).
import { For, Match, Switch } from 'solid-js';
import { PATTERNS, RETRAIN_EVERY, type ClassifierFigures } from '../../../core/patterns/api';
import type { PatternsStore } from '../../stores/patterns';
import { pct } from './text';

function Figures(props: { f: ClassifierFigures }) {
  const f = () => props.f;
  const h = () => f().held_out;
  return (
    <>
      <dl class="facts">
        <div class="facts__row">
          <dt>Held-out accuracy</dt>
          <dd data-stat="held-out" data-value={h().accuracy}>
            <strong>{pct(h().accuracy)}</strong> on {h().n} operations never trained on ({pct(f().dataset.held_out_fraction)} of each pattern held out){h().corrected_left_out ? ` (${h().corrected_left_out} corrected ones left out)` : ''}; mean confidence{' '}
            {pct(h().meanConfidence)}
          </dd>
        </div>
        <div class="facts__row">
          <dt>Baselines, same operations</dt>
          <dd data-stat="baselines">
            keyword rules {pct(f().baselines.keywords.accuracy)}; majority class ({f().baselines.majority.pattern}) {pct(f().baselines.majority.accuracy)}
          </dd>
        </div>
        <div class="facts__row">
          <dt>Trained on</dt>
          <dd data-stat="trained-on" data-corrections={f().trained_on.corrections}>
            {f().trained_on.examples} operations: the training split of {f().dataset.examples} hand-labelled ones, plus {f().trained_on.corrections} correction
            {f().trained_on.corrections === 1 ? '' : 's'} and {f().trained_on.learn_labels} labels given with learn
            {f().pending_learn_labels ? ` (${f().pending_learn_labels} more wait for the next batch of ${RETRAIN_EVERY})` : ''}
          </dd>
        </div>
        <div class="facts__row">
          <dt>Model</dt>
          <dd>
            {f().version}: a softmax network over {f().features.width} features ({f().features.embedder ? 'word vectors, hashed words and n-grams, keyword counts, fields' : 'without word vectors: they did not load'}), {f().parameters.toLocaleString('en-US')} parameters,
            trained in {f().training_ms} ms on {f().kernel}
          </dd>
        </div>
      </dl>
      <div class="table-wrap">
        <table class="table lab-confusion" data-testid="confusion">
          <caption>Held-out confusion matrix: rows are the true pattern, columns what the classifier said</caption>
          <thead>
            <tr>
              <th scope="col">true \ said</th>
              <For each={PATTERNS}>{(p) => <th scope="col" class="num">{p.slice(0, 5)}</th>}</For>
              <th scope="col" class="num">recall</th>
            </tr>
          </thead>
          <tbody>
            <For each={h().confusion}>
              {(row, i) => (
                <tr data-pattern={PATTERNS[i()]}>
                  <th scope="row">{PATTERNS[i()]}</th>
                  <For each={row}>{(v, j) => <td class="num" classList={{ 'lab-confusion__hit': i() === j() && v > 0, 'lab-confusion__miss': i() !== j() && v > 0 }}>{v}</td>}</For>
                  <td class="num">{h().perPattern[i()].recall === null ? '—' : pct(h().perPattern[i()].recall!)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </>
  );
}

export function ClassifierCard(props: { store: PatternsStore }) {
  const c = () => props.store.classifier();
  return (
    <section class="card" aria-labelledby="pat-classifier-title" data-testid="pattern-classifier">
      <h2 id="pat-classifier-title" class="card__title">The classifier, measured</h2>
      <p class="card__subtitle">
        Trained on the hand-written operations shipped with the app, part of each pattern held out; the figures are computed on that held-out part, in this
        browser, by the classifier that answers above.
      </p>
      <Switch fallback={<p class="muted">Training the classifier in the engine worker…</p>}>
        <Match when={(() => { const x = c(); return x.status === 'done' ? x.result : undefined; })()}>{(f) => <Figures f={f()} />}</Match>
        <Match when={(() => { const x = c(); return x.status === 'failed' ? x.message : undefined; })()}>{(m) => <p class="text-bad" role="alert">{m()}</p>}</Match>
      </Switch>
    </section>
  );
}
