// Strategy profiles: the reference's moving averages and defaults, a bounded trend, an improvement rate that is typed (never Infinity or NaN), recommendations from data only, and no non-finite number for any sequence of results.
import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { defaultProfile, defaultProfiles, improvementRate, recommendations, updateProfile, type StrategyProfile } from './profiles';
import { scoreRun, type ScoredRun } from './scoring';
import { selectStrategy, PRESETS } from './selection';
import { STRATEGIES } from './strategies/types';
import { nonFinite, resultOf } from './test-support';
import { metricsOfProfiles, metricsOfRuns, validateImprovements } from './validate';

const run = (score: number, successRate = 1, executionMs = 500): ScoredRun => ({ scored: true, score, successRate, executionMs, bonus: 0 });

const used = (over: Partial<StrategyProfile>): StrategyProfile => ({ ...defaultProfile('conservative'), uses: 3, ...over });

describe('defaultProfile', () => {
  it('starts at the reference defaults: 0.5, 50, and 3000/2000/1000 ms', () => {
    expect(defaultProfiles().map((p) => [p.strategy, p.successRate, p.avgScore, p.avgExecutionTime, p.uses])).toEqual([
      ['conservative', 0.5, 50, 3000, 0], ['balanced', 0.5, 50, 2000, 0], ['aggressive', 0.5, 50, 1000, 0],
    ]);
    expect(defaultProfile('balanced').improvementRate).toEqual({ kind: 'not-enough-data', points: 0, needed: 6 });
  });
});

describe('updateProfile', () => {
  it('moves each average 40% of the way to the new run', () => {
    const p = updateProfile(defaultProfile('balanced'), run(80, 1, 1000), 'node', 1);
    expect(p.successRate).toBeCloseTo(0.5 * 0.6 + 1 * 0.4);
    expect(p.avgScore).toBeCloseTo(50 * 0.6 + 80 * 0.4);
    expect(p.avgExecutionTime).toBeCloseTo(2000 * 0.6 + 1000 * 0.4);
    expect(p).toMatchObject({ uses: 1, realExecutions: 1, trend: [{ score: 80, timestamp: 1, runner: 'node' }] });
  });

  it('keeps the last 20 trend points and leaves the old profile as it was', () => {
    const start = defaultProfile('aggressive');
    let p = start;
    for (let i = 0; i < 25; i++) p = updateProfile(p, run(i), 'browser-sandbox', i);
    expect(p.trend.map((t) => t.score)).toEqual(Array.from({ length: 20 }, (_, i) => i + 5));
    expect(p.uses).toBe(25);
    expect(start.uses).toBe(0);
  });
});

describe('improvementRate', () => {
  it('says there is not enough data below 6 points', () => {
    for (let n = 0; n < 6; n++) expect(improvementRate(Array.from({ length: n }, () => ({ score: 10 })))).toEqual({ kind: 'not-enough-data', points: n, needed: 6 });
  });

  it('compares the mean of the last 5 with the mean before them', () => {
    expect(improvementRate([40, 60, 60, 60, 60, 60, 60].map((score) => ({ score })))).toEqual({ kind: 'relative', percent: 20, recentMean: 60, olderMean: 50 });
    expect(improvementRate([100, 50, 50, 50, 50, 50].map((score) => ({ score })))).toMatchObject({ kind: 'relative', percent: -50 });
  });

  it('gives the change in points when the older mean is 0', () => {
    expect(improvementRate([0, 0, 49, 49, 49, 49, 49].map((score) => ({ score })))).toEqual({ kind: 'absolute', change: 49, recentMean: 49, olderMean: 0 });
  });

  it('marks a profile improving only when the recent mean is higher', () => {
    let p = defaultProfile('balanced');
    for (const s of [10, 10, 30, 30, 30, 30]) p = updateProfile(p, run(s), 'node', 0);
    expect(p.improving).toBe(true);
    p = updateProfile(p, run(0), 'node', 0);
    for (const s of [0, 0, 0, 0]) p = updateProfile(p, run(s), 'node', 0);
    expect(p.improving).toBe(false);
  });
});

describe('recommendations', () => {
  it('follows the reference rules for strategies that have run, and says nothing of defaults', () => {
    expect(recommendations(defaultProfiles())).toEqual([]);
    expect(recommendations([used({ successRate: 0.69, avgExecutionTime: 3001, avgScore: 75.1 })]).map((r) => [r.type, r.priority])).toEqual([
      ['improve_reliability', 'high'], ['optimize_speed', 'medium'], ['good_performance', 'info'],
    ]);
    expect(recommendations([used({ successRate: 0.7, avgExecutionTime: 3000, avgScore: 75 })])).toEqual([]);
    expect(recommendations([used({ avgScore: 85.3, successRate: 1, avgExecutionTime: 100 })])[0].message).toBe('conservative performing well (85.3 score)');
  });
});

describe('no NaN or Infinity anywhere', () => {
  it('holds for random sequences of results, zeros and timeouts included', () => {
    const rng = createRng(99);
    const statuses = ['pass', 'fail', 'timeout', 'error', 'not-run'] as const;
    for (let trial = 0; trial < 200; trial++) {
      let profiles = defaultProfiles();
      const before = metricsOfProfiles(profiles);
      const scored: ScoredRun[] = [];
      const n = rng.int(40);
      for (let i = 0; i < n; i++) {
        const strategy = STRATEGIES[rng.int(3)];
        const ms = () => (rng.int(4) === 0 ? 0 : rng.next() * 12_000);
        const s = scoreRun(strategy, resultOf(statuses[rng.int(5)], statuses[rng.int(5)], ms(), ms()));
        expect(nonFinite(s)).toEqual([]);
        if (!s.scored) continue;
        // Zeros on purpose: a zero older mean is where the reference divided by zero.
        const forced = rng.int(3) === 0 ? { ...s, score: 0, successRate: 0, executionMs: 0 } : s;
        scored.push(forced);
        profiles = profiles.map((p) => (p.strategy === strategy ? updateProfile(p, forced, 'node', i) : p));
      }
      const after = metricsOfProfiles(profiles);
      const outputs: unknown[] = [profiles, recommendations(profiles), before, after, metricsOfRuns(scored)];
      for (const preset of Object.values(PRESETS)) outputs.push(selectStrategy(profiles, preset));
      const first = metricsOfRuns(scored.slice(0, 3));
      const last = metricsOfRuns(scored.slice(-3));
      if (first && last) outputs.push(validateImprovements(first, last));
      if (after) outputs.push(validateImprovements({ successRate: 0, executionTime: 0, score: 0 }, after));
      expect(nonFinite(outputs), `trial ${trial}`).toEqual([]);
    }
  });
});
