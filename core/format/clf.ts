// The .clf model file: a safetensors file (u64 header length, JSON header, raw little-endian tensors) whose __metadata__ carries config, featurizer, labels, metrics and a checksum.
/* oxlint-disable no-underscore-dangle -- safetensors names its metadata entry __metadata__ */
import { sha256 } from '@noble/hashes/sha2.js';
import { parseModelConfig, type ModelConfig } from '../models/config';
import { validateSchema, type FeatureSchema } from '../models/featurizer';
import type { QuantizedLayer } from '../nn/forward';
import type { ParamList } from '../nn/port';
import { paramShapes, specErrors, type NetworkSpec } from '../nn/spec';
import { utf8Decode, utf8Encode } from './utf8';

export const CLF_FORMAT = 'safla-clf';
export const CLF_VERSION = '1';
/** Header bytes accepted at most: a model's metadata is kilobytes; a huge length is an attack or corruption. */
export const MAX_HEADER_BYTES = 8 * 1024 * 1024;
const MAX_TENSORS = 1024;
const MAX_ELEMENTS = 1 << 28;

export type { QuantizedLayer };

export type ModelWeights = { kind: 'f32'; params: ParamList } | { kind: 'int8'; layers: QuantizedLayer[] };

export interface ModelArtifact {
  config: ModelConfig;
  spec: NetworkSpec;
  schema: FeatureSchema;
  weights: ModelWeights;
  /** Training summary and measured metrics (JSON-serialisable). */
  metrics: Record<string, unknown>;
  /**
   * A sample of the training records (at most MAX_EXAMPLES): the similar examples predictions are
   * explained with. Vectors are not stored: featurize() recomputes them exactly from the schema.
   */
  examples: Record<string, unknown>[];
}

export const MAX_EXAMPLES = 2000;

export type ClfErrorCode =
  | 'truncated' | 'header_size' | 'header_json' | 'forbidden_key' | 'tensor' | 'offsets'
  | 'metadata' | 'config' | 'shape' | 'non_finite' | 'checksum';

/** Every way a file can be refused; `code` lets callers and tests tell them apart. */
export class ClfError extends Error {
  constructor(readonly code: ClfErrorCode, message: string, options?: { cause?: unknown }) {
    super(`model file: ${message}`, options);
    this.name = 'ClfError';
  }
}

type Dtype = 'F32' | 'I8';
interface TensorEntry {
  dtype: Dtype;
  shape: number[];
  data_offsets: [number, number];
}
const BYTES: Record<Dtype, number> = { F32: 4, I8: 1 };

/** JSON with object keys sorted at every level: the checksum must not depend on key order or whitespace. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).toSorted().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}


function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** sha256 over the canonical header (checksum left out) followed by the tensor bytes. */
export function clfChecksum(header: Record<string, unknown>, data: Uint8Array): string {
  const meta = { ...(header.__metadata__ as Record<string, string>) };
  delete meta.checksum;
  const text = utf8Encode(canonicalJson({ ...header, __metadata__: meta }));
  const all = new Uint8Array(text.length + 1 + data.length);
  all.set(text, 0);
  all.set(data, text.length + 1);
  return `sha256:${hex(sha256(all))}`;
}

function tensorsOf(spec: NetworkSpec, weights: ModelWeights): { name: string; dtype: Dtype; shape: number[]; data: Float32Array | Int8Array }[] {
  const shapes = paramShapes(spec);
  if (weights.kind === 'f32') {
    if (weights.params.length !== shapes.length * 2) throw new RangeError(`${weights.params.length} parameter arrays for ${shapes.length} layers`);
    return shapes.flatMap(({ w, b }, i) => [
      { name: `layers.${i}.weight`, dtype: 'F32' as const, shape: [w[0], w[1]], data: weights.params[2 * i] },
      { name: `layers.${i}.bias`, dtype: 'F32' as const, shape: [b], data: weights.params[2 * i + 1] },
    ]);
  }
  if (weights.layers.length !== shapes.length) throw new RangeError(`${weights.layers.length} quantized layers for ${shapes.length} layers`);
  return shapes.flatMap(({ w, b }, i) => [
    { name: `layers.${i}.weight`, dtype: 'I8' as const, shape: [w[1], w[0]], data: weights.layers[i].w },
    { name: `layers.${i}.weight_scale`, dtype: 'F32' as const, shape: [b], data: weights.layers[i].scales },
    { name: `layers.${i}.bias`, dtype: 'F32' as const, shape: [b], data: weights.layers[i].bias },
  ]);
}

export function encodeClf(model: ModelArtifact): Uint8Array {
  const tensors = tensorsOf(model.spec, model.weights);
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const t of tensors) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (t.data.length !== count) throw new RangeError(`${t.name}: ${t.data.length} values for shape [${t.shape.join(', ')}]`);
    const bytes = count * BYTES[t.dtype];
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const data = new Uint8Array(offset);
  for (const t of tensors) {
    const [begin] = (header[t.name] as TensorEntry).data_offsets;
    // Typed arrays are little-endian on every platform we run on (checked at decode), as safetensors requires.
    data.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), begin);
  }
  header.__metadata__ = {
    format: CLF_FORMAT,
    format_version: CLF_VERSION,
    model_id: model.config.modelId,
    quantization: model.weights.kind === 'int8' ? 'int8-per-output-channel' : 'none',
    config: JSON.stringify(configToJson(model.config)),
    spec: JSON.stringify(model.spec),
    featurizer: JSON.stringify(model.schema),
    labels: JSON.stringify(model.schema.target.labels),
    metrics: JSON.stringify(model.metrics),
    examples: JSON.stringify(model.examples),
  };
  (header.__metadata__ as Record<string, string>).checksum = clfChecksum(header, data);
  let json = JSON.stringify(header);
  // Pad with spaces so the tensor data starts 8-byte aligned (the safetensors convention).
  const raw = utf8Encode(json);
  json += ' '.repeat((8 - (raw.length % 8)) % 8);
  const headerBytes = utf8Encode(json);
  const out = new Uint8Array(8 + headerBytes.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  out.set(data, 8 + headerBytes.length);
  return out;
}

/** The config as the reference's JSON (what parseModelConfig reads back). */
export function configToJson(c: ModelConfig): Record<string, unknown> {
  return {
    ...c.extra,
    modelId: c.modelId,
    type: c.type,
    architecture: { type: 'feedforward', layers: c.layers.map((l) => (l.type === 'input' ? { type: l.type, size: l.size } : { type: l.type, size: l.size, activation: l.activation })) },
    training: { ...c.training },
  };
}

/** A NetworkSpec from untrusted JSON: shape-checked before specErrors reads it. */
function badSpec(why: string): never {
  throw new ClfError('config', `spec: ${why}`);
}

function checkSpec(raw: unknown): NetworkSpec {
  const bad = badSpec;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) bad('must be an object');
  const s = raw as Record<string, unknown>;
  if (!Array.isArray(s.layers) || s.layers.length < 2 || s.layers.length > 64) bad('layers must be an array of 2 to 64 layers');
  for (const l of s.layers as unknown[]) {
    if (typeof l !== 'object' || l === null || !Number.isInteger((l as Record<string, unknown>).size) || typeof (l as Record<string, unknown>).activation !== 'string') bad('each layer needs an integer size and an activation');
  }
  if (typeof s.optimizer !== 'object' || s.optimizer === null) bad('optimizer must be an object');
  const spec = raw as NetworkSpec;
  const errs = specErrors(spec);
  if (errs.length > 0) bad(errs.join('; '));
  return spec;
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** JSON.parse that refuses keys which could reach prototypes if the object were ever merged or assigned. */
function parseStrict(text: string, where: string): unknown {
  let bad: string | undefined;
  let value: unknown;
  try {
    value = JSON.parse(text, (key, v: unknown) => {
      if (FORBIDDEN.has(key)) bad = key;
      return v;
    });
  } catch (e) {
    throw new ClfError('header_json', `${where} is not valid JSON (${(e as Error).message})`);
  }
  if (bad !== undefined) throw new ClfError('forbidden_key', `${where} contains the key '${bad}'`);
  return value;
}

function isSafeCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/**
 * Reads and checks a whole file before returning anything: sizes, header JSON, forbidden keys, tensor
 * entries, contiguous in-bounds offsets, metadata, config, featurizer, shapes against the config,
 * finite values, checksum. Throws ClfError on the first problem.
 */
export function decodeClf(file: Uint8Array): ModelArtifact {
  if (new Uint8Array(Uint16Array.of(1).buffer)[0] !== 1) throw new Error('big-endian hosts are not supported');
  if (file.length < 8) throw new ClfError('truncated', `${file.length} bytes is too short for a header length`);
  const n = new DataView(file.buffer, file.byteOffset, file.byteLength).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES)) throw new ClfError('header_size', `header length ${n} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  const headerLen = Number(n);
  if (8 + headerLen > file.length) throw new ClfError('truncated', `header of ${headerLen} bytes runs past the end of the ${file.length}-byte file`);
  let text: string;
  try {
    text = utf8Decode(file.subarray(8, 8 + headerLen));
  } catch {
    throw new ClfError('header_json', 'header is not valid UTF-8');
  }
  const header = parseStrict(text, 'header');
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new ClfError('header_json', 'header must be a JSON object');
  const h = header as Record<string, unknown>;
  const data = file.subarray(8 + headerLen);

  // Tensors: well-formed entries, then offsets that tile the data exactly.
  const names = Object.keys(h).filter((k) => k !== '__metadata__');
  if (names.length > MAX_TENSORS) throw new ClfError('tensor', `${names.length} tensors (at most ${MAX_TENSORS})`);
  const entries = new Map<string, TensorEntry>();
  for (const name of names) {
    const e = h[name] as Record<string, unknown>;
    if (typeof e !== 'object' || e === null || Array.isArray(e)) throw new ClfError('tensor', `${name} must be an object`);
    const { dtype, shape, data_offsets: off } = e;
    if (dtype !== 'F32' && dtype !== 'I8') throw new ClfError('tensor', `${name}: dtype ${JSON.stringify(dtype)} (only F32 and I8)`);
    if (!Array.isArray(shape) || shape.length > 8 || !shape.every(isSafeCount)) throw new ClfError('tensor', `${name}: shape must be up to 8 non-negative integers`);
    let count = 1;
    for (const d of shape as number[]) {
      count *= d;
      if (count > MAX_ELEMENTS) throw new ClfError('tensor', `${name}: more than ${MAX_ELEMENTS} elements`);
    }
    if (!Array.isArray(off) || off.length !== 2 || !off.every(isSafeCount) || off[0] > off[1]) throw new ClfError('offsets', `${name}: data_offsets must be [begin, end] with begin ≤ end`);
    if (off[1] - off[0] !== count * BYTES[dtype]) throw new ClfError('offsets', `${name}: ${off[1] - off[0]} bytes for ${count} ${dtype} values`);
    entries.set(name, { dtype, shape: shape as number[], data_offsets: [off[0], off[1]] });
  }
  const sorted = [...entries.values()].toSorted((a, b) => a.data_offsets[0] - b.data_offsets[0]);
  let cursor = 0;
  for (const e of sorted) {
    if (e.data_offsets[0] !== cursor) throw new ClfError('offsets', `tensor data ${e.data_offsets[0] < cursor ? 'overlaps' : 'has a gap'} at byte ${Math.min(cursor, e.data_offsets[0])}`);
    cursor = e.data_offsets[1];
  }
  if (cursor !== data.length) throw new ClfError(cursor > data.length ? 'truncated' : 'offsets', `tensors cover ${cursor} bytes, the file holds ${data.length}`);

  // Metadata: strings only; the known fields parsed and validated.
  const meta = h.__metadata__;
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) throw new ClfError('metadata', '__metadata__ is missing');
  const m = meta as Record<string, unknown>;
  for (const [k, v] of Object.entries(m)) if (typeof v !== 'string') throw new ClfError('metadata', `__metadata__.${k} must be a string`);
  const field = (k: string): string => {
    const v = Object.prototype.hasOwnProperty.call(m, k) ? m[k] : undefined;
    if (typeof v !== 'string') throw new ClfError('metadata', `__metadata__.${k} is missing`);
    return v;
  };
  if (field('format') !== CLF_FORMAT) throw new ClfError('metadata', `format is ${JSON.stringify(m.format)}, not ${CLF_FORMAT}`);
  if (field('format_version') !== CLF_VERSION) throw new ClfError('metadata', `format_version ${JSON.stringify(m.format_version)} is not supported (this app reads ${CLF_VERSION})`);
  const quant = field('quantization');
  if (quant !== 'none' && quant !== 'int8-per-output-channel') throw new ClfError('metadata', `unknown quantization ${JSON.stringify(quant)}`);
  const sum = field('checksum');
  if (sum !== clfChecksum(h, data)) throw new ClfError('checksum', 'checksum does not match the contents (the file is damaged or was edited)');

  let config: ModelConfig;
  let schema: FeatureSchema;
  let spec: NetworkSpec;
  let metrics: unknown;
  let examples: unknown;
  try {
    config = parseModelConfig(parseStrict(field('config'), '__metadata__.config'));
    schema = validateSchema(parseStrict(field('featurizer'), '__metadata__.featurizer'));
    spec = checkSpec(parseStrict(field('spec'), '__metadata__.spec'));
    metrics = parseStrict(field('metrics'), '__metadata__.metrics');
    examples = parseStrict(field('examples'), '__metadata__.examples');
  } catch (e) {
    // The validators throw their own typed errors (ConfigError, DataError); a file reports them all as ClfError.
    if (e instanceof ClfError) throw e;
    throw new ClfError('config', (e as Error).message, { cause: e });
  }
  if (spec.layers[0].size !== schema.width) throw new ClfError('shape', `spec takes ${spec.layers[0].size} inputs, the featurizer makes ${schema.width}`);
  const outputs = spec.layers[spec.layers.length - 1].size;
  const wantOut = schema.target.task === 'regression' || spec.loss === 'binary_cross_entropy' ? 1 : schema.target.labels.length;
  if (outputs !== wantOut) throw new ClfError('shape', `spec has ${outputs} outputs, the labels need ${wantOut}`);
  if (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics)) throw new ClfError('metadata', 'metrics must be a JSON object');
  if (!Array.isArray(examples) || examples.length > MAX_EXAMPLES || !examples.every((e) => typeof e === 'object' && e !== null && !Array.isArray(e))) {
    throw new ClfError('metadata', `examples must be an array of at most ${MAX_EXAMPLES} records`);
  }

  // Tensors against the spec: exactly the expected names and shapes, finite values.
  const read = (name: string, dtype: Dtype, shape: number[]): Float32Array | Int8Array => {
    const e = entries.get(name);
    if (!e) throw new ClfError('shape', `tensor ${name} is missing`);
    if (e.dtype !== dtype || e.shape.length !== shape.length || e.shape.some((d, i) => d !== shape[i])) {
      throw new ClfError('shape', `${name} is ${e.dtype} [${e.shape.join(', ')}], the config needs ${dtype} [${shape.join(', ')}]`);
    }
    const bytes = data.slice(e.data_offsets[0], e.data_offsets[1]);
    if (dtype === 'I8') return new Int8Array(bytes.buffer);
    const f = new Float32Array(bytes.buffer);
    for (let i = 0; i < f.length; i++) if (!Number.isFinite(f[i])) throw new ClfError('non_finite', `${name}[${i}] is ${f[i]}`);
    return f;
  };
  const shapes = paramShapes(spec);
  let weights: ModelWeights;
  if (quant === 'none') {
    weights = { kind: 'f32', params: shapes.flatMap(({ w, b }, i) => [read(`layers.${i}.weight`, 'F32', w) as Float32Array, read(`layers.${i}.bias`, 'F32', [b]) as Float32Array]) };
  } else {
    weights = {
      kind: 'int8',
      layers: shapes.map(({ w, b }, i) => {
        const scales = read(`layers.${i}.weight_scale`, 'F32', [b]) as Float32Array;
        if (scales.some((s) => s < 0)) throw new ClfError('non_finite', `layers.${i}.weight_scale has a negative scale`);
        return { w: read(`layers.${i}.weight`, 'I8', [w[1], w[0]]) as Int8Array, scales, bias: read(`layers.${i}.bias`, 'F32', [b]) as Float32Array };
      }),
    };
  }
  const expected = weights.kind === 'f32' ? shapes.length * 2 : shapes.length * 3;
  if (entries.size !== expected) throw new ClfError('shape', `${entries.size} tensors, the config needs ${expected}`);
  return { config, spec, schema, weights, metrics: metrics as Record<string, unknown>, examples: examples as Record<string, unknown>[] };
}
