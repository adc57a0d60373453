// Reads the word-vector asset (models/word-vectors.bin, written by scripts/build-word-vectors.mjs): header, checksum, int8 vectors, words.
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8Decode } from '../format/utf8';

/*
 * Bytes (little-endian), HEADER_BYTES of header then the body:
 *   0   8  magic "SAFLA-WV"
 *   8   4  u32 format version (1)
 *   12  4  u32 dims D
 *   16  4  u32 count N (words)
 *   20  4  u32 source vocabulary size V (the ranks below are 0-based ranks among V words)
 *   24  4  u32 byte length W of the words block
 *   28  4  reserved, 0
 *   32 32  sha256 of the body (every byte from 64 to the end)
 *   64        D × f32   common component (unit vector removed from every text vector)
 *   +4D       N × u32   frequency rank of each word in the source vocabulary, ascending
 *   +4D+4N    N × f32   per-word scale
 *   +4D+8N    N × D i8  per-word codes: vector ≈ codes × scale
 *   +4D+8N+ND W bytes   the N words, UTF-8, joined by "\n", in the same order
 */
export const WORD_VECTOR_MAGIC = 'SAFLA-WV';
export const WORD_VECTOR_FORMAT = 1;
const HEADER_BYTES = 64;

export interface WordVectorAsset {
  dims: number;
  count: number;
  sourceVocab: number;
  /** Lower-case hex sha256 of the body, as stored in (and checked against) the header. */
  sha256: string;
  words: string[];
  ranks: Uint32Array;
  scales: Float32Array;
  /** [count × dims] row-major. */
  codes: Int8Array;
  component: Float32Array;
}

/** A damaged, truncated or foreign asset; the message says which check failed. */
export class WordVectorAssetError extends Error {
  override name = 'WordVectorAssetError';
}

function fail(message: string): never {
  throw new WordVectorAssetError(`word-vector asset: ${message}`);
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** Parses and verifies the asset; the arrays returned are copies, so the caller's bytes may be dropped. */
export function parseWordVectorAsset(bytes: Uint8Array): WordVectorAsset {
  if (bytes.length < HEADER_BYTES) fail(`${bytes.length} bytes is shorter than the ${HEADER_BYTES}-byte header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(...bytes.subarray(0, 8));
  if (magic !== WORD_VECTOR_MAGIC) fail(`magic is ${JSON.stringify(magic)}, expected ${JSON.stringify(WORD_VECTOR_MAGIC)}`);
  const version = view.getUint32(8, true);
  if (version !== WORD_VECTOR_FORMAT) fail(`format version ${version} is not ${WORD_VECTOR_FORMAT}`);
  const dims = view.getUint32(12, true);
  const count = view.getUint32(16, true);
  const sourceVocab = view.getUint32(20, true);
  const wordBytes = view.getUint32(24, true);
  if (dims < 1 || dims > 4096) fail(`dims ${dims} is outside 1..4096`);
  if (count < 1 || count > 1_000_000) fail(`count ${count} is outside 1..1,000,000`);
  // Every size is below 2^32 · 2^12, so these sums stay exact doubles.
  const expected = HEADER_BYTES + 4 * dims + 8 * count + count * dims + wordBytes;
  if (bytes.length !== expected) fail(`${bytes.length} bytes, the header describes ${expected}`);
  const body = bytes.subarray(HEADER_BYTES);
  const stored = hex(bytes.subarray(32, 64));
  const actual = hex(sha256(body));
  if (stored !== actual) fail(`checksum mismatch (header ${stored.slice(0, 16)}…, body ${actual.slice(0, 16)}…)`);

  // Copies into fresh, aligned buffers: the body's offsets need not be aligned within the caller's buffer.
  let o = HEADER_BYTES;
  const floats = (n: number) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++, o += 4) out[i] = view.getFloat32(o, true);
    return out;
  };
  const component = floats(dims);
  const ranks = new Uint32Array(count);
  for (let i = 0; i < count; i++, o += 4) ranks[i] = view.getUint32(o, true);
  const scales = floats(count);
  const codes = new Int8Array(count * dims);
  codes.set(new Int8Array(bytes.buffer, bytes.byteOffset + o, count * dims));
  o += count * dims;
  let text: string;
  try {
    text = utf8Decode(bytes.subarray(o, o + wordBytes));
  } catch {
    fail('the words block is not valid UTF-8');
  }
  const words = text.split('\n');
  if (words.length !== count) fail(`${words.length} words for ${count} vectors`);
  for (let i = 0; i < count; i++) {
    if (!Number.isFinite(scales[i]) || scales[i] < 0) fail(`scale of word ${i} is ${scales[i]}`);
    if (ranks[i] >= sourceVocab || (i > 0 && ranks[i] <= ranks[i - 1])) fail(`rank of word ${i} (${ranks[i]}) is out of order or beyond ${sourceVocab}`);
  }
  for (let i = 0; i < dims; i++) if (!Number.isFinite(component[i])) fail(`common component ${i} is ${component[i]}`);
  return { dims, count, sourceVocab, sha256: actual, words, ranks, scales, codes, component };
}
