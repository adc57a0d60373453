// Reading a .clf from bytes in memory or from any byte source (a file handle, a Blob): the 8-byte length and the header first, every check that needs no tensor bytes, then each tensor read once, so a hostile file is refused before anything near its claimed size is allocated.
/* oxlint-disable no-underscore-dangle -- safetensors names its metadata entry __metadata__ */
import { parseModelConfig, type ModelConfig } from '../models/config';
import { featurize, validateSchema, type FeatureSchema } from '../models/featurizer';
import { forwardF32, forwardInt8 } from '../nn/forward';
import { MAX_PARAMETERS, paramCount, paramShapes, specErrors, type NetworkSpec } from '../nn/spec';
import { networkSpecFor } from '../training/train';
import {
  checksumHasher, CLF_FORMAT, FORBIDDEN_KEYS, CLF_VERSION, ClfError, MAX_CLF_BYTES, MAX_EXAMPLE_CELLS, MAX_EXAMPLES, MAX_HEADER_BYTES, MAX_JSON_DEPTH, MAX_WEIGHT,
  type ClfErrorCode, type ModelArtifact, type ModelWeights,
} from './clf-base';
import { scanJson } from './json-scan';
import { utf8Decode } from './utf8';

/** Where a file's bytes come from. The reader asks for the length, the header, then each tensor, each byte once. */
export interface ByteSource {
  /** Total bytes; checked against the limits before anything is read. */
  readonly size: number;
  /** `length` bytes from `offset`, in a buffer the reader may keep (the tensors are views of it). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** What blobSource needs of a Blob or File (typed here: core compiles without DOM types). */
export interface BlobLike {
  readonly size: number;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

/** A Blob or File as a byte source: each read is one slice, so only the asked-for bytes are loaded. */
export function blobSource(blob: BlobLike): ByteSource {
  return { size: blob.size, read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()) };
}

type Dtype = 'F32' | 'I8';
const BYTES: Record<Dtype, number> = { F32: 4, I8: 1 };
const MAX_TENSORS = 1024;
const MAX_ELEMENTS = 1 << 28;

interface TensorEntry {
  dtype: Dtype;
  shape: number[];
  begin: number;
  end: number;
}
interface TensorRead {
  name: string;
  dtype: Dtype;
  begin: number;
  end: number;
}
/** Everything learned from the header: the parsed model, and the tensors to read, in file order. */
interface Plan {
  header: Record<string, unknown>;
  checksum: string;
  quantized: boolean;
  config: ModelConfig;
  spec: NetworkSpec;
  schema: FeatureSchema;
  metrics: Record<string, unknown>;
  examples: Record<string, unknown>[];
  reads: TensorRead[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: Obj, k: string): unknown => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);
const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const quote = (s: string): string => JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);

/** JSON.parse, then what it lets through: repeated keys, prototype keys (unless the keys are data) and deep nesting. */
function parseJson(text: string, where: string, opts: { keysAreData?: boolean } = {}): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ClfError('header_json', `${where} is not valid JSON (${(e as Error).message})`);
  }
  const p = scanJson(text, { maxDepth: MAX_JSON_DEPTH, forbidden: opts.keysAreData ? undefined : FORBIDDEN_KEYS });
  if (p?.kind === 'duplicate') throw new ClfError('duplicate_key', `${where} holds the key ${quote(p.key)} twice (character ${p.at}): which one is meant is ambiguous`);
  if (p?.kind === 'forbidden') throw new ClfError('forbidden_key', `${where} contains the key '${p.key}'`);
  if (p?.kind === 'depth') throw new ClfError('header_json', `${where} nests deeper than ${MAX_JSON_DEPTH} levels`);
  return value;
}

/** Runs a validator over untrusted JSON; its own typed errors (ConfigError, DataError, TrainingError) become ClfError with `code`. */
function checked<T>(code: ClfErrorCode, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ClfError) throw e;
    throw new ClfError(code, (e as Error).message, { cause: e });
  }
}

function bad(why: string): never {
  throw new ClfError('config', `spec: ${why}`);
}

/** A NetworkSpec from untrusted JSON: shape-checked before specErrors reads it; too many parameters is its own error. */
function checkSpec(raw: unknown): NetworkSpec {
  if (!isObj(raw)) bad('must be an object');
  const s = raw as Obj;
  const layers = own(s, 'layers');
  if (!Array.isArray(layers) || layers.length < 2 || layers.length > 64) bad('layers must be an array of 2 to 64 layers');
  for (const l of layers as unknown[]) {
    if (!isObj(l) || !Number.isInteger(own(l, 'size')) || typeof own(l, 'activation') !== 'string') bad('each layer needs an integer size and an activation');
  }
  if (!isObj(own(s, 'optimizer'))) bad('optimizer must be an object');
  const spec = s as unknown as NetworkSpec;
  const params = paramCount(spec);
  if (spec.layers.every((l) => l.size >= 1 && l.size <= 65536) && params > MAX_PARAMETERS) {
    throw new ClfError('too_large', `spec: ${params.toLocaleString('en-US')} parameters, more than the ${MAX_PARAMETERS.toLocaleString('en-US')} a network may have`);
  }
  const errs = specErrors(spec);
  if (errs.length > 0) bad(errs.join('; '));
  return spec;
}

/** The tensors a spec needs, by name, with their dtypes and shapes. */
function expectedTensors(spec: NetworkSpec, quantized: boolean): { name: string; dtype: Dtype; shape: number[] }[] {
  return paramShapes(spec).flatMap(({ w, b }, i) => (quantized
    ? [
        { name: `layers.${i}.weight`, dtype: 'I8' as const, shape: [w[1], w[0]] },
        { name: `layers.${i}.weight_scale`, dtype: 'F32' as const, shape: [b] },
        { name: `layers.${i}.bias`, dtype: 'F32' as const, shape: [b] },
      ]
    : [
        { name: `layers.${i}.weight`, dtype: 'F32' as const, shape: [w[0], w[1]] },
        { name: `layers.${i}.bias`, dtype: 'F32' as const, shape: [b] },
      ]));
}

/** Tensor entries: well formed, then offsets that tile exactly the `dataBytes` the file has after its header. */
function tensorEntries(h: Obj, dataBytes: number): Map<string, TensorEntry> {
  const names = Object.keys(h).filter((k) => k !== '__metadata__');
  if (names.length > MAX_TENSORS) throw new ClfError('tensor', `${names.length} tensors (at most ${MAX_TENSORS})`);
  const entries = new Map<string, TensorEntry>();
  for (const name of names) {
    const e = h[name];
    if (!isObj(e)) throw new ClfError('tensor', `${quote(name)} must be an object`);
    const dtype = own(e, 'dtype');
    const shape = own(e, 'shape');
    const off = own(e, 'data_offsets');
    if (dtype !== 'F32' && dtype !== 'I8') throw new ClfError('tensor', `${quote(name)}: dtype ${JSON.stringify(dtype)} (only F32 and I8)`);
    if (!Array.isArray(shape) || shape.length > 8 || !shape.every(isCount)) throw new ClfError('tensor', `${quote(name)}: shape must be up to 8 non-negative integers`);
    let count = 1;
    for (const d of shape as number[]) {
      count *= d;
      if (count > MAX_ELEMENTS) throw new ClfError('tensor', `${quote(name)}: more than ${MAX_ELEMENTS} elements`);
    }
    if (!Array.isArray(off) || off.length !== 2 || !off.every(isCount) || off[0] > off[1]) throw new ClfError('offsets', `${quote(name)}: data_offsets must be [begin, end] with begin ≤ end`);
    if (off[1] - off[0] !== count * BYTES[dtype]) throw new ClfError('offsets', `${quote(name)}: ${off[1] - off[0]} bytes for ${count} ${dtype} values`);
    entries.set(name, { dtype, shape: shape as number[], begin: off[0], end: off[1] });
  }
  let cursor = 0;
  for (const e of [...entries.values()].toSorted((a, b) => a.begin - b.begin)) {
    if (e.begin !== cursor) throw new ClfError('offsets', `tensor data ${e.begin < cursor ? 'overlaps' : 'has a gap'} at byte ${Math.min(cursor, e.begin)}`);
    cursor = e.end;
  }
  if (cursor !== dataBytes) throw new ClfError(cursor > dataBytes ? 'truncated' : 'offsets', `tensors cover ${cursor} bytes, the file holds ${dataBytes} after its header`);
  return entries;
}

/** Every check that needs only the header: its JSON, the tensor entries, the metadata and the model, and their agreement. */
function planClf(headerBytes: Uint8Array, dataBytes: number): Plan {
  // As safetensors: the header is a JSON object from its first byte (no byte-order mark, no leading whitespace).
  if (headerBytes[0] !== 0x7b) {
    const first = headerBytes.length === 0 ? 'is empty' : headerBytes[0] === 0xef ? 'starts with a byte-order mark' : `starts with byte 0x${headerBytes[0].toString(16).padStart(2, '0')}`;
    throw new ClfError('header_json', `header ${first}; it must start with '{'`);
  }
  let text: string;
  try {
    text = utf8Decode(headerBytes);
  } catch {
    throw new ClfError('header_json', 'header is not valid UTF-8');
  }
  const header = parseJson(text, 'header');
  if (!isObj(header)) throw new ClfError('header_json', 'header must be a JSON object');
  const entries = tensorEntries(header, dataBytes);

  const m = own(header, '__metadata__');
  if (!isObj(m)) throw new ClfError('metadata', '__metadata__ is missing');
  for (const [k, v] of Object.entries(m)) if (typeof v !== 'string') throw new ClfError('metadata', `__metadata__.${k} must be a string`);
  // Now every number left in the header is a shape or an offset: each must be spelled as digits (4.0 and 4e0 parse as 4).
  const spelled = scanJson(text, { maxDepth: MAX_JSON_DEPTH, integersOnly: true });
  if (spelled?.kind === 'number') throw new ClfError('tensor', `header: ${quote(spelled.text)} (character ${spelled.at}) is not a non-negative integer, as shapes and data_offsets must be`);
  const field = (k: string): string => {
    const v = own(m, k);
    if (typeof v !== 'string') throw new ClfError('metadata', `__metadata__.${k} is missing`);
    return v;
  };
  if (field('format') !== CLF_FORMAT) throw new ClfError('metadata', `format is ${quote(field('format'))}, not ${CLF_FORMAT}`);
  if (field('format_version') !== CLF_VERSION) throw new ClfError('metadata', `format_version ${quote(field('format_version'))} is not supported (this app reads ${CLF_VERSION})`);
  const quant = field('quantization');
  if (quant !== 'none' && quant !== 'int8-per-output-channel') throw new ClfError('metadata', `unknown quantization ${quote(quant)}`);
  const checksum = field('checksum');

  const config = checked('config', () => parseModelConfig(parseJson(field('config'), '__metadata__.config')));
  const schema = checked('config', () => validateSchema(parseJson(field('featurizer'), '__metadata__.featurizer')));
  const spec = checkSpec(parseJson(field('spec'), '__metadata__.spec'));
  const metrics = parseJson(field('metrics'), '__metadata__.metrics');
  const labels = parseJson(field('labels'), '__metadata__.labels');
  // Example records are training data: their keys are the user's field names, whatever they are.
  const examples = parseJson(field('examples'), '__metadata__.examples', { keysAreData: true });
  if (!isObj(metrics)) throw new ClfError('metadata', 'metrics must be a JSON object');

  // The pieces must describe one model: spec ↔ featurizer ↔ config ↔ labels ↔ id.
  if (spec.layers[0].size !== schema.width) throw new ClfError('shape', `spec takes ${spec.layers[0].size} inputs, the featurizer makes ${schema.width}`);
  const outputs = spec.layers[spec.layers.length - 1].size;
  const wantOut = schema.target.task === 'regression' || spec.loss === 'binary_cross_entropy' ? 1 : schema.target.labels.length;
  if (outputs !== wantOut) throw new ClfError('shape', `spec has ${outputs} outputs, the labels need ${wantOut}`);
  const derived = checked('shape', () => networkSpecFor(config, schema));
  if (derived.layers.length !== spec.layers.length) throw new ClfError('shape', `the config has ${derived.layers.length} layers, the spec ${spec.layers.length}`);
  derived.layers.forEach((l, i) => {
    const s = spec.layers[i];
    if (l.size !== s.size || l.activation !== s.activation) throw new ClfError('shape', `layer ${i} is ${s.size} ${s.activation} in the spec, ${l.size} ${l.activation} by the config and featurizer`);
  });
  if (derived.loss !== spec.loss) throw new ClfError('shape', `the spec's loss is ${spec.loss}, the config and featurizer give ${derived.loss}`);
  const want = schema.target.labels;
  if (!Array.isArray(labels) || labels.length !== want.length || labels.some((l, i) => l !== want[i])) {
    throw new ClfError('metadata', `labels ${quote(JSON.stringify(labels))} do not match the featurizer's classes ${quote(JSON.stringify(want))}`);
  }
  if (field('model_id') !== config.modelId) throw new ClfError('metadata', `model_id ${quote(field('model_id'))} is not the config's modelId ${quote(config.modelId)}`);
  if (!Array.isArray(examples) || examples.length > MAX_EXAMPLES || !examples.every(isObj)) {
    throw new ClfError('metadata', `examples must be an array of at most ${MAX_EXAMPLES} records`);
  }
  const cells = examples.length * schema.width;
  if (cells > MAX_EXAMPLE_CELLS) {
    throw new ClfError('too_large', `${examples.length} examples × ${schema.width} features = ${cells.toLocaleString('en-US')} cells, more than the ${MAX_EXAMPLE_CELLS.toLocaleString('en-US')} the explanation index may hold`);
  }

  // Tensors against the spec, before any is read: exactly the expected names, dtypes and shapes.
  const needed = expectedTensors(spec, quant !== 'none');
  for (const t of needed) {
    const e = entries.get(t.name);
    if (!e) throw new ClfError('shape', `tensor ${t.name} is missing`);
    if (e.dtype !== t.dtype || e.shape.length !== t.shape.length || e.shape.some((d, i) => d !== t.shape[i])) {
      throw new ClfError('shape', `${t.name} is ${e.dtype} [${e.shape.join(', ')}], the config needs ${t.dtype} [${t.shape.join(', ')}]`);
    }
  }
  if (entries.size !== needed.length) throw new ClfError('shape', `${entries.size} tensors, the config needs ${needed.length}`);
  const reads = needed.map((t) => ({ name: t.name, dtype: t.dtype, begin: entries.get(t.name)!.begin, end: entries.get(t.name)!.end })).toSorted((a, b) => a.begin - b.begin);
  return { header, checksum, quantized: quant !== 'none', config, spec, schema, metrics, examples: examples as Obj[], reads };
}

/** A tensor's bytes as its typed array: a view where aligned, else a copy. */
function typed(dtype: Dtype, bytes: Uint8Array): Float32Array | Int8Array {
  if (dtype === 'I8') return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  const b = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  return new Float32Array(b.buffer, b.byteOffset, b.length / 4);
}

/** The checks that need the tensor bytes (checksum, finite values within ±MAX_WEIGHT, a finite output), then the artifact. */
function assembleClf(plan: Plan, blobs: Uint8Array[]): ModelArtifact {
  const hash = checksumHasher(plan.header);
  for (const b of blobs) hash.update(b);
  if (hash.result() !== plan.checksum) throw new ClfError('checksum', 'checksum does not match the contents (the file is damaged or was edited)');
  const tensors = new Map<string, Float32Array | Int8Array>();
  plan.reads.forEach((r, i) => {
    const t = typed(r.dtype, blobs[i]);
    if (t instanceof Float32Array) {
      for (let j = 0; j < t.length; j++) {
        if (!Number.isFinite(t[j])) throw new ClfError('non_finite', `${r.name}[${j}] is ${t[j]}`);
        if (Math.abs(t[j]) > MAX_WEIGHT) throw new ClfError('magnitude', `${r.name}[${j}] is ${t[j]}, beyond the ±${MAX_WEIGHT} a model file may hold`);
      }
    }
    tensors.set(r.name, t);
  });
  const f32 = (name: string) => tensors.get(name) as Float32Array;
  const { spec, schema } = plan;
  const shapes = paramShapes(spec);
  const weights: ModelWeights = plan.quantized
    ? {
        kind: 'int8',
        layers: shapes.map((_, i) => {
          const scales = f32(`layers.${i}.weight_scale`);
          for (const s of scales) {
            if (s < 0) throw new ClfError('non_finite', `layers.${i}.weight_scale has a negative scale`);
            if (s * 127 > MAX_WEIGHT) throw new ClfError('magnitude', `layers.${i}.weight_scale ${s} makes weights up to ${s * 127}, beyond ±${MAX_WEIGHT}`);
          }
          return { w: tensors.get(`layers.${i}.weight`) as Int8Array, scales, bias: f32(`layers.${i}.bias`) };
        }),
      }
    : { kind: 'f32', params: shapes.flatMap((_, i) => [f32(`layers.${i}.weight`), f32(`layers.${i}.bias`)]) };
  // Determinable overflow: a record with every field missing (the featurizer's neutral point) must give a finite output.
  const x = featurize(schema, {});
  const out = weights.kind === 'f32' ? forwardF32(spec, weights.params, x, 1) : forwardInt8(spec, weights.layers, x, 1);
  const finite = out.every(Number.isFinite) && (schema.target.task !== 'regression' || Number.isFinite(out[0] * schema.target.std + schema.target.mean));
  if (!finite) throw new ClfError('non_finite', 'the network gives a non-finite output for a record with every field missing: its weights overflow float32');
  return { config: plan.config, spec, schema, weights, metrics: plan.metrics, examples: plan.examples };
}

interface ReadRequest {
  offset: number;
  length: number;
}

/** The reading order as a generator of read requests, so bytes in memory and async sources run the same checks in the same order. */
function* clfReader(size: number): Generator<ReadRequest, ModelArtifact, Uint8Array> {
  if (new Uint8Array(Uint16Array.of(1).buffer)[0] !== 1) throw new Error('big-endian hosts are not supported');
  if (!isCount(size)) throw new ClfError('truncated', `the file's size ${size} is not a byte count`);
  if (size > MAX_CLF_BYTES) {
    throw new ClfError('too_large', `the file has ${size.toLocaleString('en-US')} bytes, more than the ${MAX_CLF_BYTES.toLocaleString('en-US')} a model file may have (the largest network allowed, ${MAX_PARAMETERS.toLocaleString('en-US')} parameters, and an 8 MiB header)`);
  }
  if (size < 8) throw new ClfError('truncated', `${size} bytes is too short for a header length`);
  const prefix = yield { offset: 0, length: 8 };
  const n = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES)) throw new ClfError('header_size', `header length ${n} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  const headerLen = Number(n);
  if (8 + headerLen > size) throw new ClfError('truncated', `header of ${headerLen} bytes runs past the end of the ${size}-byte file`);
  const plan = planClf(yield { offset: 8, length: headerLen }, size - 8 - headerLen);
  const blobs: Uint8Array[] = [];
  for (const r of plan.reads) blobs.push(yield { offset: 8 + headerLen + r.begin, length: r.end - r.begin });
  return assembleClf(plan, blobs);
}

/**
 * Reads and checks a whole file held in memory before returning anything: sizes, header JSON (no repeated or
 * prototype keys), tensor entries, contiguous in-bounds offsets, metadata, config, featurizer, their agreement,
 * shapes against the config, finite bounded values, checksum. Throws ClfError on the first problem.
 */
export function decodeClf(file: Uint8Array): ModelArtifact {
  const reader = clfReader(file.length);
  let step = reader.next();
  while (!step.done) step = reader.next(file.slice(step.value.offset, step.value.offset + step.value.length));
  return step.value;
}

/** decodeClf over a byte source: the length and header are read and checked before any tensor byte is asked for. */
export async function decodeClfFrom(source: ByteSource): Promise<ModelArtifact> {
  const reader = clfReader(source.size);
  let step = reader.next();
  while (!step.done) {
    const { offset, length } = step.value;
    const bytes = await source.read(offset, length);
    if (bytes.length !== length) throw new ClfError('truncated', `${length} bytes were asked for at byte ${offset}, the file gave ${bytes.length}`);
    step = reader.next(bytes);
  }
  return step.value;
}
