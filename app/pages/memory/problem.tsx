// An engine error shown as an alert, worded by its kind: storage full, database unavailable, or anything else.
import { Show } from 'solid-js';
import type { Problem } from '../../stores/memory';

const LEAD: Record<Problem['kind'], string> = {
  quota: 'Storage is full.',
  open: 'The memory database is not available.',
  input: 'The request was refused.',
  other: 'Something went wrong.',
};

export function ProblemAlert(props: { problem: Problem; action: string; hint?: string }) {
  return (
    <div class="mem-alert" role="alert">
      <p>
        <strong>
          {props.action} {LEAD[props.problem.kind]}
        </strong>{' '}
        {props.problem.message}
      </p>
      <Show when={props.hint}>
        <p class="mem-alert__hint">{props.hint}</p>
      </Show>
    </div>
  );
}
