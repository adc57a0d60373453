// Run controls (complexity, iterations, strategy, runner), per-task/per-strategy progress with Cancel, and what the last command did.
import { For, Match, Show, Switch } from 'solid-js';
import type { BrowserRunnerName } from '../../../core/pipeline/api';
import { STRATEGIES, type Strategy } from '../../../core/pipeline/strategies/types';
import { COMPLEXITIES, type Complexity } from '../../../core/pipeline/task';
import { ms } from '../../../core/pipeline/text';
import { ProgressBar } from '../../components/progress-bar';
import type { PipelineStore } from '../../stores/pipeline';
import { StrategyRunLine } from './strategy-run';

const STATE_TEXT = { waiting: 'waiting', running: 'running…', done: 'done', cancelled: 'cancelled (not stored)' } as const;

export function RunCard(props: { store: PipelineStore }) {
  const s = () => props.store;
  const running = () => s().progress() !== null;
  const done = () => {
    const p = s().progress();
    return p ? p.finished.length * p.strategies.length + p.strategies.filter((x) => x.state === 'done').length : 0;
  };
  const total = () => {
    const p = s().progress();
    return p ? p.total * p.strategies.length : 0;
  };
  return (
    <section class="card" aria-labelledby="pipe-run-title" data-testid="pipeline-run">
      <div class="card__head">
        <div>
          <h2 id="pipe-run-title" class="card__title">Run the pipeline</h2>
          <p class="card__subtitle">Each iteration generates one task and runs it under each chosen strategy: tests and lint, scored and learned.</p>
        </div>
      </div>
      <form
        class="pipe-controls"
        onSubmit={(e) => {
          e.preventDefault();
          void s().start();
        }}
      >
        <label class="mem-field">
          <span class="mem-field__label">Complexity</span>
          <select class="mem-input" name="complexity" value={s().complexity()} disabled={running()} onChange={(e) => s().setComplexity(e.currentTarget.value as Complexity)}>
            <For each={COMPLEXITIES}>{(c) => <option value={c}>{c}</option>}</For>
          </select>
        </label>
        <label class="mem-field">
          <span class="mem-field__label">Iterations</span>
          <input
            class="mem-input"
            name="iterations"
            inputMode="numeric"
            value={s().iterations()}
            disabled={running()}
            aria-invalid={s().iterationsError() ? 'true' : undefined}
            onInput={(e) => s().setIterations(e.currentTarget.value)}
          />
        </label>
        <label class="mem-field">
          <span class="mem-field__label">Strategy</span>
          <select class="mem-input" name="strategy" value={s().strategy()} disabled={running()} onChange={(e) => s().setStrategy(e.currentTarget.value as Strategy | 'all')}>
            <option value="all">all three</option>
            <For each={STRATEGIES}>{(x) => <option value={x}>{x}</option>}</For>
          </select>
        </label>
        <label class="mem-field">
          <span class="mem-field__label">Runner</span>
          <select class="mem-input" name="runner" value={s().runner()} disabled={running()} onChange={(e) => s().setRunner(e.currentTarget.value as BrowserRunnerName)}>
            <option value="browser-sandbox">browser-sandbox (default, offline)</option>
            <option value="webcontainer">webcontainer (online, falls back)</option>
          </select>
        </label>
        <div class="btn-row pipe-controls__buttons">
          <button type="submit" class="btn btn--primary" disabled={running() || s().iterationsError() !== undefined}>
            {running() ? 'Running…' : 'Run'}
          </button>
          <Show when={running()}>
            <button type="button" class="btn btn--secondary" disabled={s().progress()?.cancelling} onClick={() => s().cancel()}>
              {s().progress()?.cancelling ? 'Cancelling…' : 'Cancel'}
            </button>
          </Show>
        </div>
      </form>
      <Show when={s().iterationsError()}>
        <p class="mem-field__error" role="alert" data-testid="iterations-error">{s().iterationsError()}</p>
      </Show>
      <Show when={s().runner() === 'webcontainer'}>
        <p class="muted pipe-note">
          The WebContainer runner needs this page to be online and cross-origin isolated, and loads StackBlitz's runtime. When it cannot start (or
          does not boot in time) the browser sandbox runs the task instead, and each result records that fallback and why.
        </p>
      </Show>

      <div class="card__status" aria-live="polite">
        <Show when={s().progress()}>
          {(p) => (
            <div data-testid="progress">
              <ProgressBar value={done()} max={total()} label={`Iteration ${p().iteration + 1} of ${p().total}`} />
              <p data-testid="progress-task">
                <Show when={p().task} fallback="Generating the task…">
                  {(t) => (
                    <>
                      <strong>{t().title}</strong> <span class="muted">({t().id}, seed {t().seed})</span>: {t().description}
                    </>
                  )}
                </Show>
              </p>
              <ul class="pipe-strategies">
                <For each={p().strategies}>
                  {(x) => (
                    <li data-strategy={x.strategy} data-state={x.state}>
                      <strong>{x.strategy}</strong>: {STATE_TEXT[x.state]}
                      <Show when={x.run}>{(run) => <StrategyRunLine run={run()} />}</Show>
                    </li>
                  )}
                </For>
              </ul>
            </div>
          )}
        </Show>
        <Switch>
          <Match when={!running() && s().outcome().status === 'failed' && s().outcome()}>
            {(o) => <p class="text-bad" role="alert" data-testid="run-outcome">{(o() as { message: string }).message}</p>}
          </Match>
          <Match when={!running() && s().outcome().status === 'done' && s().outcome()}>
            {(o) => {
              const out = () => (o() as Extract<ReturnType<PipelineStore['outcome']>, { status: 'done' }>).result;
              return (
                <div data-testid="run-outcome" data-cancelled={out().cancelled ? 'true' : 'false'}>
                  <p>
                    {out().cancelled ? 'Cancelled after' : 'Ran'} {out().iterations.length} of {out().iterations_requested} iteration
                    {out().iterations_requested === 1 ? '' : 's'} ({out().complexity}, first seed {out().seed}) in {ms(out().duration_ms)}. Selected now (
                    {out().selection.preset} weights): <strong>{out().selection.strategy}</strong>.
                    <Show when={out().cancelled}> The strategy run that was interrupted was neither scored nor stored.</Show>
                  </p>
                  <For each={out().iterations}>
                    {(it) => (
                      <div class="pipe-iteration" data-testid="iteration" data-task={it.task.id}>
                        <p>
                          <strong>{it.task.title}</strong> <span class="muted">({it.task.id})</span>
                        </p>
                        <ul class="pipe-strategies">
                          <For each={it.runs}>
                            {(run) => (
                              <li data-strategy={run.strategy} data-runner={run.result.label.runner}>
                                <strong>{run.strategy}</strong>
                                <StrategyRunLine run={run} />
                              </li>
                            )}
                          </For>
                        </ul>
                      </div>
                    )}
                  </For>
                </div>
              );
            }}
          </Match>
        </Switch>
      </div>
    </section>
  );
}
