// The tool catalog's context in node: the engine's methods answered from the state folder (cli/state.ts), training and fine-tuning on the wasm kernel, inference in plain TypeScript (as `safla neural predict`), the node pipeline runner, files on disk.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { decodeClf, encodeClf, MAX_CLF_BYTES, type ModelArtifact } from '../core/format/clf';
import { createEnsembleStore } from '../core/models/ensembles';
import { featurize } from '../core/models/featurizer';
import { parseTrainingData, requestConfig } from '../core/models/lab';
import { inferPlain, predictRecords, quantizeModel, trainModel } from '../core/models/model-ops';
import { transferModel } from '../core/models/transfer';
import type { Embedder } from '../core/memory/embedder';
import type { PatternsApi } from '../core/patterns/api';
import { createPatterns } from '../core/patterns/patterns';
import type { KernelPort } from '../core/nn/port';
import { RECENT_RUNS, statusOutput } from '../core/pipeline/api';
import { runPipelineCommand } from '../core/pipeline/run';
import type { TaskRunner } from '../core/pipeline/runner';
import { resolveWeights } from '../core/pipeline/selection';
import { createPipelineApi } from '../core/pipeline/serve';
import { createPipelineStore } from '../core/pipeline/store';
import { STRATEGIES } from '../core/pipeline/strategies/types';
import { tableEngine, type ToolContext, type TrainControl } from '../core/tools/context';
import { ToolInputError } from '../core/tools/errors';
import { createJobBoard } from '../core/tools/jobs';
import { detectFeatures } from '../kernel/js/features';
import { readClfFile } from './clf-file';
import { fsReason } from './errors';
import { prepareOut } from './out-path';
import { drawSeed } from './pipeline-flags';
import { createNodeRunner } from './pipeline/node-runner';
import { saveVersion } from './registry-commands';
import type { CliState } from './state';
import { CLI_TIMEOUT_MS } from './train-pipeline';
import type { CliIo } from './io';

export interface NodeToolContextOptions {
  state: CliState;
  /** The kernel, loaded on first use (training, status). */
  port: () => Promise<KernelPort>;
  io: Pick<CliIo, 'now' | 'wallClock' | 'cwd'>;
  /** Where a bug's stack goes (stderr). */
  log: (message: string) => void;
  /** The pipeline's runner; the node runner by default. */
  runner?: TaskRunner;
  /** The meaning embedder neural_patterns' classifier reads (the word vectors); without it the classifier trains on the rest and says so. */
  words?: Embedder;
}

/** Bytes of a file, 0 when there is none (no write-ahead log yet). */
const sizeOf = async (path: string): Promise<number> => (await stat(path).catch(() => undefined))?.size ?? 0;
/** Decoded model files kept per server: versions are never renumbered, so modelId@version always names the same bytes. */
const MAX_DECODED = 8;

/** Lets the event loop read the transport (a cancellation, other calls) between epochs. */
const yieldToEvents = (): Promise<void> => new Promise((done) => setImmediate(done));

export function createNodeToolContext(opts: NodeToolContextOptions): ToolContext {
  const { state, io } = opts;
  let port: Promise<KernelPort> | undefined;
  const kernel = () => (port ??= opts.port());
  // neural_patterns trains its classifier on the kernel at first use, so it is made when first called.
  let patterns: Promise<PatternsApi> | undefined;
  const patternsApi = () => (patterns ??= kernel().then((p) => createPatterns({ db: state.db, memory: state.memory, port: p, embedder: opts.words ?? null, clock: io.wallClock, now: io.now })));
  const store = createPipelineStore(state.db);
  const engine = tableEngine({
    ...state.memory,
    ...state.models,
    ...createPipelineApi(store),
    ...createEnsembleStore(state.db),
    neural_patterns: async (input) => (await patternsApi()).neural_patterns(input),
    patterns_correct: async (input) => (await patternsApi()).patterns_correct(input),
    patterns_classifier: async () => (await patternsApi()).patterns_classifier(),
    patterns_labels: async (input) => (await patternsApi()).patterns_labels(input),
    patterns_recorded: async (input) => (await patternsApi()).patterns_recorded(input),
  });
  const decoded = new Map<string, ModelArtifact>();
  const artifact = (key: string, file: Uint8Array): ModelArtifact => {
    let a = decoded.get(key);
    if (!a) {
      a = decodeClf(file);
      decoded.set(key, a);
      if (decoded.size > MAX_DECODED) decoded.delete(decoded.keys().next().value!);
    }
    return a;
  };
  const hooks = (control: TrainControl) => ({
    now: io.now, wallClock: io.wallClock, onEpoch: control.onEpoch,
    shouldStop: () => control.signal?.aborted === true,
    yieldEvery: yieldToEvents,
  });
  const runner = opts.runner ?? createNodeRunner();

  return {
    engine,
    async saveModel({ file, origin, description, modelId, history }) {
      return saveVersion(state, file, { origin, ...(description ? { description } : {}), ...(modelId ? { modelId } : {}), ...(history ? { history } : {}) });
    },
    compute: {
      async train(request, control) {
        const config = requestConfig(request);
        const data = parseTrainingData(request.training_data);
        const p = await kernel();
        const trained = await trainModel(p, config, data, hooks(control), request.epochs);
        return { result: trained.result, file: encodeClf(trained.artifact), history: trained.outcome.history, kernel: p.name };
      },
      async fineTune(request, control) {
        const p = await kernel();
        const tuned = await transferModel(p, decodeClf(request.file), request.data, request.options, hooks(control));
        return { result: tuned.result, file: encodeClf(tuned.artifact), history: tuned.outcome.history, kernel: p.name };
      },
      async predict(key, file, inputs, neighbours) {
        return { predictions: predictRecords(artifact(key, file), inputs, { neighbours: (_, i) => neighbours[i] }), path: 'plain-ts' };
      },
      async infer(key, file, records) {
        const a = artifact(key, file);
        const w = a.schema.width;
        const x = new Float32Array(records.length * w);
        records.forEach((r, i) => featurize(a.schema, r, x.subarray(i * w, (i + 1) * w)));
        return inferPlain(a, x, records.length);
      },
      async quantize(file, validation) {
        const q = quantizeModel(decodeClf(file), validation);
        return { result: q.result, file: encodeClf(q.artifact) };
      },
    },
    pipeline: {
      runners: [runner.name],
      async run(request, control) {
        const { preset, weights } = resolveWeights(request.preset, request.weights);
        return runPipelineCommand({
          complexity: request.complexity, iterations: request.iterations, strategies: request.strategy ? [request.strategy] : [...STRATEGIES],
          seed: request.seed ?? drawSeed(), timeout_ms: request.timeout_ms ?? CLI_TIMEOUT_MS, preset, weights, validate: request.validate,
        }, { state: state.dir, runner, store, clock: io.wallClock, now: io.now, ...control });
      },
      async status(input) {
        const { preset, weights } = resolveWeights(input.preset, input.weights);
        return statusOutput({ state: state.dir, profiles: store.loadProfiles(), recent_runs: store.runs({ limit: RECENT_RUNS }), totals: store.totals(), preset, weights });
      },
    },
    system: {
      async kernel() {
        const p = await kernel();
        const f = detectFeatures();
        return { build: p.name, simd: f.simd, relaxed_simd: f.relaxedSimd };
      },
      async figures() {
        const mem = process.memoryUsage();
        return {
          storage: { database_bytes: await sizeOf(state.file), wal_bytes: await sizeOf(`${state.file}-wal`) },
          process: { rss: mem.rss, heap_used: mem.heapUsed, heap_total: mem.heapTotal, external: mem.external, array_buffers: mem.arrayBuffers },
        };
      },
    },
    files: {
      async readModel(path) {
        const full = resolve(io.cwd(), path);
        const info = await stat(full).catch((e: unknown) => {
          throw new ToolInputError('modelPath', `${path}: ${fsReason(e) ?? (e as Error).message}`);
        });
        if (!info.isFile()) throw new ToolInputError('modelPath', `${path} is not a regular file`);
        if (info.size > MAX_CLF_BYTES) throw new ToolInputError('modelPath', `${path} is ${info.size} bytes, more than a model file may have (${MAX_CLF_BYTES})`);
        // Header first, from a file handle: a hostile file is refused having read a few bytes.
        await readClfFile(full).catch((e: unknown) => {
          if (e instanceof Error && e.name === 'ClfError') throw new ToolInputError('modelPath', `${basename(path)}: ${e.message}`);
          throw new ToolInputError('modelPath', `${path}: ${fsReason(e) ?? (e as Error).message}`);
        });
        return new Uint8Array(await readFile(full));
      },
      async write(path, bytes, overwrite) {
        const full = resolve(io.cwd(), path);
        try {
          prepareOut(io, 'path', path);
          // 'wx' fails when the file exists, atomically: no other writer can slip in between a check and the write.
          await writeFile(full, bytes, { flag: overwrite ? 'w' : 'wx' });
        } catch (e) {
          // prepareOut's own refusals name the flag (--path); the tool's field is path.
          if ((e as { code?: string }).code === 'EEXIST') throw new ToolInputError('path', `${path} already exists: pass overwrite: true to replace it`);
          throw new ToolInputError('path', e instanceof Error && e.name === 'CliError' ? e.message.replace(/^--path /, '') : `${path}: ${fsReason(e) ?? (e as Error).message}`);
        }
        return full;
      },
    },
    jobs: createJobBoard(io.wallClock),
    host: { kind: 'node', state: state.dir },
    wallClock: io.wallClock,
    log: opts.log,
  };
}
