// Tests for the hash router's path parsing.
import { describe, expect, it } from 'vitest';
import { hrefFor, pathFromHash } from './router';

describe('pathFromHash', () => {
  it('reads the route from the hash', () => {
    expect(pathFromHash('#/system', 'lab')).toBe('system');
    expect(pathFromHash('#/memory/', 'lab')).toBe('memory');
    expect(pathFromHash('#system?x=1', 'lab')).toBe('system');
  });
  it('falls back to the default route', () => {
    expect(pathFromHash('', 'lab')).toBe('lab');
    expect(pathFromHash('#/', 'lab')).toBe('lab');
  });
  it('round-trips through hrefFor', () => {
    expect(pathFromHash(hrefFor('patterns'), 'lab')).toBe('patterns');
  });
});
