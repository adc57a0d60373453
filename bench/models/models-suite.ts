// The models suite: iris training epochs (ours vs tfjs-wasm vs plain JS, plus the accuracy each reaches) and int8 batch
// inference of the reference's example network (ours int8 vs tfjs-wasm float vs plain-JS int8), timed as the kernel suite times.
import { quantizeModel, trainModel, validationRecords } from '../../core/models/model-ops';
import type { ModelArtifact } from '../../core/format/clf';
import type { KernelPort } from '../../core/nn/port';
import type { Kernel } from '../../kernel/js/kernel';
import { createWasmPort } from '../../kernel/js/network';
import { referencePort } from '../../kernel/reference/mlp';
import type { BenchPeer, BenchTask, MlpCase } from '../../workers/compute/bench/peer';
import { median, now, timeCalls, warmUp, type TimingPlan } from '../../workers/compute/bench/timing';
import { loadOnKernel } from '../../workers/compute/model-runtime';
import { epochMlp, IRIS_EPOCHS, irisMlpCase, irisSetup, portTrainer, replayValidation, type IrisSetup, type ReplayTrainer } from './iris';
import { outputAgreement, plainInt8, QUANT_LAYERS, QUANT_ROWS, quantCase } from './quantized';
import type { ModelRow } from './types';

export const MODEL_CASES = ['mlp_train_iris', `quantized_predict_batch_${QUANT_ROWS}`] as const;

/** The tfjs-wasm peer, when the page has it (node tests run without). */
export interface TfjsSide {
  /** Its prepareMlp builds the Dense model from an MlpCase (bench/page/tfjs-peer.ts). */
  peer: BenchPeer;
  /** The same model trained batch by batch, for the accuracy it reaches on train()'s schedule. */
  trainer(c: MlpCase): ReplayTrainer | Promise<ReplayTrainer>;
}

export interface ModelsSuiteOptions {
  kernel: Kernel;
  /** Our network implementation; default createWasmPort(kernel). */
  port?: KernelPort;
  tfjs?: TfjsSide;
  plan: TimingPlan;
  filter?: string;
  onProgress?: (label: string) => void;
  onNote?: (message: string) => void;
  signal?: AbortSignal;
}

interface Timed {
  name: string;
  includes: string;
  task: BenchTask;
  reps: number;
  samples: number[];
}

const sig = (x: number, digits = 4): number => (Number.isFinite(x) ? Number(x.toPrecision(digits)) : x);

/** Warm-up and calibration per task, then `plan.runs` interleaved rounds (ours, peer, peer, ours, …): the kernel suite's method. */
async function measure(timed: Timed[], plan: TimingPlan, label: string, opts: ModelsSuiteOptions): Promise<void> {
  for (const t of timed) t.reps = await warmUp(t.task, plan, opts.signal);
  for (let r = 0; r < plan.runs; r++) {
    opts.onProgress?.(`${label}: run ${r + 1}/${plan.runs}`);
    for (const t of timed) {
      opts.signal?.throwIfAborted();
      t.samples.push(await timeCalls(t.task, t.reps));
    }
  }
}

const side = (t: Timed) => `${t.includes} [${t.reps} call(s)/sample]`;

/** Rows ours-vs-each-peer of one timed case, with the case's extra fields on every row. */
function rowsOf(name: string, unit: string, higherIsBetter: boolean, figure: (ms: number) => number, us: Timed, peers: Timed[], about: string, plan: TimingPlan, extra: (p: Timed) => Record<string, unknown>): ModelRow[] {
  const ours = figure(median(us.samples));
  const base = `${about}; median of ${plan.runs} interleaved samples after warm-up; ${side(us)}`;
  if (!peers.length) return [{ name, unit, ours: sig(ours), peer: null, peer_name: 'none', ratio: null, detail: `${base}; no peer has this case`, ...extra(us) }];
  return peers.map((p) => {
    const peer = figure(median(p.samples));
    return {
      name, unit, ours: sig(ours), peer: sig(peer), peer_name: p.name,
      ratio: sig(higherIsBetter ? ours / peer : peer / ours, 3),
      detail: `${base}; ${side(p)}`,
      ...extra(p),
    };
  });
}

/** Core's train() on our port for the accuracy bar's epochs: the model and its validation accuracy. */
interface TrainedIris {
  artifact: ModelArtifact;
  accuracy: number;
  loss: number;
  ms: number;
}

async function trainIris(port: KernelPort, s: IrisSetup): Promise<TrainedIris> {
  const t = await trainModel(port, s.config, s.data, { now, wallClock: () => Date.now() }, IRIS_EPOCHS);
  return { artifact: t.artifact, accuracy: t.outcome.validation.accuracy, loss: t.outcome.validation.loss, ms: t.outcome.trainingTimeMs };
}

async function irisTrainRows(opts: ModelsSuiteOptions, port: KernelPort, s: IrisSetup, trained: TrainedIris): Promise<ModelRow[]> {
  const note = (m: string) => opts.onNote?.(m);
  const c = irisMlpCase(s);
  opts.onProgress?.('mlp_train_iris: accuracy each contestant reaches on train()\'s schedule');
  // The replay of train()'s batches must reproduce train() on our own port, or the peers' accuracies would not compare.
  const replayOurs = await replayValidation(s, portTrainer(port, s), IRIS_EPOCHS);
  if (replayOurs.accuracy !== trained.accuracy || Math.abs(replayOurs.loss - trained.loss) > 1e-6 * Math.max(1, trained.loss)) {
    note(`mlp_train_iris: replaying train()'s batches on our port gave ${JSON.stringify(replayOurs)}, train() gave accuracy ${trained.accuracy}, loss ${trained.loss}`);
  }
  const reached = new Map<string, { accuracy: number; loss: number }>();
  reached.set('plain-js', await replayValidation(s, portTrainer(referencePort, s), IRIS_EPOCHS));
  if (opts.tfjs) reached.set('tfjs-wasm', await replayValidation(s, await opts.tfjs.trainer(c), IRIS_EPOCHS));

  opts.onProgress?.('mlp_train_iris: preparing and warming up');
  const mlps = [epochMlp(port, c)];
  try {
    const timed: Timed[] = [{ name: `ours (${port.name})`, includes: `ours: ${port.name} network, one fused trainStep per batch (6 of 16 rows + 1 of 9), batch copied into wasm each step`, task: { run: () => mlps[0].trainEpoch(), dispose: () => {} }, reps: 0, samples: [] }];
    if (opts.tfjs) {
      const m = await opts.tfjs.peer.prepareMlp!(c);
      mlps.push(m);
      timed.push({ name: 'tfjs-wasm', includes: opts.tfjs.peer.includes?.mlp_train ?? 'tfjs-wasm', task: { run: () => m.trainEpoch(), dispose: () => {} }, reps: 0, samples: [] });
    }
    const plain = epochMlp(referencePort, c);
    mlps.push(plain);
    timed.push({ name: 'plain-js', includes: 'plain-js: the plain-TypeScript reference network (kernel/reference/mlp.ts), one trainStep per batch (6 of 16 + 1 of 9)', task: { run: () => plain.trainEpoch(), dispose: () => {} }, reps: 0, samples: [] });
    await measure(timed, opts.plan, 'mlp_train_iris', opts);
    const about = `one epoch of the iris accuracy-bar MLP (${s.spec.layers.map((l) => l.size).join(' → ')}, relu/softmax, Adam lr ${s.spec.optimizer.learningRate}) = ${s.train.n} standardised training rows (stratified 70/30 split, seed ${s.seed}) in train()'s first-epoch order, batches of ${s.batch}, weights initParams(seed ${s.seed}); accuracies: ${IRIS_EPOCHS} epochs on train()'s shuffles, validation on ${s.validation.n} rows`;
    return rowsOf('mlp_train_iris', 'samples/s', true, (ms) => s.train.n / (ms * 1e-3), timed[0], timed.slice(1), about, opts.plan, (p) => ({
      train_rows: s.train.n,
      validation_rows: s.validation.n,
      batch_size: s.batch,
      accuracy_epochs: IRIS_EPOCHS,
      ours_val_accuracy: sig(trained.accuracy),
      ours_val_loss: sig(trained.loss),
      ours_accuracy_how: `core train() on ${port.name} (the accuracy bar figure)`,
      ours_train_ms: sig(trained.ms),
      ours_train_ms_how: `wall time of that train() run (${IRIS_EPOCHS} epochs, each with its train/validation evaluation)`,
      ...(p !== timed[0] && reached.has(p.name)
        ? {
          peer_val_accuracy: sig(reached.get(p.name)!.accuracy),
          peer_val_loss: sig(reached.get(p.name)!.loss),
          peer_accuracy_how: `${p.name} trained batch by batch on train()'s batches (same init, shuffles, ${IRIS_EPOCHS} epochs)`,
        }
        : {}),
    }));
  } finally {
    for (const m of mlps) m.dispose();
  }
}

async function quantRows(opts: ModelsSuiteOptions, port: KernelPort, iris: { artifact: ModelArtifact; data: IrisSetup['data'] }): Promise<ModelRow[]> {
  const note = (m: string) => opts.onNote?.(m);
  const name = `quantized_predict_batch_${QUANT_ROWS}`;
  const { kernel } = opts;
  // The iris model before/after quantization, inferred on the kernel as the compute worker does.
  const onKernel = (a: ModelArtifact, x: Float32Array, n: number) => {
    const m = loadOnKernel(kernel, port, a);
    try {
      return m.infer(x, n);
    } finally {
      m.dispose();
    }
  };
  const irisQ = quantizeModel(iris.artifact, validationRecords(iris.artifact, iris.data), onKernel).result;

  opts.onProgress?.(`${name}: preparing and warming up`);
  const qc = quantCase();
  const classes = QUANT_LAYERS[QUANT_LAYERS.length - 1];
  const x = qc.mlp.x;
  const disposers: (() => void)[] = [];
  try {
    const int8 = loadOnKernel(kernel, port, qc.int8);
    disposers.push(() => int8.dispose());
    const float = loadOnKernel(kernel, port, qc.float);
    disposers.push(() => float.dispose());
    const outs = new Map<string, Float32Array>();
    const keep = (key: string, f: () => Float32Array): BenchTask => ({ run: () => { outs.set(key, f()); }, dispose: () => {} });
    const us: Timed = { name: `ours (${int8.path})`, includes: `ours: loadOnKernel(int8 artifact).infer — copy rows into wasm, per layer kernel quantize-rows + int8 gemm (per-channel scales, bias and relu fused), kernel softmax, copy out (${int8.path})`, task: keep('int8', () => int8.infer(x, QUANT_ROWS)), reps: 0, samples: [] };
    const oursFloat: Timed = { name: `ours float (${float.path})`, includes: `ours float: loadOnKernel(float artifact).infer — the fused network's predict (${float.path})`, task: keep('float', () => float.infer(x, QUANT_ROWS)), reps: 0, samples: [] };
    const peers: Timed[] = [];
    if (opts.tfjs) {
      const m = await opts.tfjs.peer.prepareMlp!(qc.mlp);
      disposers.push(() => m.dispose());
      const t = await m.predictTask(QUANT_ROWS);
      disposers.push(() => t.dispose());
      peers.push({ name: 'tfjs-wasm', includes: `tfjs-wasm, float32 (tfjs has no int8 matmul; its quantized weights are dequantized at load): ${(opts.tfjs.peer.includes?.predict ?? 'model.predict').replace(/^tfjs-wasm: /, '')}`, task: t, reps: 0, samples: [] });
    }
    peers.push({ name: 'plain-js', includes: 'plain-js (int8): core forwardInt8 — per layer quantize rows, integer dot products in JS, rescale, bias, activation', task: keep('plain', () => plainInt8(qc, QUANT_ROWS)), reps: 0, samples: [] });
    await measure([us, oursFloat, ...peers], opts.plan, name, opts);

    const int8Out = outs.get('int8')!;
    const floatOut = outs.get('float')!;
    const vsFloat = outputAgreement(int8Out, floatOut, classes);
    const checks = new Map<Timed, string>();
    const plain = outputAgreement(int8Out, outs.get('plain')!, classes);
    checks.set(peers[peers.length - 1], `plain-js int8 outputs vs ours int8: max |Δ| ${plain.maxAbsDiff.toExponential(2)}`);
    if (plain.maxAbsDiff > 1e-3) note(`${name}: plain-js int8 and ours int8 differ by ${plain.maxAbsDiff.toExponential(2)}`);
    if (opts.tfjs) {
      const tf = outputAgreement(floatOut, await peers[0].task.output!(), classes);
      checks.set(peers[0], `tfjs float outputs vs ours float: max |Δ| ${tf.maxAbsDiff.toExponential(2)}`);
      if (tf.maxAbsDiff > 1e-3) note(`${name}: tfjs-wasm and our float network differ by ${tf.maxAbsDiff.toExponential(2)}`);
    }
    const floatMs = median(oursFloat.samples);
    const int8Ms = median(us.samples);
    const about = `${QUANT_ROWS} rows (seeded uniform in [-1, 1)) through ${QUANT_LAYERS.join(' → ')} relu/relu/softmax, weights initParams(seed), int8 = quantizeParams (per output channel)`;
    return rowsOf(name, 'ms', false, (ms) => ms, us, peers, about, opts.plan, (p) => ({
      peer_precision: p.name === 'tfjs-wasm' ? 'float32' : 'int8',
      ...(checks.has(p) ? { output_check: checks.get(p) } : {}),
      ours_float_ms: sig(floatMs),
      ours_float_how: side(oursFloat),
      int8_speedup_vs_float: sig(floatMs / int8Ms, 3),
      weight_bytes_float: qc.weightBytes.float,
      weight_bytes_int8: qc.weightBytes.int8,
      int8_vs_float_max_abs_diff: sig(vsFloat.maxAbsDiff, 3),
      int8_vs_float_argmax_agreement: sig(vsFloat.argmaxAgreement),
      iris_val_accuracy_float: sig(irisQ.accuracy_before ?? Number.NaN),
      iris_val_accuracy_int8: sig(irisQ.accuracy_after ?? Number.NaN),
      iris_validation_records: irisQ.validation_records,
      iris_weight_bytes_float: irisQ.size_before,
      iris_weight_bytes_int8: irisQ.size_after,
      iris_quantize_how: `core quantizeModel on the ${IRIS_EPOCHS}-epoch iris model, validation records of its split, inference through loadOnKernel`,
    }));
  } finally {
    for (const d of disposers.toReversed()) d();
  }
}

/** Runs the selected model cases; [] when the filter matches none. */
export async function runModelsSuite(opts: ModelsSuiteOptions): Promise<ModelRow[]> {
  const selected = MODEL_CASES.filter((n) => !opts.filter || n.includes(opts.filter));
  if (!selected.length) return [];
  const port = opts.port ?? createWasmPort(opts.kernel);
  const s = irisSetup();
  // Both cases report the accuracy-bar model (train accuracy; before/after quantization): train it once.
  opts.onProgress?.(`iris: core train() on ${port.name}, ${IRIS_EPOCHS} epochs`);
  const trained = await trainIris(port, s);
  const rows: ModelRow[] = [];
  if (selected.includes('mlp_train_iris')) rows.push(...await irisTrainRows(opts, port, s, trained));
  opts.signal?.throwIfAborted();
  if (selected.includes(MODEL_CASES[1])) rows.push(...await quantRows(opts, port, { artifact: trained.artifact, data: s.data }));
  return rows;
}
