// The agent tools on this page: whether WebMCP is here (and why not), the tools registered with their descriptions and hints, and the agents' calls running now with their progress and a Cancel.
import { For, Index, Match, Show, Switch } from 'solid-js';
import type { SystemStore } from '../../stores/system';
import type { RegisteredTool } from '../../webmcp';

/** A registered tool, or the catalog's listing of one where nothing is registered (which has no untrustedContent). */
type ToolRow = Omit<RegisteredTool, 'untrustedContent'> & Partial<Pick<RegisteredTool, 'untrustedContent'>>;

function Hints(props: { tool: ToolRow }) {
  return (
    <span class="btn-row" data-testid="tool-hints">
      <Show when={props.tool.readOnly}>
        <span class="badge badge--ok" title="Changes nothing stored (readOnlyHint)">read-only</span>
      </Show>
      <Show when={props.tool.destructive}>
        <span class="badge badge--bad" title="May delete or overwrite stored data: you are asked first (consequentialHint, destructiveHint)">asks first</span>
      </Show>
      <Show when={props.tool.longRunning}>
        <span class="badge badge--neutral" title="Reports progress and can be cancelled">long</span>
      </Show>
      <Show when={props.tool.untrustedContent}>
        <span class="badge badge--neutral" title="Returns text someone stored: not instructions (untrustedContentHint)">stored text</span>
      </Show>
    </span>
  );
}

function ToolTable(props: { tools: ToolRow[]; caption: string }) {
  return (
    <div class="table-wrap">
      <table class="table" data-testid="webmcp-tools">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Tool</th>
            <th scope="col">What it does</th>
            <th scope="col">Hints</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.tools}>
            {(t) => (
              <tr data-tool={t.name}>
                <th scope="row" class="cell-op">
                  <code>{t.name}</code>
                  <span class="facts__note">{t.title}</span>
                </th>
                <td>{t.description}</td>
                <td>
                  <Hints tool={t} />
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

export function WebMcpCard(props: { store: SystemStore }) {
  const view = () => props.store.webmcp;
  const status = () => view().status();
  const registered = () => {
    const s = status();
    return s.state === 'registered' ? s.tools : [];
  };

  return (
    <section class="card" aria-labelledby="webmcp-title">
      <div>
        <h2 id="webmcp-title" class="card__title">Agent tools (WebMCP)</h2>
        <p class="card__subtitle">
          Where the browser offers WebMCP, an AI agent working in this tab can call SAFLA Lab's tools directly: train and predict on its kernel, explain,
          keep memory. They run here, offline, on this browser's data. Calls that delete or overwrite something ask you first (in the agent's own prompt
          where the browser offers <code>requestUserInteraction</code>, else in a dialog on this page: Chromium 156 offers none). The same tools are in the
          console as <code>saflaLab.&lt;name&gt;(args)</code> and in <code>safla mcp</code>.
        </p>
      </div>

      <div class="card__status" aria-live="polite" data-testid="webmcp-status">
        <Switch>
          <Match when={status().state === 'unavailable' && status()}>
            {(s) => (
              <p>
                <span class="badge badge--neutral">not available</span> {(s() as { reason: string }).reason}
              </p>
            )}
          </Match>
          <Match when={status().state === 'registering'}>
            <p class="muted" role="status">Registering the tools…</p>
          </Match>
          <Match when={status().state === 'failed' && status()}>
            {(s) => (
              <p class="text-bad" role="alert">
                WebMCP is here, but registering failed: {(s() as { reason: string }).reason}
              </p>
            )}
          </Match>
          <Match when={status().state === 'registered' && status()}>
            {(s) => (
              <p>
                <span class="badge badge--ok">available</span> {registered().length} tools registered on <code>{(s() as { where: string }).where}</code>.
              </p>
            )}
          </Match>
        </Switch>
      </div>

      <Show when={view().calls().length > 0}>
        <ul class="notes__list" data-testid="webmcp-running" aria-label="Agent calls running">
          {/* By position, so a row stays (and its Cancel stays clickable) while its progress changes every epoch. */}
          <Index each={view().calls()}>
            {(c) => (
              <li>
                <code>{c().tool}</code> {c().progress?.message ?? 'running…'}
                <Show when={c().progress?.total}>{(total) => <span class="muted"> ({c().progress!.progress} of {total()})</span>}</Show>{' '}
                <button type="button" class="btn btn--ghost" onClick={() => c().cancel()}>
                  Cancel
                </button>
              </li>
            )}
          </Index>
        </ul>
      </Show>

      <Show
        when={status().state === 'registered'}
        fallback={
          <Show when={view().catalog.value()}>
            {(tools) => (
              <details>
                <summary>The {tools().length} tools an agent would get here (none is registered in this browser)</summary>
                <ToolTable tools={tools()} caption="The agent tools (not registered)" />
              </details>
            )}
          </Show>
        }
      >
        <ToolTable tools={registered()} caption="The agent tools registered with WebMCP" />
      </Show>
    </section>
  );
}
