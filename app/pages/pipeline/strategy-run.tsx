// One strategy run in a line: tests, lint, time, score, and the runner that produced it (with the fallback and why, when there was one).
import { Show } from 'solid-js';
import type { StrategyRun } from '../../../core/pipeline/iteration';
import { labelText, lintText, ms, scoreText, testsText } from '../../../core/pipeline/text';

export function StrategyRunLine(props: { run: StrategyRun }) {
  const r = () => props.run.result;
  const why = () => [r().test, r().lint].map((c) => c.reason).find((x) => x !== undefined);
  return (
    <span class="pipe-run-line" data-testid="strategy-run" data-score={props.run.score.scored ? props.run.score.score : ''}>
      {' '}
      — tests {testsText(r())}, lint {lintText(r())}, {ms(r().test.duration_ms + r().lint.duration_ms)}, score <strong>{scoreText(props.run.score)}</strong>, on{' '}
      <span class="mono" data-testid="runner-label">{labelText(r().label)}</span>
      <Show when={r().fallback}>{(f) => <span class="muted"> (asked for {f().requested}: {f().reason})</span>}</Show>
      <Show when={why()}>{(w) => <span class="muted"> — {w().split('\n')[0]}</span>}</Show>
    </span>
  );
}
