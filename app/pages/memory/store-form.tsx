// The store form: namespace, key, value, optional TTL (with a readable hint) and optional JSON metadata; errors beside their field.
import { Match, Switch } from 'solid-js';
import { formatBytes, formatDuration } from '../../format';
import { draftTtlSeconds, type MemoryStore } from '../../stores/memory';
import { Field } from './field';
import { ProblemAlert } from './problem';

export function StoreForm(props: { store: MemoryStore }) {
  const d = () => props.store.draft();
  const errors = () => props.store.fieldErrors();
  const state = () => props.store.storing();
  const stored = () => {
    const s = state();
    return s.status === 'done' ? s.result : undefined;
  };
  const failed = () => {
    const s = state();
    return s.status === 'failed' ? s.problem : undefined;
  };
  const ttlHint = () => {
    const s = draftTtlSeconds(d().ttl);
    return s === null ? 'Seconds. Leave empty for no expiry.' : `Seconds: expires in ${formatDuration(s)} from when it is stored.`;
  };
  const onSubmit = (e: SubmitEvent) => {
    e.preventDefault();
    void props.store.submit();
  };

  return (
    <section class="card" aria-labelledby="store-title">
      <div>
        <h2 id="store-title" class="card__title">Store an entry</h2>
        <p class="card__subtitle">memory_usage store: a key that exists in the namespace is updated, keeping its access count.</p>
      </div>
      <form class="mem-form" onSubmit={onSubmit} novalidate>
        <div class="mem-form__row">
          <Field label="Namespace" name="namespace" value={d().namespace} placeholder="default" error={errors().namespace}
            hint="Empty means “default”." onInput={(v) => props.store.setDraft('namespace', v)} />
          <Field label="Key" name="key" value={d().key} error={errors().key} onInput={(v) => props.store.setDraft('key', v)} />
        </div>
        <Field label="Value" name="value" multiline value={d().value} error={errors().value} onInput={(v) => props.store.setDraft('value', v)} />
        <div class="mem-form__row">
          <Field label="TTL" name="ttl" optional inputMode="numeric" value={d().ttl} error={errors().ttl} hint={ttlHint()}
            onInput={(v) => props.store.setDraft('ttl', v)} />
          <Field label="Metadata" name="metadata" optional multiline value={d().metadata} placeholder='{"source": "notes"}'
            error={errors().metadata} hint="A JSON object kept beside the value." onInput={(v) => props.store.setDraft('metadata', v)} />
        </div>
        <div class="btn-row">
          <button type="submit" class="btn btn--primary" disabled={state().status === 'running'}>
            {state().status === 'running' ? 'Storing…' : 'Store entry'}
          </button>
        </div>
      </form>
      <div class="card__status" aria-live="polite">
        <Switch>
          <Match when={stored()}>
            {(r) => (
              <p role="status" data-testid="store-result">
                Stored “{r().key}” in {r().namespace} ({formatBytes(r().size)}).
              </p>
            )}
          </Match>
          <Match when={failed()}>
            {(p) => <ProblemAlert problem={p()} action="The entry was not stored." hint="What you typed is still in the form." />}
          </Match>
        </Switch>
      </div>
    </section>
  );
}
