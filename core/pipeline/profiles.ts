// Per-strategy profiles that learn from scored runs: the reference's moving averages (rate 0.4), a trend of the last 20 scores, an improvement rate that is always a finite number or says why there is none, and the reference's recommendations.
import type { RunnerName } from './runner';
import type { ScoredRun } from './scoring';
import { STRATEGIES, type Strategy } from './strategies/types';

/** The reference's learning rate for real executions. Every execution here is real, so its 0.1 for simulated ones never applies. */
export const LEARNING_RATE = 0.4;
export const TREND_LENGTH = 20;
/** The improvement rate compares the mean of the last 5 points with the mean of the earlier ones: at least one earlier point is needed. */
export const RECENT_POINTS = 5;
export const MIN_TREND_POINTS = RECENT_POINTS + 1;

/** The reference's starting values: a coin-flip success rate, a middling score, and the time each strategy was expected to take. */
export const DEFAULT_SUCCESS_RATE = 0.5;
export const DEFAULT_SCORE = 50;
export const DEFAULT_EXECUTION_MS: Readonly<Record<Strategy, number>> = { conservative: 3000, balanced: 2000, aggressive: 1000 };

export interface TrendPoint {
  score: number;
  /** ms since the epoch. */
  timestamp: number;
  runner: RunnerName;
}

export type ImprovementRate =
  | { kind: 'not-enough-data'; points: number; needed: number }
  /** percent = (recent − older) / older · 100, older > 0. */
  | { kind: 'relative'; percent: number; recentMean: number; olderMean: number }
  /** The older mean is 0: a percentage of it would be infinite, so the change is given in score points. */
  | { kind: 'absolute'; change: number; recentMean: number; olderMean: number };

export interface StrategyProfile {
  strategy: Strategy;
  successRate: number;
  avgScore: number;
  avgExecutionTime: number;
  uses: number;
  realExecutions: number;
  trend: TrendPoint[];
  improving: boolean;
  improvementRate: ImprovementRate;
}

export function defaultProfile(strategy: Strategy): StrategyProfile {
  return {
    strategy,
    successRate: DEFAULT_SUCCESS_RATE,
    avgScore: DEFAULT_SCORE,
    avgExecutionTime: DEFAULT_EXECUTION_MS[strategy],
    uses: 0,
    realExecutions: 0,
    trend: [],
    improving: false,
    improvementRate: improvementRate([]),
  };
}

export function defaultProfiles(): StrategyProfile[] {
  return STRATEGIES.map(defaultProfile);
}

function mean(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** The reference compared the last 5 scores with the earlier ones, dividing by a mean that could be 0 and reporting "Infinity%" with 5 points or fewer; here both cases are typed. */
export function improvementRate(trend: readonly Pick<TrendPoint, 'score'>[]): ImprovementRate {
  if (trend.length < MIN_TREND_POINTS) return { kind: 'not-enough-data', points: trend.length, needed: MIN_TREND_POINTS };
  const scores = trend.map((t) => t.score);
  const recentMean = mean(scores.slice(-RECENT_POINTS));
  const olderMean = mean(scores.slice(0, -RECENT_POINTS));
  if (olderMean === 0) return { kind: 'absolute', change: recentMean - olderMean, recentMean, olderMean };
  return { kind: 'relative', percent: ((recentMean - olderMean) / olderMean) * 100, recentMean, olderMean };
}

function ema(old: number, value: number): number {
  return old * (1 - LEARNING_RATE) + value * LEARNING_RATE;
}

/** The profile after one scored run (a new object; the old one is left as it was). Unscored runs never reach here. */
export function updateProfile(profile: StrategyProfile, run: ScoredRun, runner: RunnerName, timestamp: number): StrategyProfile {
  const trend = [...profile.trend, { score: run.score, timestamp, runner }].slice(-TREND_LENGTH);
  const rate = improvementRate(trend);
  return {
    strategy: profile.strategy,
    successRate: ema(profile.successRate, run.successRate),
    avgScore: ema(profile.avgScore, run.score),
    avgExecutionTime: ema(profile.avgExecutionTime, run.executionMs),
    uses: profile.uses + 1,
    realExecutions: profile.realExecutions + 1,
    trend,
    improving: rate.kind !== 'not-enough-data' && rate.recentMean > rate.olderMean,
    improvementRate: rate,
  };
}

/** A stored profile's derived fields (improving, improvementRate) recomputed from its trend. */
export function withDerived(profile: Omit<StrategyProfile, 'improving' | 'improvementRate'>): StrategyProfile {
  const rate = improvementRate(profile.trend);
  return { ...profile, improving: rate.kind !== 'not-enough-data' && rate.recentMean > rate.olderMean, improvementRate: rate };
}

export interface Recommendation {
  strategy: Strategy;
  type: 'improve_reliability' | 'optimize_speed' | 'good_performance';
  priority: 'high' | 'medium' | 'info';
  message: string;
}

/** The reference's recommendation thresholds: below this success rate, over this average time, over this average score. */
export const RECOMMEND_BELOW_SUCCESS_RATE = 0.7;
export const RECOMMEND_OVER_MS = 3000;
export const RECOMMEND_OVER_SCORE = 75;

/**
 * The reference's rules: success rate < 0.7 → improve_reliability (high); average time > 3000 ms →
 * optimize_speed (medium); average score > 75 → good_performance (info). Only for strategies that have
 * run: a default profile's 0.5 is a starting guess, not a measurement to act on.
 */
export function recommendations(profiles: readonly StrategyProfile[]): Recommendation[] {
  const out: Recommendation[] = [];
  for (const p of profiles) {
    if (p.uses === 0) continue;
    if (p.successRate < RECOMMEND_BELOW_SUCCESS_RATE) {
      out.push({ strategy: p.strategy, type: 'improve_reliability', priority: 'high', message: `${p.strategy} passes ${(p.successRate * 100).toFixed(1)}% of checks (moving average): improve its reliability` });
    }
    if (p.avgExecutionTime > RECOMMEND_OVER_MS) {
      out.push({ strategy: p.strategy, type: 'optimize_speed', priority: 'medium', message: `${p.strategy} needs optimization (${Math.round(p.avgExecutionTime)} ms average)` });
    }
    if (p.avgScore > RECOMMEND_OVER_SCORE) {
      out.push({ strategy: p.strategy, type: 'good_performance', priority: 'info', message: `${p.strategy} performing well (${p.avgScore.toFixed(1)} score)` });
    }
  }
  return out;
}
