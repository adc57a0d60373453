// The Patterns page: cognitive patterns of operations (analyse, learn, predict, correct) with the classifier's measured figures, the 27-model catalog trained from your data, and the learning loop with its adaptive view.
import { onMount } from 'solid-js';
import { computePool } from '../../bridges/compute-pool';
import { engine } from '../../bridges/engine';
import { trainCatalog } from '../../patterns/catalog-train';
import { createPatternsStore } from '../../stores/patterns';
import { AnalyzeCard } from './analyze-card';
import { CatalogCard } from './catalog-card';
import { ClassifierCard } from './classifier-card';
import { Guide } from './guide';
import { LoopCard } from './loop-card';
import { RecordedCard } from './recorded-card';

// The generator, the strategies and the sandbox load with the first loop run, not with the page.
const loopModule = () => Promise.all([import('../../patterns/loop-runner'), import('../../pipeline/runners')]);

export default function PatternsPage() {
  const store = createPatternsStore({
    engine,
    train: (input, onEpoch) => trainCatalog({ engine, pool: computePool }, input, onEpoch),
    runLoop: async (input, options) => {
      const [{ runLoopInBrowser }, runners] = await loopModule();
      return runLoopInBrowser({ engine, pool: computePool, runner: async () => runners.sandbox }, input, options);
    },
  });
  onMount(() => {
    void store.refresh();
    void store.refreshClassifier();
  });
  return (
    <section class="page" aria-labelledby="page-title">
      <header class="page__header">
        <h1 id="page-title">Patterns</h1>
      </header>
      <p class="lead">
        What kind of thinking an operation calls for, learned from labelled examples and measured on ones it never saw; what similar recorded operations teach
        about how it will go; models of the reference's catalog trained only from your recorded data; and a loop that recommends a strategy, runs it, and learns
        from the outcome.
      </p>
      <AnalyzeCard store={store} />
      <div class="grid grid--2">
        <ClassifierCard store={store} />
        <Guide />
      </div>
      <RecordedCard store={store} />
      <LoopCard store={store} />
      <CatalogCard store={store} />
    </section>
  );
}
