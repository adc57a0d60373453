// The Lab page's store: the model config (presets or edited JSON, validated as typed), the dataset (streamed into the data worker, with progress, an early preview and Cancel) and its target, and training runs on the compute pool with their results, confusion matrices and saving.
import { batch, createSignal, onCleanup, type Accessor } from 'solid-js';
import { ConfigError, parseModelConfig, type ConfigIssue, type ModelConfig } from '../../core/models/config';
import { chooseTarget, type ColumnReport, type FeatureColumn, type FeatureType } from '../../core/models/featurizer';
import { metricOf, unseenNote, type NeuralTrainResult, type ScoreMetric } from '../../core/models/lab';
import type { PrepareOptions } from '../../core/training/prepare';
import { prepareOptionsOf, type EpochMetrics } from '../../core/training/train';
import type { EngineClient } from '../../workers/engine/types';
import type { Confusion, PreparedTrainRequest, TrainResponse } from '../../workers/compute/api';
import type { ColumnsPreview, DatasetInfo, DatasetView, LoadProgress } from '../../workers/data/api';
import type { PoolJob, PreparedPayload } from '../bridges/compute-pool';
import type { SettingsStore } from './settings';

export { unseenNote };
export type { Confusion, ColumnsPreview, DatasetView, LoadProgress };

export interface Preset {
  id: string;
  name: string;
  config: Record<string, unknown>;
}

const layers = (...hidden: [number, string][]) => [
  { type: 'input' },
  ...hidden.map(([size, activation]) => ({ type: 'hidden', size, activation })),
];

/** Starting points; every one is the reference's JSON shape and goes through the same validation as typed text. */
export const PRESETS: readonly Preset[] = [
  {
    id: 'small',
    name: 'Small classifier (16 relu)',
    config: {
      modelId: 'small-classifier',
      type: 'prediction',
      architecture: { type: 'feedforward', layers: [...layers([16, 'relu']), { type: 'output', activation: 'softmax' }] },
      training: { learning_rate: 0.01, batch_size: 16, epochs: 60, optimizer: 'adam', validation_split: 0.3, seed: 42 },
    },
  },
  {
    id: 'two-layers',
    name: 'Two layers (64-32 relu)',
    config: {
      modelId: 'two-layer-classifier',
      type: 'prediction',
      architecture: { type: 'feedforward', layers: [...layers([64, 'relu'], [32, 'relu']), { type: 'output', activation: 'softmax' }] },
      training: { learning_rate: 0.005, batch_size: 32, epochs: 80, optimizer: 'adam', early_stopping: { patience: 15, min_delta: 0.0001 }, validation_split: 0.2, seed: 42 },
    },
  },
  {
    id: 'regression',
    name: 'Regression (32 tanh → linear)',
    config: {
      modelId: 'regression-32',
      type: 'optimization',
      architecture: { type: 'feedforward', layers: [...layers([32, 'tanh']), { type: 'output', activation: 'linear' }] },
      training: { task: 'regression', learning_rate: 0.005, batch_size: 16, epochs: 80, optimizer: 'adam', validation_split: 0.2, seed: 42 },
    },
  },
  {
    // Verbatim from the reference: its fixed input/output sizes only fit data with 128 features and 10 classes, and training says so otherwise.
    id: 'reference',
    name: 'Reference example (security auditor)',
    config: {
      modelId: 'custom-security-auditor',
      type: 'specialized',
      architecture: {
        type: 'feedforward',
        layers: [
          { type: 'input', size: 128 },
          { type: 'hidden', size: 64, activation: 'relu' },
          { type: 'hidden', size: 32, activation: 'relu' },
          { type: 'output', size: 10, activation: 'softmax' },
        ],
      },
      training: { pattern_type: 'critical', learning_rate: 0.001, batch_size: 32, epochs: 100, optimizer: 'adam' },
      specialization: {
        domain: 'security',
        tasks: ['vulnerability_detection', 'code_audit', 'dependency_analysis'],
        capabilities: ['OWASP_top_10', 'CVE_detection', 'secure_coding_patterns'],
      },
    },
  },
];

export type ConfigCheck =
  | { ok: true; raw: Record<string, unknown>; config: ModelConfig }
  | { ok: false; issues: ConfigIssue[] };

/** The config text as the user typed it, checked: JSON syntax first, then every field by parseModelConfig. */
export function checkConfig(text: string): ConfigCheck {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, issues: [{ path: '(json)', message: `is not valid JSON: ${(err as Error).message}` }] };
  }
  try {
    const config = parseModelConfig(raw);
    return { ok: true, raw: raw as Record<string, unknown>, config };
  } catch (err) {
    if (err instanceof ConfigError) return { ok: false, issues: err.issues };
    throw err;
  }
}

/** A file to read: a DOM File (or any Blob with a name). */
export type DataFile = Blob & { readonly name: string };

/** The dataset training uses: its columns are in the data worker, which `id` names. */
export type Dataset = DatasetInfo;

/** A file being read into the data worker. */
export interface Loading {
  name: string;
  size: number;
  progress: LoadProgress | null;
  /** The columns, target and kinds of its first rows, as soon as the header is read. */
  preview: ColumnsPreview | null;
  cancelling: boolean;
}

/** Column kinds for training.feature_types: the config's, with the page's choices on top. */
export function mergedKinds(config: ModelConfig | undefined, kinds: Record<string, FeatureType>): Record<string, FeatureType> | null {
  const merged = { ...config?.training.feature_types, ...kinds };
  return Object.keys(merged).length === 0 ? null : merged;
}

/**
 * What training will prepare for this config with the page's target and kinds: prepareOptionsOf, as train() uses it
 * (so the dataset card shows what training does: a 0/1 label with a softmax output is two classes). Without a valid
 * config, the defaults with no output layer known.
 */
export function viewOptions(config: ModelConfig | undefined, target: string | null, kinds: Record<string, FeatureType> = {}): PrepareOptions {
  if (!config) return { target, task: null, patternType: null, validationSplit: 0.2, seed: 42, featureTypes: mergedKinds(undefined, kinds), outputActivation: null };
  const o = prepareOptionsOf(config);
  return { ...o, target: target ?? o.target, featureTypes: mergedKinds(config, kinds) };
}

/** The target field and why, when the view was refused (the card still says which field it is). */
function targetOf(fields: string[], o: PrepareOptions): { field: string; reason: string } | undefined {
  try {
    return chooseTarget(fields, o);
  } catch {
    return undefined;
  }
}

export function columnKindLabel(c: FeatureColumn): string {
  switch (c.kind) {
    case 'numeric': return c.missingFlag ? 'numeric (some missing)' : 'numeric';
    case 'boolean': return 'boolean';
    case 'categorical': return `categorical (${c.categories.length})`;
    case 'multi_hot': return `multi-hot (${c.items.length} items)`;
    case 'text': return `text (hashed to ${c.dim})`;
  }
}

/** What a column report says about values a numeric column could not use: "3 not numbers (e.g. n/a, unknown): treated as missing". */
export function nonNumericNote(c: ColumnReport): string | undefined {
  if (!c.non_numeric) return undefined;
  const { count, examples } = c.non_numeric;
  return `${count} value${count === 1 ? '' : 's'} not a number (e.g. ${examples.map((e) => JSON.stringify(e)).join(', ')}): treated as missing`;
}

/** An error from a worker or the engine, worded for the page; names survive postMessage, classes do not. */
export function describeError(err: unknown): string {
  const e = err as { name?: unknown; message?: unknown } | null;
  const name = typeof e?.name === 'string' ? e.name : '';
  const message = typeof e?.message === 'string' ? e.message : String(err);
  switch (name) {
    case 'DivergenceError': return `Training diverged: ${message}.`;
    case 'ConfigError': return `The config was refused: ${message}.`;
    case 'DataError':
    case 'LabInputError':
    case 'TrainingError': return `The data or config was refused: ${message}.`;
    case 'ClfError': return `The model file was refused: ${message}.`;
    case 'NonFiniteOutputError': return `The model gave no usable numbers: ${message}.`;
    case 'AbortError': return 'Stopped before it started.';
    default: return message;
  }
}

/** Why a run asked to stop ended without a model, in the error's own words (a sentence). */
function stoppedNote(err: unknown): string {
  const e = err as { name?: unknown; message?: unknown } | null;
  if (e?.name === 'AbortError') return describeError(err);
  const message = typeof e?.message === 'string' ? e.message : String(err);
  // The page puts it after "The run was stopped.".
  return `${message.charAt(0).toUpperCase()}${message.slice(1)}.`;
}

export type Phase<T> = { status: 'idle' } | { status: 'running' } | { status: 'done'; result: T } | { status: 'failed'; message: string };

export type RunState = 'queued' | 'running' | 'done' | 'cancelled' | 'failed';

export interface SavedModel {
  modelId: string;
  version: string;
  historyRows: number;
}

export interface Run {
  id: number;
  modelId: string;
  dataset: string;
  /** Which score the run's accuracy curves and result hold: accuracy, or R² for a regression target (known once its data is prepared). */
  readonly metric: ScoreMetric;
  /** Epochs asked for. */
  total: number;
  startedAt: number;
  state: Accessor<RunState>;
  history: Accessor<EpochMetrics[]>;
  /** When it ended (ms since the epoch), for elapsed time. */
  endedAt: Accessor<number | undefined>;
  response: Accessor<TrainResponse | undefined>;
  result: Accessor<NeuralTrainResult | undefined>;
  error: Accessor<string | undefined>;
  confusion: Accessor<Phase<Confusion | null>>;
  saving: Accessor<Phase<SavedModel>>;
  stopping: Accessor<boolean>;
  stop(): void;
  save(description: string): Promise<void>;
}

/** What the store needs of the compute pool: training jobs on data prepared by the data worker. */
export interface LabPool {
  trainPrepared(request: Pick<PreparedTrainRequest, 'config' | 'epochs'>, payload: () => Promise<PreparedPayload>, onEpoch?: (m: EpochMetrics) => void): PoolJob;
}

/** What the store needs of the data worker's bridge. */
export interface LabData {
  load(file: Blob, name: string, options: PrepareOptions, onProgress: (p: LoadProgress) => void): Promise<DatasetInfo>;
  cancelLoad(): Promise<boolean>;
  view(id: number, options: PrepareOptions): Promise<DatasetView>;
  prepare(id: number, options: PrepareOptions): Promise<PreparedPayload>;
}

export interface LabStoreOptions {
  pool: LabPool;
  data: LabData;
  engine: Pick<EngineClient, 'call'>;
  settings: Pick<SettingsStore, 'addRecentFile'>;
  /** Milliseconds since the epoch; tests pass a controlled clock. */
  clock?: () => number;
  /** How often elapsed times and queued/running states refresh while a run is live. */
  tickMs?: number;
  /** How often streamed epochs are published to the page (ms). */
  flushMs?: number;
}

/**
 * A derived value recomputed only when one of its inputs changed (by identity). Not createMemo: reading the inputs
 * inside still tracks them in components, and it behaves the same in node tests, where Solid's server build never
 * recomputes memos.
 */
function derived<D extends unknown[], T>(deps: () => D, fn: (...d: D) => T): () => T {
  let last: { deps: D; value: T } | undefined;
  return () => {
    const d = deps();
    if (!last || d.length !== last.deps.length || d.some((x, i) => !Object.is(x, last!.deps[i]))) last = { deps: d, value: fn(...d) };
    return last.value;
  };
}

const DEFAULT_PRESET = PRESETS[0];
const pretty = (v: unknown) => JSON.stringify(v, null, 2);

export function createLabStore(options: LabStoreOptions) {
  const { pool, data, engine, settings } = options;
  const clock = options.clock ?? Date.now;

  const [presetId, setPresetId] = createSignal<string | null>(DEFAULT_PRESET.id);
  const [configText, setConfigTextSignal] = createSignal(pretty(DEFAULT_PRESET.config));
  const [epochs, setEpochs] = createSignal(String((DEFAULT_PRESET.config.training as { epochs: number }).epochs));
  const [dataset, setDataset] = createSignal<Dataset>();
  const [datasetError, setDatasetError] = createSignal<string>();
  /** Said when a load was cancelled (nothing went wrong, and the previous dataset stays). */
  const [datasetNote, setDatasetNote] = createSignal<string>();
  const [loading, setLoading] = createSignal<Loading>();
  /** null: the config's training.target, or the featurizer's choice. */
  const [target, setTarget] = createSignal<string | null>(null);
  /** Column kinds chosen on the page (sent as training.feature_types, over the config's). */
  const [kinds, setKinds] = createSignal<Record<string, FeatureType>>({});
  const [runs, setRuns] = createSignal<Run[]>([]);
  const [startError, setStartError] = createSignal<string>();
  const [now, setNow] = createSignal(clock());

  const config = derived(() => [configText()] as [string], checkConfig);
  /** The preparation the dataset card shows and the next run uses: typing elsewhere in the config must not refit the featurizer. */
  const preparation = derived(
    () => [config(), target(), kinds()] as [ConfigCheck, string | null, Record<string, FeatureType>],
    (c, t, k) => viewOptions(c.ok ? c.config : undefined, t, k),
  );
  const optionsKey = derived(() => [preparation()] as [PrepareOptions], (o) => JSON.stringify(o));

  /**
   * The dataset view, fitted in the data worker: a request goes out when the dataset or the options change, and the
   * answer is published when it is still the one asked for. Until then it is pending, with no value: the last one
   * described other settings.
   */
  type ViewState = { key: string; value?: DatasetView; error?: string; target?: { field: string; reason: string }; pending?: boolean };
  const [viewState, setViewState] = createSignal<ViewState>({ key: '' });
  let asked = '';
  const view = (): ViewState => {
    const d = dataset();
    if (!d) return { key: '' };
    const key = `${d.id}:${optionsKey()}`;
    const s = viewState();
    if (s.key === key) return s;
    if (asked !== key) {
      asked = key;
      data.view(d.id, preparation()).then(
        (value) => asked === key && setViewState({ key, value }),
        (err: unknown) => asked === key && setViewState({ key, error: describeError(err), target: targetOf(d.fields, preparation()) }),
      );
    }
    return { key, pending: true };
  };
  const epochsError = () => {
    const n = Number(epochs().trim());
    return Number.isInteger(n) && n >= 1 && n <= 100_000 ? undefined : `Epochs must be a whole number from 1 to 100000 (got “${epochs()}”).`;
  };

  let ticker: ReturnType<typeof setInterval> | undefined;
  const live = new Set<() => void>();
  const tick = () => {
    setNow(clock());
    for (const poll of live) poll();
    if (live.size === 0 && ticker !== undefined) {
      clearInterval(ticker);
      ticker = undefined;
    }
  };
  onCleanup(() => clearInterval(ticker));

  function choosePreset(id: string): void {
    const p = PRESETS.find((x) => x.id === id);
    if (!p) return;
    batch(() => {
      setPresetId(id);
      setConfigTextSignal(pretty(p.config));
      setEpochs(String((p.config.training as { epochs?: number }).epochs ?? 50));
    });
  }

  function setConfigText(text: string): void {
    batch(() => {
      setConfigTextSignal(text);
      // Edited text is no longer the preset it started from.
      setPresetId(null);
    });
  }

  /**
   * Streams a file into the data worker (never parsed here): progress, and the columns of its first rows as soon as the
   * header is read. The previous dataset stays until the new one is complete; a bad, too large or cancelled file leaves it.
   */
  async function loadDataset(file: DataFile): Promise<void> {
    const name = file.name;
    batch(() => {
      setLoading({ name, size: file.size, progress: null, preview: null, cancelling: false });
      setDatasetError(undefined);
      setDatasetNote(undefined);
    });
    // A new file starts with the automatic target and inferred kinds, as it will once loaded.
    const c = config();
    const previewOptions = viewOptions(c.ok ? c.config : undefined, null, {});
    try {
      const info = await data.load(file, name, previewOptions, (p) => {
        setLoading((l) => (l && l.name === name ? { ...l, progress: p, preview: p.preview ?? l.preview } : l));
      });
      batch(() => {
        setDataset(info);
        setTarget(null);
        setKinds({});
      });
    } catch (err) {
      const e = err as { name?: unknown };
      const prev = dataset();
      if (e?.name === 'IngestCancelled') setDatasetNote(`Reading ${name} was cancelled${prev ? `; still using ${prev.name}` : ''}.`);
      else setDatasetError(describeError(err));
    } finally {
      setLoading(undefined);
    }
  }

  /** Stops the file being read (between two chunks). */
  function cancelLoad(): void {
    const l = loading();
    if (!l || l.cancelling) return;
    setLoading({ ...l, cancelling: true });
    void data.cancelLoad();
  }

  let nextRun = 1;

  /** Starts a training job on the pool; returns the run, or undefined with startError set when something is missing or invalid. */
  function startRun(): Run | undefined {
    const c = config();
    const d = dataset();
    const l = loading();
    const v = view();
    const problem = !c.ok
      ? `The config has ${c.issues.length} problem${c.issues.length === 1 ? '' : 's'}: fix ${c.issues.length === 1 ? 'it' : 'them'} first.`
      : !d ? (l ? `Wait for ${l.name} to finish reading (or cancel it).` : 'Choose a dataset first.') : !v.pending && v.error ? v.error : epochsError();
    if (problem || !c.ok || !d) {
      setStartError(problem);
      return undefined;
    }
    setStartError(undefined);
    const total = Number(epochs().trim());
    const chosen = target();
    const raw = structuredClone(c.raw);
    const featureTypes = mergedKinds(c.config, kinds());
    const training = { ...(raw.training as Record<string, unknown> | undefined), epochs: total, ...(chosen === null ? {} : { target: chosen }), ...(featureTypes ? { feature_types: featureTypes } : {}) };
    const prepare = preparation();
    // The view's task when it is settled; otherwise the prepared data's, once it arrives.
    const metric = !v.pending && v.value ? metricOf(v.value.schema.target.task) : undefined;
    const run = makeRun(nextRun++, c.config.modelId, d, total, { config: { ...raw, training }, epochs: total }, () => data.prepare(d.id, prepare), metric);
    setRuns((rs) => [run, ...rs]);
    return run;
  }

  /** Sets (or, with null, clears) the page's kind for a column. */
  function setKind(field: string, kind: FeatureType | null): void {
    setKinds((k) => {
      const next = { ...k };
      if (kind === null) delete next[field];
      else next[field] = kind;
      return next;
    });
  }

  function makeRun(id: number, modelId: string, d: Dataset, total: number, request: Pick<PreparedTrainRequest, 'config' | 'epochs'>, prepare: () => Promise<PreparedPayload>, known: ScoreMetric | undefined): Run {
    const [metric, setMetric] = createSignal<ScoreMetric>(known ?? 'accuracy');
    const [state, setState] = createSignal<RunState>('queued');
    const [history, setHistory] = createSignal<EpochMetrics[]>([]);
    const [endedAt, setEndedAt] = createSignal<number>();
    const [response, setResponse] = createSignal<TrainResponse>();
    const [error, setError] = createSignal<string>();
    const [confusion, setConfusion] = createSignal<Phase<Confusion | null>>({ status: 'idle' });
    const [saving, setSaving] = createSignal<Phase<SavedModel>>({ status: 'idle' });
    const [stopping, setStopping] = createSignal(false);
    const startedAt = clock();

    // Epochs can arrive thousands a second on small data: collect them and publish a copy at most every flushMs,
    // so the page redraws a few times a second instead of copying the whole history on every epoch.
    const seen: EpochMetrics[] = [];
    /** Set once the job settled: streamed epochs travel on another message port than the result, so some may arrive after it. */
    let settled = false;
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      clearTimeout(flushTimer);
      flushTimer = undefined;
      batch(() => {
        if (seen.length !== history().length) setHistory(seen.slice());
        if (seen.length > 0 && state() === 'queued') setState('running');
      });
    };
    const payload = async () => {
      const p = await prepare();
      setMetric(metricOf(p.data.prepared.schema.target.task));
      return p;
    };
    const job = pool.trainPrepared(request, payload, (m) => {
      if (settled) return;
      seen.push(m);
      flushTimer ??= setTimeout(flush, options.flushMs ?? 100);
    });
    const poll = () => {
      if (state() === 'queued' && job.state() === 'running') setState('running');
    };
    live.add(poll);
    ticker ??= setInterval(tick, options.tickMs ?? 500);

    void job.done.then(
      (res) => {
        // The response's history is the whole run; epochs still in flight on the callback port are dropped above.
        settled = true;
        seen.splice(0, seen.length, ...res.history);
        flush();
        batch(() => {
          setResponse(res);
          setState(res.result.status === 'cancelled' ? 'cancelled' : 'done');
          setEndedAt(clock());
          setMetric(res.result.metric);
          // Measured in the compute worker on the kept weights, on the validation rows training scored.
          setConfusion({ status: 'done', result: res.confusion ?? null });
        });
      },
      (err) => {
        settled = true;
        flush();
        // Stopped before there was a model to keep (before it started, or before its first epoch finished): not a refusal.
        const stopped = job.state() === 'cancelled';
        batch(() => {
          setError(stopped ? stoppedNote(err) : describeError(err));
          setState(stopped ? 'cancelled' : 'failed');
          setEndedAt(clock());
        });
      },
    ).finally(() => {
      live.delete(poll);
      setNow(clock());
    });

    return {
      id,
      modelId,
      dataset: d.name,
      get metric() {
        return metric();
      },
      total,
      startedAt,
      state,
      history,
      endedAt,
      response,
      result: () => response()?.result,
      error,
      confusion,
      saving,
      stopping,
      stop() {
        if (state() !== 'queued' && state() !== 'running') return;
        setStopping(true);
        job.cancel();
      },
      async save(description: string) {
        const res = response();
        if (!res || saving().status === 'running') return;
        setSaving({ status: 'running' });
        try {
          const desc = description.trim();
          // Trained in this session: its validation figures were measured here, not claimed by a file.
          const summary = await engine.call('model_save', { file: res.file, origin: 'trained', ...(desc === '' ? {} : { description: desc }) });
          const { modelId: savedId, version } = summary.info;
          const historyRows = await engine.call('model_record_history', { modelId: savedId, version, epochs: res.history });
          setSaving({ status: 'done', result: { modelId: savedId, version, historyRows } });
          await settings.addRecentFile({ kind: 'dataset', name: d.name, size: d.size, when: clock(), action: 'imported' });
        } catch (err) {
          setSaving({ status: 'failed', message: describeError(err) });
        }
      },
    };
  }

  function dismiss(id: number): void {
    setRuns((rs) => rs.filter((r) => r.id !== id || r.state() === 'queued' || r.state() === 'running'));
  }

  return {
    presets: PRESETS,
    presetId,
    choosePreset,
    configText,
    setConfigText,
    config,
    epochs,
    setEpochs,
    epochsError,
    dataset,
    datasetError,
    datasetNote,
    loading,
    loadingDataset: () => loading() !== undefined,
    loadDataset,
    cancelLoad,
    view,
    target,
    setTarget,
    kinds,
    setKind,
    runs,
    startRun,
    startError,
    dismiss,
    now,
  };
}

export type LabStore = ReturnType<typeof createLabStore>;
