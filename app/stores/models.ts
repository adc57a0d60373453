// The Models page's store: the saved models and their versions from the engine, describe/load, delete and cleanup, int8 quantization, .clf and ONNX export, .clf import, and predictions.
import { batch, createSignal, onCleanup } from 'solid-js';
import { blobSource, ClfError, decodeClf, decodeClfFrom, type BlobLike, type ModelArtifact } from '../../core/format/clf';
import type { AccuracyProvenance, ModelInfo, ModelSummary, VersionInfo } from '../../core/models/api';
import { ensemblePredict, metricOf, parseTrainingData, type EnsembleMember, type Neighbour, type Prediction, type ScoreMetric } from '../../core/models/lab';
import { scorableRecords, scoreOutputs, validationRecords, type QuantizeResult } from '../../core/models/model-ops';
import { CsvError, parseCsv } from '../../core/data/csv';
import type { DeletedVersion, EngineClient } from '../../workers/engine/types';
import { CHANGE_COALESCE_MS, coalesce } from './coalesce';
import type { SettingsStore } from './settings';
import { describeError, type Phase } from './lab';

export type { Phase };

/** What the store needs of the compute bridge. */
export interface ModelsCompute {
  infer(key: string, file: Uint8Array, records: Record<string, unknown>[]): Promise<Float32Array>;
  predict(key: string, file: Uint8Array, inputs: Record<string, unknown>[], k?: number, signal?: AbortSignal, neighbours?: Neighbour[][]): Promise<{ predictions: Prediction[]; path: string }>;
  quantize(file: Uint8Array, validationRecords?: Record<string, unknown>[]): Promise<{ result: QuantizeResult; file: Uint8Array }>;
}

/** A file to import: a DOM File, or anything with its name, size, slices and bytes. */
export interface BinaryFile extends BlobLike {
  name: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface TextFile {
  name: string;
  size: number;
  text(): Promise<string>;
}

export interface ModelsStoreOptions {
  engine: Pick<EngineClient, 'call' | 'onChange'>;
  compute: ModelsCompute;
  settings: Pick<SettingsStore, 'addRecentFile'>;
  /** Saves bytes as a file: the page passes a Blob-URL download; tests capture it. */
  download: (name: string, bytes: Uint8Array, type: string) => void;
  /** ONNX export pulls protobufjs: loaded only when asked for. */
  loadOnnx?: () => Promise<{ exportOnnx(model: ModelArtifact, producerVersion?: string): Uint8Array }>;
  clock?: () => number;
}

type Loaded<T> = { value: T | undefined; error: string | undefined };

export interface VersionRef {
  modelId: string;
  version: string;
}

export const versionKey = (r: VersionRef) => `${r.modelId}@${r.version}`;

/** Similar examples shown with a prediction (the reference's "7 of 9 similar…"). */
const NEIGHBOURS = 9;

/** A version loaded for prediction: its file (sent to the compute worker) and what the form needs from it. */
export interface Selected extends VersionRef {
  file: Uint8Array;
  target: string;
  task: 'classification' | 'regression';
  labels: string[];
  fields: string[];
  /** Measured on this device; null when none was (an import's own figure is in provenance.reported). */
  accuracy: number | null;
  metric: ScoreMetric;
  provenance: AccuracyProvenance | null;
}

export interface QuantizeOutcome extends VersionRef {
  newVersion: string;
  result: QuantizeResult;
  /** Where accuracy came from: records from the data file the user gave, or none. */
  measuredOn: string | null;
}

export interface EnsembleOutcome {
  prediction: string;
  confidence: number;
  probabilities: Record<string, number>;
  /** 'accuracy': weighted by each member's accuracy measured here; 'equal': some member had none measured, so all weigh the same. */
  weighting: 'accuracy' | 'equal';
  /** The latest version of each model with the weight it got (summing to 1) and its measured accuracy (null: not measured here). */
  members: { modelId: string; version: string; weight: number; measured: number | null }[];
  /** Why the weights are equal, naming the unmeasured members; undefined when weighted by accuracy. */
  note?: string;
}

/** An accuracy measured on data the user gave, recorded for the version. */
export interface MeasureOutcome extends VersionRef {
  accuracy: number;
  metric: ScoreMetric;
  records: number;
  /** Records of the file without a usable target, left out. */
  skipped: number;
  measuredOn: string;
}

/** The accuracy a version may be weighted by: one measured on this device, never a file's claim. */
export function measuredAccuracy(info: Pick<VersionInfo, 'accuracy' | 'provenance'>): number | null {
  return info.provenance?.source === 'measured' ? info.accuracy : null;
}

export interface ImportOutcome extends VersionRef {
  name: string;
  size: number;
}

const own = (o: unknown, k: string): unknown => (typeof o === 'object' && o !== null && Object.prototype.hasOwnProperty.call(o, k) ? (o as Record<string, unknown>)[k] : undefined);

/** A record for the predict form: the first stored training example without its target, so every field has a real value to edit. */
export function predictTemplate(a: ModelArtifact): Record<string, unknown> {
  const example = a.examples[0];
  // Field names come from the file: only own values are read, and the template has no prototype a '__proto__' field could set.
  const out = Object.create(null) as Record<string, unknown>;
  for (const c of a.schema.features) {
    const [head, tail] = c.field.split('.', 2);
    // Nested fields (a.b) are flattened by the featurizer; the template keeps the record's own shape.
    const v = tail === undefined ? own(example, c.field) : own(own(example, head), tail);
    if (tail === undefined) out[c.field] = v ?? null;
    else out[head] = Object.assign(Object.create(null) as Record<string, unknown>, own(out, head), { [tail]: v ?? null });
  }
  return out;
}

/** Parses the predict form: one JSON record or an array of them. */
export function parsePredictInput(text: string): { records: Record<string, unknown>[]; error?: undefined } | { records?: undefined; error: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    return { error: `The input is not valid JSON: ${(err as Error).message}.` };
  }
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0) return { error: 'The input is an empty array: give at least one record.' };
  const bad = list.findIndex((r) => typeof r !== 'object' || r === null || Array.isArray(r));
  if (bad >= 0) return { error: `${Array.isArray(v) ? `Record ${bad + 1}` : 'The input'} must be a JSON object such as {"field": value}.` };
  return { records: list as Record<string, unknown>[] };
}

function readDataText(name: string, text: string) {
  const t = text.trimStart();
  if (/\.csv$/i.test(name) || !(t.startsWith('{') || t.startsWith('['))) {
    try {
      return { trainingData: parseCsv(text).records as unknown[] };
    } catch (err) {
      if (err instanceof CsvError) throw new Error(`${name}: ${err.message}.`, { cause: err });
      throw err;
    }
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new Error(`${name} is not valid JSON: ${(err as Error).message}.`, { cause: err });
  }
  try {
    return parseTrainingData(v);
  } catch (err) {
    throw new Error(`${name}: ${(err as Error).message}.`, { cause: err });
  }
}

export function createModelsStore(options: ModelsStoreOptions) {
  const { engine, compute, settings, download } = options;
  const clock = options.clock ?? Date.now;
  const loadOnnx = options.loadOnnx ?? (() => import('../../core/format/onnx'));

  const [models, setModels] = createSignal<Loaded<ModelInfo[]>>({ value: undefined, error: undefined });
  const [expanded, setExpanded] = createSignal<Record<string, Loaded<VersionInfo[]>>>({});
  const [described, setDescribed] = createSignal<{ ref: VersionRef; phase: Phase<ModelSummary> }>();
  const [selected, setSelected] = createSignal<Phase<Selected>>({ status: 'idle' });
  const [predictText, setPredictText] = createSignal('');
  const [predicting, setPredicting] = createSignal<Phase<{ predictions: Prediction[]; path: string }>>({ status: 'idle' });
  const [confirming, setConfirming] = createSignal<{ modelId: string; version?: string }>();
  const [deleting, setDeleting] = createSignal<Phase<{ modelId: string; version?: string; deletedVersions: number; modelDeleted: boolean }>>({ status: 'idle' });
  const [cleanupDays, setCleanupDays] = createSignal('30');
  const [cleaning, setCleaning] = createSignal<Phase<{ days: number; removed: string[] }>>({ status: 'idle' });
  const [quantizeData, setQuantizeDataSignal] = createSignal<{ name: string; data: ReturnType<typeof readDataText> } | { error: string }>();
  const [quantizing, setQuantizing] = createSignal<{ ref: VersionRef; phase: Phase<QuantizeOutcome> }>();
  const [measuring, setMeasuring] = createSignal<{ ref: VersionRef; phase: Phase<MeasureOutcome> }>();
  const [exporting, setExporting] = createSignal<{ ref: VersionRef; format: 'clf' | 'onnx'; phase: Phase<{ name: string; size: number }> }>();
  const [importing, setImporting] = createSignal<Phase<ImportOutcome>>({ status: 'idle' });
  const [ensemble, setEnsemble] = createSignal<string[]>([]);
  const [ensembling, setEnsembling] = createSignal<Phase<EnsembleOutcome>>({ status: 'idle' });

  async function refresh(): Promise<void> {
    try {
      const list = await engine.call('model_list');
      setModels({ value: list, error: undefined });
      setEnsemble((ids) => ids.filter((id) => list.some((m) => m.modelId === id)));
      // Versions of expanded models may have changed (a new quantized copy, a delete): read them again.
      await Promise.all(Object.keys(expanded()).filter((id) => list.some((m) => m.modelId === id)).map((id) => loadVersions(id)));
      setExpanded((e) => Object.fromEntries(Object.entries(e).filter(([id]) => list.some((m) => m.modelId === id))));
    } catch (err) {
      setModels({ value: models().value, error: describeError(err) });
    }
  }

  // A save, delete or cleanup in any tab shows here without a click; a deleted version stops being offered at once.
  const live = coalesce(() => refresh(), CHANGE_COALESCE_MS);
  const unsubscribeChanges = engine.onChange((c) => {
    if (c.what !== 'models') return;
    if (c.deleted.length > 0) forgetDeleted(c.deleted);
    live.request();
  });
  onCleanup(() => {
    unsubscribeChanges();
    live.cancel();
  });

  function forgetDeleted(deleted: DeletedVersion[]): void {
    const gone = (r: VersionRef) => deleted.some((d) => d.modelId === r.modelId && (d.version === null || d.version === r.version));
    batch(() => {
      const s = selected();
      if (s.status === 'done' && gone(s.result)) {
        setSelected({ status: 'idle' });
        setPredicting({ status: 'idle' });
      }
      const d = described();
      if (d && gone(d.ref)) setDescribed(undefined);
    });
  }

  async function loadVersions(modelId: string): Promise<void> {
    try {
      const v = await engine.call('model_versions', modelId);
      setExpanded((e) => ({ ...e, [modelId]: { value: v, error: undefined } }));
    } catch (err) {
      setExpanded((e) => ({ ...e, [modelId]: { value: e[modelId]?.value, error: describeError(err) } }));
    }
  }

  async function toggle(modelId: string): Promise<void> {
    if (expanded()[modelId]) {
      setExpanded((e) => {
        const { [modelId]: _, ...rest } = e;
        return rest;
      });
      return;
    }
    setExpanded((e) => ({ ...e, [modelId]: { value: undefined, error: undefined } }));
    await loadVersions(modelId);
  }

  async function describe(ref: VersionRef): Promise<void> {
    setDescribed({ ref, phase: { status: 'running' } });
    try {
      const s = await engine.call('model_describe', ref);
      setDescribed({ ref, phase: { status: 'done', result: s } });
    } catch (err) {
      setDescribed({ ref, phase: { status: 'failed', message: describeError(err) } });
    }
  }

  /** Loads a version's file for prediction (the engine marks the model used) and fills the form with a record from its examples. */
  async function select(ref: VersionRef): Promise<void> {
    batch(() => {
      setSelected({ status: 'running' });
      setPredicting({ status: 'idle' });
    });
    try {
      const { info, file } = await engine.call('model_load', ref);
      const a = decodeClf(file);
      const { field, task, labels } = a.schema.target;
      batch(() => {
        setSelected({
          status: 'done',
          result: {
            modelId: info.modelId, version: info.version, file, target: field, task, labels, fields: a.schema.features.map((c) => c.field),
            accuracy: measuredAccuracy(info), metric: metricOf(task), provenance: info.provenance,
          },
        });
        setPredictText(JSON.stringify(predictTemplate(a), null, 2));
      });
      void refresh();
    } catch (err) {
      setSelected({ status: 'failed', message: describeError(err) });
    }
  }

  async function predict(): Promise<void> {
    const s = selected();
    if (s.status !== 'done') return;
    const input = parsePredictInput(predictText());
    if (input.error !== undefined) {
      setPredicting({ status: 'failed', message: input.error });
      return;
    }
    setPredicting({ status: 'running' });
    try {
      // Similar training examples come from the engine's vector index over the version's examples; the compute worker predicts and explains.
      const neighbours = await engine.call('model_neighbours', { modelId: s.result.modelId, version: s.result.version, inputs: input.records, k: NEIGHBOURS });
      const res = await compute.predict(versionKey(s.result), s.result.file, input.records, NEIGHBOURS, undefined, neighbours);
      setPredicting({ status: 'done', result: res });
    } catch (err) {
      setPredicting({ status: 'failed', message: describeError(err) });
    }
  }

  function toggleEnsemble(modelId: string): void {
    setEnsemble((ids) => (ids.includes(modelId) ? ids.filter((id) => id !== modelId) : [...ids, modelId]));
  }

  /**
   * One record through the latest version of every chosen model, averaged by accuracy measured on this device
   * (ensemblePredict): a file's claim is never a weight, so with any member unmeasured all weigh the same, and the result says why.
   * Outputs come from the compute worker first; the members then hand them over, since ensemblePredict asks synchronously.
   */
  async function predictEnsemble(): Promise<void> {
    const ids = ensemble();
    const input = parsePredictInput(predictText());
    if (input.error !== undefined) {
      setEnsembling({ status: 'failed', message: input.error });
      return;
    }
    if (input.records.length !== 1) {
      setEnsembling({ status: 'failed', message: `An ensemble prediction takes one record (got ${input.records.length}).` });
      return;
    }
    if (ids.length < 2) {
      setEnsembling({ status: 'failed', message: 'Choose at least two models for an ensemble.' });
      return;
    }
    const record = input.records[0];
    setEnsembling({ status: 'running' });
    try {
      const members: EnsembleMember[] = [];
      const used: { modelId: string; version: string; measured: number | null }[] = [];
      for (const modelId of ids) {
        const { info, file } = await engine.call('model_load', { modelId });
        const a = decodeClf(file);
        const out = await compute.infer(versionKey(info), file, [record]);
        const measured = measuredAccuracy(info);
        members.push({ schema: a.schema, weight: measured, infer: () => out });
        used.push({ modelId, version: info.version, measured });
      }
      let combined: ReturnType<typeof ensemblePredict>;
      try {
        combined = ensemblePredict(members, record);
      } catch (err) {
        throw new Error(`These models cannot form an ensemble: ${(err as Error).message}.`, { cause: err });
      }
      const unmeasured = used.filter((m) => m.measured === null).map((m) => `${m.modelId} ${m.version}`);
      const note = combined.weighting === 'equal'
        ? `Equal weights: ${unmeasured.join(', ')} ${unmeasured.length === 1 ? 'has' : 'have'} no accuracy measured on this device (a figure a file reports is not used). Measure ${unmeasured.length === 1 ? 'it' : 'them'} on data to weight by accuracy.`
        : undefined;
      setEnsembling({
        status: 'done',
        result: { prediction: combined.prediction, confidence: combined.confidence, probabilities: combined.probabilities, weighting: combined.weighting, members: used.map((m, i) => ({ ...m, weight: combined.weights[i] })), note },
      });
    } catch (err) {
      setEnsembling({ status: 'failed', message: describeError(err) });
    }
  }

  function askDelete(modelId: string, version?: string): void {
    setConfirming({ modelId, version });
  }

  function cancelDelete(): void {
    setConfirming(undefined);
  }

  async function confirmDelete(): Promise<void> {
    const c = confirming();
    if (!c) return;
    setConfirming(undefined);
    setDeleting({ status: 'running' });
    try {
      // The engine's change notice unloads the deleted weights from every tab's compute workers (app/bridges/model-caches.ts).
      const r = await engine.call('model_delete', c);
      setDeleting({ status: 'done', result: { ...c, ...r } });
      // At once, not when the notice arrives: what was deleted is no longer offered.
      forgetDeleted([{ modelId: c.modelId, version: c.version ?? null }]);
      await refresh();
    } catch (err) {
      setDeleting({ status: 'failed', message: describeError(err) });
    }
  }

  const cleanupDaysError = () => {
    const n = Number(cleanupDays().trim());
    return cleanupDays().trim() !== '' && Number.isFinite(n) && n >= 0 ? undefined : `Days must be a number of 0 or more (got “${cleanupDays()}”).`;
  };

  async function cleanup(): Promise<void> {
    if (cleanupDaysError()) return;
    const days = Number(cleanupDays().trim());
    setCleaning({ status: 'running' });
    try {
      const removed = await engine.call('model_cleanup', { unusedDays: days });
      setCleaning({ status: 'done', result: { days, removed } });
      await refresh();
    } catch (err) {
      setCleaning({ status: 'failed', message: describeError(err) });
    }
  }

  /** The data file quantization measures accuracy on (its validation records); optional. */
  async function setQuantizeData(file: TextFile | undefined): Promise<void> {
    if (!file) {
      setQuantizeDataSignal(undefined);
      return;
    }
    try {
      setQuantizeDataSignal({ name: file.name, data: readDataText(file.name, await file.text()) });
    } catch (err) {
      setQuantizeDataSignal({ error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** Saves an int8 copy of a version as a new version; accuracy before/after is measured on the data file's validation records when one was given. */
  async function quantize(ref: VersionRef): Promise<void> {
    setQuantizing({ ref, phase: { status: 'running' } });
    try {
      const { file } = await engine.call('model_load', ref);
      const a = decodeClf(file);
      if (a.weights.kind !== 'f32') throw new Error(`${versionKey(ref)} is already int8: quantize a float version.`);
      const qd = quantizeData();
      let records: Record<string, unknown>[] | undefined;
      let measuredOn: string | null = null;
      if (qd && 'data' in qd) {
        records = validationRecords(a, qd.data) as Record<string, unknown>[];
        measuredOn = qd.name;
      }
      const q = await compute.quantize(file, records);
      // Made here: accuracy_after (when data was given) was measured by this app, so it may stand as the version's accuracy.
      const saved = await engine.call('model_save', { file: q.file, modelId: ref.modelId, description: `int8 of ${ref.version}`, origin: 'quantized' });
      setQuantizing({ ref, phase: { status: 'done', result: { ...ref, newVersion: saved.info.version, result: q.result, measuredOn } } });
      await refresh();
    } catch (err) {
      setQuantizing({ ref, phase: { status: 'failed', message: describeError(err) } });
    }
  }

  /**
   * Measures a version's accuracy (R² for regression) on every record of the data file given (trainingData and
   * validationData), through the compute worker, and records it as measured here: what turns an imported file's
   * claim into a figure. Records without the target are left out and counted.
   */
  async function measure(ref: VersionRef): Promise<void> {
    const qd = quantizeData();
    if (!qd || !('data' in qd)) {
      setMeasuring({ ref, phase: { status: 'failed', message: 'Choose a data file to measure on first (in the “Data for measuring” card).' } });
      return;
    }
    setMeasuring({ ref, phase: { status: 'running' } });
    try {
      const { file } = await engine.call('model_load', ref);
      const a = decodeClf(file);
      const records = [...qd.data.trainingData, ...(qd.data.validationData ?? [])];
      const { enc, kept } = scorableRecords(a, records);
      const out = await compute.infer(versionKey(ref), file, kept);
      const { accuracy, n, metric } = scoreOutputs(a, enc, out);
      const measuredOn = `${n} records of ${qd.name}`;
      await engine.call('model_record_accuracy', { ...ref, accuracy, records: n, measured_on: measuredOn });
      setMeasuring({ ref, phase: { status: 'done', result: { ...ref, accuracy, metric, records: n, skipped: enc.skipped.length, measuredOn } } });
      await refresh();
    } catch (err) {
      setMeasuring({ ref, phase: { status: 'failed', message: describeError(err) } });
    }
  }

  async function exportAs(ref: VersionRef, format: 'clf' | 'onnx'): Promise<void> {
    setExporting({ ref, format, phase: { status: 'running' } });
    try {
      const { file } = await engine.call('model_load', ref);
      const name = `${ref.modelId}-${ref.version}.${format}`;
      const bytes = format === 'clf' ? file : (await loadOnnx()).exportOnnx(decodeClf(file));
      download(name, bytes, format === 'clf' ? 'application/octet-stream' : 'application/onnx');
      setExporting({ ref, format, phase: { status: 'done', result: { name, size: bytes.length } } });
      if (format === 'clf') await settings.addRecentFile({ kind: 'model', name, size: bytes.length, when: clock(), action: 'exported' });
    } catch (err) {
      setExporting({ ref, format, phase: { status: 'failed', message: describeError(err) } });
    }
  }

  /**
   * Imports a .clf: checked completely here first, reading the length and header before any tensor (a hostile
   * file is refused having read a few bytes, nothing sent), then read whole and saved; the engine validates again.
   */
  async function importFile(file: BinaryFile): Promise<void> {
    setImporting({ status: 'running' });
    try {
      try {
        await decodeClfFrom(blobSource(file));
      } catch (err) {
        if (err instanceof ClfError) throw new Error(`${file.name} was refused: ${err.message}.`, { cause: err });
        throw err;
      }
      const bytes = new Uint8Array(await file.arrayBuffer());
      // Its figures are the file's claims: the version's accuracy stays unmeasured until measured here.
      const saved = await engine.call('model_save', { file: bytes, description: `imported from ${file.name}`, origin: 'imported' });
      setImporting({ status: 'done', result: { modelId: saved.info.modelId, version: saved.info.version, name: file.name, size: bytes.length } });
      await settings.addRecentFile({ kind: 'model', name: file.name, size: bytes.length, when: clock(), action: 'imported' });
      await refresh();
    } catch (err) {
      setImporting({ status: 'failed', message: describeError(err) });
    }
  }

  return {
    models,
    refresh,
    expanded,
    toggle,
    described,
    describe,
    selected,
    select,
    predictText,
    setPredictText,
    predicting,
    predict,
    confirming,
    askDelete,
    cancelDelete,
    confirmDelete,
    deleting,
    cleanupDays,
    setCleanupDays,
    cleanupDaysError,
    cleaning,
    cleanup,
    quantizeData,
    setQuantizeData,
    quantizing,
    quantize,
    measuring,
    measure,
    exporting,
    exportAs,
    importing,
    importFile,
    ensemble,
    toggleEnsemble,
    ensembling,
    predictEnsemble,
    now: clock,
  };
}

export type ModelsStore = ReturnType<typeof createModelsStore>;
