// The .clf format: round trips (float and int8), every validation rule, and a 5,000-case mutation fuzz that either refuses a file with ClfError or loads an identical model.
/* oxlint-disable no-underscore-dangle -- safetensors names its metadata entry __metadata__ */
import { irisRecords } from '../datasets/iris.fixture';
import { beforeAll, describe, expect, it } from 'vitest';
import { referencePort } from '../../kernel/reference/mlp';
import { parseModelConfig } from '../models/config';
import { encodeRecords } from '../models/featurizer';
import { forwardF32, forwardInt8, quantizeParams } from '../nn/forward';
import { createRng } from '../random';
import { train } from '../training/train';
import { clfChecksum, ClfError, decodeClf, encodeClf, MAX_HEADER_BYTES, type ModelArtifact } from './clf';
import { utf8Decode, utf8Encode } from './utf8';

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
  model = { config, spec: out.spec, schema: out.schema, weights: { kind: 'f32', params: out.params }, metrics: { val_accuracy: out.validation.accuracy }, examples: iris.slice(0, 20) };
  const enc = encodeRecords(out.schema, iris);
  x = enc.x;
  n = enc.n;
  expected = forwardF32(out.spec, out.params, x, n);
});

/** Splits a file into its header object and data, and joins them back with a fresh checksum (so structural checks, not the checksum, must catch the change). */
function parts(file: Uint8Array): { header: Record<string, any>; data: Uint8Array } {
  const len = Number(new DataView(file.buffer, file.byteOffset).getBigUint64(0, true));
  return { header: JSON.parse(utf8Decode(file.subarray(8, 8 + len))), data: file.slice(8 + len) };
}
function build(header: Record<string, any>, data: Uint8Array, resign = true): Uint8Array {
  if (resign) header.__metadata__.checksum = clfChecksum(header, data);
  const h = utf8Encode(JSON.stringify(header));
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
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
    const p = () => parts(file);
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
    expect(codeOf(() => decodeClf(build(header, data)))).toBe('offsets');
    ({ header, data } = p());
    header['layers.1.bias'].data_offsets = header['layers.1.bias'].data_offsets.map((o: number) => o + 4);
    expect(codeOf(() => decodeClf(build(header, data)))).toMatch(/offsets|truncated/);
    ({ header, data } = p());
    header['layers.0.weight'].shape = [8, 4];
    expect(codeOf(() => decodeClf(build(header, data)))).toBe('shape');
    ({ header, data } = p());
    header['layers.0.weight'].dtype = 'F16';
    expect(codeOf(() => decodeClf(build(header, data)))).toBe('tensor');
    ({ header, data } = p());
    new DataView(data.buffer).setFloat32(4, Number.NaN, true);
    expect(codeOf(() => decodeClf(build(header, data)))).toBe('non_finite');
    ({ header, data } = p());
    new DataView(data.buffer).setFloat32(0, Number.POSITIVE_INFINITY, true);
    expect(codeOf(() => decodeClf(build(header, data)))).toBe('non_finite');
    ({ header, data } = p());
    header.__metadata__.checksum = `sha256:${'0'.repeat(64)}`;
    expect(codeOf(() => decodeClf(build(header, data, false)))).toBe('checksum');
    ({ header, data } = p());
    header.__metadata__.format_version = '2';
    expect(codeOf(() => decodeClf(build(header, data)))).toBe('metadata');
    ({ header, data } = p());
    header.__metadata__.featurizer = header.__metadata__.featurizer.replace('"width":4', '"width":5');
    expect(codeOf(() => decodeClf(build(header, data)))).toBe('config');
  });

  it('refuses __proto__ and constructor keys anywhere, leaving Object.prototype alone', () => {
    const { header, data } = parts(encodeClf(model));
    const text = JSON.stringify({ ...header, __metadata__: { ...header.__metadata__, checksum: clfChecksum(header, data) } });
    for (const evil of ['"__proto__":{"polluted":1},', '"constructor":{"prototype":{"polluted":1}},']) {
      const h = utf8Encode(`{${evil}${text.slice(1)}`);
      const f = new Uint8Array(8 + h.length + data.length);
      new DataView(f.buffer).setBigUint64(0, BigInt(h.length), true);
      f.set(h, 8);
      f.set(data, 8 + h.length);
      expect(codeOf(() => decodeClf(f))).toBe('forbidden_key');
    }
    const meta = parts(encodeClf(model));
    meta.header.__metadata__.config = meta.header.__metadata__.config.replace('{', '{"__proto__":{"polluted":1},');
    expect(codeOf(() => decodeClf(build(meta.header, meta.data)))).toBe('forbidden_key');
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('.clf fuzz', () => {
  it('5,000 mutated files: each is refused with ClfError or loads a model with identical predictions', () => {
    const original = encodeClf(model);
    const protoKeys = Object.getOwnPropertyNames(Object.prototype).join(',');
    const rng = createRng(20261125);
    const counts: Record<string, number> = {};
    const mutations: Record<string, () => Uint8Array> = {
      truncate: () => original.slice(0, rng.int(original.length)),
      bitflips: () => {
        const f = original.slice();
        for (let i = 1 + rng.int(8); i > 0; i--) f[rng.int(f.length)] ^= 1 << rng.int(8);
        return f;
      },
      header_length: () => {
        const f = original.slice();
        const choices = [2n ** 64n - 1n, 2n ** 53n, BigInt(MAX_HEADER_BYTES) + BigInt(rng.int(1000)), BigInt(rng.int(original.length * 2))];
        new DataView(f.buffer).setBigUint64(0, choices[rng.int(choices.length)], true);
        return f;
      },
      offsets: () => {
        const { header, data } = parts(original);
        const names = Object.keys(header).filter((k) => k !== '__metadata__');
        const e = header[names[rng.int(names.length)]];
        const i = rng.int(2);
        const deltas = [-4, 4, -1, 1, 1e9, -e.data_offsets[i]];
        e.data_offsets[i] += deltas[rng.int(deltas.length)];
        return build(header, data);
      },
      shapes: () => {
        const { header, data } = parts(original);
        const names = Object.keys(header).filter((k) => k !== '__metadata__');
        const e = header[names[rng.int(names.length)]];
        const r = rng.int(4);
        if (r === 0) e.shape = e.shape.toReversed();
        else if (r === 1) e.shape = [...e.shape, 1];
        else if (r === 2) e.shape = [e.shape.reduce((a: number, b: number) => a * b, 1)];
        else e.shape = [-1, ...e.shape];
        return build(header, data);
      },
      non_finite: () => {
        const { header, data } = parts(original);
        const at = 4 * rng.int(data.length / 4);
        new DataView(data.buffer).setFloat32(at, [Number.NaN, Infinity, -Infinity][rng.int(3)], true);
        return build(header, data);
      },
      evil_keys: () => {
        const { header, data } = parts(original);
        const key = ['__proto__', 'constructor', 'prototype'][rng.int(3)];
        const metaKey = ['config', 'featurizer', 'spec', 'metrics', 'examples'][rng.int(5)];
        header.__metadata__[metaKey] = header.__metadata__[metaKey].replace('{', `{"${key}":{"polluted":true},`);
        return build(header, data);
      },
      checksum: () => {
        const { header, data } = parts(original);
        const c: string = header.__metadata__.checksum;
        const i = 7 + rng.int(64);
        header.__metadata__.checksum = c.slice(0, i) + (c[i] === 'a' ? 'b' : 'a') + c.slice(i + 1);
        return build(header, data, false);
      },
    };
    const kinds = Object.keys(mutations);
    for (let c = 0; c < 5000; c++) {
      const kind = kinds[c % kinds.length];
      const file = mutations[kind]();
      let outcome: string;
      try {
        const m = decodeClf(file);
        if (m.weights.kind !== 'f32') throw new Error('a float model came back quantized');
        expect(forwardF32(m.spec, m.weights.params, x, n)).toEqual(expected);
        outcome = 'loaded-identical';
      } catch (e) {
        if (!(e instanceof ClfError)) throw new Error(`${kind} case ${c}: ${(e as Error).name}: ${(e as Error).message}`, { cause: e });
        outcome = e.code;
      }
      counts[`${kind}:${outcome}`] = (counts[`${kind}:${outcome}`] ?? 0) + 1;
    }
    expect(Object.getOwnPropertyNames(Object.prototype).join(',')).toBe(protoKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Every mutation kind was exercised and (except harmless ones) refused.
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    expect(total).toBe(5000);
    expect(counts['evil_keys:forbidden_key']).toBe(625);
    expect(counts['checksum:checksum']).toBe(625);
    expect(counts['non_finite:non_finite']).toBe(625);
  });
});
