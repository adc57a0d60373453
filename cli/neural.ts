// `safla neural …`: train, predict, quantize and export on the same core and kernel as the app, mirroring the reference's neural commands.
import { basename } from 'node:path';
import { ClfError, encodeClf, type ModelArtifact } from '../core/format/clf';
import { utf8Decode } from '../core/format/utf8';
import { ConfigError, MAX_EPOCHS, parseModelConfig, type ModelConfig } from '../core/models/config';
import { defaultConfig, NonFiniteOutputError, unseenNote, type ScoreMetric } from '../core/models/lab';
import { DataError } from '../core/models/featurizer';
import { predictRecords, quantizeModel, trainModel, validationSet } from '../core/models/model-ops';
import type { TableData } from '../core/data/table';
import { formatCount, IngestCancelled } from '../core/data/limits';
import { DEFAULT_MAX_ROWS, defaultMaxMemoryMiB, readDataFile } from './data-file';
import { listenForInterrupt } from './interrupt';
import { readClfFile } from './clf-file';
import { fsReason } from './errors';
import { CliError, type CliIo } from './io';
import { loadPort } from './kernel';
import { modelLabel, resolveModel } from './model-ref';
import { prepareOut } from './out-path';
import { saveVersion } from './registry-commands';
import { stateDir, withState } from './state';
import { validationLines, validationReport } from './validate';

export type Flags = Record<string, string | boolean | undefined>;

export function need(flags: Flags, name: string): string {
  const v = flags[name];
  if (typeof v !== 'string' || v === '') throw new CliError(`--${name} <value> is required`, 2);
  return v;
}

export function intFlag(flags: Flags, name: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !/^\s*\d+\s*$/.test(v) || !Number.isInteger(n) || n < 1) throw new CliError(`--${name} must be a positive integer (got ${JSON.stringify(v)})`, 2);
  if (n > max) throw new CliError(`--${name} must be at most ${max} (got ${v})`, 2);
  return n;
}

async function readText(io: CliIo, path: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await io.readFile(path);
  } catch (e) {
    throw new CliError(`${path}: ${fsReason(e) ?? `cannot read it: ${(e as Error).message}`}`, 1);
  }
  try {
    return utf8Decode(bytes);
  } catch {
    throw new CliError(`${path} is not UTF-8 text`);
  }
}

export async function readJson(io: CliIo, path: string): Promise<unknown> {
  const text = await readText(io, path);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
}

/**
 * A data file as columns, streamed: .csv, .tsv, .json ({trainingData, validationData} or an array of records), .jsonl
 * and .parquet. --max-rows and --max-memory (MiB) bound it; progress goes to stderr (--progress: even for small files).
 */
export async function readData(io: CliIo, path: string, flags: Flags = {}, signal?: AbortSignal): Promise<TableData> {
  const maxRows = intFlag(flags, 'max-rows') ?? DEFAULT_MAX_ROWS;
  const maxMiB = intFlag(flags, 'max-memory') ?? defaultMaxMemoryMiB();
  return readDataFile(io, path, {
    limits: { maxRows, maxBytes: maxMiB * 1024 * 1024, hints: { rows: `--max-rows ${maxRows}`, memory: `--max-memory ${maxMiB} (MiB)` } },
    signal,
    progress: flags.progress === true ? 'always' : 'auto',
  });
}

/** The model at `path`, read header first from disk (not through io.readFile: a hostile file must not be loaded whole). */
export async function readModel(_io: CliIo, path: string): Promise<ModelArtifact> {
  try {
    return await readClfFile(path);
  } catch (e) {
    if (e instanceof ClfError) throw new CliError(`${path}: ${e.message}`);
    throw new CliError(`cannot read ${path}: ${fsReason(e) ?? (e as Error).message}`);
  }
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
/** A score as printed: accuracy as a percentage, R² as "R² 0.831" (never a percentage). */
const score = (x: number, metric: ScoreMetric): string => (metric === 'r2' ? `R² ${x.toFixed(3)}` : pct(x));
function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

export async function neuralTrain(io: CliIo, flags: Flags): Promise<void> {
  const json = flags.json === true;
  let config: ModelConfig;
  if (typeof flags.model === 'string') {
    try {
      config = parseModelConfig(await readJson(io, flags.model));
    } catch (e) {
      if (e instanceof ConfigError) throw new CliError(`${flags.model}: ${e.issues.map((i) => `${i.path} ${i.message}`).join('\n  ')}`);
      throw e;
    }
  } else {
    const pattern = typeof flags.pattern === 'string' ? flags.pattern : undefined;
    if (!pattern) throw new CliError('give --model <config.json> or --pattern <coordination|optimization|prediction>', 2);
    config = defaultConfig(pattern, intFlag(flags, 'epochs', MAX_EPOCHS) ?? 50);
  }
  if (typeof flags.target === 'string') config = { ...config, training: { ...config.training, target: flags.target } };
  if (flags.task !== undefined) {
    if (flags.task !== 'classification' && flags.task !== 'regression') throw new CliError(`--task must be classification or regression (got ${JSON.stringify(flags.task)})`, 2);
    config = { ...config, training: { ...config.training, task: flags.task } };
  }
  const seed = intFlag(flags, 'seed');
  if (seed !== undefined) config = { ...config, training: { ...config.training, seed } };
  const dataPath = need(flags, 'data');
  const epochs = intFlag(flags, 'epochs', MAX_EPOCHS) ?? config.training.epochs;
  // Bad limits are usage errors (exit 2), found before anything is read.
  intFlag(flags, 'max-rows');
  intFlag(flags, 'max-memory');
  // Where the results go is checked before reading or training, not after: the output's folder, and the state folder.
  if (typeof flags.out === 'string') prepareOut(io, 'out', flags.out);
  await withState(io, flags.state, () => undefined);
  // Ctrl-C stops reading or training at the next chunk or few hundred batches; nothing is written or saved.
  const interrupt = listenForInterrupt(io.err);
  let trained;
  let data: TableData;
  let port;
  try {
    try {
      data = await readData(io, dataPath, flags, interrupt.signal);
    } catch (e) {
      if (e instanceof IngestCancelled) throw interrupt.error(`stopped reading ${dataPath}; nothing was trained or saved`);
      throw e;
    }
    port = await loadPort();
    if (!json) {
      io.out(`🧠 Training Neural Model: ${config.modelId}`);
      io.out('━'.repeat(46));
    }
    const every = Math.max(1, Math.round(epochs / 10));
    // A regression target's per-epoch score is R²: named so on every line.
    let scoreKey = 'accuracy';
    const started = io.now();
    try {
      trained = await trainModel(port, config, data, {
        now: io.now,
        wallClock: io.wallClock,
        shouldStop: () => interrupt.signal.aborted,
        yieldEvery: () => new Promise<void>((done) => setImmediate(done)),
        onPrepared: (p) => {
          if (p.schema.target.task === 'regression') scoreKey = 'r2';
          if (data.training.rows >= 100_000 || flags.progress === true) io.err(`featurized ${formatCount(p.counts.train)} training and ${formatCount(p.counts.validation)} validation rows × ${p.schema.width} features in ${((io.now() - started) / 1000).toFixed(1)} s`);
        },
        onEpoch: (m) => {
          if (json || (m.epoch !== 1 && m.epoch % every !== 0 && m.epoch !== epochs)) return;
          io.out(`Epoch ${m.epoch}/${epochs}: ${scoreKey}=${m.accuracy.toFixed(2)}, loss=${m.loss.toFixed(4)}, val_${scoreKey}=${m.val_accuracy.toFixed(2)}, val_loss=${m.val_loss.toFixed(4)}, lr=${m.learning_rate.toPrecision(3)}`);
        },
      }, epochs);
    } catch (e) {
      if (interrupt.received()) throw interrupt.error('training stopped; nothing was written or saved');
      throw new CliError((e as Error).message);
    }
    if (interrupt.received()) throw interrupt.error(`training stopped after ${trained.outcome.history.length} of ${epochs} epochs; nothing was written or saved`);
  } finally {
    interrupt.dispose();
  }
  const file = encodeClf(trained.artifact);
  const out = typeof flags.out === 'string' ? flags.out : `${trained.result.modelId}.clf`;
  await io.writeFile(out, file);
  const saved = await withState(io, flags.state, (state) => saveVersion(state, file, { origin: 'trained', history: trained.outcome.history }));
  const validation = flags.validate === true ? validationReport(trained.artifact, data) : undefined;
  if (json) {
    io.out(JSON.stringify({ ...trained.result, file: out, file_bytes: file.length, version: saved.info.version, ...(validation ? { validation } : {}) }, null, 2));
    return;
  }
  const r = trained.result;
  const last = trained.outcome.history[trained.outcome.history.length - 1];
  io.out('');
  io.out(`✅ Training ${r.status === 'completed' ? 'Complete' : 'Cancelled'}${trained.outcome.stopped === 'early_stopped' ? ` (early stopped at epoch ${last.epoch}, weights of epoch ${trained.outcome.keptEpoch} restored)` : ''}; improvement_rate: ${r.improvement_rate}`);
  io.out(`   Final ${r.metric === 'r2' ? 'R²' : 'Accuracy'}: ${score(last.accuracy, r.metric)} (training records, last epoch)`);
  io.out(`   Training Time: ${r.training_time.toFixed(2)}s on ${port.name}`);
  io.out(`   Model Size: ${size(file.length)} (${out})`);
  if (flags.validate !== false) io.out(`   Validation ${r.metric === 'r2' ? 'R²' : 'Accuracy'}: ${score(r.accuracy, r.metric)} on ${r.details.validation_records} records (${r.details.validation_source === 'split' ? `held out ${pct(config.training.validation_split)}, seed ${config.training.seed}` : 'validationData'})`);
  io.out(`   Target: ${r.details.target} — ${r.details.target_reason}`);
  if (r.details.skipped_records > 0) io.out(`   Skipped: ${r.details.skipped_records} records without a usable target`);
  const unseen = unseenNote(r.details.validation_unseen);
  if (unseen) io.out(`   ${unseen}`);
  for (const v of r.details.non_numeric_values) io.out(`   ${v.field}: ${v.count} training value${v.count === 1 ? '' : 's'} not a number (e.g. ${v.examples.map((e) => JSON.stringify(e)).join(', ')}), treated as missing`);
  if (validation) for (const line of validationLines(validation)) io.out(line);
  io.out(`   Saved: ${saved.info.modelId}@${saved.info.version} in ${stateDir(io, flags.state)}`);
}

export async function neuralPredict(io: CliIo, flags: Flags): Promise<void> {
  const model = (await resolveModel(io, flags.state, need(flags, 'model'), readModel)).artifact;
  const inputPath = need(flags, 'input');
  const raw = await readJson(io, inputPath);
  const inputs = Array.isArray(raw) ? raw : [raw];
  inputs.forEach((r, i) => {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new CliError(`${inputPath}: input ${i} must be a JSON object (a record)`);
  });
  let results;
  try {
    results = predictRecords(model, inputs as Record<string, unknown>[], { k: intFlag(flags, 'k', 100) ?? 9 });
  } catch (e) {
    if (e instanceof NonFiniteOutputError) throw new CliError(`${need(flags, 'model')}: ${e.message}`);
    throw e;
  }
  if (flags.json === true) {
    io.out(JSON.stringify(Array.isArray(raw) ? results : results[0], null, 2));
    return;
  }
  for (const p of results) {
    io.out(`prediction: ${p.prediction}${p.confidence === null ? '' : ` (confidence ${pct(p.confidence)})`}`);
    io.out(`reasoning: ${p.reasoning}`);
    for (const r of p.recommendations) io.out(`  • ${r}`);
    const w = p.input_warnings;
    if (w.missing.length > 0) io.out(`warning: missing ${w.missing.join(', ')} (encoded as missing)`);
    if (w.unusable.length > 0) io.out(`warning: not usable as given: ${w.unusable.join(', ')} (encoded as missing)`);
    if (w.unknown.length > 0) io.out(`warning: not read by this model: ${w.unknown.join(', ')} (ignored)`);
  }
}

export async function neuralQuantize(io: CliIo, flags: Flags): Promise<void> {
  const bits = flags.bits === undefined ? 8 : Number(flags.bits);
  if (bits !== 8) throw new CliError('--bits: only 8-bit quantization is supported', 2);
  const modelPath = need(flags, 'model');
  const resolved = await resolveModel(io, flags.state, modelPath, readModel);
  const model = resolved.artifact;
  // Accuracy is measured only where the validation records are known: the same data file re-creates the same split.
  let validation: ReturnType<typeof validationSet> | undefined;
  if (typeof flags.data === 'string') {
    const data = await readData(io, flags.data, flags);
    try {
      validation = validationSet(model, data);
    } catch (e) {
      throw new CliError(`${flags.data}: ${(e as Error).message}`);
    }
  }
  let q;
  try {
    q = quantizeModel(model, validation);
  } catch (e) {
    // Data that cannot be scored (no record with the target) is named, and nothing is written.
    if (e instanceof DataError && typeof flags.data === 'string') throw new CliError(`${flags.data}: ${e.message} (leave out --data to quantize without measuring)`);
    throw new CliError(`${modelPath}: ${(e as Error).message}`);
  }
  const file = encodeClf(q.artifact);
  // A registry model's int8 copy becomes its next version; a file's is written beside it (or to --out).
  const fromRegistry = resolved.source.kind === 'registry';
  const out = typeof flags.out === 'string' ? (flags.out.endsWith('.clf') ? flags.out : `${flags.out}.clf`) : fromRegistry ? undefined : modelPath.replace(/(\.clf)?$/, '.int8.clf');
  if (out !== undefined) {
    prepareOut(io, 'out', out);
    await io.writeFile(out, file);
  }
  const saved = fromRegistry ? await withState(io, flags.state, (state) => saveVersion(state, file, { origin: 'quantized', modelId: model.config.modelId, description: `int8 of ${modelLabel(resolved)}` })) : undefined;
  if (flags.json === true) {
    io.out(JSON.stringify({ ...q.result, file: out ?? null, file_bytes: file.length, ...(saved ? { version: saved.info.version } : {}) }, null, 2));
    return;
  }
  io.out(`Size reduction: ${size(q.result.size_before)} → ${size(q.result.size_after)} of weights (${pct(q.result.reduction)} reduction); ${out === undefined ? 'the int8 file' : `file ${out}`} is ${size(file.length)}`);
  if (saved) io.out(`Saved: ${saved.info.modelId}@${saved.info.version} (int8)`);
  if (q.result.accuracy_before === null) io.out('Accuracy: not measured (pass --data with the training data file to measure it on the validation records)');
  else io.out(`${q.result.metric === 'r2' ? 'R²' : 'Accuracy'} on ${q.result.validation_records} validation records: ${score(q.result.accuracy_before, q.result.metric)} → ${score(q.result.accuracy_after!, q.result.metric)}`);
}

export async function neuralExport(io: CliIo, flags: Flags): Promise<void> {
  const format = typeof flags.format === 'string' ? flags.format : 'clf';
  const modelPath = need(flags, 'model');
  const model = (await resolveModel(io, flags.state, modelPath, readModel)).artifact;
  let bytes: Uint8Array;
  let out: string;
  let computes: string | undefined;
  if (format === 'onnx') {
    const { exportOnnx, INT8_EXPORT_NOTE } = await import('../core/format/onnx');
    bytes = exportOnnx(model);
    if (model.weights.kind === 'int8') computes = INT8_EXPORT_NOTE;
    out = typeof flags.output === 'string' ? flags.output : typeof flags.out === 'string' ? flags.out : modelPath.replace(/(\.clf)?$/, '.onnx');
  } else if (format === 'clf') {
    bytes = encodeClf(model);
    out = typeof flags.output === 'string' ? flags.output : typeof flags.out === 'string' ? flags.out : `${basename(modelPath, '.clf')}.export.clf`;
  } else throw new CliError(`--format must be onnx or clf (got ${JSON.stringify(format)})`, 2);
  prepareOut(io, 'output', out);
  await io.writeFile(out, bytes);
  const result = { modelId: model.config.modelId, format, file: out, bytes: bytes.length, ...(computes ? { computes } : {}) };
  io.out(flags.json === true ? JSON.stringify(result, null, 2) : `Exported ${result.modelId} as ${format} to ${out} (${size(bytes.length)})${computes ? `\n${computes}` : ''}`);
}
