// A labelled progress bar: the native <progress> element, so assistive tech reads its value.
import { createUniqueId, Show } from 'solid-js';

export function ProgressBar(props: { value: number; max: number; label: string }) {
  const id = createUniqueId();
  return (
    <div class="progress">
      <div class="progress__meta">
        <span id={id} class="progress__label">{props.label}</span>
        <Show when={props.max > 0}>
          <span class="progress__count">
            {props.value} / {props.max}
          </span>
        </Show>
      </div>
      {/* Without a total yet the bar is indeterminate: <progress> with no value attribute at all. */}
      <Show when={props.max > 0} fallback={<progress class="progress__bar" aria-labelledby={id} />}>
        <progress class="progress__bar" aria-labelledby={id} value={props.value} max={props.max} />
      </Show>
    </div>
  );
}
