// A yes/no badge for a detected capability; "—" while unknown. A "no" that is not a problem can be shown neutral.
import { Show } from 'solid-js';

export function YesNo(props: { value: boolean | null | undefined; yes?: string; no?: string; noTone?: 'bad' | 'neutral' }) {
  const tone = () => (props.value ? 'badge--ok' : props.noTone === 'neutral' ? 'badge--neutral' : 'badge--bad');
  return (
    <Show when={props.value !== null && props.value !== undefined} fallback={<span class="muted">—</span>}>
      <span class={`badge ${tone()}`}>{props.value ? (props.yes ?? 'yes') : (props.no ?? 'no')}</span>
    </Show>
  );
}
