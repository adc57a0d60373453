// What recorded outcomes of similar operations say: success probability and duration (similarity-weighted), and recommendations that cite their counts.
import { typeWords, type Attribute } from './operation';

/*
 * The outcome models are nearest-neighbour estimates over the vector tier: the operations learn recorded, found by
 * the cosine of their embedded text with the planned one. They update with every learn (a stored operation is a
 * neighbour from the next call on; the vector tier embeds it lazily) and need no retraining.
 *   success  P = (Σ wᵢ·sᵢ + 1) / (Σ wᵢ + 2): the posterior mean of a Beta(1, 1) prior updated with each neighbour's
 *            outcome sᵢ ∈ {0, 1} counted wᵢ = cosine times. With no evidence it would be 0.5, so below MIN_EVIDENCE
 *            neighbours no probability is given at all.
 *   duration the similarity-weighted mean of ln(duration), exp'd (a geometric mean: durations are skewed), and the
 *            range exp(mean ± one weighted standard deviation).
 * A neighbour counts only at cosine ≥ MIN_SIMILARITY (chosen on the shipped data: see README.md).
 */

/** Neighbours with a recorded outcome needed before any estimate or recommendation is given. */
export const MIN_EVIDENCE = 3;
/** Cosine (word-vector embedder) at or above which a recorded operation counts as similar. */
export const MIN_SIMILARITY = 0.5;
/** Recorded operations looked at per call. */
export const NEIGHBOURS = 10;

export interface Neighbour {
  score: number;
  success: boolean | null;
  durationMs: number | null;
  type: string | null;
  /** What recommendations may group by: operation and metadata fields, agent=<name>, complexity. */
  attributes: Record<string, Attribute>;
}

export interface SuccessEstimate {
  probability: number;
  /** Neighbours with a recorded success or failure. */
  evidence: number;
  succeeded: number;
  failed: number;
}

export interface DurationEstimate {
  expected_ms: number;
  low_ms: number;
  high_ms: number;
  evidence: number;
}

const similar = (ns: readonly Neighbour[]) => ns.filter((n) => n.score >= MIN_SIMILARITY);

export function estimateSuccess(neighbours: readonly Neighbour[]): SuccessEstimate | null {
  const known = similar(neighbours).filter((n) => n.success !== null);
  if (known.length < MIN_EVIDENCE) return null;
  let w = 0;
  let ws = 0;
  for (const n of known) {
    w += n.score;
    if (n.success) ws += n.score;
  }
  const succeeded = known.filter((n) => n.success).length;
  return { probability: (ws + 1) / (w + 2), evidence: known.length, succeeded, failed: known.length - succeeded };
}

export function estimateDuration(neighbours: readonly Neighbour[]): DurationEstimate | null {
  const known = similar(neighbours).filter((n) => n.durationMs !== null && n.durationMs > 0);
  if (known.length < MIN_EVIDENCE) return null;
  let w = 0;
  let m = 0;
  for (const n of known) {
    w += n.score;
    m += n.score * Math.log(n.durationMs!);
  }
  m /= w;
  let v = 0;
  for (const n of known) v += n.score * (Math.log(n.durationMs!) - m) ** 2;
  const sd = Math.sqrt(v / w);
  return { expected_ms: Math.exp(m), low_ms: Math.exp(m - sd), high_ms: Math.exp(m + sd), evidence: known.length };
}

/** "api deployment operations" when most similar ones share a type, else "operations". */
function noun(ns: readonly Neighbour[]): string {
  const counts = new Map<string, number>();
  for (const n of ns) if (n.type) counts.set(n.type, (counts.get(n.type) ?? 0) + 1);
  const top = [...counts].toSorted((a, b) => b[1] - a[1])[0];
  return top && top[1] * 2 > ns.length ? `${typeWords(top[0]) || top[0]} operations` : 'operations';
}

const show = (k: string, v: Attribute) => (k.startsWith('agent=') ? `agent ${k.slice(6)}` : `${k} = ${JSON.stringify(v)}`);
const attrKey = (k: string, v: Attribute) => `${k}\u0000${JSON.stringify(v)}`;

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(ms < 600_000 ? 1 : 0)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/**
 * Recommendations from similar recorded outcomes, each citing its counts: the overall record, then up to two
 * attributes whose presence split the record most (at least 2 operations with it and 1 without), then the typical
 * duration. With fewer than MIN_EVIDENCE similar outcomes, one sentence saying so.
 */
export function recommend(neighbours: readonly Neighbour[], own: Record<string, Attribute> = {}): string[] {
  const sim = similar(neighbours);
  const known = sim.filter((n) => n.success !== null);
  if (known.length < MIN_EVIDENCE) {
    const n = known.length;
    return [`Not enough evidence yet: ${n === 0 ? 'no recorded outcome' : `${n} recorded outcome${n === 1 ? '' : 's'}`} of a similar operation (at least ${MIN_EVIDENCE} needed); learn outcomes of operations like this one first.`];
  }
  const out: string[] = [];
  const ok = known.filter((n) => n.success).length;
  out.push(`${ok} of ${known.length} similar ${noun(known)} succeeded.`);
  const seen = new Map<string, [string, Attribute]>();
  for (const n of known) for (const [k, v] of Object.entries(n.attributes)) seen.set(attrKey(k, v), [k, v]);
  const splits: { key: string; own: boolean; text: string; strength: number }[] = [];
  for (const [key, [k, v]] of seen) {
    const has = known.filter((n) => Object.hasOwn(n.attributes, k) && attrKey(k, n.attributes[k]) === key);
    const not = known.filter((n) => !has.includes(n));
    if (has.length < 2 || not.length < 1) continue;
    const rHas = has.filter((n) => n.success).length;
    const rNot = not.filter((n) => n.success).length;
    const diff = rHas / has.length - rNot / not.length;
    if (Math.abs(diff) < 0.25) continue;
    const ownHas = Object.hasOwn(own, k) && attrKey(k, own[k]) === key;
    const counts = `${rHas} of ${has.length} similar ${noun(has)} with ${show(k, v)} succeeded, against ${rNot} of ${not.length} without`;
    const text = diff > 0
      ? `${ownHas ? 'Keep' : 'Consider'} ${show(k, v)}: ${counts}.`
      : `${ownHas ? 'Reconsider' : 'Avoid'} ${show(k, v)}: ${counts}.`;
    splits.push({ key: k, own: ownHas, text, strength: Math.abs(diff) * Math.sqrt(Math.min(has.length, not.length)) });
  }
  // One sentence per field: parallel_tests = true and = false split the same operations, so say it once (for the
  // value this operation has, when it has one).
  splits.sort((a, b) => b.strength - a.strength || Number(b.own) - Number(a.own) || (a.text < b.text ? -1 : 1));
  const byField = new Map<string, (typeof splits)[number]>();
  for (const s of splits) {
    const had = byField.get(s.key);
    if (!had || (s.own && !had.own)) byField.set(s.key, s);
  }
  const chosen = [...byField.values()].toSorted((a, b) => b.strength - a.strength || (a.text < b.text ? -1 : 1));
  for (const s of chosen.slice(0, 2)) out.push(s.text);
  const d = estimateDuration(neighbours);
  if (d) out.push(`Similar ${noun(sim.filter((n) => n.durationMs !== null))} took about ${formatDuration(d.expected_ms)} (${formatDuration(d.low_ms)}–${formatDuration(d.high_ms)}, ${d.evidence} recorded).`);
  return out;
}
