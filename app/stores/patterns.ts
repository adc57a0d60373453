// The Patterns page's store: analyse / learn / predict an operation and correct its label, the classifier's measured figures, the catalog with training per template (recorded data or a dropped dataset, epoch progress), and the learning loop (recommend, run, history), read live on change notices.
import { batch, createSignal, onCleanup } from 'solid-js';
import type { CatalogEntry } from '../../core/catalog/api';
import type { LoopStep } from '../../core/loop/api';
import type { LoopRunResult } from '../../core/loop/run';
import type { ClassifierFigures, CognitivePattern, CorrectResult, NeuralPatternsResult, PatternAction, RecordedOperation } from '../../core/patterns/api';
import type { ProgressEvent } from '../../core/pipeline/iteration';
import type { PresetName } from '../../core/pipeline/selection';
import type { Complexity } from '../../core/pipeline/task';
import type { EpochMetrics } from '../../workers/compute/api';
import type { EngineClient } from '../../workers/engine/types';
import type { CatalogTrainInput, CatalogTraining, CatalogTrainResult } from '../patterns/catalog-train';
import type { LoopRunInput } from '../patterns/loop-runner';
import { CHANGE_COALESCE_MS, coalesce, type Visibility } from './coalesce';

export type Phase<T> = { status: 'idle' } | { status: 'running' } | { status: 'done'; result: T } | { status: 'failed'; message: string };

/** Recently learned operations and loop steps the page lists. */
export const RECENT_LIMIT = 50;

export interface PatternsStoreOptions {
  engine: Pick<EngineClient, 'call' | 'onChange'>;
  /** Trains a catalog template (app/patterns/catalog-train.ts on the compute pool). */
  train: (input: CatalogTrainInput, onEpoch: (m: EpochMetrics) => void) => CatalogTraining;
  /** One turn of the loop on the sandbox (app/patterns/loop-runner.ts). */
  runLoop: (input: LoopRunInput, options: { signal: AbortSignal; onProgress: (e: ProgressEvent) => void }) => Promise<LoopRunResult>;
  visibility?: Visibility;
}

/** A training in progress: the epochs seen so far of how many. */
export interface TrainProgress {
  epoch: number;
  epochs: number;
  val_accuracy: number | null;
}

/** A dataset chosen for a template: its file name and parsed content, or why it could not be read. */
export type DroppedDataset = { name: string; data: unknown } | { name: string; error: string };

export function describePatternsError(err: unknown): string {
  const e = err as { name?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  switch (e?.name) {
    case 'PatternInputError':
    case 'CatalogInputError':
    case 'PipelineInputError':
    case 'DataError':
    case 'ConfigError': return `Refused: ${message.replace(/^(neural_patterns|catalog): /, '')}.`;
    case 'AbortError': return message;
    case 'EngineQuotaError':
    case 'EngineOpenError': return message;
    default: return `Failed: ${message}`;
  }
}

/** Reads a dropped dataset file: JSON (an array of records or {trainingData, validationData}) or JSON Lines. */
export function parseDataset(name: string, text: string): DroppedDataset {
  const t = text.trim();
  try {
    if (/\.(jsonl|ndjson)$/i.test(name)) return { name, data: t.split(/\r?\n/).filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown) };
    return { name, data: JSON.parse(t) as unknown };
  } catch (e) {
    return { name, error: `${name} is not valid JSON${/\.(jsonl|ndjson)$/i.test(name) ? ' Lines' : ''}: ${(e as Error).message}` };
  }
}

export function createPatternsStore(options: PatternsStoreOptions) {
  const { engine } = options;

  // ---- analyse, learn, predict, correct ----
  const [operation, setOperation] = createSignal('');
  const [outcome, setOutcome] = createSignal('');
  const [result, setResult] = createSignal<Phase<NeuralPatternsResult>>({ status: 'idle' });
  /** The operation text the shown result is about (what a correction corrects). */
  const [resultOperation, setResultOperation] = createSignal('');
  const [correction, setCorrection] = createSignal<Phase<CorrectResult>>({ status: 'idle' });

  async function act(action: PatternAction): Promise<void> {
    const op = operation();
    setResult({ status: 'running' });
    setCorrection({ status: 'idle' });
    try {
      const out = outcome().trim();
      const r = await engine.call('neural_patterns', { action, operation: op, ...(action === 'learn' && out !== '' ? { outcome: out } : {}) });
      batch(() => {
        setResult({ status: 'done', result: r });
        setResultOperation(op);
      });
    } catch (err) {
      setResult({ status: 'failed', message: describePatternsError(err) });
    }
  }

  async function correct(pattern: CognitivePattern): Promise<void> {
    const r = result();
    if (r.status !== 'done') return;
    setCorrection({ status: 'running' });
    try {
      const id = r.result.action === 'learn' ? r.result.id : null;
      setCorrection({ status: 'done', result: await engine.call('patterns_correct', { operation: resultOperation(), pattern, ...(id === null ? {} : { id }) }) });
    } catch (err) {
      setCorrection({ status: 'failed', message: describePatternsError(err) });
    }
  }

  // ---- what the engine keeps ----
  const [classifier, setClassifier] = createSignal<Phase<ClassifierFigures>>({ status: 'idle' });
  const [recorded, setRecorded] = createSignal<RecordedOperation[]>([]);
  const [catalog, setCatalog] = createSignal<CatalogEntry[]>();
  const [steps, setSteps] = createSignal<LoopStep[]>([]);
  const [viewError, setViewError] = createSignal<string>();

  /** Reading the figures trains the classifier first when labels came in since (0.2–0.5 s in the owner tab). */
  async function refreshClassifier(): Promise<void> {
    setClassifier((c) => (c.status === 'done' ? c : { status: 'running' }));
    try {
      setClassifier({ status: 'done', result: await engine.call('patterns_classifier') });
    } catch (err) {
      setClassifier({ status: 'failed', message: describePatternsError(err) });
    }
  }

  async function refresh(): Promise<void> {
    try {
      const [ops, list, history] = await Promise.all([
        engine.call('patterns_recorded', { limit: RECENT_LIMIT }), engine.call('catalog_list'), engine.call('loop_steps', { limit: RECENT_LIMIT }),
      ]);
      batch(() => {
        setRecorded(ops);
        setCatalog(list);
        setSteps(history);
        setViewError(undefined);
      });
    } catch (err) {
      setViewError(describePatternsError(err));
    }
  }

  // Any tab's learn, correction, loop step, pipeline run or saved model shows here without a click.
  const live = coalesce(() => refresh(), CHANGE_COALESCE_MS, options.visibility);
  const liveFigures = coalesce(() => refreshClassifier(), CHANGE_COALESCE_MS, options.visibility);
  const unsubscribe = engine.onChange((c) => {
    if (c.what === 'patterns' || c.what === 'pipeline' || c.what === 'models') live.request();
    // A correction changes what the classifier trains on: its figures are read (and so retrained) again.
    if (c.what === 'patterns' && c.corrected) liveFigures.request();
  });

  // ---- the catalog ----
  const [training, setTraining] = createSignal<Record<string, { phase: Phase<CatalogTrainResult>; progress: TrainProgress | null }>>({});
  const [datasets, setDatasets] = createSignal<Record<string, DroppedDataset>>({});
  const jobs = new Map<string, CatalogTraining>();

  const setTrain = (name: string, v: { phase: Phase<CatalogTrainResult>; progress: TrainProgress | null }) => setTraining((t) => ({ ...t, [name]: v }));

  async function train(name: string, useDataset: boolean): Promise<void> {
    const d = datasets()[name];
    if (useDataset && (!d || 'error' in d)) return;
    const entry = catalog()?.find((e) => e.name === name);
    const epochs = entry?.training.epochs ?? 0;
    setTrain(name, { phase: { status: 'running' }, progress: { epoch: 0, epochs, val_accuracy: null } });
    const job = options.train({ name, ...(useDataset && d && !('error' in d) ? { dataset: d } : {}) }, (m) => {
      setTraining((t) => ({ ...t, [name]: { phase: { status: 'running' }, progress: { epoch: m.epoch, epochs, val_accuracy: m.val_accuracy } } }));
    });
    jobs.set(name, job);
    try {
      const r = await job.done;
      setTrain(name, { phase: { status: 'done', result: r }, progress: null });
      await refresh();
    } catch (err) {
      setTrain(name, { phase: { status: 'failed', message: describePatternsError(err) }, progress: null });
    } finally {
      jobs.delete(name);
    }
  }

  // ---- the loop ----
  const [task, setTask] = createSignal('');
  const [complexity, setComplexity] = createSignal<Complexity>('easy');
  const [preset, setPreset] = createSignal<PresetName>('balanced');
  const [recommendation, setRecommendation] = createSignal<Phase<LoopStep>>({ status: 'idle' });
  const [loopRun, setLoopRun] = createSignal<Phase<LoopRunResult>>({ status: 'idle' });
  const [loopProgress, setLoopProgress] = createSignal<string | null>(null);
  let loopController: AbortController | undefined;

  async function recommend(): Promise<void> {
    setRecommendation({ status: 'running' });
    try {
      const step = await engine.call('loop_recommend', { task: task(), complexity: complexity(), preset: preset() });
      setRecommendation({ status: 'done', result: step });
    } catch (err) {
      setRecommendation({ status: 'failed', message: describePatternsError(err) });
    }
  }

  async function runLoop(): Promise<void> {
    loopController = new AbortController();
    setLoopRun({ status: 'running' });
    setLoopProgress('Generating the task and recommending…');
    try {
      const r = await options.runLoop({ task: task(), complexity: complexity(), preset: preset() }, {
        signal: loopController.signal,
        onProgress: (e) => {
          if (e.type === 'task') setLoopProgress(`Task: ${e.task.title} (${e.task.id})`);
          if (e.type === 'strategy-start') setLoopProgress(`Running ${e.strategy} on the browser sandbox: tests and lint…`);
        },
      });
      batch(() => {
        setLoopRun({ status: 'done', result: r });
        setRecommendation({ status: 'done', result: r.recorded?.step ?? r.recommendation });
      });
      await refresh();
    } catch (err) {
      setLoopRun({ status: 'failed', message: describePatternsError(err) });
    } finally {
      setLoopProgress(null);
      loopController = undefined;
    }
  }

  onCleanup(() => {
    unsubscribe();
    live.cancel();
    liveFigures.cancel();
    loopController?.abort();
    for (const j of jobs.values()) j.cancel();
  });

  return {
    operation, setOperation, outcome, setOutcome, result, resultOperation, correction,
    analyze: () => act('analyze'), learn: () => act('learn'), predict: () => act('predict'), correct,
    classifier, refreshClassifier, recorded, catalog, steps, viewError, refresh,
    training, datasets, train, cancelTraining: (name: string) => jobs.get(name)?.cancel(),
    setDataset: (name: string, d: DroppedDataset | undefined) => setDatasets((all) => {
      const next = { ...all };
      if (d) next[name] = d;
      else delete next[name];
      return next;
    }),
    task, setTask, complexity, setComplexity, preset, setPreset, recommendation, loopRun, loopProgress, recommend, runLoop,
    cancelLoop: () => loopController?.abort(),
  };
}

export type PatternsStore = ReturnType<typeof createPatternsStore>;
