// The Models page: saved models and their versions, with describe, prediction, quantization, export, import, delete and cleanup.
import { onMount } from 'solid-js';
import { compute } from '../../bridges/compute';
import { engine } from '../../bridges/engine';
import { createModelsStore } from '../../stores/models';
import { createSettingsStore } from '../../stores/settings';
import { CleanupCard } from './cleanup-card';
import { DetailsCard } from './details-card';
import { downloadBytes } from '../../components/download';
import { ImportCard } from './import-card';
import { ModelsCard } from './models-card';
import { PredictCard } from './predict-card';
import { QuantizeCard } from './quantize-card';

export default function ModelsPage() {
  const settings = createSettingsStore();
  const store = createModelsStore({
    engine,
    compute,
    download: downloadBytes,
    // addRecentFile refreshes the settings store's list, which the import card shows.
    settings,
  });
  onMount(() => void store.refresh());
  return (
    <section class="page" aria-labelledby="page-title">
      <header class="page__header">
        <h1 id="page-title">Models</h1>
      </header>
      <p class="lead">
        The models trained or imported on this device, with their versions and scores (accuracy, or R² for regression): measured on this device, or for an
        imported file, what the file reports until you measure it. Model files are checked before anything is stored, and predictions run in a worker on this
        device.
      </p>
      <ModelsCard store={store} />
      <DetailsCard store={store} />
      <div class="grid grid--2">
        <PredictCard store={store} />
        <QuantizeCard store={store} />
      </div>
      <div class="grid grid--2">
        <ImportCard store={store} recent={settings.recentFiles()} />
        <CleanupCard store={store} />
      </div>
    </section>
  );
}
