// The Pipeline page: generated tasks run under three strategies in this browser, scored and learned into per-strategy profiles, with the run history, the live log, a custom-task editor, strategy selection and train-and-stream.
import { onMount } from 'solid-js';
import { engine } from '../../bridges/engine';
import { downloadText } from '../../components/download';
import { createPipelineStore } from '../../stores/pipeline';
import { uiState } from '../../stores/settings';
import { About } from './about';
import { EditorCard } from './editor-card';
import { HistoryCard } from './history-card';
import { LogCard } from './log-card';
import { ProfilesCard } from './profiles-card';
import { RunCard } from './run-card';
import { SelectionCard } from './selection-card';
import { StreamCard } from './stream-card';

// The runners (the sandbox's scripts, ESLint, @webcontainer/api) load on the first run, not with the page.
const runnersModule = () => import('../../pipeline/runners');

export default function PipelinePage() {
  const store = createPipelineStore({
    engine,
    runners: async () => {
      const m = await runnersModule();
      return { 'browser-sandbox': m.sandbox, webcontainer: m.webcontainer };
    },
    runTask: async (input, signal) => (await runnersModule()).runTask(input, signal),
    endpoints: uiState(),
    // Steps of train-and-stream are sent from this page, to the endpoint the user entered, never from the sandbox.
    fetch: (url, init) => fetch(url, { method: init.method, headers: init.headers, body: init.body, ...(init.signal ? { signal: init.signal as AbortSignal } : {}) }),
    online: () => navigator.onLine,
    download: (name, text, type) => downloadText(name, text, type),
  });
  onMount(() => void store.refresh());
  return (
    <section class="page" aria-labelledby="page-title">
      <header class="page__header">
        <h1 id="page-title">Pipeline</h1>
      </header>
      <p class="lead">
        The training pipeline generates a small coding task with real tests, runs it under three strategies in this browser, scores each run and keeps
        what each strategy's results teach as its profile. Every result names the runner that produced it; nothing is simulated.
      </p>
      <RunCard store={store} />
      <About />
      <ProfilesCard store={store} />
      <HistoryCard store={store} />
      <LogCard store={store} />
      <EditorCard editor={store.editor} />
      <div class="grid grid--2">
        <SelectionCard stream={store.stream} />
        <StreamCard stream={store.stream} />
      </div>
    </section>
  );
}
