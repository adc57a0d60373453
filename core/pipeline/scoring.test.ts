// The reference's score: the pass fraction of tests and lint weighs 60, speed 20, the strategy bonus 20; runs that did not happen get no score.
import { describe, expect, it } from 'vitest';
import { scoreRun, strategyBonus } from './scoring';
import { resultOf } from './test-support';

describe('scoreRun', () => {
  it('scores a run whose checks both pass: 60 + speed + bonus', () => {
    // 400 ms: speed part (1 - 400/5000)·20 = 18.4.
    expect(scoreRun('conservative', resultOf('pass', 'pass', 150, 250))).toEqual({ scored: true, successRate: 1, executionMs: 400, bonus: 0.3, score: 60 + 18.4 + 6 });
    expect(scoreRun('balanced', resultOf('pass', 'pass', 150, 250))).toMatchObject({ bonus: 0.25, score: 60 + 18.4 + 5 });
    expect(scoreRun('aggressive', resultOf('pass', 'pass', 150, 250))).toMatchObject({ bonus: 0.2, score: 60 + 18.4 + 4 });
  });

  it('counts a failed, timed-out or erroring check as not passed', () => {
    for (const s of ['fail', 'timeout', 'error'] as const) {
      expect(scoreRun('balanced', resultOf(s, 'pass', 1000, 0))).toMatchObject({ successRate: 0.5, bonus: 0 });
      expect(scoreRun('balanced', resultOf('pass', s, 1000, 0))).toMatchObject({ successRate: 0.5, bonus: 0 });
    }
    expect(scoreRun('conservative', resultOf('fail', 'fail', 2500, 2500))).toEqual({ scored: true, successRate: 0, executionMs: 5000, bonus: 0, score: 0 });
  });

  it('gives the speed part 0 beyond 5 s, never less', () => {
    expect(scoreRun('conservative', resultOf('pass', 'pass', 9000, 9000))).toMatchObject({ score: 60 + 0 + 6 });
  });

  it('does not score a run with a not-run check, and says why', () => {
    expect(scoreRun('balanced', resultOf('not-run', 'not-run'))).toEqual({ scored: false, reason: 'not-run for the test' });
    expect(scoreRun('aggressive', resultOf('pass', 'not-run'))).toEqual({ scored: false, reason: 'not-run for the test' });
  });

  it('treats durations that are not finite numbers as 0 ms rather than spreading NaN', () => {
    const s = scoreRun('aggressive', resultOf('pass', 'pass', Number.NaN, Infinity));
    expect(s).toMatchObject({ executionMs: 0, score: 60 + 20 + 4 });
  });
});

describe('strategyBonus', () => {
  it('follows the reference thresholds', () => {
    expect(strategyBonus('aggressive', 0, 999)).toBe(0.2);
    expect(strategyBonus('aggressive', 1, 1000)).toBe(0);
    expect(strategyBonus('conservative', 1, 99_999)).toBe(0.3);
    expect(strategyBonus('conservative', 0.5, 10)).toBe(0);
    expect(strategyBonus('balanced', 1, 1999)).toBe(0.25);
    expect(strategyBonus('balanced', 0.5, 10)).toBe(0);
    expect(strategyBonus('balanced', 1, 2000)).toBe(0);
  });
});
