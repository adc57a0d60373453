// A model's versions, newest first, with what can be done to each: describe, use for prediction, measure on data, quantize, export, delete.
import { For, Show } from 'solid-js';
import type { VersionInfo } from '../../../core/models/api';
import { formatBytes } from '../../format';
import type { ModelsStore } from '../../stores/models';
import { Score } from './score';

export function VersionsTable(props: { store: ModelsStore; versions: VersionInfo[] }) {
  const anyInt8 = () => props.versions.some((v) => v.quantized);
  const busy = (v: VersionInfo) => {
    const q = props.store.quantizing();
    return q?.phase.status === 'running' && q.ref.modelId === v.modelId && q.ref.version === v.version;
  };
  const measuring = (v: VersionInfo) => {
    const m = props.store.measuring();
    return m?.phase.status === 'running' && m.ref.modelId === v.modelId && m.ref.version === v.version;
  };
  return (
    <table class="table models-versions" data-testid="versions">
      <caption class="visually-hidden">Versions of {props.versions[0]?.modelId}</caption>
      <thead>
        <tr>
          <th scope="col">Version</th>
          <th scope="col">Saved</th>
          <th scope="col" class="num">Accuracy / R²</th>
          <th scope="col" class="num">Size</th>
          <th scope="col">Description</th>
          <th scope="col">Weights</th>
          <th scope="col">
            <span class="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        <For each={props.versions}>
          {(v) => {
            const ref = { modelId: v.modelId, version: v.version };
            const label = `${v.modelId} ${v.version}`;
            return (
              <tr data-version={v.version}>
                <th scope="row">
                  <code>{v.version}</code>
                </th>
                <td>
                  <time datetime={new Date(v.created_at).toISOString()}>{new Date(v.created_at).toLocaleString()}</time>
                </td>
                <td class="num" data-stat="accuracy">
                  <Score accuracy={v.accuracy} provenance={v.provenance} />
                </td>
                <td class="num" data-stat="size">
                  {formatBytes(v.size)}
                </td>
                <td>{v.description ?? <span class="muted">—</span>}</td>
                <td data-stat="weights">{v.quantized ? 'int8' : 'float32'}</td>
                <td class="models-actions">
                  <button type="button" class="btn btn--ghost" aria-label={`Describe ${label}`} onClick={() => void props.store.describe(ref)}>
                    Describe
                  </button>
                  <button type="button" class="btn btn--ghost" aria-label={`Load ${label} for prediction`} onClick={() => void props.store.select(ref)}>
                    Load
                  </button>
                  <button
                    type="button"
                    class="btn btn--ghost"
                    aria-label={`Measure ${label} on the data file`}
                    title="Measure accuracy (R² for regression) on every record of the data file chosen below"
                    disabled={measuring(v)}
                    onClick={() => void props.store.measure(ref)}
                  >
                    {measuring(v) ? 'Measuring…' : 'Measure'}
                  </button>
                  <Show when={!v.quantized}>
                    <button type="button" class="btn btn--ghost" aria-label={`Quantize ${label} to int8`} disabled={busy(v)} onClick={() => void props.store.quantize(ref)}>
                      {busy(v) ? 'Quantizing…' : 'Quantize'}
                    </button>
                  </Show>
                  <button type="button" class="btn btn--ghost" aria-label={`Export ${label} as .clf`} onClick={() => void props.store.exportAs(ref, 'clf')}>
                    .clf
                  </button>
                  <button type="button" class="btn btn--ghost" aria-label={`Export ${label} as ONNX`} onClick={() => void props.store.exportAs(ref, 'onnx')}>
                    ONNX
                  </button>
                  <button type="button" class="btn btn--ghost models-danger" aria-label={`Delete ${label}`} onClick={() => props.store.askDelete(v.modelId, v.version)}>
                    Delete
                  </button>
                </td>
              </tr>
            );
          }}
        </For>
      </tbody>
      <Show when={anyInt8()}>
        <tfoot>
          <tr>
            <td colSpan={7} class="muted">
              An int8 version’s score is the one measured on its int8 weights when it was quantized with a data file; quantized without one, it shows none
              until you measure it (the float version’s score is not carried over).
            </td>
          </tr>
        </tfoot>
      </Show>
    </table>
  );
}
