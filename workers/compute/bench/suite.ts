// The benchmark suite: each case measured for ours and every peer in one run, interleaved, median of several samples.
import { initParams } from '../../../core/nn/init';
import type { NetworkSpec } from '../../../core/nn/spec';
import { oneHot } from '../../../core/datasets/synthetic';
import { createRng, uniformArray } from '../../../core/random';
import type { Kernel } from '../../../kernel/js/kernel';
import { createWasmPort } from '../../../kernel/js/network';
import type { KernelPort } from '../../../core/nn/port';
import { oursContestant } from './ours';
import type { BenchMlp, BenchPeer, BenchTask, MlpCase, PeerIncludes } from './peer';
import { median, timeCalls, warmUp, type TimingPlan } from './timing';
import type { BenchRow, SuiteOptions } from './types';

export type { BenchRow, SuiteOptions };

export const QUICK_PLAN: TimingPlan = { warmupMs: 150, warmupCalls: 3, sampleMs: 25, runs: 5 };
export const FULL_PLAN: TimingPlan = { warmupMs: 400, warmupCalls: 3, sampleMs: 100, runs: 7 };

export const SGEMM_SIZES_QUICK = [64, 128, 256];
export const SGEMM_SIZES_FULL = [64, 128, 256, 512, 1024];

// Seeds for the generated inputs; any fixed values make every contestant and every run see the same data.
const SEED_A = 11;
const SEED_B = 12;
const SEED_X = 21;
const SEED_LABELS = 22;
const SEED_WEIGHTS = 31;

const MLP_LAYERS = [64, 128, 128, 10];
const MLP_BATCH = 64;
const MLP_SAMPLES = 4096;
const PREDICT_ROWS = 1024;
const MLP_NAME = `mlp_train_${MLP_LAYERS.join('-')}`;

export const MLP_SPEC: NetworkSpec = {
  layers: [
    { size: MLP_LAYERS[0], activation: 'linear' },
    { size: MLP_LAYERS[1], activation: 'relu' },
    { size: MLP_LAYERS[2], activation: 'relu' },
    { size: MLP_LAYERS[3], activation: 'softmax' },
  ],
  loss: 'softmax_cross_entropy',
  optimizer: { type: 'adam', learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
};

interface Case {
  name: string;
  unit: string;
  higherIsBetter: boolean;
  family: keyof PeerIncludes;
  /** Sizes and workload, for the detail. */
  about: string;
  /** Milliseconds per call → the row's unit. */
  figure(msPerCall: number): number;
  /** null when the contestant lacks this case. */
  prepare(c: BenchPeer): Promise<BenchTask | null>;
  /** Whether outputs are comparable across contestants (same inputs and weights). */
  checkOutputs: boolean;
  /** Set when our side cannot run this case; the case is skipped with this message. */
  unavailable?: string;
}

function sgemmCase(n: number): Case {
  const a = uniformArray(n * n, SEED_A + n);
  const b = uniformArray(n * n, SEED_B + n);
  return {
    name: `sgemm_${n}`,
    unit: 'GFLOP/s',
    higherIsBetter: true,
    family: 'sgemm',
    about: `C = A·B, ${n}×${n} f32, 2n³ flops per call`,
    figure: (ms) => (2 * n ** 3) / (ms * 1e-3) / 1e9,
    prepare: async (c) => (c.prepareSgemm ? c.prepareSgemm(n, a, b) : null),
    checkOutputs: true,
  };
}

function mlpData(): MlpCase {
  const [inputs, , , classes] = MLP_LAYERS;
  const rng = createRng(SEED_LABELS);
  const labels = new Int32Array(MLP_SAMPLES);
  for (let i = 0; i < MLP_SAMPLES; i++) labels[i] = rng.int(classes);
  return {
    spec: MLP_SPEC,
    seed: SEED_WEIGHTS,
    params: initParams(MLP_SPEC, SEED_WEIGHTS),
    x: uniformArray(MLP_SAMPLES * inputs, SEED_X),
    y: oneHot(labels, classes),
    samples: MLP_SAMPLES,
    batch: MLP_BATCH,
  };
}

function buildCases(opts: SuiteOptions, portError: string | undefined, mlpOf: (c: BenchPeer) => Promise<BenchMlp | null>): Case[] {
  const sizes = opts.quick ? SGEMM_SIZES_QUICK : SGEMM_SIZES_FULL;
  const cases = sizes.map(sgemmCase);
  const noPort = portError && `skipped: our network could not be built (${portError}); no figure is reported for it`;
  const net = `${MLP_LAYERS.join('-')} relu/relu/softmax, weights initParams(seed ${SEED_WEIGHTS})`;
  // Predict runs before training so every contestant still holds the same starting weights and outputs compare.
  const predict = (name: string, rows: number): Case => ({
    name,
    unit: 'ms',
    higherIsBetter: false,
    family: 'predict',
    about: `forward pass of ${rows} row${rows > 1 ? 's' : ''} through ${net}`,
    figure: (ms) => ms,
    prepare: async (c) => {
      const mlp = await mlpOf(c);
      return mlp ? mlp.predictTask(rows) : null;
    },
    checkOutputs: true,
    unavailable: noPort,
  });
  cases.push(predict(`predict_batch_${PREDICT_ROWS}`, PREDICT_ROWS), predict('predict_single', 1));
  cases.push({
    name: MLP_NAME,
    unit: 'samples/s',
    higherIsBetter: true,
    family: 'mlp_train',
    about: `one epoch = ${MLP_SAMPLES} samples in batches of ${MLP_BATCH}, Adam lr 1e-3, softmax cross-entropy, ${net}`,
    figure: (ms) => MLP_SAMPLES / (ms * 1e-3),
    prepare: async (c) => {
      const mlp = await mlpOf(c);
      return mlp ? { run: () => mlp.trainEpoch(), dispose: () => {} } : null;
    },
    checkOutputs: false,
    unavailable: noPort,
  });
  return cases.filter((c) => !opts.filter || c.name.includes(opts.filter));
}

const sig = (x: number, digits = 4): number => (Number.isFinite(x) ? Number(x.toPrecision(digits)) : x);

function compare(ours: Float32Array, theirs: Float32Array): { maxAbsDiff: number; rel: number } {
  if (ours.length !== theirs.length) return { maxAbsDiff: Infinity, rel: Infinity };
  let d = 0;
  let m = 0;
  for (let i = 0; i < ours.length; i++) {
    d = Math.max(d, Math.abs(ours[i] - theirs[i]));
    m = Math.max(m, Math.abs(ours[i]));
  }
  return { maxAbsDiff: d, rel: d / Math.max(m, 1e-30) };
}

// A relative difference this large means a contestant computed something else (float32 rounding stays far below).
const MISMATCH_REL = 1e-3;

/** Runs every case for ours and each peer; one row per (case, peer), or one row with peer null when no peer has the case. */
export async function runSuite(kernel: Kernel, opts: SuiteOptions): Promise<BenchRow[]> {
  const plan = opts.quick ? QUICK_PLAN : FULL_PLAN;
  const note = (m: string) => opts.onNote?.(m);
  let port: KernelPort | undefined = opts.port;
  let portError: string | undefined;
  try {
    port ??= createWasmPort(kernel);
  } catch (err) {
    portError = err instanceof Error ? err.message : String(err);
  }
  const ours = oursContestant(kernel, port);
  const contestants = [ours, ...opts.peers];

  let data: MlpCase | undefined;
  const mlps = new Map<BenchPeer, Promise<BenchMlp | null>>();
  const mlpOf = (c: BenchPeer): Promise<BenchMlp | null> => {
    let p = mlps.get(c);
    if (!p) {
      data ??= mlpData();
      const d = data;
      p = c.prepareMlp ? Promise.resolve(c.prepareMlp(d)) : Promise.resolve(null);
      mlps.set(c, p);
    }
    return p;
  };

  const all = buildCases(opts, portError, mlpOf);
  for (const c of all) if (c.unavailable) note(`${c.name}: ${c.unavailable}`);
  const cases = all.filter((c) => !c.unavailable);
  const stepsPerCase = 1 + plan.runs;
  const total = cases.length * stepsPerCase;
  let done = 0;
  const progress = (label: string) => opts.onProgress?.({ done, total, label });

  const rows: BenchRow[] = [];
  try {
    for (const c of cases) {
      opts.signal?.throwIfAborted();
      progress(`${c.name}: preparing and warming up`);
      const tasks: { who: BenchPeer; task: BenchTask; reps: number; samples: number[] }[] = [];
      try {
        for (const who of contestants) {
          const task = await c.prepare(who);
          if (!task) continue;
          tasks.push({ who, task, reps: 0, samples: [] });
        }
        if (!tasks.length || tasks[0].who !== ours) throw new Error(`${c.name}: our side did not prepare`);
        for (const t of tasks) t.reps = await warmUp(t.task, plan, opts.signal);
        done++;
        // Interleave contestants within each round so machine noise hits all of them alike.
        for (let r = 0; r < plan.runs; r++) {
          progress(`${c.name}: run ${r + 1}/${plan.runs}`);
          for (const t of tasks) {
            opts.signal?.throwIfAborted();
            t.samples.push(await timeCalls(t.task, t.reps));
          }
          done++;
        }
        rows.push(...await caseRows(c, tasks, plan, note));
        progress(`${c.name}: done`);
      } finally {
        for (const t of tasks) t.task.dispose();
      }
    }
  } finally {
    for (const p of mlps.values()) {
      const m = await p.catch(() => null);
      m?.dispose();
    }
  }
  return rows;
}

async function caseRows(
  c: Case,
  tasks: { who: BenchPeer; task: BenchTask; reps: number; samples: number[] }[],
  plan: TimingPlan,
  note: (m: string) => void,
): Promise<BenchRow[]> {
  const [us, ...peers] = tasks;
  const oursValue = c.figure(median(us.samples));
  const oursOut = c.checkOutputs && us.task.output ? await us.task.output() : undefined;
  const base = `${c.about}; median of ${plan.runs} interleaved samples after warm-up`;
  const sideOf = (t: (typeof tasks)[number]) => `${t.who.includes?.[c.family] ?? t.who.name} [${t.reps} call(s)/sample]`;
  if (!peers.length) {
    return [{ name: c.name, unit: c.unit, ours: sig(oursValue), peer: null, peer_name: 'none', ratio: null, detail: `${base}; ${sideOf(us)}; no peer has this case` }];
  }
  const rows: BenchRow[] = [];
  for (const p of peers) {
    const peerValue = c.figure(median(p.samples));
    const ratio = c.higherIsBetter ? oursValue / peerValue : peerValue / oursValue;
    let check = '';
    if (oursOut && p.task.output) {
      const { maxAbsDiff, rel } = compare(oursOut, await p.task.output());
      check = `; outputs agree with ours to max |Δ| ${maxAbsDiff.toExponential(2)} (relative ${rel.toExponential(2)})`;
      if (!(rel <= MISMATCH_REL)) {
        check = `; OUTPUTS DIFFER from ours: max |Δ| ${maxAbsDiff.toExponential(2)} (relative ${rel.toExponential(2)})`;
        note(`${c.name}: ${p.who.name} and ours computed different results (relative difference ${rel.toExponential(2)})`);
      }
    }
    rows.push({
      name: c.name,
      unit: c.unit,
      ours: sig(oursValue),
      peer: sig(peerValue),
      peer_name: p.who.name,
      ratio: sig(ratio, 3),
      detail: `${base}; ${sideOf(us)}; ${sideOf(p)}${check}`,
    });
  }
  return rows;
}
