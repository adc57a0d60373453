// Network spec validation names the field and the problem; parameter shapes follow the layer list.
import { describe, expect, it } from 'vitest';
import { initParams } from './init';
import { paramCount, paramShapes, specErrors, type NetworkSpec } from './spec';

const good: NetworkSpec = {
  layers: [{ size: 4, activation: 'linear' }, { size: 8, activation: 'relu' }, { size: 3, activation: 'softmax' }],
  loss: 'softmax_cross_entropy',
  optimizer: { type: 'adam', learningRate: 0.01 },
};

describe('NetworkSpec', () => {
  it('accepts a valid spec and derives shapes and counts', () => {
    expect(specErrors(good)).toEqual([]);
    expect(paramShapes(good)).toEqual([{ w: [4, 8], b: 8 }, { w: [8, 3], b: 3 }]);
    expect(paramCount(good)).toBe(4 * 8 + 8 + 8 * 3 + 3);
  });

  it('rejects bad specs with messages that name the field', () => {
    const bad = (patch: Partial<NetworkSpec>) => specErrors({ ...good, ...patch });
    expect(bad({ layers: [good.layers[0]] })[0]).toMatch(/^layers:/);
    expect(bad({ layers: [good.layers[0], { size: 0, activation: 'relu' }, good.layers[2]] })[0]).toMatch(/^layers\[1\]\.size/);
    expect(bad({ loss: 'mse' }).join()).toMatch(/softmax output needs loss softmax_cross_entropy/);
    expect(bad({ optimizer: { type: 'adam', learningRate: -1 } })[0]).toMatch(/^optimizer\.learningRate/);
    expect(bad({ layers: [good.layers[0], { size: 3, activation: 'softmax' }, good.layers[2]] }).join()).toMatch(/softmax only on the output/);
  });

  it('initialises reproducibly from a seed with sensible scale', () => {
    const a = initParams(good, 5), b = initParams(good, 5), c = initParams(good, 6);
    expect(a).toEqual(b);
    expect(a[0]).not.toEqual(c[0]);
    expect(Array.from(a[1])).toEqual(Array.from({ length: 8 }, () => 0));
    const w = a[0];
    const std = Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length);
    expect(std).toBeGreaterThan(0.3);
    expect(std).toBeLessThan(1.2);
  });
});
