// Reading a .clf from disk for the CLI: a byte source over a file handle, so the length and header are checked before any tensor is read and a hostile file never costs its size in memory.
import { open } from 'node:fs/promises';
import { decodeClfFrom, type ByteSource, type ModelArtifact } from '../core/format/clf';

/** Reads exactly `length` bytes at `offset` into a fresh buffer (the reader keeps tensors as views of it); fewer when the file ends. */
async function readAt(fh: import('node:fs/promises').FileHandle, offset: number, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(out, got, length - got, offset + got);
    if (bytesRead === 0) return out.subarray(0, got);
    got += bytesRead;
  }
  return out;
}

/** Decodes the model file at `path`; throws ClfError for a bad file and the fs error when it cannot be read. */
export async function readClfFile(path: string): Promise<ModelArtifact> {
  const fh = await open(path, 'r');
  try {
    const stat = await fh.stat();
    if (!stat.isFile()) throw new Error(`${path} is not a regular file`);
    const source: ByteSource = { size: stat.size, read: (offset, length) => readAt(fh, offset, length) };
    return await decodeClfFrom(source);
  } finally {
    await fh.close();
  }
}
