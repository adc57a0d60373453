// The learning loop: recommend a strategy for a task (confidence, every strategy's terms, the reasoning), run it on the browser sandbox and record the outcome, the step history and the adaptive view.
import { For, Match, Show, Switch } from 'solid-js';
import { RETRAIN_EVERY } from '../../../core/catalog/catalog';
import { MODEL_PRIOR, RECENT_RUNS, type LoopStep } from '../../../core/loop/api';
import { PRESETS, type PresetName } from '../../../core/pipeline/selection';
import { COMPLEXITIES, type Complexity } from '../../../core/pipeline/task';
import type { PatternsStore } from '../../stores/patterns';
import { AdaptiveChart } from './adaptive-chart';
import { pct } from './text';

function StepView(props: { step: LoopStep }) {
  const s = () => props.step;
  return (
    <div data-testid="loop-recommendation" data-strategy={s().recommended} data-step={s().id} data-confidence={s().confidence} data-latency={s().latency_ms ?? ''}>
      <p>
        Recommended: <strong data-stat="strategy">{s().recommended}</strong>, confidence <span data-stat="confidence">{pct(s().confidence)}</span> (step #{s().id}
        {s().latency_ms === null ? '' : `, ${s().latency_ms!.toFixed(1)} ms`}).
      </p>
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Strategy</th>
              <th scope="col" class="num">Weighted score</th>
              <th scope="col" class="num">Reliability</th>
              <th scope="col" class="num">Recent passed</th>
              <th scope="col" class="num">Model</th>
              <th scope="col" class="num">Speed</th>
              <th scope="col" class="num">Score</th>
            </tr>
          </thead>
          <tbody>
            <For each={s().estimates}>
              {(e) => (
                <tr data-strategy={e.strategy}>
                  <th scope="row">{e.strategy}</th>
                  <td class="num">{e.weighted.toFixed(3)}</td>
                  <td class="num">{pct(e.reliability)}</td>
                  <td class="num">
                    {e.passed} of {e.runs}
                  </td>
                  <td class="num">{e.model_probability === null ? '—' : pct(e.model_probability)}</td>
                  <td class="num">{e.speed.toFixed(2)}</td>
                  <td class="num">{e.quality.toFixed(2)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <ul class="notes__list" data-testid="loop-reasoning">
        <For each={s().reasoning}>{(r) => <li>{r}</li>}</For>
      </ul>
    </div>
  );
}

export function LoopCard(props: { store: PatternsStore }) {
  const s = () => props.store;
  const running = () => s().loopRun().status === 'running';
  const noTask = () => s().task().trim() === '';
  return (
    <section class="card" aria-labelledby="pat-loop-title" data-testid="loop">
      <div class="card__head">
        <div>
          <h2 id="pat-loop-title" class="card__title">The learning loop</h2>
          <p class="card__subtitle">
            Recommend → run → record → update. Each strategy's reliability is a Beta posterior from its last {RECENT_RUNS} scored runs at this complexity (passing = tests and
            lint both passed; the trained adaptive-coordinator's prediction counts as {MODEL_PRIOR} runs of prior); its weighted score adds the pipeline profile's speed and
            score with the preset's weights. Confidence is the probability that the recommended strategy really scores highest. Run generates a task of that
            complexity, runs the recommended strategy on the browser sandbox, and records the run (its profile learns), a neural_patterns record, and the step;
            adaptive-coordinator retrains after {RETRAIN_EVERY} new runs.
          </p>
        </div>
      </div>
      <form
        class="pipe-controls"
        onSubmit={(e) => {
          e.preventDefault();
          void s().recommend();
        }}
      >
        <label class="mem-field">
          <span class="mem-field__label">Task</span>
          <input class="mem-input" name="loop-task" placeholder="Validate the email addresses typed into the signup form" value={s().task()} disabled={running()} onInput={(e) => s().setTask(e.currentTarget.value)} />
        </label>
        <label class="mem-field">
          <span class="mem-field__label">Complexity</span>
          <select class="mem-input" name="loop-complexity" value={s().complexity()} disabled={running()} onChange={(e) => s().setComplexity(e.currentTarget.value as Complexity)}>
            <For each={COMPLEXITIES}>{(c) => <option value={c}>{c}</option>}</For>
          </select>
        </label>
        <label class="mem-field">
          <span class="mem-field__label">Weights</span>
          <select class="mem-input" name="loop-preset" value={s().preset()} disabled={running()} onChange={(e) => s().setPreset(e.currentTarget.value as PresetName)}>
            <For each={Object.entries(PRESETS)}>
              {([name, w]) => (
                <option value={name}>
                  {name} (reliability {w.reliability}, speed {w.speed}, score {w.score})
                </option>
              )}
            </For>
          </select>
        </label>
        <div class="btn-row pipe-controls__buttons">
          <button type="submit" class="btn btn--secondary" disabled={running() || noTask()}>
            Recommend
          </button>
          <button type="button" class="btn btn--primary" disabled={running() || noTask()} onClick={() => void s().runLoop()}>
            {running() ? 'Running…' : 'Run and record'}
          </button>
          <Show when={running()}>
            <button type="button" class="btn btn--ghost" onClick={() => s().cancelLoop()}>
              Cancel
            </button>
          </Show>
        </div>
      </form>
      <Show when={s().loopProgress()}>{(p) => <p class="muted" role="status" data-testid="loop-progress">{p()}</p>}</Show>
      <Switch>
        <Match when={(() => { const x = s().recommendation(); return x.status === 'failed' ? x.message : undefined; })()}>{(m) => <p class="text-bad" role="alert">{m()}</p>}</Match>
        <Match when={(() => { const x = s().recommendation(); return x.status === 'done' ? x.result : undefined; })()}>{(step) => <StepView step={step()} />}</Match>
      </Switch>
      <Switch>
        <Match when={(() => { const x = s().loopRun(); return x.status === 'failed' ? x.message : undefined; })()}>{(m) => <p class="text-bad" role="alert">{m()}</p>}</Match>
        <Match when={(() => { const x = s().loopRun(); return x.status === 'done' ? x.result : undefined; })()}>
          {(r) => (
            <p role="status" data-testid="loop-outcome" data-passed={String(r().recorded?.step.passed ?? '')} data-cancelled={String(r().cancelled)}>
              <Show when={!r().cancelled} fallback="Cancelled: the run was not stored.">
                Ran {r().iteration.runs[0]?.strategy} on {r().iteration.task.title} ({r().iteration.task.id}) on {r().iteration.runs[0]?.result.label.runner}: tests{' '}
                {r().iteration.runs[0]?.result.test.status}, lint {r().iteration.runs[0]?.result.lint.status}
                {r().recorded ? `; recorded as pipeline run #${r().recorded!.run_id}` : ''}
                {r().retrained?.trained ? `; adaptive-coordinator retrained (${r().retrained!.trained!.version})` : ''}.
              </Show>
            </p>
          )}
        </Match>
      </Switch>
      <h3 class="notes__title">Adaptive view</h3>
      <AdaptiveChart steps={s().steps()} />
      <h3 class="notes__title">History</h3>
      <Show when={s().steps().length > 0} fallback={<p class="muted">No steps yet.</p>}>
        <div class="table-wrap">
          <table class="table" data-testid="loop-history">
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Complexity</th>
                <th scope="col">Recommended</th>
                <th scope="col" class="num">Confidence</th>
                <th scope="col">Ran</th>
                <th scope="col">Outcome</th>
                <th scope="col">Task</th>
              </tr>
            </thead>
            <tbody>
              <For each={s().steps()}>
                {(st) => (
                  <tr data-step={st.id} data-strategy={st.recommended} data-status={st.status}>
                    <td>#{st.id}</td>
                    <td>{st.complexity}</td>
                    <td>
                      {st.recommended}
                      {st.changed_from ? ` (was ${st.changed_from.strategy})` : ''}
                    </td>
                    <td class="num">{pct(st.confidence)}</td>
                    <td>{st.ran_strategy ?? '—'}</td>
                    <td>{st.passed === null ? (st.status === 'recorded' ? 'not scored' : 'not run') : st.passed ? 'passed' : 'failed'}</td>
                    <td>{st.task}</td>
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
