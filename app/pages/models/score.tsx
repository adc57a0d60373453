// A version's score as the registry knows it: measured on this device (accuracy, or R² for regression), or only reported by an imported file.
import { Match, Switch } from 'solid-js';
import type { AccuracyProvenance } from '../../../core/models/api';
import { formatScore } from '../../format';

export function Score(props: { accuracy: number | null; provenance: AccuracyProvenance | null }) {
  const p = () => props.provenance;
  return (
    <Switch fallback={<span title="Saved before the source of its accuracy was recorded.">{formatScore(props.accuracy, null)}</span>}>
      <Match when={p()?.source === 'measured' && props.accuracy !== null}>
        <span data-source="measured" data-metric={p()!.metric} title={`Measured on this device: ${p()!.measured_on ?? ''}`}>
          {formatScore(props.accuracy, p()!.metric)}
        </span>
      </Match>
      <Match when={p()?.source === 'reported_by_file' || (p()?.source === 'measured' && props.accuracy === null)}>
        <span data-source="reported_by_file" class="muted">
          not measured
          {p()!.reported === null ? '' : ` · ${formatScore(p()!.reported, p()!.metric)} reported by the file`}
        </span>
      </Match>
    </Switch>
  );
}
