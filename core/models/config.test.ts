// Model config validation: the reference's example parses, every problem is named by its path, schedules follow their formulas.
import { describe, expect, it } from 'vitest';
import { ConfigError, learningRateAt, parseModelConfig } from './config';

const referenceExample = {
  modelId: 'custom-security-auditor',
  type: 'specialized',
  architecture: {
    type: 'feedforward',
    layers: [
      { type: 'input', size: 128 },
      { type: 'hidden', size: 64, activation: 'relu' },
      { type: 'hidden', size: 32, activation: 'relu' },
      { type: 'output', size: 10, activation: 'softmax' },
    ],
  },
  training: { pattern_type: 'critical', learning_rate: 0.001, batch_size: 32, epochs: 100, optimizer: 'adam' },
  specialization: { domain: 'security' },
};

function issues(cfg: unknown): string[] {
  try {
    parseModelConfig(cfg);
  } catch (e) {
    if (e instanceof ConfigError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
}

/** 1 inside `levels` arrays. */
function nested(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = [v];
  return v;
}

describe('parseModelConfig', () => {
  it('refuses what a model file could not hold: nesting past MAX_JSON_DEPTH, a feature_types key named like a prototype member', () => {
    // The config object is one level, its notes entry the rest.
    expect(issues({ ...referenceExample, notes: nested(63) })).toEqual([]);
    expect(issues({ ...referenceExample, notes: nested(64) })).toEqual(['(root): nests deeper than the 64 levels a model file may hold']);
    // Before any message quotes the value with JSON.stringify, which fails on a value this deep.
    expect(issues({ ...referenceExample, training: { ...referenceExample.training, task: nested(200_000) } })).toEqual(['(root): nests deeper than the 64 levels a model file may hold']);
    const cyclic: Record<string, unknown> = { ...referenceExample };
    cyclic.self = cyclic;
    expect(issues(cyclic)).toEqual(['(root): nests deeper than the 64 levels a model file may hold']);
    expect(issues({ ...referenceExample, training: { ...referenceExample.training, feature_types: JSON.parse('{"constructor": "text", "ok": "text"}') } })).toEqual([
      'training.feature_types.constructor: names a field a model file cannot hold as a key (it refuses __proto__, constructor, prototype): rename the column, or leave its kind to be inferred',
    ]);
  });

  it("parses the reference's example and keeps unknown sections verbatim", () => {
    const c = parseModelConfig(referenceExample);
    expect(c.modelId).toBe('custom-security-auditor');
    expect(c.layers.map((l) => [l.type, l.size, l.activation])).toEqual([
      ['input', 128, 'linear'], ['hidden', 64, 'relu'], ['hidden', 32, 'relu'], ['output', 10, 'softmax'],
    ]);
    expect(c.training).toMatchObject({ pattern_type: 'critical', learning_rate: 0.001, batch_size: 32, epochs: 100, optimizer: 'adam', lr_schedule: null, early_stopping: null });
    expect(c.extra).toEqual({ specialization: { domain: 'security' } });
  });

  it('lets input and output sizes come from the data', () => {
    const c = parseModelConfig({ architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 8 }, { type: 'output', size: 'auto', activation: 'softmax' }] } });
    expect(c.layers.map((l) => l.size)).toEqual([null, 8, null]);
    expect(c.layers[1].activation).toBe('relu');
  });

  it('names every problem with its path', () => {
    const bad = issues({
      modelId: 'has space',
      architecture: { type: 'recurrent', layers: [{ type: 'hidden', size: 3 }, { type: 'hidden', size: 0, activation: 'softmax' }, { type: 'output', activation: 'swish' }] },
      training: { learning_rate: -1, batch_size: 2.5, optimizer: 'rmsprop', lr_schedule: { type: 'step_decay', gamma: 2 }, early_stopping: { patience: 0 } },
    });
    const paths = bad.map((s) => s.split(':')[0]);
    expect(paths).toEqual(expect.arrayContaining([
      'modelId', 'architecture.type', 'architecture.layers[0].type', 'architecture.layers[1].size', 'architecture.layers[1].activation',
      'architecture.layers[2].activation', 'training.learning_rate', 'training.batch_size', 'training.optimizer',
      'training.lr_schedule.step_size', 'training.lr_schedule.gamma', 'training.early_stopping.patience',
    ]));
    expect(bad.find((s) => s.startsWith('training.optimizer'))).toMatch(/sgd, momentum, adam.*rmsprop/);
  });

  it('rejects non-objects and a missing architecture', () => {
    expect(issues(null)).toEqual(['(root): must be a JSON object']);
    expect(issues([])).toEqual(['(root): must be a JSON object']);
    expect(issues({})[0]).toMatch(/^architecture: is required/);
  });

  it('ignores inherited keys such as __proto__ tricks', () => {
    const tricky = JSON.parse('{"__proto__": {"training": {"epochs": -5}}, "architecture": {"layers": [{"type":"input"},{"type":"output","activation":"softmax"}]}}') as unknown;
    expect(parseModelConfig(tricky).training.epochs).toBe(50);
    expect(({} as Record<string, unknown>).training).toBeUndefined();
  });

  it('computes step_decay as the reference documents it, and exponential and cosine', () => {
    const step = { learning_rate: 0.001, lr_schedule: { type: 'step_decay', step_size: 20, gamma: 0.5 } as const };
    expect([1, 20, 21, 40, 41].map((e) => learningRateAt(step, e, 100))).toEqual([0.001, 0.001, 0.0005, 0.0005, 0.00025]);
    const exp = { learning_rate: 1, lr_schedule: { type: 'exponential', gamma: 0.9 } as const };
    expect(learningRateAt(exp, 3, 10)).toBeCloseTo(0.81, 12);
    const cos = { learning_rate: 1, lr_schedule: { type: 'cosine', min_lr: 0.1 } as const };
    expect(learningRateAt(cos, 1, 11)).toBeCloseTo(1, 12);
    expect(learningRateAt(cos, 6, 11)).toBeCloseTo(0.55, 12);
    expect(learningRateAt(cos, 11, 11)).toBeCloseTo(0.1, 12);
    expect(learningRateAt({ learning_rate: 0.3, lr_schedule: null }, 7, 10)).toBe(0.3);
  });

  it('reads training.feature_types and names each bad entry by its path', () => {
    const c = parseModelConfig({ ...referenceExample, training: { feature_types: { note: 'text', zip: 'categorical', size: 'numeric' } } });
    expect({ ...c.training.feature_types }).toEqual({ note: 'text', zip: 'categorical', size: 'numeric' });
    expect(parseModelConfig(referenceExample).training.feature_types).toBeNull();
    expect(issues({ ...referenceExample, training: { feature_types: { note: 'words', age: 3 } } })).toEqual([
      'training.feature_types.note: must be one of numeric, categorical, text (got "words")',
      'training.feature_types.age: must be one of numeric, categorical, text (got 3)',
    ]);
    expect(issues({ ...referenceExample, training: { feature_types: ['text'] } })[0]).toMatch(/^training\.feature_types: must be an object/);
    // JSON.parse makes "__proto__" an own key, as a data file's column name would be: read as a key, and refused (see above).
    expect(issues({ ...referenceExample, training: { feature_types: JSON.parse('{"__proto__": "text"}') } })[0]).toMatch(/^training\.feature_types\.__proto__: names a field a model file cannot hold as a key/);
  });
});
