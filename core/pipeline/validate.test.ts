// Before/after validation: the reference's ±5% rule per metric, faster counts as better, and a zero baseline gives an absolute change instead of "+4900%".
import { describe, expect, it } from 'vitest';
import { PipelineInputError } from './errors';
import { defaultProfile } from './profiles';
import { metricsOfProfiles, metricsOfRuns, validateImprovements } from './validate';

const m = (successRate: number, executionTime: number, score: number) => ({ successRate, executionTime, score });

describe('validateImprovements', () => {
  it('counts changes beyond ±5% and leaves smaller ones unchanged', () => {
    const v = validateImprovements(m(0.5, 1000, 60), m(0.55, 1040, 62));
    expect(v.improved.map((c) => c.metric)).toEqual(['successRate']);
    expect(v.unchanged.map((c) => c.metric)).toEqual(['executionTime', 'score']);
    expect(v.improved[0].change.kind).toBe('relative');
    expect(v.improved[0].change.kind === 'relative' && v.improved[0].change.percent).toBeCloseTo(10);
    expect(v.summary.overallImprovement).toBe(true);
  });

  it('treats a faster run as improved and a slower one as declined', () => {
    expect(validateImprovements(m(1, 1000, 50), m(1, 800, 50)).improved.map((c) => c.metric)).toEqual(['executionTime']);
    expect(validateImprovements(m(1, 1000, 50), m(1, 1200, 50)).declined.map((c) => c.metric)).toEqual(['executionTime']);
  });

  it('reports the absolute change against a zero baseline', () => {
    const v = validateImprovements(m(0, 0, 0), m(0.5, 0, 49));
    expect(v.improved).toEqual([
      { metric: 'successRate', before: 0, after: 0.5, change: { kind: 'absolute', delta: 0.5 } },
      { metric: 'score', before: 0, after: 49, change: { kind: 'absolute', delta: 49 } },
    ]);
    expect(v.unchanged).toEqual([{ metric: 'executionTime', before: 0, after: 0, change: { kind: 'absolute', delta: 0 } }]);
    expect(JSON.stringify(v)).not.toMatch(/Infinity|NaN|4900/);
  });

  it('names the field of a bad metric', () => {
    expect(() => validateImprovements(m(1, 1, 1), { successRate: 1, executionTime: Number.NaN, score: 1 })).toThrow(new PipelineInputError('after.executionTime', 'must be a finite number of at least 0 (got NaN)'));
    expect(() => validateImprovements(null, m(1, 1, 1))).toThrow(/^before must be an object/);
    expect(() => validateImprovements(m(-1, 1, 1), m(1, 1, 1))).toThrow(/before\.successRate/);
  });
});

describe('metrics', () => {
  it('averages scored runs and profiles that have run, or says there is nothing', () => {
    expect(metricsOfRuns([])).toBeNull();
    expect(metricsOfRuns([
      { scored: true, successRate: 1, executionMs: 100, bonus: 0, score: 80 },
      { scored: true, successRate: 0, executionMs: 300, bonus: 0, score: 20 },
    ])).toEqual(m(0.5, 200, 50));
    expect(metricsOfProfiles([defaultProfile('balanced')])).toBeNull();
    expect(metricsOfProfiles([{ ...defaultProfile('balanced'), uses: 1 }, defaultProfile('aggressive')])).toEqual(m(0.5, 2000, 50));
  });
});
