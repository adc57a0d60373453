// Strategy selection: a preset or custom weights → the strategy chosen and why, with each strategy's weighted score and the formula.
import { For, Match, Show, Switch } from 'solid-js';
import type { Weights } from '../../../core/pipeline/selection';
import type { SelectionView, Stream, WeightMode } from '../../stores/pipeline-stream';

const FIELDS: (keyof Weights)[] = ['reliability', 'speed', 'score'];

export function SelectionCard(props: { stream: Stream }) {
  const st = () => props.stream;
  const ok = () => {
    const v = st().selection();
    return v?.ok ? v : undefined;
  };
  const bad = () => {
    const v = st().selection();
    return v && !v.ok ? (v as Extract<SelectionView, { ok: false }>) : undefined;
  };
  return (
    <section class="card" aria-labelledby="pipe-select-title" data-testid="selection">
      <h2 id="pipe-select-title" class="card__title">Strategy selection</h2>
      <p class="card__subtitle">
        Each strategy's weighted score from its profile:{' '}
        <code>successRate·w_reliability + (1 − avgTime/5000)·w_speed + (avgScore/100)·w_score</code>. The highest wins.
      </p>
      <label class="mem-field">
        <span class="mem-field__label">Weights</span>
        <select class="mem-input" name="preset" value={st().mode()} onChange={(e) => st().setMode(e.currentTarget.value as WeightMode)}>
          <For each={Object.entries(st().presets)}>
            {([name, w]) => (
              <option value={name}>
                {name} (reliability {w.reliability}, speed {w.speed}, score {w.score})
              </option>
            )}
          </For>
          <option value="custom">custom weights</option>
        </select>
      </label>
      <Show when={st().mode() === 'custom'}>
        <div class="pipe-weights">
          <For each={FIELDS}>
            {(k) => (
              <label class="mem-field">
                <span class="mem-field__label">{k}</span>
                <input
                  class="mem-input"
                  name={`weight-${k}`}
                  inputMode="decimal"
                  value={st().custom()[k]}
                  aria-invalid={bad()?.field === `weights.${k}` ? 'true' : undefined}
                  onInput={(e) => st().setCustom({ ...st().custom(), [k]: e.currentTarget.value })}
                />
              </label>
            )}
          </For>
        </div>
      </Show>
      <Switch>
        <Match when={bad()}>
          {(b) => (
            <p class="mem-field__error" role="alert" data-testid="selection-error" data-field={b().field}>
              {b().message}.
            </p>
          )}
        </Match>
        <Match when={ok()}>
          {(v) => (
            <div data-testid="selection-result" data-strategy={v().selection.strategy}>
              <p>
                Selected: <strong>{v().selection.strategy}</strong> (weighted score {v().selection.score.toFixed(3)}).
                <Show when={!v().trained}> No strategy has run yet, so this rests on the starting values, not on measurements: run some iterations first.</Show>
              </p>
              <table class="table">
                <caption class="visually-hidden">Weighted scores, best first</caption>
                <thead>
                  <tr>
                    <th scope="col">Strategy</th>
                    <th scope="col" class="num">Weighted score</th>
                    <th scope="col" class="num">Scored runs</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={v().selection.ranking}>
                    {(r) => (
                      <tr data-strategy={r.strategy}>
                        <td>{r.strategy}</td>
                        <td class="num">{r.score.toFixed(3)}</td>
                        <td class="num">{r.uses}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          )}
        </Match>
      </Switch>
    </section>
  );
}
