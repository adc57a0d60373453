// run --validate's comparison of profiles: only strategies that scored, baselines labelled learned or starting values, a zero baseline as a difference (never Infinity), and how it prints.
import { describe, expect, it } from 'vitest';
import { defaultProfile, updateProfile, type StrategyProfile } from '../core/pipeline/profiles';
import { nonFinite } from '../core/pipeline/test-support';
import type { Strategy } from '../core/pipeline/strategies/types';
import { validationLines } from './pipeline-format';
import { validateRun } from '../core/pipeline/run-validation';

const scored = (score: number, successRate: number, executionMs: number) => ({ scored: true as const, score, successRate, executionMs, bonus: 0 });

function learned(strategy: Strategy, runs: [score: number, successRate: number, ms: number][]): StrategyProfile {
  return runs.reduce((p, [s, r, t], i) => updateProfile(p, scored(s, r, t), 'node', i), defaultProfile(strategy));
}

describe('validateRun', () => {
  it('compares only the strategies that scored, each against the profile before', () => {
    const before = [learned('conservative', [[80, 1, 900]]), defaultProfile('balanced'), defaultProfile('aggressive')];
    const after = [learned('conservative', [[80, 1, 900], [90, 1, 800]]), learned('balanced', [[70, 1, 700]]), defaultProfile('aggressive')];
    const v = validateRun(before, after);
    expect(v.strategies.map((s) => [s.strategy, s.baseline])).toEqual([['conservative', 'learned'], ['balanced', 'starting-values']]);
    expect(v.overall?.baseline).toBe('mixed');
    // The overall means cover the same two strategies before and after.
    expect(v.overall?.before.score).toBeCloseTo((before[0].avgScore + before[1].avgScore) / 2, 10);
    expect(v.overall?.after.score).toBeCloseTo((after[0].avgScore + after[1].avgScore) / 2, 10);
    expect(nonFinite(v)).toEqual([]);
  });

  it('reports a change from a zero baseline as a difference, never as an infinite percentage', () => {
    // A profile whose every check failed (success rate 0); one passing run moves it off 0.
    const zero: StrategyProfile = { ...learned('aggressive', [[0, 0, 500]]), successRate: 0 };
    const after = updateProfile(zero, scored(60, 1, 400), 'node', 9);
    const v = validateRun([zero], [after]);
    const success = v.strategies[0].validation.improved.find((m) => m.metric === 'successRate');
    expect(success?.change).toEqual({ kind: 'absolute', delta: after.successRate });
    expect(nonFinite(v)).toEqual([]);
    const lines = validationLines(v.strategies[0].validation).join('\n');
    expect(lines).toMatch(/successRate 0\.000 → 0\.400 \(\+0\.400 against a baseline of 0\)/);
    expect(lines).not.toMatch(/Infinity|NaN/);
  });

  it('says there is nothing to compare when no strategy scored', () => {
    const p = [defaultProfile('conservative')];
    expect(validateRun(p, p)).toMatchObject({ strategies: [], overall: null, note: expect.stringMatching(/nothing to compare/) });
  });
});
