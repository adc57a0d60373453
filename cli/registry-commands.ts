// `safla neural import|versions|cleanup|status|memory-stats`, and saving trained or quantized models as registry versions: the model registry of the state folder, every figure read from it.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { schemaVersion } from '../core/db/migrations';
import type { ModelSummary, SaveOrigin } from '../core/models/api';
import { listEnsembles } from '../core/models/ensembles';
import type { EpochMetrics } from '../core/training/train';
import { detectFeatures } from '../kernel/js/features';
import { CliError, type CliIo } from './io';
import { loadPort } from './kernel';
import type { Flags } from './neural';
import { need, readModel } from './neural';
import { withExistingState, withState, type CliState } from './state';

export function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

const day = (ms: number | null): string => (ms === null ? '—' : new Date(ms).toISOString().slice(0, 10));

/** Accuracy as a percentage, R² as a number (a regression's score is not a percentage), or — when not measured. */
function score(v: number | null, task: string | undefined): string {
  if (v === null) return '—';
  return task === 'regression' ? `R² ${v.toFixed(3)}` : `${(v * 100).toFixed(1)}%`;
}

/** Left-aligned columns, two spaces apart. */
function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => rows.reduce((w, r) => Math.max(w, r[c].length), 0));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd());
}

/** Saves a model file (just trained or quantized) as the next version of its id, with its per-epoch history when given. */
export function saveVersion(state: CliState, file: Uint8Array, options: { origin: SaveOrigin; description?: string; modelId?: string; history?: EpochMetrics[] }): ModelSummary {
  return state.db.transaction(() => {
    // origin decides whether the file's accuracy counts as measured here (trained, quantized) or as its claim (imported).
    const saved = state.models.model_save({ file, origin: options.origin, ...(options.description ? { description: options.description } : {}), ...(options.modelId ? { modelId: options.modelId } : {}) });
    if (options.history && options.history.length > 0) {
      state.models.model_record_history({ modelId: saved.info.modelId, version: saved.info.version, epochs: options.history });
    }
    return saved;
  });
}

export async function neuralImport(io: CliIo, flags: Flags): Promise<void> {
  const path = need(flags, 'file');
  // The whole file is validated (and bounded) by the same reader as every other command before anything is stored.
  const model = await readModel(io, path);
  if (flags.name === '') throw new CliError('--name must not be empty (leave it out to keep the id in the file)', 2);
  const name = typeof flags.name === 'string' ? flags.name : undefined;
  const bytes = await io.readFile(path);
  const saved = await withState(io, flags.state, (state) => saveVersion(state, bytes, { origin: 'imported', modelId: name, description: `imported from ${basename(path)}` }));
  if (flags.json === true) {
    io.out(JSON.stringify({ action: 'import', file: path, ...saved }, null, 2));
    return;
  }
  const { info } = saved;
  const outputs = model.schema.target.task === 'regression' ? `${model.schema.target.field} (regression)` : `${saved.labels.length} classes: ${saved.labels.join(', ')}`;
  io.out(`Imported ${info.modelId}@${info.version} from ${path} (${size(info.size)}; ${saved.fields.length} fields → ${outputs})`);
  io.out('Metrics inside the file are as reported by the file; measure them on your data with `safla neural quantize --data` or an ensemble built with --data.');
}

export async function neuralVersions(io: CliIo, flags: Flags): Promise<void> {
  const modelId = need(flags, 'model');
  const rows = await withExistingState(io, flags.state, (state) => {
    const versions = state?.models.model_versions(modelId) ?? [];
    if (versions.length === 0) throw new CliError(`no model ${JSON.stringify(modelId)} in the registry${state ? ` at ${state.dir}` : ' (there is no state folder here yet)'}`);
    const task = state!.models.model_describe({ modelId }).task;
    return { versions, task };
  });
  if (flags.json === true) {
    io.out(JSON.stringify(rows.versions, null, 2));
    return;
  }
  const header = ['Version', 'Date', rows.task === 'regression' ? 'R²' : 'Accuracy', 'Size', 'Description'];
  const body = rows.versions.map((v) => [v.version, day(v.created_at), score(v.accuracy, rows.task).replace('R² ', ''), size(v.size), `${v.description ?? ''}${v.quantized ? ' (int8)' : ''}`.trim()]);
  for (const line of table([header, ...body])) io.out(line);
}

/** Days since last use or update after which `neural cleanup` deletes a model when --unused-days is not given. */
export const DEFAULT_UNUSED_DAYS = 30;

export async function neuralCleanup(io: CliIo, flags: Flags): Promise<void> {
  const raw = flags['unused-days'];
  const days = raw === undefined ? DEFAULT_UNUSED_DAYS : Number(raw);
  if (typeof raw === 'boolean' || !Number.isFinite(days) || days < 0) throw new CliError(`--unused-days must be a number of days ≥ 0 (got ${JSON.stringify(raw)})`, 2);
  const deleted = await withExistingState(io, flags.state, (state) => state?.models.model_cleanup({ unusedDays: days }) ?? []);
  if (flags.json === true) {
    io.out(JSON.stringify({ action: 'cleanup', unused_days: days, deleted, count: deleted.length }, null, 2));
    return;
  }
  io.out(deleted.length === 0 ? `No model was unused for ${days} days.` : `Deleted ${deleted.length} model${deleted.length === 1 ? '' : 's'} unused for ${days} days: ${deleted.join(', ')}`);
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Bytes of the state database on disk: the file and its write-ahead log (0 when there is none). */
function diskBytes(file: string): { db: number; wal: number } {
  return { db: sizeOf(file), wal: sizeOf(`${file}-wal`) };
}

export async function neuralStatus(io: CliIo, flags: Flags): Promise<void> {
  const port = await loadPort();
  const features = detectFeatures();
  const status = await withState(io, flags.state, (state) => {
    const models = state.models.model_list();
    const memory = state.memory.memory_stats();
    return {
      state: { dir: state.dir, file: state.file, schema_version: schemaVersion(state.db), bytes_on_disk: diskBytes(state.file) },
      kernel: { build: port.name, simd: features.simd, relaxed_simd: features.relaxedSimd },
      models: {
        count: models.length,
        versions: models.reduce((s, m) => s + m.versions, 0),
        bytes: models.reduce((s, m) => s + m.size, 0),
        list: models.map((m) => ({ modelId: m.modelId, version: m.version, versions: m.versions, accuracy: m.accuracy, task: state.models.model_describe({ modelId: m.modelId }).task, size: m.size, last_used_at: m.last_used_at })),
      },
      ensembles: listEnsembles(state.db).length,
      memory: { entries: memory.entries.rows, namespaces: memory.entries.namespaces, tiers: Object.fromEntries(memory.tiers.map((t) => [t.tier, t.rows])) },
    };
  });
  if (flags.json === true) {
    io.out(JSON.stringify(status, null, 2));
    return;
  }
  const { state, kernel, models, memory } = status;
  io.out(`State: ${state.dir} (schema ${state.schema_version}, ${size(state.bytes_on_disk.db + state.bytes_on_disk.wal)} on disk)`);
  io.out(`Kernel: ${kernel.build} (SIMD ${kernel.simd ? 'yes' : 'no'}, relaxed SIMD ${kernel.relaxed_simd ? 'yes' : 'no'})`);
  io.out(`Models: ${models.count} (${models.versions} version${models.versions === 1 ? '' : 's'}, ${size(models.bytes)})`);
  if (models.list.length > 0) {
    const rows = models.list.map((m) => [`  ${m.modelId}`, m.version ?? '—', `${m.versions} version${m.versions === 1 ? '' : 's'}`, score(m.accuracy, m.task), `last used ${day(m.last_used_at)}`]);
    for (const line of table(rows)) io.out(line);
  }
  io.out(`Ensembles: ${status.ensembles}`);
  io.out(`Memory: ${memory.entries} entries in ${memory.namespaces} namespaces; vector ${memory.tiers.vector ?? 0}, episodic ${memory.tiers.episodic ?? 0}, semantic ${memory.tiers.semantic ?? 0} rows`);
}

export async function neuralMemoryStats(io: CliIo, flags: Flags): Promise<void> {
  const stats = await withState(io, flags.state, (state) => {
    const pages = state.db.get<{ page_count: number }>('PRAGMA page_count')!.page_count;
    const pageSize = state.db.get<{ page_size: number }>('PRAGMA page_size')!.page_size;
    const free = state.db.get<{ freelist_count: number }>('PRAGMA freelist_count')!.freelist_count;
    const models = state.models.model_list();
    return {
      database: { file: state.file, ...diskBytes(state.file), page_count: pages, page_size: pageSize, free_pages: free },
      memory: state.memory.memory_stats(),
      models: { count: models.length, versions: models.reduce((s, m) => s + m.versions, 0), stored_bytes: models.reduce((s, m) => s + m.size, 0) },
    };
  });
  const mem = process.memoryUsage();
  const result = { ...stats, process: { rss: mem.rss, heap_used: mem.heapUsed, heap_total: mem.heapTotal, external: mem.external, array_buffers: mem.arrayBuffers } };
  if (flags.json === true) {
    io.out(JSON.stringify(result, null, 2));
    return;
  }
  const { database: d, memory: m, models } = result;
  io.out(`State database: ${d.file}: ${size(d.db)} + ${size(d.wal)} write-ahead log (${d.page_count} pages of ${size(d.page_size)}, ${d.free_pages} free)`);
  io.out(`Memory entries: ${m.entries.rows} in ${m.entries.namespaces} namespaces, ${size(m.entries.bytes)} of keys and values`);
  for (const t of m.tiers) {
    const saved = t.savedFraction === null || t.bytes === t.rawBytes ? '' : ` (${size(t.rawBytes)} uncompressed, ${(t.savedFraction * 100).toFixed(0)}% smaller)`;
    io.out(`  ${t.tier}: ${t.rows} rows, ${size(t.bytes)}${saved}`);
  }
  io.out(`Models: ${models.count} (${models.versions} versions, ${size(models.stored_bytes)} of model files)`);
  io.out(`This process: ${size(result.process.rss)} resident, ${size(result.process.heap_used)} of ${size(result.process.heap_total)} JS heap in use`);
}
