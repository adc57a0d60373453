// A run's per-test results and lint messages as tables: shared by the history's run details and the custom-task editor.
import { For, Show } from 'solid-js';
import type { LintMessage, TestResult } from '../../../core/pipeline/runner';
import { statusBadge } from './text';

export function TestsTable(props: { tests: TestResult[]; empty: string }) {
  return (
    <Show when={props.tests.length > 0} fallback={<p class="muted">{props.empty}</p>}>
      <div class="table-wrap">
        <table class="table" data-testid="tests">
          <caption class="visually-hidden">Per-test results</caption>
          <thead>
            <tr>
              <th scope="col">Test</th>
              <th scope="col">Result</th>
              <th scope="col" class="num">Time</th>
              <th scope="col">Error</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.tests}>
              {(t) => (
                <tr data-status={t.status}>
                  <td>{t.name}</td>
                  <td><span class={statusBadge(t.status)}>{t.status}</span></td>
                  <td class="num">{t.duration_ms.toFixed(1)} ms</td>
                  <td class="mono pipe-error">{t.error ?? ''}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  );
}

export function LintTable(props: { messages: LintMessage[] }) {
  return (
    <Show when={props.messages.length > 0} fallback={<p class="muted">No lint messages.</p>}>
      <div class="table-wrap">
        <table class="table" data-testid="lint-messages">
          <caption class="visually-hidden">Lint messages</caption>
          <thead>
            <tr>
              <th scope="col">Where</th>
              <th scope="col">Severity</th>
              <th scope="col">Rule</th>
              <th scope="col">Message</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.messages}>
              {(m) => (
                <tr>
                  <td class="mono">{m.file}:{m.line}:{m.column}</td>
                  <td>{m.severity === 2 ? 'error' : 'warning'}</td>
                  <td class="mono">{m.ruleId ?? '—'}</td>
                  <td>{m.message}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  );
}
