// For tests that tamper with .clf files: a file split into its header object and tensor bytes, and joined back (re-signed unless told not to).
import { clfChecksum } from './clf';
import { utf8Decode, utf8Encode } from './utf8';

/* oxlint-disable typescript/no-explicit-any, no-underscore-dangle -- a tampered header is whatever the test makes it; safetensors names its metadata __metadata__ */
export function clfParts(file: Uint8Array): { header: Record<string, any>; data: Uint8Array } {
  const len = Number(new DataView(file.buffer, file.byteOffset).getBigUint64(0, true));
  return { header: JSON.parse(utf8Decode(file.subarray(8, 8 + len))), data: file.slice(8 + len) };
}

/** Joins a header and tensor bytes into a file; with resign, a fresh checksum (so structural checks, not the checksum, must catch a change). */
export function clfBuild(header: Record<string, any>, data: Uint8Array, resign = true): Uint8Array {
  if (resign) header.__metadata__.checksum = clfChecksum(header, data);
  const h = utf8Encode(JSON.stringify(header));
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

/** The file with its examples' JSON text replaced, re-signed: the structure, not the checksum, is under test. */
export function withExamples(file: Uint8Array, examplesJson: string): Uint8Array {
  const { header, data } = clfParts(file);
  header.__metadata__.examples = examplesJson;
  return clfBuild(header, data);
}
