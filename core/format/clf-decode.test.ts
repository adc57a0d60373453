// Reading through a byte source: a hostile file is refused after reading only its length and header (or nothing, when its size alone is too big); a good file is read once, byte for byte, and matches decodeClf.
/* oxlint-disable no-underscore-dangle -- safetensors names its metadata entry __metadata__ */
import { beforeAll, describe, expect, it } from 'vitest';
import { irisRecords } from '../datasets/iris.fixture';
import { referencePort } from '../../kernel/reference/mlp';
import { parseModelConfig } from '../models/config';
import { train } from '../training/train';
import { blobSource, clfChecksum, ClfError, decodeClf, decodeClfFrom, encodeClf, MAX_CLF_BYTES, MAX_HEADER_BYTES, type ByteSource } from './clf';
import { utf8Decode, utf8Encode } from './utf8';

let file: Uint8Array;

beforeAll(async () => {
  const config = parseModelConfig({
    modelId: 'iris-source',
    architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 8, activation: 'relu' }, { type: 'output', activation: 'softmax' }] },
    training: { target: 'species', learning_rate: 0.02, epochs: 5, seed: 3 },
  });
  const iris = irisRecords();
  const out = await train(referencePort, config, { trainingData: iris }, { now: () => 0 });
  file = encodeClf({ config, spec: out.spec, schema: out.schema, weights: { kind: 'f32', params: out.params }, metrics: {}, examples: iris.slice(0, 10) });
});

/** A source over `bytes` that may claim another size, counting what is read. */
function counting(bytes: Uint8Array, size = bytes.length): ByteSource & { reads: [number, number][]; total: () => number } {
  const reads: [number, number][] = [];
  return {
    size,
    reads,
    total: () => reads.reduce((s, [, n]) => s + n, 0),
    read: async (offset, length) => {
      reads.push([offset, length]);
      // Past the real bytes, a claimed size reads as zeros (a sparse file).
      const out = new Uint8Array(length);
      out.set(bytes.subarray(Math.min(offset, bytes.length), Math.min(offset + length, bytes.length)));
      return out;
    },
  };
}

function headerOf(f: Uint8Array): { len: number; header: Record<string, any>; data: Uint8Array } {
  const len = Number(new DataView(f.buffer, f.byteOffset).getBigUint64(0, true));
  return { len, header: JSON.parse(utf8Decode(f.subarray(8, 8 + len))), data: f.slice(8 + len) };
}

function assemble(header: Record<string, any>, dataBytes: number): Uint8Array {
  const h = utf8Encode(JSON.stringify(header));
  const out = new Uint8Array(8 + h.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  return out;
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ClfError) return e.code;
    throw e;
  }
  return 'ok';
}

describe('decodeClfFrom', () => {
  it('reads a good file once, byte for byte, and returns what decodeClf returns', async () => {
    const src = counting(file);
    const a = await decodeClfFrom(src);
    expect(src.total()).toBe(file.length);
    expect(src.reads.slice(0, 2)).toEqual([[0, 8], [8, headerOf(file).len]]);
    expect(a).toEqual(decodeClf(file));
    const viaBlob = await decodeClfFrom(blobSource(new Blob([file.slice()])));
    expect(viaBlob).toEqual(a);
  });

  it('refuses a file larger than MAX_CLF_BYTES from its size alone, reading nothing', async () => {
    const src = counting(file, 450 * 1024 * 1024);
    await expect(decodeClfFrom(src)).rejects.toThrow(/more than the 83,886,088 a model file may have/);
    expect(src.total()).toBe(0);
    expect(MAX_CLF_BYTES).toBe(8 + MAX_HEADER_BYTES + 72 * 1024 * 1024);
  });

  it('refuses a header length past the file or over the limit after reading 8 bytes', async () => {
    for (const claim of [BigInt(file.length), BigInt(MAX_HEADER_BYTES) + 1n, 2n ** 64n - 1n]) {
      const f = file.slice();
      new DataView(f.buffer).setBigUint64(0, claim, true);
      const src = counting(f);
      expect(await codeOf(decodeClfFrom(src))).toMatch(/truncated|header_size/);
      expect(src.total()).toBe(8);
    }
  });

  it('refuses a 70 MB file whose header claims tensors the config does not need, after reading only the header', async () => {
    // A hostile header under the size cap: one huge tensor the spec never asked for, its offsets matching the claimed size.
    const { header } = headerOf(file);
    const huge = 70 * 1024 * 1024;
    const names = Object.keys(header).filter((k) => k !== '__metadata__');
    let end = 0;
    for (const k of names) end = Math.max(end, header[k].data_offsets[1]);
    header['layers.9.weight'] = { dtype: 'F32', shape: [huge / 4], data_offsets: [end, end + huge] };
    header.__metadata__.checksum = clfChecksum(header, new Uint8Array(0));
    const head = assemble(header, 0);
    const src = counting(head, head.length + end + huge);
    expect(await codeOf(decodeClfFrom(src))).toBe('shape');
    expect(src.total()).toBe(head.length);
  });

  it('refuses tensors that do not cover the file exactly before reading them', async () => {
    const { len } = headerOf(file);
    const src = counting(file, file.length + 64 * 1024 * 1024);
    expect(await codeOf(decodeClfFrom(src))).toBe('offsets');
    expect(src.total()).toBe(8 + len);
  });

  it('refuses a source that returns fewer bytes than asked', async () => {
    const short: ByteSource = { size: file.length, read: async (o, n) => file.slice(o, o + Math.max(0, n - 1)) };
    expect(await codeOf(decodeClfFrom(short))).toBe('truncated');
  });
});
