// The parameter cap: a config whose sized layers alone need more parameters than MAX_PARAMETERS is refused with the count and the limit; a spec that crosses it once the data sets the input width is refused too.
import { describe, expect, it } from 'vitest';
import { MAX_PARAMETERS, paramCount, specErrors, type NetworkSpec } from '../nn/spec';
import { ConfigError, parseModelConfig } from './config';

const layers = (...sizes: (number | null)[]) => sizes.map((size, i) => (i === 0 ? { type: 'input', size } : i === sizes.length - 1 ? { type: 'output', size, activation: 'softmax' } : { type: 'hidden', size, activation: 'relu' }));

describe('parameter cap', () => {
  it('refuses a config whose sized layers exceed MAX_PARAMETERS, naming the count and the limit', () => {
    let err: unknown;
    try {
      parseModelConfig({ architecture: { layers: layers(null, 65536, 65536, null) } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const issue = (err as ConfigError).issues.find((i) => i.path === 'architecture.layers');
    expect(issue?.message).toContain((65536 * 65536 + 65536).toLocaleString('en-US'));
    expect(issue?.message).toContain(MAX_PARAMETERS.toLocaleString('en-US'));
  });

  it('accepts a config just under the cap, and counts only layers whose sizes are known', () => {
    // 4096·4095 + 4095 = 16,773,215 ≤ 16,777,216
    expect(() => parseModelConfig({ architecture: { layers: layers(4096, 4095, null) } })).not.toThrow();
    expect(() => parseModelConfig({ architecture: { layers: layers(null, 4096, null) } })).not.toThrow();
    expect(() => parseModelConfig({ architecture: { layers: layers(4096, 4097, null) } })).toThrow(ConfigError);
  });

  it('specErrors refuses a network over the cap (the input width comes from the data)', () => {
    const spec: NetworkSpec = { layers: [{ size: 65536, activation: 'linear' }, { size: 512, activation: 'relu' }, { size: 3, activation: 'softmax' }], loss: 'softmax_cross_entropy', optimizer: { type: 'adam', learningRate: 0.01 } };
    expect(paramCount(spec)).toBeGreaterThan(MAX_PARAMETERS);
    expect(specErrors(spec).join('\n')).toMatch(/parameters/);
    expect(specErrors({ ...spec, layers: [{ size: 1024, activation: 'linear' }, ...spec.layers.slice(1)] })).toEqual([]);
  });
});
