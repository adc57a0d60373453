// The 27-model catalog: per template what it learns from which recorded data, its measured accuracy (the registry's, of the latest trained version) or "untrained", and training from recorded data or a dropped dataset with epoch progress.
import { For, Match, Show, Switch } from 'solid-js';
import type { CatalogEntry } from '../../../core/catalog/api';
import { ProgressBar } from '../../components/progress-bar';
import { parseDataset, type PatternsStore } from '../../stores/patterns';
import { pct } from './text';

function Measured(props: { e: CatalogEntry }) {
  const t = () => props.e.trained;
  return (
    <Show when={t()} fallback={<span class="muted" data-stat="measured">untrained</span>}>
      {(tr) => (
        <span data-stat="measured" data-value={tr().accuracy ?? ''}>
          <strong>{tr().accuracy === null ? 'not measured' : tr().metric === 'r2' ? `R² ${tr().accuracy!.toFixed(3)}` : pct(tr().accuracy!)}</strong>
          <br />
          <span class="muted">
            {tr().version}
            {tr().records === null ? '' : `, ${tr().records} ${tr().data === 'dataset' ? 'dataset' : 'recorded'} records`}
            {tr().training_ms === null ? '' : `, ${Math.round(tr().training_ms!)} ms`}
          </span>
        </span>
      )}
    </Show>
  );
}

function Details(props: { e: CatalogEntry }) {
  const e = () => props.e;
  return (
    <details class="table__detail">
      <summary>{e().learns}</summary>
      <p>
        <strong>{e().purpose}</strong> ({e().use_case}; the reference's words). Trains on {e().source.label}: {e().source.rows}.
      </p>
      <p>
        Input: {e().inputs.map((i) => `${i.name} (${i.kind}${i.values ? `: ${i.values.join(', ')}` : ''})`).join('; ')}. Output: {e().output.field} ({e().output.task}
        {e().output.classes ? `: ${e().output.classes!.join(', ')}` : ''}) — {e().output.description}.
      </p>
      <p class="mono">
        layers {JSON.stringify(e().architecture.layers)}; training {JSON.stringify(e().training)}
      </p>
    </details>
  );
}

function Actions(props: { e: CatalogEntry; store: PatternsStore }) {
  const s = () => props.store;
  const name = () => props.e.name;
  const state = () => s().training()[name()];
  const running = () => state()?.phase.status === 'running';
  const dataset = () => s().datasets()[name()];
  return (
    <div class="models-actions" data-testid="catalog-actions">
      <button type="button" class="btn btn--secondary" disabled={running() || !props.e.recorded.ready} onClick={() => void s().train(name(), false)}>
        Train from recorded data
      </button>
      <Show when={!props.e.recorded.ready}>
        <span class="muted" data-stat="thin">{props.e.recorded.reason}</span>
      </Show>
      <label class="mem-field">
        <span class="mem-field__label">or a dataset (JSON, JSON Lines)</span>
        <input
          type="file"
          name={`dataset-${name()}`}
          accept=".json,.jsonl,.ndjson,application/json"
          disabled={running()}
          onChange={async (ev) => {
            const f = ev.currentTarget.files?.[0];
            ev.currentTarget.value = '';
            s().setDataset(name(), f ? parseDataset(f.name, await f.text()) : undefined);
          }}
        />
      </label>
      <Show when={dataset()}>
        {(d) => (
          <Show when={!('error' in d())} fallback={<span class="text-bad" role="alert">{(d() as { error: string }).error}</span>}>
            <button type="button" class="btn btn--secondary" disabled={running()} onClick={() => void s().train(name(), true)}>
              Train on {d().name}
            </button>
          </Show>
        )}
      </Show>
      <Show when={running()}>
        <ProgressBar value={state()?.progress?.epoch ?? 0} max={state()?.progress?.epochs ?? 0} label={`Training ${name()} (epochs; early stopping may end it sooner)`} />
        <button type="button" class="btn btn--ghost" onClick={() => s().cancelTraining(name())}>
          Stop
        </button>
      </Show>
      <Switch>
        <Match when={(() => { const p = state()?.phase; return p?.status === 'failed' ? p.message : undefined; })()}>
          {(m) => (
            <span class="text-bad" role="alert" data-testid="catalog-error">
              {m()}
            </span>
          )}
        </Match>
        <Match when={(() => { const p = state()?.phase; return p?.status === 'done' ? p.result : undefined; })()}>
          {(r) => (
            <span role="status" data-testid="catalog-trained">
              Trained in {(r().training_ms / 1000).toFixed(2)} s: {r().result.details.train_records} records for training, {r().result.details.validation_records} held out ({r().result.improvement_rate}).
            </span>
          )}
        </Match>
      </Switch>
    </div>
  );
}

export function CatalogCard(props: { store: PatternsStore }) {
  const list = () => props.store.catalog();
  const trained = () => list()?.filter((e) => e.status === 'trained').length ?? 0;
  return (
    <section class="card" aria-labelledby="pat-catalog-title" data-testid="catalog">
      <div class="card__head">
        <div>
          <h2 id="pat-catalog-title" class="card__title">The model catalog</h2>
          <p class="card__subtitle">
            The reference's 27 models, as templates that learn only from your data: each says what it predicts from which recorded data. Trained, it is a normal
            versioned model (catalog-&lt;name&gt; on the Models page). The accuracy shown is the registry's, measured on the held-out records at training; a template
            nobody trained here says untrained.
          </p>
        </div>
        <span class="card__status" data-testid="catalog-count">
          {trained()} of {list()?.length ?? 27} trained
        </span>
      </div>
      <Show when={list()} fallback={<p class="muted">Loading…</p>}>
        {(entries) => (
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Model</th>
                  <th scope="col">Learns (open for its schema)</th>
                  <th scope="col">Measured</th>
                  <th scope="col">Recorded data</th>
                  <th scope="col">Train</th>
                </tr>
              </thead>
              <tbody>
                <For each={entries()}>
                  {(e) => (
                    <tr data-testid="catalog-row" data-name={e.name} data-status={e.status}>
                      <th scope="row">
                        {e.name}
                        <br />
                        <span class="muted">{e.category}</span>
                      </th>
                      <td>
                        <Details e={e} />
                      </td>
                      <td>
                        <Measured e={e} />
                      </td>
                      <td data-stat="recorded" data-ready={e.recorded.ready}>
                        {e.recorded.usable} of {e.recorded.needed} records{e.recorded.ready ? ', ready' : ''}
                      </td>
                      <td>
                        <Actions e={e} store={props.store} />
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        )}
      </Show>
    </section>
  );
}
