// All six pattern probabilities as bars, the chosen one first in the reference's order kept: what the classifier really said.
import { For } from 'solid-js';
import { PATTERNS, type CognitivePattern } from '../../../core/patterns/api';
import { DEFINITIONS, pct } from './text';

export function Probabilities(props: { probabilities: Record<CognitivePattern, number>; chosen: CognitivePattern }) {
  return (
    <ul class="models-probs" aria-label="Probability of each pattern" data-testid="pattern-probabilities">
      <For each={PATTERNS}>
        {(p) => (
          <li data-pattern={p} data-value={props.probabilities[p]}>
            {/* The app routes by the hash, so the definition travels as a tooltip rather than an in-page link. */}
            <span class="models-probs__label" title={`${p}: ${DEFINITIONS[p]}`}>
              {p === props.chosen ? <strong>{p}</strong> : p}
            </span>
            <span class="models-probs__bar" aria-hidden="true">
              <span style={{ width: `${Math.max(0, Math.min(1, props.probabilities[p])) * 100}%` }} />
            </span>
            <span class="models-probs__value">{pct(props.probabilities[p])}</span>
          </li>
        )}
      </For>
    </ul>
  );
}
