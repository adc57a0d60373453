// The model config: a preset to start from, or the reference's JSON edited in place, with every problem listed by path as you type.
import { For, Match, Switch } from 'solid-js';
import type { LabStore } from '../../stores/lab';

export function ConfigCard(props: { store: LabStore }) {
  const check = () => props.store.config();
  const issues = () => {
    const c = check();
    return c.ok ? [] : c.issues;
  };
  const layers = () => {
    const c = check();
    if (!c.ok) return '';
    // Sizes left out are taken from the data when training starts.
    return c.config.layers.map((l) => `${l.size ?? 'auto'}${l.type === 'input' ? '' : ` ${l.activation}`}`).join(' → ');
  };
  return (
    <section class="card" aria-labelledby="config-title">
      <div class="card__head">
        <div>
          <h2 id="config-title" class="card__title">Model</h2>
          <p class="card__subtitle">The reference's custom-model JSON: layers, then training settings. Input and output sizes may be left out to take them from the data.</p>
        </div>
      </div>
      <div class="mem-field">
        <label class="mem-field__label" for="lab-preset">
          Preset
        </label>
        <select id="lab-preset" class="mem-input" value={props.store.presetId() ?? ''} onChange={(e) => props.store.choosePreset(e.currentTarget.value)}>
          <option value="" disabled>
            Custom (edited)
          </option>
          <For each={props.store.presets}>{(p) => <option value={p.id}>{p.name}</option>}</For>
        </select>
      </div>
      <div class="mem-field">
        <label class="mem-field__label" for="lab-config">
          Config (JSON)
        </label>
        <textarea
          id="lab-config"
          class="mem-input mem-input--area lab-config"
          spellcheck={false}
          rows={14}
          value={props.store.configText()}
          aria-invalid={issues().length > 0 ? 'true' : undefined}
          aria-describedby="lab-config-check"
          onInput={(e) => props.store.setConfigText(e.currentTarget.value)}
        />
      </div>
      <div id="lab-config-check" aria-live="polite" data-testid="config-check">
        <Switch>
          <Match when={issues().length > 0}>
            <div class="mem-alert">
              <p>
                <strong>
                  {issues().length} problem{issues().length === 1 ? '' : 's'} in the config:
                </strong>
              </p>
              <ul class="lab-issues">
                <For each={issues()}>
                  {(i) => (
                    <li data-path={i.path}>
                      <code>{i.path}</code> {i.message}
                    </li>
                  )}
                </For>
              </ul>
            </div>
          </Match>
          <Match when={check().ok}>
            <p class="muted">
              Valid: <code>{layers()}</code>
            </p>
          </Match>
        </Switch>
      </div>
    </section>
  );
}
