// Per-field attributions computed on a model: permutation importance over its stored training examples (how much the score drops when one field's values are shuffled between records) and, for one record, what leaving each field out does to the prediction.
import type { ModelArtifact } from '../format/clf';
import { flatten, isMissing } from '../models/featurizer';
import { readOutput, type ScoreMetric } from '../models/lab';
import { scorableRecords, scoreOutputs } from '../models/model-ops';
import { createRng } from '../random';

/** Outputs [records × outputs] for raw records: the host's inference (the kernel, a compute worker, or plain TS). */
export type InferRecords = (records: Record<string, unknown>[]) => Promise<Float32Array>;

export interface FieldImportance {
  field: string;
  /** Baseline score minus the mean score with this field shuffled: accuracy points (R² for regression); about 0 for a field the model ignores. */
  importance: number;
  /** Standard deviation of that drop over the repeats. */
  std: number;
  /** This field's part of the positive importances (they sum to 1); null when no field's shuffling lowered the score. */
  share: number | null;
}

export interface PermutationImportance {
  method: string;
  metric: ScoreMetric;
  /** The model's score on the records before shuffling. */
  baseline: number;
  records: number;
  repeats: number;
  seed: number;
  fields: FieldImportance[];
}

/** Rows sent to inference at most per explanation (baseline plus every field's shuffles), so a wide model's explanation stays bounded. */
export const MAX_EXPLAIN_ROWS = 60_000;

type Rec = Record<string, unknown>;

/** A flat copy of a record with `field` set to `value` (left out when missing); prototype-free, so any field name is data. */
function withField(r: Rec, field: string, value: unknown): Rec {
  const copy = Object.assign(Object.create(null) as Rec, r);
  if (isMissing(value)) delete copy[field];
  else copy[field] = value;
  return copy;
}

/**
 * Shuffles each field the model reads across the records `repeats` times (seeded) and scores every shuffled copy
 * in one inference call. Records are the model's stored training examples: what the network learned its mapping
 * from, so the figures say what the model relies on, not how well it generalises.
 */
export async function permutationImportance(a: ModelArtifact, examples: readonly unknown[], infer: InferRecords, options: { repeats?: number; seed?: number } = {}): Promise<PermutationImportance> {
  const repeats = options.repeats ?? 5;
  const seed = options.seed ?? 42;
  const fields = [...new Set(a.schema.features.map((c) => c.field))];
  const rng = createRng(seed);
  // Bounded by MAX_EXPLAIN_ROWS: a seeded sample of the examples when there are too many.
  const most = Math.max(20, Math.floor(MAX_EXPLAIN_ROWS / (1 + fields.length * repeats)));
  let pool = [...examples];
  if (pool.length > most) {
    const idx = Array.from({ length: pool.length }, (_, i) => i);
    rng.shuffle(idx);
    pool = idx.slice(0, most).toSorted((x, y) => x - y).map((i) => examples[i]);
  }
  const { enc, kept } = scorableRecords(a, pool);
  const flat = kept.map((r) => flatten(r));
  const n = flat.length;
  const batch: Rec[] = [...flat];
  for (const field of fields) {
    for (let r = 0; r < repeats; r++) {
      const order = Array.from({ length: n }, (_, i) => i);
      rng.shuffle(order);
      for (let i = 0; i < n; i++) batch.push(withField(flat[i], field, flat[order[i]][field]));
    }
  }
  const out = await infer(batch);
  const k = out.length / batch.length;
  const score = (block: number) => scoreOutputs(a, enc, out.subarray(block * n * k, (block + 1) * n * k));
  const base = score(0);
  const drops = fields.map((field, f) => {
    const scores = Array.from({ length: repeats }, (_, r) => base.accuracy - score(1 + f * repeats + r).accuracy);
    const mean = scores.reduce((s, x) => s + x, 0) / repeats;
    const std = Math.sqrt(scores.reduce((s, x) => s + (x - mean) ** 2, 0) / repeats);
    return { field, importance: mean, std };
  });
  const positive = drops.reduce((s, d) => s + Math.max(0, d.importance), 0);
  return {
    method: `permutation importance: the drop in ${base.metric === 'r2' ? 'R²' : 'accuracy'} when one field's values are shuffled across the model's ${n} stored training examples, mean of ${repeats} shuffles (seed ${seed})`,
    metric: base.metric,
    baseline: base.accuracy,
    records: n,
    repeats,
    seed,
    fields: drops.map((d) => ({ ...d, share: positive > 0 ? Math.max(0, d.importance) / positive : null })).toSorted((x, y) => y.importance - x.importance),
  };
}

export interface FieldEffect {
  field: string;
  /** The record's value for it. */
  value: unknown;
  /**
   * Classification: how much the predicted class's probability falls when the field is left out (encoded as
   * missing, as an absent value is); regression: how much the predicted value falls. Negative: leaving it out raises it.
   */
  effect: number;
}

/** For one record: the prediction, and each present field's effect on it (leave-one-field-out), largest first. */
export async function occlusionEffects(a: ModelArtifact, record: Rec, infer: InferRecords): Promise<{ prediction: string | number; score: number; effects: FieldEffect[] }> {
  const flat = flatten(record);
  const fields = [...new Set(a.schema.features.map((c) => c.field))].filter((f) => !isMissing(flat[f]));
  const rows = [flat, ...fields.map((f) => withField(flat, f, undefined))];
  const out = await infer(rows);
  const k = out.length / rows.length;
  const read = (i: number) => readOutput(a.schema, out.subarray(i * k, (i + 1) * k), i);
  const first = read(0);
  const valueOf = (i: number): number => {
    const r = read(i);
    return r.probabilities ? r.probabilities[first.prediction as string] : (r.prediction as number);
  };
  const score = valueOf(0);
  const effects = fields.map((field, i) => ({ field, value: flat[field], effect: score - valueOf(i + 1) }));
  return { prediction: first.prediction, score, effects: effects.toSorted((x, y) => Math.abs(y.effect) - Math.abs(x.effect)) };
}
