// The six cognitive patterns in one line each (the labelling guide's definitions); the bars of a result carry the same line as a tooltip.
import { For } from 'solid-js';
import { PATTERNS } from '../../../core/patterns/api';
import { DEFINITIONS } from './text';

export function Guide() {
  return (
    <section class="card card--quiet" aria-labelledby="pat-guide-title" data-testid="pattern-guide">
      <h2 id="pat-guide-title" class="card__title">What the six patterns mean</h2>
      <p class="card__subtitle">
        A pattern names the kind of thinking an operation mainly calls for, judged from what it asks to be done, not from its domain. Ties go, in order, to
        critical, adaptive, divergent, lateral, systems, then convergent.
      </p>
      <dl class="facts">
        <For each={PATTERNS}>
          {(p) => (
            <div class="facts__row" data-pattern={p}>
              <dt>{p}</dt>
              <dd>{DEFINITIONS[p]}</dd>
            </div>
          )}
        </For>
      </dl>
    </section>
  );
}
