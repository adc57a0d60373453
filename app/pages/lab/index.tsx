// The Lab page: a model config and a dataset, then training runs side by side on the compute pool, each with live charts, its result and saving.
import { createRoot, For } from 'solid-js';
import { computePool } from '../../bridges/compute-pool';
import { data } from '../../bridges/data';
import { engine } from '../../bridges/engine';
import { createLabStore, type LabStore } from '../../stores/lab';
import { createSettingsStore } from '../../stores/settings';
import { ConfigCard } from './config-card';
import { DatasetCard } from './dataset-card';
import { RunCard } from './run-card';
import { TrainForm } from './train-form';

let shared: LabStore | undefined;

/** One store for the tab's life: runs keep training in the pool while another page is open, and are still here on return. */
function labStore(): LabStore {
  shared ??= createRoot(() => createLabStore({ pool: computePool, data, engine, settings: createSettingsStore() }));
  return shared;
}

export default function LabPage() {
  const store = labStore();
  return (
    <section class="page" aria-labelledby="page-title">
      <header class="page__header">
        <h1 id="page-title">Lab</h1>
      </header>
      <p class="lead">
        Train a small neural network on your own data in this tab. Every loss, score and time shown is measured by the run; the score (accuracy, or R² for
        a regression target) is on validation records the network never trained on and the featurizer never saw.
      </p>
      <div class="grid grid--2">
        <ConfigCard store={store} />
        <DatasetCard store={store} />
      </div>
      <TrainForm store={store} />
      <section aria-label="Training runs" class="lab-runs" data-testid="runs">
        <For each={store.runs()}>{(run) => <RunCard run={run} now={store.now()} onDismiss={() => store.dismiss(run.id)} />}</For>
      </section>
    </section>
  );
}
