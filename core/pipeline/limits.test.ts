// The pipeline's bounds: seeds wrap at 2^32, a number out of range or not whole is refused with its field named.
import { describe, expect, it } from 'vitest';
import { PipelineInputError } from './errors';
import { iterationSeed, MAX_SEED, wholeInRange } from './limits';

describe('iterationSeed', () => {
  it('adds the iteration to the first seed and wraps past MAX_SEED', () => {
    expect([iterationSeed(41, 0), iterationSeed(41, 1)]).toEqual([41, 42]);
    expect([iterationSeed(MAX_SEED, 0), iterationSeed(MAX_SEED, 1), iterationSeed(MAX_SEED - 1, 3)]).toEqual([MAX_SEED, 0, 1]);
  });
});

describe('wholeInRange', () => {
  it('passes a whole number within the bounds, ends included', () => {
    expect([wholeInRange(1, 'n', 1, 3), wholeInRange(3, 'n', 1, 3)]).toEqual([1, 3]);
  });

  it('refuses anything else, naming the field', () => {
    for (const v of [0, 4, 1.5, '2', null, Number.NaN]) {
      expect(() => wholeInRange(v, 'iterations', 1, 3)).toThrow(new PipelineInputError('iterations', `must be a whole number from 1 to 3 (got ${JSON.stringify(v)})`));
    }
  });
});
