// Strategy selection: the reference's weighted score, its presets, and custom weights checked field by field.
import { describe, expect, it } from 'vitest';
import { PipelineInputError } from './errors';
import { defaultProfile, type StrategyProfile } from './profiles';
import { parseWeights, PRESETS, resolveWeights, selectStrategy, weightedScore } from './selection';

const profile = (strategy: StrategyProfile['strategy'], successRate: number, avgExecutionTime: number, avgScore: number): StrategyProfile =>
  ({ ...defaultProfile(strategy), successRate, avgExecutionTime, avgScore, uses: 5 });

function fieldOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as PipelineInputError).field;
  }
  return 'nothing thrown';
}

const profiles = [profile('conservative', 1, 3000, 80), profile('balanced', 0.9, 1500, 78), profile('aggressive', 0.5, 400, 55)];

describe('weightedScore', () => {
  it('is successRate·w_r + (1 − time/5000)·w_s + (score/100)·w_c', () => {
    expect(weightedScore(profiles[0], { reliability: 0.4, speed: 0.3, score: 0.3 })).toBeCloseTo(0.4 + 0.4 * 0.3 + 0.8 * 0.3);
  });
});

describe('selectStrategy', () => {
  it('picks by preset: production favours reliability, prototyping speed', () => {
    expect(selectStrategy(profiles, PRESETS.production).strategy).toBe('conservative');
    expect(selectStrategy(profiles, PRESETS.prototyping).strategy).toBe('aggressive');
    expect(selectStrategy(profiles, PRESETS.balanced).strategy).toBe('balanced');
    expect(selectStrategy(profiles, PRESETS.balanced).ranking.map((r) => r.strategy)).toEqual(['balanced', 'conservative', 'aggressive']);
  });

  it('keeps the profiles\' order on ties', () => {
    const same = [profile('conservative', 1, 1000, 50), profile('balanced', 1, 1000, 50)];
    expect(selectStrategy(same, PRESETS.balanced).strategy).toBe('conservative');
  });

  it('refuses an empty list', () => {
    expect(() => selectStrategy([], PRESETS.balanced)).toThrow(PipelineInputError);
  });
});

describe('weights', () => {
  it('resolves presets and custom weights', () => {
    expect(resolveWeights()).toEqual({ preset: 'balanced', weights: { reliability: 0.4, speed: 0.3, score: 0.3 } });
    expect(resolveWeights('production')).toEqual({ preset: 'production', weights: { reliability: 0.7, speed: 0.1, score: 0.2 } });
    expect(resolveWeights(undefined, { reliability: 1, speed: 0, score: 0 })).toEqual({ preset: 'custom', weights: { reliability: 1, speed: 0, score: 0 } });
  });

  it('names the field of a bad weight or preset', () => {
    expect(fieldOf(() => parseWeights({ reliability: Number.NaN, speed: 0, score: 0 }))).toBe('weights.reliability');
    expect(fieldOf(() => parseWeights({ reliability: 1, speed: Infinity, score: 0 }))).toBe('weights.speed');
    expect(fieldOf(() => parseWeights({ reliability: 1, speed: 0, score: -0.1 }))).toBe('weights.score');
    expect(fieldOf(() => parseWeights({ reliability: 1, speed: 0 }))).toBe('weights.score');
    expect(fieldOf(() => parseWeights({ reliability: 1, speed: 0, score: 0, luck: 1 }))).toBe('weights.luck');
    expect(fieldOf(() => parseWeights({ reliability: 0, speed: 0, score: 0 }))).toBe('weights');
    expect(fieldOf(() => parseWeights('0.4,0.3,0.3'))).toBe('weights');
    expect(fieldOf(() => resolveWeights('fast'))).toBe('preset');
    expect(fieldOf(() => resolveWeights('toString'))).toBe('preset');
  });
});
