// The dataset: a file picked or dropped (CSV, TSV, JSON, JSON Lines, Parquet) streamed into the data worker with progress and Cancel, its record counts as training will split them, its columns with their kinds (inferred or chosen here), what could not be used, and the target.
import { For, Show } from 'solid-js';
import { FEATURE_TYPES, type FeatureType } from '../../../core/models/featurizer';
import { formatBytes } from '../../format';
import { columnKindLabel, nonNumericNote, unseenNote, type LabStore } from '../../stores/lab';
import { ErrorAlert } from './alert';
import { DatasetLoading } from './dataset-loading';
import { DropZone } from './drop-zone';

export function DatasetCard(props: { store: LabStore }) {
  const d = () => props.store.dataset();
  const view = () => props.store.view();
  return (
    <section class="card" aria-labelledby="dataset-title">
      <div class="card__head">
        <div>
          <h2 id="dataset-title" class="card__title">Dataset</h2>
          <p class="card__subtitle">
            CSV or TSV with a header row, JSON (<code>{'{trainingData, validationData}'}</code> or an array of records), JSON Lines or Parquet. It is read in a
            worker, in pieces, and stays in this tab.
          </p>
        </div>
      </div>
      <DropZone
        label="Dataset file"
        accept=".csv,.tsv,.json,.jsonl,.ndjson,.parquet,application/json,text/csv,text/tab-separated-values"
        testId="dataset-drop"
        disabled={props.store.loadingDataset()}
        onFile={(f) => void props.store.loadDataset(f)}
      />
      <Show when={props.store.loading()}>{(l) => <DatasetLoading loading={l()} onCancel={() => props.store.cancelLoad()} />}</Show>
      <div aria-live="polite">
        <Show when={props.store.datasetNote()}>
          {(n) => (
            <p class="muted" data-testid="dataset-note">
              {n()}
            </p>
          )}
        </Show>
        <Show when={props.store.datasetError()}>
          {(e) => <ErrorAlert action="The file was not used." message={e()} hint={d() ? `Still using ${d()!.name}.` : undefined} testId="dataset-error" />}
        </Show>
      </div>
      <Show when={d()}>
        {(ds) => (
          <div data-testid="dataset" data-name={ds().name}>
            <dl class="facts">
              <div class="facts__row">
                <dt>File</dt>
                <dd>
                  <code>{ds().name}</code> · {ds().format.toUpperCase()} · {formatBytes(ds().size)} · <span data-stat="rows">{ds().rows.toLocaleString('en-US')}</span> rows
                  <span class="facts__hint">
                    read in {(ds().readMs / 1000).toFixed(1)} s into {formatBytes(ds().tableBytes)} of columns
                  </span>
                </dd>
              </div>
              <Show when={view().value ? undefined : view().target}>
                {(t) => (
                  <div class="facts__row" data-fact="target">
                    <dt>Target</dt>
                    <dd>
                      <code data-stat="target">{t().field}</code>
                      <span class="facts__hint" data-stat="target-reason">
                        {t().reason}
                      </span>
                    </dd>
                  </div>
                )}
              </Show>
              <Show when={view().value}>
                {(v) => (
                  <>
                    <div class="facts__row" data-fact="records">
                      <dt>Records</dt>
                      <dd>
                        <span data-stat="train">{v().counts.train}</span> training · <span data-stat="validation">{v().counts.validation}</span> validation
                        <span class="muted">{v().counts.source === 'split' ? ' (held out by the config’s split)' : ' (the file’s validationData)'}</span>
                        <Show when={v().counts.skipped > 0}>
                          {' '}
                          · <span data-stat="skipped">{v().counts.skipped}</span> skipped (no usable target)
                        </Show>
                      </dd>
                    </div>
                    <div class="facts__row" data-fact="target">
                      <dt>Target</dt>
                      <dd>
                        <code data-stat="target">{v().schema.target.field}</code> · {v().schema.target.task}
                        <Show when={v().schema.target.task === 'classification'}> ({v().schema.target.labels.length} classes)</Show>
                        <span class="facts__hint" data-stat="target-reason">
                          {v().schema.target.reason}
                        </span>
                        <span class="facts__hint" data-stat="task-reason">
                          {v().inference.reason}
                        </span>
                      </dd>
                    </div>
                  </>
                )}
              </Show>
            </dl>
            <div class="mem-field">
              <label class="mem-field__label" for="lab-target">
                Target field
              </label>
              <select id="lab-target" class="mem-input" value={props.store.target() ?? ''} onChange={(e) => props.store.setTarget(e.currentTarget.value === '' ? null : e.currentTarget.value)}>
                <option value="">Automatic (config or featurizer)</option>
                <For each={ds().fields}>{(f) => <option value={f}>{f}</option>}</For>
              </select>
            </div>
            <Show when={view().pending}>
              <p class="muted" role="status" data-testid="dataset-view-pending">
                Fitting the featurizer on the training rows…
              </p>
            </Show>
            <Show when={view().error}>{(e) => <ErrorAlert action="This dataset cannot train with this config." message={e()} testId="dataset-view-error" />}</Show>
            <Show when={view().value}>
              {(v) => (
                <>
                  <Show when={unseenNote(v().unseen)}>{(u) => <p class="muted" data-testid="dataset-unseen">{u()}</p>}</Show>
                  <div class="table-wrap">
                    <table class="table" data-testid="columns">
                      <caption class="visually-hidden">Feature columns, their kinds and what could not be used</caption>
                      <thead>
                        <tr>
                          <th scope="col">Column</th>
                          <th scope="col">Kind</th>
                          <th scope="col">Use as</th>
                        </tr>
                      </thead>
                      <tbody>
                        <For each={v().schema.features}>
                          {(c, i) => {
                            const report = () => v().report.columns[i()];
                            const chosen = (): FeatureType | '' => (Object.prototype.hasOwnProperty.call(props.store.kinds(), c.field) ? props.store.kinds()[c.field] : '');
                            return (
                              <tr data-column={c.field}>
                                <th scope="row">
                                  <code>{c.field}</code>
                                </th>
                                <td>
                                  <span data-stat="kind">{columnKindLabel(c)}</span>
                                  <span class="facts__hint" data-stat="kind-source">
                                    {report()?.source === 'configured' ? 'chosen' : 'inferred from the training records'}
                                  </span>
                                  <Show when={report() && nonNumericNote(report()!)}>
                                    {(n) => (
                                      <span class="facts__hint text-bad" data-stat="non-numeric">
                                        {n()}
                                      </span>
                                    )}
                                  </Show>
                                </td>
                                <td>
                                  <select
                                    class="mem-input"
                                    aria-label={`Use ${c.field} as`}
                                    value={chosen()}
                                    onChange={(e) => props.store.setKind(c.field, e.currentTarget.value === '' ? null : (e.currentTarget.value as FeatureType))}
                                  >
                                    <option value="">inferred</option>
                                    <For each={FEATURE_TYPES}>{(k) => <option value={k}>{k}</option>}</For>
                                  </select>
                                </td>
                              </tr>
                            );
                          }}
                        </For>
                      </tbody>
                    </table>
                  </div>
                  <Show when={v().report.left_out.length > 0}>
                    <p class="muted" data-testid="left-out">Left out (no training record has a value): {v().report.left_out.join(', ')}.</p>
                  </Show>
                </>
              )}
            </Show>
          </div>
        )}
      </Show>
    </section>
  );
}
