// The .clf model file: a safetensors file (u64 header length, JSON header, raw little-endian tensors) whose __metadata__ carries config, featurizer, labels, metrics and a checksum. Writing is here; reading is in clf-decode.ts.
/* oxlint-disable no-underscore-dangle -- safetensors names its metadata entry __metadata__ */
import type { ModelConfig } from '../models/config';
import { paramShapes, type NetworkSpec } from '../nn/spec';
import { CLF_FORMAT, CLF_VERSION, clfChecksum, FORBIDDEN_KEYS, MAX_HEADER_BYTES, MAX_JSON_DEPTH, MAX_WEIGHT, maxExamplesFor, type ModelArtifact, type ModelWeights } from './clf-base';
import { scanJson } from './json-scan';
import { utf8Encode } from './utf8';

export {
  canonicalJson, CLF_FORMAT, CLF_VERSION, clfChecksum, ClfError, MAX_CLF_BYTES, MAX_EXAMPLE_CELLS, MAX_EXAMPLES, MAX_EXAMPLES_JSON, MAX_HEADER_BYTES, MAX_JSON_DEPTH, MAX_WEIGHT, maxExamplesFor,
  type ClfErrorCode, type ModelArtifact, type ModelWeights, type QuantizedLayer,
} from './clf-base';
export { blobSource, decodeClf, decodeClfFrom, type BlobLike, type ByteSource } from './clf-decode';
export { MAX_PARAMETERS } from '../nn/spec';

type Dtype = 'F32' | 'I8';
const BYTES: Record<Dtype, number> = { F32: 4, I8: 1 };

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

/** The metadata entries that hold JSON, each checked by the reader. */
const JSON_ENTRIES = ['config', 'spec', 'featurizer', 'labels', 'metrics', 'examples'] as const;

/** Writes a model; refuses (RangeError) what the reader would refuse for its limits, so a written file always loads. */
export function encodeClf(model: ModelArtifact): Uint8Array {
  const tensors = tensorsOf(model.spec, model.weights);
  const most = maxExamplesFor(model.schema.width);
  if (model.examples.length > most) throw new RangeError(`${model.examples.length} examples; a model of ${model.schema.width} features may keep ${most}`);
  const header: Record<string, unknown> = {};
  const begins: number[] = [];
  let offset = 0;
  for (const t of tensors) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (t.data.length !== count) throw new RangeError(`${t.name}: ${t.data.length} values for shape [${t.shape.join(', ')}]`);
    if (t.data instanceof Float32Array) {
      const bad = t.data.findIndex((v) => !(Math.abs(v) <= MAX_WEIGHT));
      if (bad >= 0) throw new RangeError(`${t.name}[${bad}] is ${t.data[bad]}; a model file holds finite values within ±${MAX_WEIGHT}`);
    }
    const bytes = count * BYTES[t.dtype];
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    begins.push(offset);
    offset += bytes;
  }
  const data = new Uint8Array(offset);
  tensors.forEach((t, i) => {
    // Typed arrays are little-endian on every platform we run on (checked at decode), as safetensors requires.
    data.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), begins[i]);
  });
  const entries: Record<(typeof JSON_ENTRIES)[number], string> = {
    config: JSON.stringify(configToJson(model.config)),
    spec: JSON.stringify(model.spec),
    featurizer: JSON.stringify(model.schema),
    labels: JSON.stringify(model.schema.target.labels),
    metrics: JSON.stringify(model.metrics),
    examples: JSON.stringify(model.examples),
  };
  // The reader's checks of each entry's JSON (clf-decode's parseJson): a config's extras or feature_types can fail them.
  for (const k of JSON_ENTRIES) {
    const p = scanJson(entries[k], { maxDepth: MAX_JSON_DEPTH, forbidden: k === 'examples' ? undefined : FORBIDDEN_KEYS });
    if (p?.kind === 'depth') throw new RangeError(`the ${k} nests deeper than the ${MAX_JSON_DEPTH} levels a model file may have`);
    if (p?.kind === 'forbidden') throw new RangeError(`the ${k} holds the key '${p.key}', which a model file may not hold outside its examples`);
  }
  header.__metadata__ = {
    format: CLF_FORMAT,
    format_version: CLF_VERSION,
    model_id: model.config.modelId,
    quantization: model.weights.kind === 'int8' ? 'int8-per-output-channel' : 'none',
    ...entries,
  };
  (header.__metadata__ as Record<string, string>).checksum = clfChecksum(header, data);
  let json = JSON.stringify(header);
  // Pad with spaces so the tensor data starts 8-byte aligned (the safetensors convention).
  const raw = utf8Encode(json);
  json += ' '.repeat((8 - (raw.length % 8)) % 8);
  const headerBytes = utf8Encode(json);
  if (headerBytes.length > MAX_HEADER_BYTES) throw new RangeError(`the header would take ${headerBytes.length} bytes, more than the ${MAX_HEADER_BYTES} a model file may have (keep fewer or smaller examples)`);
  const out = new Uint8Array(8 + headerBytes.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  out.set(data, 8 + headerBytes.length);
  return out;
}

/** A JSON value without keys named like prototype members at any depth: the reader refuses them in a config. */
function withoutPrototypeKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutPrototypeKeys);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => k !== '__proto__' && k !== 'constructor' && k !== 'prototype').map(([k, x]) => [k, withoutPrototypeKeys(x)]));
}

/** The config as the reference's JSON (what parseModelConfig reads back); extra keys named like prototype members are left out. */
export function configToJson(c: ModelConfig): Record<string, unknown> {
  return {
    ...(withoutPrototypeKeys(c.extra) as Record<string, unknown>),
    modelId: c.modelId,
    type: c.type,
    architecture: { type: 'feedforward', layers: c.layers.map((l) => (l.type === 'input' ? { type: l.type, size: l.size } : { type: l.type, size: l.size, activation: l.activation })) },
    training: { ...c.training },
  };
}
