// The Lab page's store: the model config (presets or edited JSON, validated as typed), the dataset and its target, and training runs on the compute pool with their results, confusion matrices and saving.
import { batch, createSignal, onCleanup, type Accessor } from 'solid-js';
import { CsvError, parseCsv } from '../../core/data/csv';
import { decodeClf } from '../../core/format/clf';
import { ConfigError, parseModelConfig, type ConfigIssue, type ModelConfig } from '../../core/models/config';
import { encodeRecords, flatten, type ColumnReport, type FeatureColumn, type FeatureSchema, type FeatureType, type FitReport, type Unseen } from '../../core/models/featurizer';
import { metricOf, parseTrainingData, unseenNote, type NeuralTrainResult, type ScoreMetric } from '../../core/models/lab';

export { unseenNote };
import { validationRecords } from '../../core/models/model-ops';
import { accuracyOf, confusionMatrix, predictedClasses } from '../../core/training/metrics';
import { prepareData } from '../../core/training/prepare';
import type { EpochMetrics, TrainData } from '../../core/training/train';
import type { EngineClient } from '../../workers/engine/types';
import type { PoolJob } from '../bridges/compute-pool';
import type { TrainRequest, TrainResponse } from '../../workers/compute/api';
import type { SettingsStore } from './settings';

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

/** A file to read: a DOM File, or anything with its name, size and text(). */
export interface TextFile {
  name: string;
  size: number;
  text(): Promise<string>;
}

export interface Dataset {
  name: string;
  size: number;
  format: 'json' | 'csv';
  data: TrainData;
  /** Every field of the training records (nested objects flattened as a.b), in first-seen order: the target choices. */
  fields: string[];
}

/** Larger files are refused before reading: the page holds the records in memory and sends them to a worker. */
export const MAX_DATASET_BYTES = 64 * 1024 * 1024;

/** Reads a JSON ({trainingData, validationData} or an array of records) or CSV (header row) dataset; throws an Error whose message names the problem. */
export function parseDataset(name: string, text: string): Omit<Dataset, 'name' | 'size'> {
  const trimmed = text.trimStart();
  const csv = /\.csv$/i.test(name) || !(trimmed.startsWith('{') || trimmed.startsWith('['));
  let data: TrainData;
  if (csv) {
    try {
      data = { trainingData: parseCsv(text).records };
    } catch (err) {
      if (err instanceof CsvError) throw new Error(`${name}: ${err.message}.`, { cause: err });
      throw err;
    }
  } else {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new Error(`${name} is not valid JSON: ${(err as Error).message}.`, { cause: err });
    }
    try {
      data = parseTrainingData(value);
    } catch (err) {
      throw new Error(`${name}: ${(err as Error).message}.`, { cause: err });
    }
  }
  if (data.trainingData.length < 2) throw new Error(`${name} holds ${data.trainingData.length} training record${data.trainingData.length === 1 ? '' : 's'}; training needs many.`);
  const seen = new Set<string>();
  data.trainingData.forEach((r, i) => {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new Error(`${name}: training record ${i + 1} is not an object (a record).`);
    for (const k of Object.keys(flatten(r as Record<string, unknown>))) seen.add(k);
  });
  if (seen.size < 2) throw new Error(`${name}: the records have ${seen.size} field${seen.size === 1 ? '' : 's'}; at least one feature and a target are needed.`);
  return { format: csv ? 'csv' : 'json', data, fields: [...seen] };
}

export interface DatasetView {
  /** The featurizer as training will fit it: on the training records only. */
  schema: FeatureSchema;
  /** Each column's kind, whether the config or this page chose it, and the non-numbers found in numeric columns. */
  report: FitReport;
  /** Records training will use and hold out, as train() will split them. */
  counts: { train: number; validation: number; skipped: number; source: 'validationData' | 'split' };
  /** What the validation records hold that the training records do not (counted by training too). */
  unseen: Unseen;
}

/** Column kinds for training.feature_types: the config's, with the page's choices on top. */
export function mergedKinds(config: ModelConfig | undefined, kinds: Record<string, FeatureType>): Record<string, FeatureType> | null {
  const merged = { ...config?.training.feature_types, ...kinds };
  return Object.keys(merged).length === 0 ? null : merged;
}

/** What training will see for this dataset and config: the split, then the featurizer fitted on the training part, computed by the same code train() runs. */
export function viewDataset(d: Dataset, config: ModelConfig | undefined, target: string | null, kinds: Record<string, FeatureType> = {}): DatasetView {
  const t = config?.training;
  const p = prepareData(d.data, {
    target: target ?? t?.target ?? null, task: t?.task ?? null, patternType: t?.pattern_type ?? config?.type ?? null,
    validationSplit: t?.validation_split ?? 0.2, seed: t?.seed ?? 42, featureTypes: mergedKinds(config, kinds),
  });
  return {
    schema: p.schema, report: p.report, unseen: p.unseen,
    counts: { train: p.counts.train, validation: p.counts.validation, skipped: p.counts.skippedTrain + p.counts.skippedValidation, source: p.source },
  };
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

export interface Confusion {
  labels: string[];
  /** matrix[true][predicted] */
  matrix: number[][];
  /** Validation records it was measured on. */
  n: number;
  /** Accuracy of these predictions: it should equal the result's validation accuracy. */
  accuracy: number;
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
  /** Which score the run's accuracy curves and result hold: accuracy, or R² for a regression target. */
  metric: ScoreMetric;
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

/** What the store needs of the compute pool (parallel training). */
export interface LabPool {
  train(request: Omit<TrainRequest, 'jobId'>, onEpoch?: (m: EpochMetrics) => void): PoolJob;
}

/** What the store needs of the compute bridge: the network's outputs for records. */
export interface LabCompute {
  infer(key: string, file: Uint8Array, records: Record<string, unknown>[]): Promise<Float32Array>;
}

export interface LabStoreOptions {
  pool: LabPool;
  compute: LabCompute;
  engine: Pick<EngineClient, 'call'>;
  settings: Pick<SettingsStore, 'addRecentFile'>;
  /** Milliseconds since the epoch; tests pass a controlled clock. */
  clock?: () => number;
  /** How often elapsed times and queued/running states refresh while a run is live. */
  tickMs?: number;
  /** How often streamed epochs are published to the page (ms). */
  flushMs?: number;
}

/** Confusion matrix of a trained model on the validation records it was measured on, with predictions from the compute worker. */
export async function measureConfusion(compute: LabCompute, key: string, file: Uint8Array, data: TrainData): Promise<Confusion | null> {
  const a = decodeClf(file);
  const { labels, task } = a.schema.target;
  if (task !== 'classification') return null;
  const records = validationRecords(a, data);
  const enc = encodeRecords(a.schema, records, 'validation');
  const skipped = new Set(enc.skipped.map((s) => s.index));
  const kept = records.filter((_, i) => !skipped.has(i)) as Record<string, unknown>[];
  if (kept.length === 0) return { labels, matrix: labels.map(() => labels.map(() => 0)), n: 0, accuracy: Number.NaN };
  const out = await compute.infer(key, file, kept);
  const k = a.spec.layers[a.spec.layers.length - 1].size;
  const pred = predictedClasses(out, enc.n, k);
  return { labels, matrix: confusionMatrix(pred, enc.y, labels.length), n: enc.n, accuracy: accuracyOf(pred, enc.y) };
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
  const { pool, compute, engine, settings } = options;
  const clock = options.clock ?? Date.now;

  const [presetId, setPresetId] = createSignal<string | null>(DEFAULT_PRESET.id);
  const [configText, setConfigTextSignal] = createSignal(pretty(DEFAULT_PRESET.config));
  const [epochs, setEpochs] = createSignal(String((DEFAULT_PRESET.config.training as { epochs: number }).epochs));
  const [dataset, setDataset] = createSignal<Dataset>();
  const [datasetError, setDatasetError] = createSignal<string>();
  const [loadingDataset, setLoadingDataset] = createSignal(false);
  /** null: the config's training.target, or the featurizer's choice. */
  const [target, setTarget] = createSignal<string | null>(null);
  /** Column kinds chosen on the page (sent as training.feature_types, over the config's). */
  const [kinds, setKinds] = createSignal<Record<string, FeatureType>>({});
  const [runs, setRuns] = createSignal<Run[]>([]);
  const [startError, setStartError] = createSignal<string>();
  const [now, setNow] = createSignal(clock());

  const config = derived(() => [configText()] as [string], checkConfig);
  /** The parts of the config the dataset view depends on: typing elsewhere in the config must not refit the featurizer. */
  const viewKey = () => {
    const c = config();
    if (!c.ok) return '';
    const t = c.config.training;
    return JSON.stringify([c.config.type, t.target, t.task, t.pattern_type, t.validation_split, t.seed, t.feature_types]);
  };
  const view = derived(
    () => [dataset(), viewKey(), target(), kinds()] as [Dataset | undefined, string, string | null, Record<string, FeatureType>],
    (d, _key, t, k): { value?: DatasetView; error?: string } => {
      if (!d) return {};
      const c = config();
      try {
        return { value: viewDataset(d, c.ok ? c.config : undefined, t, k) };
      } catch (err) {
        return { error: describeError(err) };
      }
    },
  );
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

  async function loadDataset(file: TextFile): Promise<void> {
    if (file.size > MAX_DATASET_BYTES) {
      setDatasetError(`${file.name} is ${file.size} bytes; datasets up to ${MAX_DATASET_BYTES} bytes are read here.`);
      return;
    }
    setLoadingDataset(true);
    try {
      const parsed = parseDataset(file.name, await file.text());
      batch(() => {
        setDataset({ name: file.name, size: file.size, ...parsed });
        setTarget(null);
        setKinds({});
        setDatasetError(undefined);
      });
    } catch (err) {
      // The previous dataset stays: a bad file must not wipe what was working.
      setDatasetError(err instanceof Error ? err.message : String(err));
    } finally {
      setLoadingDataset(false);
    }
  }

  let nextRun = 1;

  /** Starts a training job on the pool; returns the run, or undefined with startError set when something is missing or invalid. */
  function startRun(): Run | undefined {
    const c = config();
    const d = dataset();
    const problem = !c.ok
      ? `The config has ${c.issues.length} problem${c.issues.length === 1 ? '' : 's'}: fix ${c.issues.length === 1 ? 'it' : 'them'} first.`
      : !d ? 'Choose a dataset first.' : view().error ? view().error : epochsError();
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
    const request = { config: { ...raw, training }, training_data: d.data, epochs: total };
    const run = makeRun(nextRun++, c.config.modelId, d, total, request, metricOf(view().value!.schema.target.task));
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

  function makeRun(id: number, modelId: string, d: Dataset, total: number, request: Omit<TrainRequest, 'jobId'>, metric: ScoreMetric): Run {
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
    const job = pool.train(request, (m) => {
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
          setConfusion({ status: 'running' });
        });
        return measureConfusion(compute, `lab-run-${id}`, res.file, d.data).then(
          (result) => setConfusion({ status: 'done', result }),
          (err) => setConfusion({ status: 'failed', message: describeError(err) }),
        );
      },
      (err) => {
        settled = true;
        flush();
        batch(() => {
          setError(describeError(err));
          setState(job.state() === 'cancelled' ? 'cancelled' : 'failed');
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
      metric,
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
    loadingDataset,
    loadDataset,
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
