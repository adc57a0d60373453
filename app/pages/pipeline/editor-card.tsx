// The custom-task editor: a task's files (file list + text), a generated sample to start from, run on a chosen runner, with per-test results, lint messages, runner label and duration, or the field that is wrong.
import { createSignal, For, Match, Show, Switch } from 'solid-js';
import type { BrowserRunnerName } from '../../../core/pipeline/api';
import { COMPLEXITIES, type Complexity } from '../../../core/pipeline/task';
import { labelText, lintText, ms, testsText } from '../../../core/pipeline/text';
import type { Editor } from '../../stores/pipeline-editor';
import { LintTable, TestsTable } from './checks';
import { statusBadge } from './text';

export function EditorCard(props: { editor: Editor }) {
  const ed = () => props.editor;
  const [newPath, setNewPath] = createSignal('');
  const [sampleLevel, setSampleLevel] = createSignal<Complexity>('easy');
  const [sampleSeed, setSampleSeed] = createSignal(1);
  const running = () => ed().phase().status === 'running';
  return (
    <section class="card" aria-labelledby="pipe-editor-title" data-testid="custom-task">
      <div class="card__head">
        <div>
          <h2 id="pipe-editor-title" class="card__title">Your own task</h2>
          <p class="card__subtitle">
            Run any task: source, <code>node:test</code> tests (<code>*.test.js</code> or under <code>test/</code>) and an optional <code>package.json</code>.
            It starts with a generated task; edit it, break it, or write your own. The same is <code>saflaLab.pipeline_run_task({'{'}files, runner, timeout_ms{'}'})</code> in the console.
          </p>
        </div>
      </div>
      <div class="pipe-sample">
        <label class="mem-field">
          <span class="mem-field__label">Sample level</span>
          <select class="mem-input" value={sampleLevel()} onChange={(e) => setSampleLevel(e.currentTarget.value as Complexity)}>
            <For each={COMPLEXITIES}>{(c) => <option value={c}>{c}</option>}</For>
          </select>
        </label>
        <button
          type="button"
          class="btn btn--ghost"
          disabled={running()}
          onClick={() => {
            setSampleSeed((n) => n + 1);
            ed().loadSample(sampleLevel(), sampleSeed());
          }}
        >
          Load another generated sample
        </button>
      </div>
      <div class="pipe-editor">
        <div class="pipe-files">
          <ul class="pipe-files__list" aria-label="Files of the task">
            <For each={ed().files()}>
              {(f) => (
                <li>
                  <button type="button" class={`btn btn--ghost pipe-file${ed().active() === f.path ? ' pipe-file--active' : ''}`} aria-pressed={ed().active() === f.path} onClick={() => ed().setActive(f.path)}>
                    {f.path}
                  </button>
                  <button type="button" class="btn btn--ghost" aria-label={`Remove ${f.path}`} disabled={running()} onClick={() => ed().removeFile(f.path)}>
                    ×
                  </button>
                </li>
              )}
            </For>
          </ul>
          <form
            class="pipe-files__add"
            onSubmit={(e) => {
              e.preventDefault();
              if (ed().addFile(newPath())) setNewPath('');
            }}
          >
            <label class="mem-field">
              <span class="mem-field__label">New file</span>
              <input class="mem-input mono" name="new-file" placeholder="src/util.js" value={newPath()} onInput={(e) => setNewPath(e.currentTarget.value)} />
            </label>
            <button type="submit" class="btn btn--secondary">Add file</button>
          </form>
          <Show when={ed().fileError()}>
            <p class="mem-field__error" role="alert">{ed().fileError()}</p>
          </Show>
        </div>
        <Show when={ed().activeFile()} fallback={<p class="muted">No files: add one.</p>}>
          {(f) => (
            <label class="mem-field pipe-editor__text">
              <span class="mem-field__label">Contents of {f().path}</span>
              <textarea class="mem-input mem-input--area mono" rows={18} spellcheck={false} value={f().text} onInput={(e) => ed().setText(e.currentTarget.value)} />
            </label>
          )}
        </Show>
      </div>
      <form
        class="pipe-controls"
        onSubmit={(e) => {
          e.preventDefault();
          void ed().run();
        }}
      >
        <label class="mem-field">
          <span class="mem-field__label">Runner</span>
          <select class="mem-input" name="task-runner" value={ed().runner()} disabled={running()} onChange={(e) => ed().setRunner(e.currentTarget.value as BrowserRunnerName)}>
            <option value="browser-sandbox">browser-sandbox</option>
            <option value="webcontainer">webcontainer (online, falls back)</option>
          </select>
        </label>
        <label class="mem-field">
          <span class="mem-field__label">Deadline per check (ms)</span>
          <input class="mem-input" name="timeout" inputMode="numeric" value={ed().timeout()} disabled={running()} onInput={(e) => ed().setTimeoutText(e.currentTarget.value)} />
        </label>
        <div class="btn-row pipe-controls__buttons">
          <button type="submit" class="btn btn--primary" disabled={running()}>
            {running() ? 'Running…' : 'Run task'}
          </button>
          <Show when={running()}>
            <button type="button" class="btn btn--secondary" onClick={() => ed().cancel()}>
              Cancel
            </button>
          </Show>
        </div>
      </form>
      <div class="card__status" aria-live="polite">
        <Switch>
          <Match when={ed().phase().status === 'invalid' && ed().phase()}>
            {(p) => {
              const x = () => p() as { field: string; message: string };
              return (
                <p class="text-bad" role="alert" data-testid="custom-error" data-field={x().field}>
                  Not run: {x().message}. Fix <code>{x().field}</code> and run again.
                </p>
              );
            }}
          </Match>
          <Match when={ed().phase().status === 'failed' && ed().phase()}>
            {(p) => <p class="text-bad" role="alert" data-testid="custom-error">{(p() as { message: string }).message}</p>}
          </Match>
          <Match when={ed().phase().status === 'done' && ed().phase()}>
            {(p) => {
              const r = () => (p() as Extract<ReturnType<Editor['phase']>, { status: 'done' }>).result;
              return (
                <div data-testid="custom-result" data-test-status={r().test.status} data-lint-status={r().lint.status}>
                  <p>
                    Tests <span class={statusBadge(r().test.status)}>{testsText(r())}</span>, lint <span class={statusBadge(r().lint.status)}>{lintText(r())}</span>, in{' '}
                    <span data-testid="custom-duration">{ms(r().duration_ms)}</span> on <span class="mono" data-testid="runner-label">{labelText(r().label)}</span>.
                    <Show when={r().fallback}>{(f) => <> Asked for {f().requested}; it could not run: {f().reason}.</>}</Show>
                  </p>
                  <Show when={r().test.reason ?? r().lint.reason}>{(why) => <p class="muted">{why()}</p>}</Show>
                  <TestsTable tests={r().test.tests} empty="No test reported a result." />
                  <LintTable messages={r().lint.messages} />
                  <Show when={ed().logError()}>
                    <p class="muted">{ed().logError()}</p>
                  </Show>
                </div>
              );
            }}
          </Match>
        </Switch>
      </div>
    </section>
  );
}
