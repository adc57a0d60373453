// The adaptive view: over the loop's steps (oldest first), the recommended strategy's confidence and each strategy's estimated reliability, and which strategy was recommended at each step.
import { For, Show } from 'solid-js';
import type { LoopStep } from '../../../core/loop/api';
import { STRATEGIES } from '../../../core/pipeline/strategies/types';
import { LineChart } from '../../components/chart';
import { pct, STRATEGY_COLOURS } from './text';

const reliability = (s: LoopStep, name: string) => s.estimates.find((e) => e.strategy === name)?.reliability ?? Number.NaN;

export function AdaptiveChart(props: { steps: LoopStep[] }) {
  // Steps arrive newest first; the chart reads left to right in time.
  const ordered = () => props.steps.toReversed();
  return (
    <Show when={ordered().length > 0} fallback={<p class="muted">No recommendations yet: the view fills in as the loop runs.</p>}>
      <div data-testid="adaptive" data-steps={ordered().length}>
        <LineChart
          title="How recommendations moved: the recommended strategy's confidence, and each strategy's estimated reliability"
          x={ordered().map((s) => s.id)}
          series={[
            { label: 'confidence', values: ordered().map((s) => s.confidence), color: '#6b21a8' },
            ...STRATEGIES.map((name) => ({ label: `${name} reliability`, values: ordered().map((s) => reliability(s, name)), color: STRATEGY_COLOURS[name], dashed: true })),
          ]}
          yLabel="probability"
          xLabel="step"
          testId="adaptive-chart"
        />
        <ol class="pipe-strategies" aria-label="Recommended strategy at each step" data-testid="adaptive-choices">
          <For each={ordered()}>
            {(s) => (
              <li data-step={s.id} data-strategy={s.recommended} style={{ color: STRATEGY_COLOURS[s.recommended] }}>
                #{s.id} {s.recommended} ({pct(s.confidence)}){s.changed_from ? ' ← changed' : ''}
                {s.passed === null ? '' : s.passed ? ' ✓' : ' ✗'}
              </li>
            )}
          </For>
        </ol>
      </div>
    </Show>
  );
}
