// What the CLI reads and writes through: injected so tests run commands in-process and check their output.
import { readFile, stat, writeFile } from 'node:fs/promises';

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
}

export const processIo: CliIo = {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  readFile: async (p) => {
    // Only regular files: a device (/dev/zero) or a pipe would be read without end.
    const info = await stat(p);
    if (!info.isFile()) throw Object.assign(new Error(`${p} is not a regular file`), { code: info.isDirectory() ? 'EISDIR' : 'ENOTREG', path: p });
    return new Uint8Array(await readFile(p));
  },
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
