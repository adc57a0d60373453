// One row of a facts list: a label (with an optional hint) and its value.
import { Show, type JSX } from 'solid-js';

export function Fact(props: { label: string; hint?: string; children: JSX.Element }) {
  return (
    <div class="facts__row" data-fact={props.label}>
      <dt>
        {props.label}
        <Show when={props.hint}>
          <span class="facts__hint">{props.hint}</span>
        </Show>
      </dt>
      <dd>{props.children}</dd>
    </div>
  );
}
