// What the CLI reads and writes through: injected so tests run commands in-process and check their output.
import { createReadStream } from 'node:fs';
import { open, readFile, stat, writeFile } from 'node:fs/promises';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  /** ms, monotonic */
  now(): number;
  /** ms since the epoch */
  wallClock(): number;
  /** Environment variables (SAFLA_STATE) and the folder relative paths start from (where `.safla/` is kept). */
  env: Readonly<Record<string, string | undefined>>;
  cwd(): string;
  /** A regular file as a stream of chunks, with its size (data files are streamed, never read whole); absent in injected ios, which read whole files. */
  stream?(path: string): Promise<{ size: number; chunks: AsyncIterable<Uint8Array> }>;
  /** A regular file read by byte ranges (Parquet); absent in injected ios. */
  ranges?(path: string): Promise<{ size: number; read(start: number, end: number): Promise<ArrayBuffer>; close(): Promise<void> }>;
  /** Whether err() writes to a terminal, where progress is rewritten in place. */
  errIsTty?: boolean;
}

/** Only regular files: a device (/dev/zero) or a pipe would be read without end. */
async function regularFile(p: string): Promise<number> {
  const info = await stat(p);
  if (!info.isFile()) throw Object.assign(new Error(`${p} is not a regular file`), { code: info.isDirectory() ? 'EISDIR' : 'ENOTREG', path: p });
  return info.size;
}

export const processIo: CliIo = {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  readFile: async (p) => {
    await regularFile(p);
    return new Uint8Array(await readFile(p));
  },
  stream: async (p) => ({ size: await regularFile(p), chunks: createReadStream(p, { highWaterMark: 1 << 20 }) }),
  ranges: async (p) => {
    await regularFile(p);
    const handle = await open(p, 'r');
    const { size } = await handle.stat();
    return {
      size,
      read: async (start, end) => {
        const out = new Uint8Array(end - start);
        let at = 0;
        while (at < out.length) {
          const { bytesRead } = await handle.read(out, at, out.length - at, start + at);
          if (bytesRead === 0) break;
          at += bytesRead;
        }
        return out.buffer;
      },
      close: () => handle.close(),
    };
  },
  errIsTty: process.stderr.isTTY === true,
  writeFile: (p, d) => writeFile(p, d),
  now: () => performance.now(),
  wallClock: () => Date.now(),
  env: process.env,
  cwd: () => process.cwd(),
};

/** A user-facing failure: printed as one line, exit status 1 (2 for usage errors). */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}
