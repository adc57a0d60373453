// An error shown as an alert: what did not happen, then why, in the page's alert style.
import { Show } from 'solid-js';

export function ErrorAlert(props: { action: string; message: string; hint?: string; testId?: string }) {
  return (
    <div class="mem-alert" role="alert" data-testid={props.testId}>
      <p>
        <strong>{props.action}</strong> {props.message}
      </p>
      <Show when={props.hint}>
        <p class="mem-alert__hint">{props.hint}</p>
      </Show>
    </div>
  );
}
