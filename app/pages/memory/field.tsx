// A labelled form field with an optional hint and the error for it, tied together for assistive tech.
import { createUniqueId, Show } from 'solid-js';

export function Field(props: {
  label: string;
  name: string;
  value: string;
  onInput: (value: string) => void;
  error?: string;
  hint?: string;
  multiline?: boolean;
  inputMode?: 'numeric' | 'text';
  placeholder?: string;
  optional?: boolean;
}) {
  const id = createUniqueId();
  const described = () => [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="mem-field" data-field={props.name}>
      <label class="mem-field__label" for={id}>
        {props.label}
        <Show when={props.optional}>
          <span class="muted"> (optional)</span>
        </Show>
      </label>
      <Show
        when={props.multiline}
        fallback={
          <input
            id={id}
            name={props.name}
            class="mem-input"
            value={props.value}
            inputMode={props.inputMode}
            placeholder={props.placeholder}
            aria-invalid={props.error ? 'true' : undefined}
            aria-describedby={described()}
            onInput={(e) => props.onInput(e.currentTarget.value)}
          />
        }
      >
        <textarea
          id={id}
          name={props.name}
          class="mem-input mem-input--area"
          value={props.value}
          placeholder={props.placeholder}
          rows={3}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={described()}
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
      </Show>
      <Show when={props.hint}>
        <span id={`${id}-hint`} class="mem-field__hint">
          {props.hint}
        </span>
      </Show>
      <Show when={props.error}>
        <span id={`${id}-error`} class="mem-field__error" data-testid={`error-${props.name}`}>
          {props.error}
        </span>
      </Show>
    </div>
  );
}
