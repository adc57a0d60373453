// The patterns suite (node): analyze latency and learn throughput on the CLI's state database and on the engine's host, classifier training on the kernel against the plain-TS network, held-out accuracy against the baselines.
import type { PatternsApi } from '../../core/patterns/api';
import { shippedDataset, splitDataset, type LabelledExample } from '../../core/patterns/dataset';
import { hash32 } from '../../core/memory/hashing-embedder';
import { median } from '../../workers/compute/bench/timing';
import type { BenchRow } from '../../workers/compute/bench/types';

export interface PatternsSetup {
  /** Where it runs, for the row's detail. */
  label: string;
  open(): Promise<{ patterns: PatternsApi; close(): void }>;
}

export interface PatternsPlan {
  /** Operations learned before analyze is timed (and whose learning is the throughput sample). */
  recorded: number;
  /** Timed passes over the held-out operations (after one warm-up pass). */
  passes: number;
  /** Trainings timed per port. */
  trainings: number;
}

export const FULL_PLAN: PatternsPlan = { recorded: 1000, passes: 3, trainings: 3 };
export const QUICK_PLAN: PatternsPlan = { recorded: 200, passes: 1, trainings: 1 };

export interface PatternsSuiteOptions {
  plan: PatternsPlan;
  /** The CLI's state folder and the engine's host (both with the word vectors and the wasm kernel). */
  setups: { cli: PatternsSetup; engine: PatternsSetup };
  /** Fresh patterns (an empty database) training on the wasm kernel, and on the plain-TS reference network. */
  freshOurs: () => Promise<PatternsApi>;
  freshReference: () => Promise<PatternsApi>;
  filter?: string;
  onProgress?: (label: string) => void;
  now: () => number;
}

export type PatternsRow = BenchRow & Record<string, unknown>;

/**
 * The load learn and analyze run on: the shipped operations, repeated with a run number until there are `n`, each
 * with an outcome drawn from its id's hash (3 in 4 succeed, 0.5–5.5 s). The outcomes are made up for the load only:
 * no figure of the suite is computed from them.
 */
export function workload(examples: readonly LabelledExample[], n: number): { operation: Record<string, unknown>; outcome: Record<string, unknown> }[] {
  return Array.from({ length: n }, (_, i) => {
    const e = examples[i % examples.length];
    const round = Math.floor(i / examples.length);
    const h = hash32(`${e.id}#${round}`);
    const operation = round === 0 ? e.operation.raw : { ...e.operation.raw, description: `${e.operation.description} (run ${round + 1})` };
    return { operation, outcome: { success: h % 4 !== 0, duration: 500 + (h % 5000) } };
  });
}

async function latencyAndThroughput(setup: PatternsSetup, plan: PatternsPlan, heldOut: LabelledExample[], now: () => number, onProgress?: (l: string) => void) {
  const { patterns, close } = await setup.open();
  try {
    // The first call trains the classifier (or loads it): not part of either figure.
    const t0 = now();
    patterns.patterns_classifier();
    const firstUseMs = now() - t0;
    const load = workload(shippedDataset().examples, plan.recorded);
    onProgress?.(`${setup.label}: learn ${load.length} operations`);
    const l0 = now();
    for (const w of load) patterns.neural_patterns({ action: 'learn', operation: w.operation, outcome: w.outcome });
    const learnMs = now() - l0;
    onProgress?.(`${setup.label}: analyze ${heldOut.length} operations × ${plan.passes + 1} passes`);
    for (const e of heldOut) patterns.neural_patterns({ action: 'analyze', operation: e.operation.raw });
    const samples: number[] = [];
    for (let p = 0; p < plan.passes; p++) {
      for (const e of heldOut) {
        const a = now();
        patterns.neural_patterns({ action: 'analyze', operation: e.operation.raw });
        samples.push(now() - a);
      }
    }
    return { learnPerS: load.length / (learnMs / 1000), learnMs, analyzeMs: median(samples), analyzeP90: samples.toSorted((a, b) => a - b)[Math.floor(samples.length * 0.9)], calls: samples.length, firstUseMs };
  } finally {
    close();
  }
}

const fig = (x: number, d = 3) => Number(x.toPrecision(d));

export async function runPatternsSuite(o: PatternsSuiteOptions): Promise<PatternsRow[]> {
  const rows: PatternsRow[] = [];
  const want = (name: string) => !o.filter || name.includes(o.filter);
  const { heldOut } = splitDataset(shippedDataset().examples);
  for (const [key, setup] of Object.entries(o.setups)) {
    const analyzeName = key === 'cli' ? 'patterns_analyze' : 'patterns_analyze_engine_host';
    const learnName = key === 'cli' ? 'patterns_learn' : 'patterns_learn_engine_host';
    if (!want(analyzeName) && !want(learnName)) continue;
    const m = await latencyAndThroughput(setup, o.plan, heldOut, o.now, o.onProgress);
    if (want(analyzeName)) {
      rows.push({
        name: analyzeName, unit: 'ms', ours: fig(m.analyzeMs), peer: null, peer_name: 'none', ratio: null, p90_ms: fig(m.analyzeP90), calls: m.calls, recorded: o.plan.recorded,
        detail: `${setup.label}: one neural_patterns analyze (parse, classify, vector search among ${o.plan.recorded} recorded operations, outcomes of the neighbours, recommendations), warm (classifier trained, one untimed pass); median of ${m.calls} calls over the ${heldOut.length} held-out operations`,
      });
    }
    if (want(learnName)) {
      rows.push({
        name: learnName, unit: 'calls/s', ours: fig(m.learnPerS), peer: null, peer_name: 'none', ratio: null, calls: o.plan.recorded, total_ms: fig(m.learnMs, 4), first_use_ms: fig(m.firstUseMs),
        detail: `${setup.label}: ${o.plan.recorded} neural_patterns learn calls into an empty store, each its own transaction (classify, vector search, pattern_memory + memory entry + episode); the outcomes are a synthetic load (3 in 4 succeed)`,
      });
    }
  }
  if (want('patterns_classifier_training') || want('patterns_accuracy')) {
    const times: number[] = [];
    let figures: ReturnType<PatternsApi['patterns_classifier']> | undefined;
    for (let i = 0; i < o.plan.trainings; i++) {
      o.onProgress?.(`training ${i + 1}/${o.plan.trainings} on the kernel`);
      figures = (await o.freshOurs()).patterns_classifier();
      times.push(figures.training_ms);
    }
    const f = figures!;
    if (want('patterns_classifier_training')) {
      o.onProgress?.('training on the plain-TS reference network');
      const ref = (await o.freshReference()).patterns_classifier();
      const sameAccuracy = ref.held_out.accuracy === f.held_out.accuracy;
      rows.push({
        name: 'patterns_classifier_training', unit: 'ms', ours: fig(median(times), 4), peer: fig(ref.training_ms, 4), peer_name: 'plain-TS reference network',
        ratio: fig(ref.training_ms / median(times)), examples: f.trained_on.examples, epochs: f.settings.epochs, width: f.features.width, parameters: f.parameters,
        ours_kernel: f.kernel, ours_held_out_accuracy: f.held_out.accuracy, peer_held_out_accuracy: ref.held_out.accuracy,
        detail: `softmax network ${f.features.width}→6 (${f.parameters} parameters), ${f.trained_on.examples} examples × ${f.settings.epochs} epochs, batch ${f.settings.batchSize}, Adam; ours: the kernel's fused step (${f.kernel}), median of ${times.length}; peer: the same loop on kernel/reference/mlp.ts, once; both include featurizing the rows; held-out accuracy ${sameAccuracy ? 'identical' : `${f.held_out.accuracy} vs ${ref.held_out.accuracy}`}`,
      });
    }
    if (want('patterns_accuracy')) {
      const h = f.held_out;
      const base = { unit: 'accuracy', ours: fig(h.accuracy, 4), n: h.n, confusion: h.confusion, patterns: h.perPattern.map((p) => p.pattern) };
      rows.push({ name: 'patterns_accuracy_vs_keywords', ...base, peer: fig(f.baselines.keywords.accuracy, 4), peer_name: 'keyword rules', ratio: fig(h.accuracy / f.baselines.keywords.accuracy), peer_confusion: f.baselines.keywords.confusion, detail: `held-out split (${h.n} operations, 25% of each pattern, never trained on); ours: the served classifier; peer: the keyword rules of core/patterns/baselines.ts on the same operations` });
      rows.push({ name: 'patterns_accuracy_vs_majority', ...base, peer: fig(f.baselines.majority.accuracy, 4), peer_name: `majority class (${f.baselines.majority.pattern})`, ratio: fig(h.accuracy / f.baselines.majority.accuracy), detail: `held-out split (${h.n} operations); peer: always the most frequent pattern of the training rows` });
    }
  }
  return rows;
}
