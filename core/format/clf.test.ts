// The .clf format: round trips (float and int8), every validation rule, hostile files (repeated and prototype keys, odd spellings, mismatches, huge claims and values), and a 9,500-case mutation fuzz: each file is refused with its ClfError or loads an identical model.
/* oxlint-disable no-underscore-dangle -- safetensors names its metadata entry __metadata__ */
import { irisRecords } from '../datasets/iris.fixture';
import { beforeAll, describe, expect, it } from 'vitest';
import { referencePort } from '../../kernel/reference/mlp';
import { parseModelConfig } from '../models/config';
import { encodeRecords, MAX_TEXT_DIM, STD_FLOOR, validateSchema } from '../models/featurizer';
import { paramShapes } from '../nn/spec';
import { forwardF32, forwardInt8, quantizeParams } from '../nn/forward';
import { createRng } from '../random';
import { networkSpecFor, train } from '../training/train';
import { clfChecksum, ClfError, decodeClf, encodeClf, MAX_EXAMPLE_CELLS, MAX_HEADER_BYTES, MAX_WEIGHT, type ModelArtifact } from './clf';
import { clfBuild, clfParts } from './clf-test-support';
import { utf8Encode } from './utf8';

const iris = irisRecords();

let model: ModelArtifact;
let x: Float32Array;
let n: number;
let expected: Float32Array;

beforeAll(async () => {
  const config = parseModelConfig({
    modelId: 'iris-test',
    architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 8, activation: 'relu' }, { type: 'output', activation: 'softmax' }] },
    training: { target: 'species', learning_rate: 0.02, epochs: 20, seed: 3 },
  });
  const out = await train(referencePort, config, { trainingData: iris }, { now: () => 0 });
  model = { config, spec: out.spec, schema: out.schema, weights: { kind: 'f32', params: out.params }, metrics: { val_accuracy: out.validation.accuracy, counts: { train: 150, validation: 0 } }, examples: iris.slice(0, 20) };
  const enc = encodeRecords(out.schema, iris);
  x = enc.x;
  n = enc.n;
  expected = forwardF32(out.spec, out.params, x, n);
});

/** A file from header text as given (duplicate keys, a BOM, odd number spellings survive), signed over the parsed header. */
function rawFile(text: string, data: Uint8Array, prefix: number[] = []): Uint8Array {
  const h = new Uint8Array([...prefix, ...utf8Encode(text)]);
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}
/** The header text of a freshly signed file, for edits that JSON.stringify cannot express. */
function signedText(header: Record<string, any>, data: Uint8Array): string {
  header.__metadata__.checksum = clfChecksum(header, data);
  return JSON.stringify(header);
}
/** JSON text with `member` added to its second object (one level below the root); the model's JSON holds no braces inside strings. */
function intoNested(json: string, member: string): string {
  const second = json.indexOf('{', json.indexOf('{') + 1);
  if (second < 0) throw new Error(`no nested object in ${json.slice(0, 40)}`);
  return `${json.slice(0, second + 1)}${member},${json.slice(second + 1)}`;
}
function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof ClfError) return e.code;
    throw e;
  }
  return 'ok';
}

describe('.clf round trip', () => {
  it('writes a valid safetensors layout and reads back the same model', () => {
    const file = encodeClf(model);
    const len = Number(new DataView(file.buffer).getBigUint64(0, true));
    expect((8 + len) % 8).toBe(0);
    const back = decodeClf(file);
    expect(back.spec).toEqual(model.spec);
    expect(back.schema).toEqual(model.schema);
    expect(back.config).toEqual(model.config);
    expect(back.metrics).toEqual(model.metrics);
    expect(back.examples).toEqual(model.examples);
    expect(back.weights.kind).toBe('f32');
    if (back.weights.kind === 'f32') expect(forwardF32(back.spec, back.weights.params, x, n)).toEqual(expected);
  });

  it('stores an int8 model about 75% smaller and reads it back exactly', () => {
    if (model.weights.kind !== 'f32') throw new Error('unreachable');
    const layers = quantizeParams(model.spec, model.weights.params);
    const q: ModelArtifact = { ...model, weights: { kind: 'int8', layers } };
    const back = decodeClf(encodeClf(q));
    if (back.weights.kind !== 'int8') throw new Error('expected int8 weights');
    expect(back.weights.layers).toEqual(layers);
    expect(forwardInt8(back.spec, back.weights.layers, x, n)).toEqual(forwardInt8(model.spec, layers, x, n));
  });
});

describe('.clf validation', () => {
  it('refuses each kind of damage with its own code', () => {
    const file = encodeClf(model);
    const p = () => clfParts(file);
    expect(codeOf(() => decodeClf(file.subarray(0, 5)))).toBe('truncated');
    expect(codeOf(() => decodeClf(file.subarray(0, file.length - 1)))).toBe('truncated');
    const huge = file.slice();
    new DataView(huge.buffer).setBigUint64(0, BigInt(MAX_HEADER_BYTES) + 1n, true);
    expect(codeOf(() => decodeClf(huge))).toBe('header_size');
    const past = file.slice();
    new DataView(past.buffer).setBigUint64(0, BigInt(file.length), true);
    expect(codeOf(() => decodeClf(past))).toBe('truncated');

    let { header, data } = p();
    header['layers.0.bias'].data_offsets = [0, header['layers.0.bias'].data_offsets[1] - header['layers.0.bias'].data_offsets[0]];
    expect(codeOf(() => decodeClf(clfBuild(header, data)))).toBe('offsets');
    ({ header, data } = p());
    header['layers.1.bias'].data_offsets = header['layers.1.bias'].data_offsets.map((o: number) => o + 4);
    expect(codeOf(() => decodeClf(clfBuild(header, data)))).toMatch(/offsets|truncated/);
    ({ header, data } = p());
    header['layers.0.weight'].shape = [8, 4];
    expect(codeOf(() => decodeClf(clfBuild(header, data)))).toBe('shape');
    ({ header, data } = p());
    header['layers.0.weight'].dtype = 'F16';
    expect(codeOf(() => decodeClf(clfBuild(header, data)))).toBe('tensor');
    ({ header, data } = p());
    new DataView(data.buffer).setFloat32(4, Number.NaN, true);
    expect(codeOf(() => decodeClf(clfBuild(header, data)))).toBe('non_finite');
    ({ header, data } = p());
    new DataView(data.buffer).setFloat32(0, Number.POSITIVE_INFINITY, true);
    expect(codeOf(() => decodeClf(clfBuild(header, data)))).toBe('non_finite');
    ({ header, data } = p());
    header.__metadata__.checksum = `sha256:${'0'.repeat(64)}`;
    expect(codeOf(() => decodeClf(clfBuild(header, data, false)))).toBe('checksum');
    ({ header, data } = p());
    header.__metadata__.format_version = '2';
    expect(codeOf(() => decodeClf(clfBuild(header, data)))).toBe('metadata');
    ({ header, data } = p());
    header.__metadata__.featurizer = header.__metadata__.featurizer.replace('"width":4', '"width":5');
    expect(codeOf(() => decodeClf(clfBuild(header, data)))).toBe('config');
  });

  it('refuses __proto__ and constructor keys anywhere, leaving Object.prototype alone', () => {
    const { header, data } = clfParts(encodeClf(model));
    const text = JSON.stringify({ ...header, __metadata__: { ...header.__metadata__, checksum: clfChecksum(header, data) } });
    for (const evil of ['"__proto__":{"polluted":1},', '"constructor":{"prototype":{"polluted":1}},']) {
      const h = utf8Encode(`{${evil}${text.slice(1)}`);
      const f = new Uint8Array(8 + h.length + data.length);
      new DataView(f.buffer).setBigUint64(0, BigInt(h.length), true);
      f.set(h, 8);
      f.set(data, 8 + h.length);
      expect(codeOf(() => decodeClf(f))).toBe('forbidden_key');
    }
    const meta = clfParts(encodeClf(model));
    meta.header.__metadata__.config = meta.header.__metadata__.config.replace('{', '{"__proto__":{"polluted":1},');
    expect(codeOf(() => decodeClf(clfBuild(meta.header, meta.data)))).toBe('forbidden_key');
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });
});

const p = () => clfParts(encodeClf(model));
const weightShape = () => p().header['layers.0.weight'].shape as number[];

describe('.clf hostile files', () => {

  it('refuses duplicate keys at every level, as the safetensors reader does (JSON.parse would keep the last)', () => {
    let { header, data } = p();
    const text = signedText(header, data);
    const meta = JSON.stringify(header.__metadata__);
    const bias = JSON.stringify(header['layers.0.bias']);
    expect(codeOf(() => decodeClf(rawFile(`{"__metadata__":${meta},${text.slice(1)}`, data)))).toBe('duplicate_key');
    expect(codeOf(() => decodeClf(rawFile(`{"layers.0.bias":${bias},${text.slice(1)}`, data)))).toBe('duplicate_key');
    expect(codeOf(() => decodeClf(rawFile(`{"layers.0.bia\\u0073":${bias},${text.slice(1)}`, data)))).toBe('duplicate_key');
    expect(codeOf(() => decodeClf(rawFile(text.replace('"dtype":"F32"', '"dtype":"F32","dtype":"F32"'), data)))).toBe('duplicate_key');
    expect(codeOf(() => decodeClf(rawFile(text.replace('"format":', '"format":"x","format":'), data)))).toBe('duplicate_key');
    for (const key of ['config', 'spec', 'featurizer', 'metrics', 'examples']) {
      ({ header, data } = p());
      header.__metadata__[key] = header.__metadata__[key].replace(/\{"([^"]+)":/, '{"$1":0,"$1":');
      expect(codeOf(() => decodeClf(clfBuild(header, data))), key).toBe('duplicate_key');
    }
  });

  it('refuses a byte-order mark, a header not starting with {, and shapes or offsets not spelled as non-negative integers', () => {
    const { header, data } = p();
    const text = signedText(header, data);
    expect(codeOf(() => decodeClf(rawFile(text, data, [0xef, 0xbb, 0xbf])))).toBe('header_json');
    expect(codeOf(() => decodeClf(rawFile(` ${text}`, data)))).toBe('header_json');
    expect(codeOf(() => decodeClf(rawFile(`[${text}]`, data)))).toBe('header_json');
    const [rows, cols] = weightShape();
    for (const spelled of [`${rows}.0`, `${rows}e0`, `${rows}.5`, `-${rows}`, `${rows}0000000000000000000000`]) {
      expect(codeOf(() => decodeClf(rawFile(text.replace(`"shape":[${rows},${cols}]`, `"shape":[${spelled},${cols}]`), data))), spelled).toBe('tensor');
    }
    expect(codeOf(() => decodeClf(rawFile(text.replace('"data_offsets":[0,', '"data_offsets":[0.0,'), data)))).toBe('tensor');
  });

  it('refuses metadata values that are not strings', () => {
    for (const v of [5, null, true, {}, ['a']]) {
      const { header, data } = p();
      header.__metadata__.note = v;
      expect(codeOf(() => decodeClf(clfBuild(header, data))), JSON.stringify(v)).toBe('metadata');
    }
  });

  it('refuses __proto__, constructor and prototype as keys at every level of the header and the model JSON, leaving Object.prototype alone', () => {
    const protoKeys = Object.getOwnPropertyNames(Object.prototype).join(',');
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const { header, data } = p();
      const text = signedText(header, data);
      const evil = `"${key}":{"polluted":1}`;
      expect(codeOf(() => decodeClf(rawFile(`{${evil},${text.slice(1)}`, data))), `top ${key}`).toBe('forbidden_key');
      expect(codeOf(() => decodeClf(rawFile(text.replace('"dtype":"F32"', `${evil},"dtype":"F32"`), data))), `entry ${key}`).toBe('forbidden_key');
      expect(codeOf(() => decodeClf(rawFile(text.replace('"__metadata__":{', `"__metadata__":{"${key}":"x",`), data))), `metadata ${key}`).toBe('forbidden_key');
      for (const field of ['config', 'spec', 'featurizer', 'metrics']) {
        const q = p();
        // One level down inside each JSON value (training, layers[0], features[0], counts…), not only at its root.
        q.header.__metadata__[field] = intoNested(q.header.__metadata__[field], evil);
        expect(q.header.__metadata__[field]).toContain(key);
        expect(codeOf(() => decodeClf(clfBuild(q.header, q.data))), `${field} ${key}`).toBe('forbidden_key');
      }
    }
    expect(Object.getOwnPropertyNames(Object.prototype).join(',')).toBe(protoKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('loads example records whose keys are __proto__, constructor or prototype (they are data), with identical predictions', () => {
    const { header, data } = p();
    const examples = header.__metadata__.examples as string;
    header.__metadata__.examples = examples.replace('[{', '[{"__proto__":{"polluted":1},"constructor":"c","prototype":2,');
    const m = decodeClf(clfBuild(header, data));
    if (m.weights.kind !== 'f32') throw new Error('expected f32');
    expect(forwardF32(m.spec, m.weights.params, x, n)).toEqual(expected);
    expect(Object.prototype.hasOwnProperty.call(m.examples[0], '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(m.examples[0])).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses labels, ids and layer sizes that disagree between the metadata, the config, the spec and the tensors', () => {
    const edits: [string, (h: Record<string, any>) => void, string][] = [
      ['labels missing a class', (h) => (h.__metadata__.labels = JSON.stringify(['setosa', 'versicolor'])), 'metadata'],
      ['labels reordered', (h) => (h.__metadata__.labels = JSON.stringify(['virginica', 'versicolor', 'setosa'])), 'metadata'],
      ['labels not an array', (h) => (h.__metadata__.labels = '"setosa"'), 'metadata'],
      ['model_id', (h) => (h.__metadata__.model_id = 'someone-else'), 'metadata'],
      ['config hidden size', (h) => (h.__metadata__.config = h.__metadata__.config.replace('"size":8', '"size":9')), 'shape'],
      ['config output size', (h) => (h.__metadata__.config = h.__metadata__.config.replace('"type":"output","size":null', '"type":"output","size":4')), 'shape'],
      ['config extra layer', (h) => (h.__metadata__.config = h.__metadata__.config.replace('{"type":"output"', '{"type":"hidden","size":8,"activation":"relu"},{"type":"output"')), 'shape'],
      ['spec activation', (h) => (h.__metadata__.spec = h.__metadata__.spec.replace('"activation":"relu"', '"activation":"tanh"')), 'shape'],
      ['spec loss', (h) => (h.__metadata__.spec = h.__metadata__.spec.replace('softmax_cross_entropy', 'mse').replace('"activation":"softmax"', '"activation":"linear"')), 'shape'],
    ];
    for (const [what, edit, code] of edits) {
      const { header, data } = p();
      edit(header);
      expect(codeOf(() => decodeClf(clfBuild(header, data))), what).toBe(code);
    }
  });

  it('refuses weights beyond ±MAX_WEIGHT and int8 scales that reach past it', () => {
    for (const v of [MAX_WEIGHT * 1.5, -MAX_WEIGHT * 4, 3e38]) {
      const { header, data } = p();
      new DataView(data.buffer).setFloat32(8, v, true);
      expect(codeOf(() => decodeClf(clfBuild(header, data))), String(v)).toBe('magnitude');
    }
    if (model.weights.kind !== 'f32') throw new Error('unreachable');
    const q = clfParts(encodeClf({ ...model, weights: { kind: 'int8', layers: quantizeParams(model.spec, model.weights.params) } }));
    const at = q.header['layers.0.weight_scale'].data_offsets[0];
    new DataView(q.data.buffer).setFloat32(at, MAX_WEIGHT / 10, true);
    expect(codeOf(() => decodeClf(clfBuild(q.header, q.data)))).toBe('magnitude');
  });

  it('refuses a network whose output for a neutral record overflows, though each weight is within bounds', () => {
    const config = parseModelConfig({
      modelId: 'deep',
      architecture: { layers: [{ type: 'input' }, ...Array.from({ length: 7 }, () => ({ type: 'hidden', size: 64, activation: 'relu' })), { type: 'output', activation: 'softmax' }] },
      training: { target: 'species' },
    });
    const spec = networkSpecFor(config, model.schema);
    const params = paramShapes(spec).flatMap(({ w, b }) => [new Float32Array(w[0] * w[1]).fill(MAX_WEIGHT), new Float32Array(b).fill(MAX_WEIGHT)]);
    const file = encodeClf({ ...model, config, spec, weights: { kind: 'f32', params } });
    expect(codeOf(() => decodeClf(file))).toBe('non_finite');
  });

  it('refuses a featurizer std below the floor, for features and the target', () => {
    for (const [what, edit] of [
      ['feature std', (f: any) => (f.features[0].std = STD_FLOOR / 10)],
      ['feature std 0', (f: any) => (f.features[1].std = 0)],
      ['target std', (f: any) => (f.target.std = 1e-300)],
    ] as const) {
      const { header, data } = p();
      const f = JSON.parse(header.__metadata__.featurizer);
      edit(f);
      header.__metadata__.featurizer = JSON.stringify(f);
      expect(codeOf(() => decodeClf(clfBuild(header, data))), what).toBe('config');
    }
  });

  it('caps text dimensions and dimensions × examples, so a small file cannot make the explanation index large', () => {
    const { header, data } = p();
    const f = JSON.parse(header.__metadata__.featurizer);
    f.features[0] = { kind: 'text', field: f.features[0].field, dim: 65536 };
    f.width = f.features.reduce((s: number, c: any) => s + (c.kind === 'text' ? c.dim : 1), 0);
    header.__metadata__.featurizer = JSON.stringify(f);
    expect(codeOf(() => decodeClf(clfBuild(header, data)))).toBe('config');

    // A consistent wide model: one text column of MAX_TEXT_DIM slots, as many examples as the cap allows, then one more.
    const schema = validateSchema({ version: 1, features: [{ kind: 'text', field: 't', dim: MAX_TEXT_DIM }], target: { field: 'y', task: 'classification', labels: ['a', 'b'], mean: 0, std: 1, reason: 'test' }, width: MAX_TEXT_DIM });
    const config = parseModelConfig({ modelId: 'wide', architecture: { layers: [{ type: 'input' }, { type: 'output', activation: 'softmax' }] }, training: { target: 'y' } });
    const spec = networkSpecFor(config, schema);
    const params = paramShapes(spec).flatMap(({ w, b }) => [new Float32Array(w[0] * w[1]), new Float32Array(b)]);
    const most = Math.floor(MAX_EXAMPLE_CELLS / MAX_TEXT_DIM);
    const examples = Array.from({ length: most }, (_, i) => ({ t: `word ${i}`, y: i % 2 ? 'a' : 'b' }));
    const wide = encodeClf({ config, spec, schema, weights: { kind: 'f32', params }, metrics: {}, examples });
    expect(decodeClf(wide).examples).toHaveLength(most);
    const w = clfParts(wide);
    w.header.__metadata__.examples = JSON.stringify([...examples, { t: 'one more', y: 'a' }]);
    expect(codeOf(() => decodeClf(clfBuild(w.header, w.data)))).toBe('too_large');
    expect(() => encodeClf({ config, spec, schema, weights: { kind: 'f32', params }, metrics: {}, examples: [...examples, { t: 'x', y: 'a' }] })).toThrow(RangeError);
  });

  it('refuses to write JSON the reader would refuse: a config nested too deep, a prototype-named key outside the examples', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 80; i++) deep = { a: deep };
    expect(() => encodeClf({ ...model, config: { ...model.config, extra: { notes: deep } } })).toThrow(/^the config nests deeper than the 64 levels/);
    // A data column named 'constructor' given a kind (parseModelConfig refuses it first): the reader refuses the key wherever it is, so the writer does too.
    const typed = { ...model.config, training: { ...model.config.training, feature_types: { constructor: 'text' as const } } };
    expect(() => encodeClf({ ...model, config: typed })).toThrow(/^the config holds the key 'constructor'/);
    expect(() => encodeClf({ ...model, metrics: { ...model.metrics, prototype: 1 } })).toThrow(/^the metrics holds the key 'prototype'/);
    // Examples' keys are data: written and read back.
    expect(decodeClf(encodeClf({ ...model, examples: [{ ...iris[0], constructor: 'x' }] })).examples).toHaveLength(1);
  });
});

describe('.clf fuzz', () => {
  it('9,500 mutated files, 19 kinds of damage and attack: each is refused with the ClfError its kind allows or loads a model with identical predictions', () => {
    const original = encodeClf(model);
    const protoKeys = Object.getOwnPropertyNames(Object.prototype).join(',');
    const rng = createRng(20261125);
    const pick = <T,>(xs: readonly T[]): T => xs[rng.int(xs.length)];
    const fresh = () => clfParts(original);
    const tensorNames = Object.keys(fresh().header).filter((k) => k !== '__metadata__');
    const jsonFields = ['config', 'spec', 'featurizer', 'metrics'] as const;
    const evilKeys = ['__proto__', 'constructor', 'prototype'] as const;
    /** Each kind makes a file and names the outcomes it may have ('ok': loaded with identical predictions); null allows any ClfError or ok. */
    const kinds: Record<string, { make: () => Uint8Array; allowed: string[] | null }> = {
      truncate: { allowed: null, make: () => original.slice(0, rng.int(original.length)) },
      bitflips: {
        allowed: null,
        make: () => {
          const f = original.slice();
          for (let i = 1 + rng.int(8); i > 0; i--) f[rng.int(f.length)] ^= 1 << rng.int(8);
          return f;
        },
      },
      header_length: {
        allowed: ['header_size', 'truncated', 'header_json', 'duplicate_key', 'tensor', 'offsets', 'ok'],
        make: () => {
          const f = original.slice();
          const choices = [2n ** 64n - 1n, 2n ** 53n, BigInt(MAX_HEADER_BYTES) + BigInt(rng.int(1000)), BigInt(rng.int(original.length * 2))];
          new DataView(f.buffer).setBigUint64(0, choices[rng.int(choices.length)], true);
          return f;
        },
      },
      offsets: {
        // Moving an offset that is already 0 to 0 changes nothing.
        allowed: ['offsets', 'truncated', 'tensor', 'ok'],
        make: () => {
          const { header, data } = fresh();
          const e = header[pick(tensorNames)];
          const i = rng.int(2);
          const deltas = [-4, 4, -1, 1, 1e9, -e.data_offsets[i]];
          e.data_offsets[i] += pick(deltas);
          return clfBuild(header, data);
        },
      },
      shapes: {
        // A bias reshaped to itself ([n] reversed or flattened) is still right.
        allowed: ['tensor', 'offsets', 'shape', 'ok'],
        make: () => {
          const { header, data } = fresh();
          const e = header[pick(tensorNames)];
          const r = rng.int(4);
          if (r === 0) e.shape = e.shape.toReversed();
          else if (r === 1) e.shape = [...e.shape, 1];
          else if (r === 2) e.shape = [e.shape.reduce((a: number, b: number) => a * b, 1)];
          else e.shape = [-1, ...e.shape];
          return clfBuild(header, data);
        },
      },
      non_finite: {
        allowed: ['non_finite'],
        make: () => {
          const { header, data } = fresh();
          new DataView(data.buffer).setFloat32(4 * rng.int(data.length / 4), pick([Number.NaN, Infinity, -Infinity]), true);
          return clfBuild(header, data);
        },
      },
      evil_keys: {
        allowed: ['forbidden_key'],
        make: () => {
          const { header, data } = fresh();
          const metaKey = pick(jsonFields);
          header.__metadata__[metaKey] = header.__metadata__[metaKey].replace('{', `{"${pick(evilKeys)}":{"polluted":true},`);
          return clfBuild(header, data);
        },
      },
      checksum: {
        allowed: ['checksum'],
        make: () => {
          const { header, data } = fresh();
          const c: string = header.__metadata__.checksum;
          const i = 7 + rng.int(64);
          header.__metadata__.checksum = c.slice(0, i) + (c[i] === 'a' ? 'b' : 'a') + c.slice(i + 1);
          return clfBuild(header, data, false);
        },
      },
      duplicate_keys: {
        allowed: ['duplicate_key'],
        make: () => {
          const { header, data } = fresh();
          const level = rng.int(4);
          if (level === 3) {
            const key = pick([...jsonFields, 'examples']);
            header.__metadata__[key] = header.__metadata__[key].replace(/\{"([^"]+)":/, '{"$1":0,"$1":');
            return clfBuild(header, data);
          }
          const text = signedText(header, data);
          if (level === 0) return rawFile(`{"__metadata__":${JSON.stringify(header.__metadata__)},${text.slice(1)}`, data);
          const name = pick(tensorNames);
          if (level === 1) return rawFile(`{"${name}":${JSON.stringify(header[name])},${text.slice(1)}`, data);
          const field = pick(['dtype', 'shape', 'data_offsets']);
          return rawFile(text.replace(`"${name}":{`, `"${name}":{"${field}":${JSON.stringify(header[name][field])},`), data);
        },
      },
      bom: {
        allowed: ['header_json'],
        make: () => {
          const { header, data } = fresh();
          return rawFile(signedText(header, data), data, pick([[0xef, 0xbb, 0xbf], [0x20], [0x0a], [0x09], [0x0d]]));
        },
      },
      number_spellings: {
        // A negative or fractional offset is refused as an offset before its spelling is looked at; 0 padded with zeros is not JSON.
        allowed: ['tensor', 'offsets', 'header_json'],
        make: () => {
          const { header, data } = fresh();
          const text = signedText(header, data);
          const name = pick(tensorNames);
          const field = pick(['shape', 'data_offsets']) as 'shape' | 'data_offsets';
          const values: number[] = header[name][field];
          const at = rng.int(values.length);
          const v = values[at];
          const spelled = pick([`${v}.0`, `${v}e0`, `${v}E+0`, `-${v}`, `${v}.25`, `${v}00000000000000000000`]);
          const entry = JSON.stringify(header[name]);
          const respelled = entry.replace(JSON.stringify({ [field]: values }).slice(1, -1), `"${field}":[${values.map((u, j) => (j === at ? spelled : String(u))).join(',')}]`);
          return rawFile(text.replace(entry, respelled), data);
        },
      },
      proto_keys: {
        allowed: ['forbidden_key'],
        make: () => {
          const { header, data } = fresh();
          const key = pick(evilKeys);
          const evil = `"${key}":${pick(['{"polluted":1}', '1', '"x"', 'null', '[]'])}`;
          const level = rng.int(3 + jsonFields.length);
          if (level >= 3) {
            const field = jsonFields[level - 3];
            // At the root of the JSON value or one object down.
            header.__metadata__[field] = rng.int(2) === 0
              ? header.__metadata__[field].replace('{', `{${evil},`)
              : intoNested(header.__metadata__[field], evil);
            return clfBuild(header, data);
          }
          const text = signedText(header, data);
          if (level === 0) return rawFile(`{${evil},${text.slice(1)}`, data);
          if (level === 1) return rawFile(text.replace(`"${pick(tensorNames)}":{`, (m) => `${m}${evil},`), data);
          return rawFile(text.replace('"__metadata__":{', `"__metadata__":{"${key}":"x",`), data);
        },
      },
      example_keys: {
        allowed: ['ok'],
        make: () => {
          const { header, data } = fresh();
          const examples = JSON.parse(header.__metadata__.examples);
          const i = rng.int(examples.length);
          const key = pick([...evilKeys, 'toString', 'valueOf', 'hasOwnProperty', 'species']);
          const value = pick(['{"toString":1,"valueOf":1}', '{"polluted":1}', 'null', '"x"', '[1,2]', '1e308']);
          const text = JSON.stringify(examples[i]);
          const edited = `{"${key}":${value},${text.slice(1)}`.replace(`,"${key}":${JSON.stringify(examples[i][key])}`, '');
          header.__metadata__.examples = header.__metadata__.examples.replace(text, edited);
          return clfBuild(header, data);
        },
      },
      huge_dims: {
        allowed: ['config', 'tensor', 'offsets', 'shape', 'truncated', 'too_large'],
        make: () => {
          const { header, data } = fresh();
          const r = rng.int(3);
          if (r === 0) {
            const f = JSON.parse(header.__metadata__.featurizer);
            const dim = pick([MAX_TEXT_DIM + 1, 65536, 1e6, 2 ** 31, 2 ** 53]);
            f.features[rng.int(f.features.length)] = { kind: 'text', field: 'notes', dim };
            f.width = f.features.reduce((s: number, c: any) => s + (c.kind === 'text' ? c.dim : c.missingFlag ? 2 : 1), 0);
            header.__metadata__.featurizer = JSON.stringify(f);
          } else if (r === 1) {
            const e = header[pick(tensorNames)];
            e.shape = [65536, 65536];
            e.data_offsets = [e.data_offsets[0], e.data_offsets[0] + 65536 * 65536 * 4];
          } else {
            const spec = JSON.parse(header.__metadata__.spec);
            spec.layers[rng.int(spec.layers.length - 1)].size = pick([65536, 65537, 1e9]);
            header.__metadata__.spec = JSON.stringify(spec);
          }
          return clfBuild(header, data);
        },
      },
      oversize_claims: {
        allowed: ['truncated', 'header_size', 'offsets', 'tensor', 'too_large'],
        make: () => {
          const { header, data } = fresh();
          if (rng.int(2) === 0) {
            const f = clfBuild(header, data);
            new DataView(f.buffer).setBigUint64(0, pick([BigInt(f.length), BigInt(f.length - 7), BigInt(MAX_HEADER_BYTES) + 1n, 2n ** 63n]), true);
            return f;
          }
          const e = header[pick(tensorNames)];
          e.data_offsets[1] = pick([2 ** 40, 2 ** 53 - 1, 2 ** 31]);
          return clfBuild(header, data);
        },
      },
      non_string_metadata: {
        allowed: ['metadata'],
        make: () => {
          const { header, data } = fresh();
          const keys = Object.keys(header.__metadata__);
          header.__metadata__[pick(keys)] = pick([1, null, true, {}, [], 1.5, { a: 'b' }]);
          return clfBuild(header, data, false);
        },
      },
      mismatch: {
        allowed: ['metadata', 'shape'],
        make: () => {
          const { header, data } = fresh();
          const m = header.__metadata__;
          pick([
            () => (m.labels = JSON.stringify(JSON.parse(m.labels).toReversed())),
            () => (m.labels = JSON.stringify(JSON.parse(m.labels).slice(1))),
            () => (m.labels = JSON.stringify([...JSON.parse(m.labels), 'extra'])),
            () => (m.model_id = 'other-model'),
            () => (m.config = m.config.replace('"size":8', `"size":${pick([1, 7, 9, 64])}`)),
            () => (m.config = m.config.replace('{"type":"output"', '{"type":"hidden","size":8,"activation":"relu"},{"type":"output"')),
            () => (m.spec = m.spec.replace('"activation":"relu"', `"activation":"${pick(['tanh', 'sigmoid', 'linear', 'leaky_relu'])}"`)),
          ])();
          return clfBuild(header, data);
        },
      },
      huge_weights: {
        allowed: ['magnitude'],
        make: () => {
          const { header, data } = fresh();
          const v = pick([MAX_WEIGHT * (1.01 + rng.next()), 1e30, 3.4e38]) * pick([1, -1]);
          new DataView(data.buffer).setFloat32(4 * rng.int(data.length / 4), v, true);
          return clfBuild(header, data);
        },
      },
      tiny_std: {
        allowed: ['config'],
        make: () => {
          const { header, data } = fresh();
          const f = JSON.parse(header.__metadata__.featurizer);
          const target = rng.int(5) === 0 ? f.target : f.features[rng.int(f.features.length)];
          target.std = pick([0, -1, STD_FLOOR / 2, 1e-300, -STD_FLOOR]);
          header.__metadata__.featurizer = JSON.stringify(f);
          return clfBuild(header, data);
        },
      },
    };
    const names = Object.keys(kinds);
    expect(names).toHaveLength(19);
    const counts: Record<string, number> = {};
    for (let c = 0; c < 9500; c++) {
      const kind = names[c % names.length];
      const file = kinds[kind].make();
      let outcome: string;
      try {
        const m = decodeClf(file);
        if (m.weights.kind !== 'f32') throw new Error('a float model came back quantized');
        expect(forwardF32(m.spec, m.weights.params, x, n)).toEqual(expected);
        outcome = 'ok';
      } catch (e) {
        if (!(e instanceof ClfError)) throw new Error(`${kind} case ${c}: ${(e as Error).name}: ${(e as Error).message}`, { cause: e });
        outcome = e.code;
      }
      const allowed = kinds[kind].allowed;
      if (allowed && !allowed.includes(outcome)) throw new Error(`${kind} case ${c}: ${outcome} (allowed: ${allowed.join(', ')})`);
      counts[`${kind}:${outcome}`] = (counts[`${kind}:${outcome}`] ?? 0) + 1;
    }
    expect(Object.getOwnPropertyNames(Object.prototype).join(',')).toBe(protoKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(9500);
    // The attacks with one right answer got it every time.
    for (const kind of ['evil_keys', 'checksum', 'non_finite', 'duplicate_keys', 'bom', 'proto_keys', 'example_keys', 'non_string_metadata', 'huge_weights', 'tiny_std']) {
      expect(counts[`${kind}:${kinds[kind].allowed![0]}`], kind).toBe(500);
    }
  });
});
