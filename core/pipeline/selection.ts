// Choosing a strategy from the profiles with the reference's weighted score, its presets (balanced, production, prototyping) or custom weights.
import { PipelineInputError } from './errors';
import { SPEED_HORIZON_MS } from './scoring';
import type { StrategyProfile } from './profiles';
import type { Strategy } from './strategies/types';

export interface Weights {
  reliability: number;
  speed: number;
  score: number;
}

export const PRESETS = {
  balanced: { reliability: 0.4, speed: 0.3, score: 0.3 },
  production: { reliability: 0.7, speed: 0.1, score: 0.2 },
  prototyping: { reliability: 0.2, speed: 0.6, score: 0.2 },
} as const satisfies Record<string, Weights>;
export type PresetName = keyof typeof PRESETS;
export const DEFAULT_PRESET: PresetName = 'balanced';

export function isPreset(v: unknown): v is PresetName {
  return typeof v === 'string' && Object.hasOwn(PRESETS, v);
}

/** Custom weights: each finite and at least 0, not all 0. Errors name the field. */
export function parseWeights(input: unknown, field = 'weights'): Weights {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new PipelineInputError(field, 'must be an object {reliability, speed, score}');
  const r = input as Record<string, unknown>;
  const unknownKey = Object.keys(r).find((k) => k !== 'reliability' && k !== 'speed' && k !== 'score');
  if (unknownKey !== undefined) throw new PipelineInputError(`${field}.${unknownKey}`, 'is not a weight (reliability, speed, score)');
  const out = { reliability: 0, speed: 0, score: 0 };
  for (const k of ['reliability', 'speed', 'score'] as const) {
    const v = r[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new PipelineInputError(`${field}.${k}`, `must be a finite number (got ${v === undefined ? 'nothing' : String(v)})`);
    if (v < 0) throw new PipelineInputError(`${field}.${k}`, `must be at least 0 (got ${v})`);
    out[k] = v;
  }
  if (out.reliability + out.speed + out.score === 0) throw new PipelineInputError(field, 'are all 0: at least one weight must be above 0');
  return out;
}

/** A preset by name, or custom weights; errors name the field. */
export function resolveWeights(preset?: unknown, custom?: unknown): { preset: PresetName | 'custom'; weights: Weights } {
  if (custom !== undefined) return { preset: 'custom', weights: parseWeights(custom) };
  const name = preset ?? DEFAULT_PRESET;
  if (!isPreset(name)) throw new PipelineInputError('preset', `must be one of ${Object.keys(PRESETS).join(', ')} (got ${JSON.stringify(name)})`);
  return { preset: name, weights: { ...PRESETS[name] } };
}

/** The reference's weighted score: successRate·w_reliability + (1 − avgExecutionTime/5000)·w_speed + (avgScore/100)·w_score. */
export function weightedScore(profile: StrategyProfile, weights: Weights): number {
  return profile.successRate * weights.reliability
    + (1 - profile.avgExecutionTime / SPEED_HORIZON_MS) * weights.speed
    + (profile.avgScore / 100) * weights.score;
}

export interface Selection {
  strategy: Strategy;
  score: number;
  /** Every strategy's weighted score, best first (ties keep the profiles' order). */
  ranking: { strategy: Strategy; score: number; uses: number }[];
}

export function selectStrategy(profiles: readonly StrategyProfile[], weights: Weights): Selection {
  if (profiles.length === 0) throw new PipelineInputError('profiles', 'is empty: there is no strategy to choose from');
  const ranking = profiles.map((p) => ({ strategy: p.strategy, score: weightedScore(p, weights), uses: p.uses }))
    .toSorted((a, b) => b.score - a.score);
  return { strategy: ranking[0].strategy, score: ranking[0].score, ranking };
}
