// The operations learned so far (newest first) with their pattern, where the label came from, and their outcome.
import { For, Show } from 'solid-js';
import { formatDuration } from '../../../core/patterns/api';
import type { PatternsStore } from '../../stores/patterns';

export function RecordedCard(props: { store: PatternsStore }) {
  const ops = () => props.store.recorded();
  return (
    <section class="card" aria-labelledby="pat-recorded-title" data-testid="pattern-recorded">
      <h2 id="pat-recorded-title" class="card__title">Learned operations</h2>
      <p class="card__subtitle">What learn stored (pattern_memory, the patterns namespace of the vector tier and an episode each), newest first; the loop records its runs here too.</p>
      <Show when={ops().length > 0} fallback={<p class="muted">Nothing learned yet.</p>}>
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Pattern</th>
                <th scope="col">Label from</th>
                <th scope="col">Outcome</th>
                <th scope="col">Operation</th>
              </tr>
            </thead>
            <tbody>
              <For each={ops()}>
                {(o) => (
                  <tr data-id={o.id} data-pattern={o.pattern}>
                    <td>{o.id}</td>
                    <td>{o.pattern}</td>
                    <td>{o.label_source}</td>
                    <td>
                      {o.success === null ? '—' : o.success ? 'succeeded' : 'failed'}
                      {o.duration_ms === null ? '' : `, ${formatDuration(o.duration_ms)}`}
                    </td>
                    <td>{o.description}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </section>
  );
}
