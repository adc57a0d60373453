// train-and-stream: a task → the selected strategy's plan → its steps executed on the user's OpenAI-compatible endpoint (only when online and entered here), or the plan with "no step was executed".
import { For, Match, Show, Switch } from 'solid-js';
import { ms } from '../../../core/pipeline/text';
import type { StepOutcome } from '../../../core/pipeline/train-and-stream';
import type { Stream } from '../../stores/pipeline-stream';

function StepItem(props: { outcome: StepOutcome }) {
  const o = () => props.outcome;
  return (
    <li data-step={o().step.id} data-status={o().status}>
      <strong>{o().step.title}</strong> <span class="badge badge--neutral">{o().status === 'not-executed' ? 'not executed' : o().status}</span>
      <Show when={o().duration_ms !== undefined}> <span class="muted">{ms(o().duration_ms!)}</span></Show>
      <p class="muted">{o().step.instruction.split('\n\n')[0]}</p>
      <Show when={o().output}>{(out) => <pre class="pipe-output">{out()}</pre>}</Show>
      <Show when={o().error}>{(err) => <p class="text-bad">{err()}</p>}</Show>
    </li>
  );
}

export function StreamCard(props: { stream: Stream }) {
  const st = () => props.stream;
  const f = () => st().endpointForm();
  const err = (field: string) => (st().endpointError()?.field === field ? st().endpointError()?.message : undefined);
  const running = () => st().phase().status === 'running';
  return (
    <section class="card" aria-labelledby="pipe-stream-title" data-testid="train-and-stream">
      <h2 id="pipe-stream-title" class="card__title">Train and stream</h2>
      <p class="card__subtitle">
        Picks a strategy with the weights on the left, splits your task into that strategy's steps and, if you enter an OpenAI-compatible endpoint
        below, sends the steps to it one by one from this page. Without one you get the plan and nothing is executed.
      </p>
      <details class="pipe-endpoint" open={st().endpoint() === null ? undefined : true}>
        <summary>
          Step executor:{' '}
          <span data-testid="endpoint-state">{st().endpoint() ? `${st().endpoint()!.baseUrl} (${st().endpoint()!.model})` : 'none configured'}</span>
        </summary>
        <p class="muted">
          Kept only in this browser's IndexedDB (the API key too), never in the pipeline database or its log, and used only while this browser is
          online.
        </p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void st().saveEndpoint();
          }}
        >
          <label class="mem-field">
            <span class="mem-field__label">Base URL</span>
            <input class="mem-input mono" name="baseUrl" placeholder="http://localhost:11434/v1" value={f().baseUrl} aria-invalid={err('endpoint.baseUrl') ? 'true' : undefined} onInput={(e) => st().setEndpointForm({ ...f(), baseUrl: e.currentTarget.value })} />
          </label>
          <label class="mem-field">
            <span class="mem-field__label">Model</span>
            <input class="mem-input" name="model" value={f().model} aria-invalid={err('endpoint.model') ? 'true' : undefined} onInput={(e) => st().setEndpointForm({ ...f(), model: e.currentTarget.value })} />
          </label>
          <label class="mem-field">
            <span class="mem-field__label">API key (optional)</span>
            <input class="mem-input" type="password" name="apiKey" autocomplete="off" value={f().apiKey} onInput={(e) => st().setEndpointForm({ ...f(), apiKey: e.currentTarget.value })} />
          </label>
          <div class="btn-row">
            <button type="submit" class="btn btn--secondary">Save endpoint</button>
            <Show when={st().endpoint()}>
              <button type="button" class="btn btn--ghost" onClick={() => void st().forgetEndpoint()}>Forget it</button>
            </Show>
          </div>
          <Show when={st().endpointError()}>{(e) => <p class="mem-field__error" role="alert" data-testid="endpoint-error">{e().message}</p>}</Show>
        </form>
      </details>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void st().run();
        }}
      >
        <label class="mem-field">
          <span class="mem-field__label">Task</span>
          <textarea class="mem-input mem-input--area" name="task" rows={3} value={st().task()} onInput={(e) => st().setTask(e.currentTarget.value)} />
        </label>
        <div class="btn-row">
          <button type="submit" class="btn btn--primary" disabled={running()}>{running() ? 'Working…' : 'Plan and execute'}</button>
          <Show when={running()}>
            <button type="button" class="btn btn--secondary" onClick={() => st().cancel()}>Cancel</button>
          </Show>
        </div>
      </form>
      <div class="card__status" aria-live="polite">
        <Switch>
          <Match when={st().phase().status === 'running' && st().phase()}>
            {(p) => <ol class="pipe-steps"><For each={(p() as { steps: StepOutcome[] }).steps}>{(o) => <StepItem outcome={o} />}</For></ol>}
          </Match>
          <Match when={(st().phase().status === 'invalid' || st().phase().status === 'failed') && st().phase()}>
            {(p) => <p class="text-bad" role="alert" data-testid="stream-error">{(p() as { message: string }).message}</p>}
          </Match>
          <Match when={st().phase().status === 'done' && st().phase()}>
            {(p) => {
              const r = () => (p() as Extract<ReturnType<Stream['phase']>, { status: 'done' }>).result;
              return (
                <div data-testid="stream-result" data-executed={r().executed ? 'true' : 'false'} data-strategy={r().strategy}>
                  <p data-testid="stream-note"><strong>{r().note}</strong></p>
                  <p class="muted">Strategy {r().strategy} with {r().preset} weights (weighted score {r().selection.score.toFixed(3)}).</p>
                  <ol class="pipe-steps"><For each={r().steps}>{(o) => <StepItem outcome={o} />}</For></ol>
                </div>
              );
            }}
          </Match>
        </Switch>
      </div>
    </section>
  );
}
