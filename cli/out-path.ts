// Where a command writes a file: checked (and its folder created) before any work, so a long training run never ends in "cannot write".
import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fsReason } from './errors';
import { CliError, type CliIo } from './io';

/**
 * Missing folders on the way are created (as `mkdir -p` would); an existing folder at the path itself, a file
 * where a folder is needed, or a folder we may not write to is refused with the reason.
 */
export async function prepareOut(io: CliIo, flag: string, path: string): Promise<void> {
  const full = resolve(io.cwd(), path);
  const info = await stat(full).catch(() => undefined);
  if (info?.isDirectory()) throw new CliError(`--${flag} ${path} is a folder: give a file name`, 2);
  const folder = dirname(full);
  try {
    await mkdir(folder, { recursive: true });
    await access(folder, constants.W_OK);
  } catch (e) {
    // mkdir -p meeting a file on the way says EEXIST (or ENOTDIR): name that plainly.
    const code = (e as { code?: string }).code;
    const reason = code === 'EEXIST' || code === 'ENOTDIR' ? 'a part of that path is a file, not a folder' : fsReason(e) ?? (e as Error).message;
    throw new CliError(`--${flag} ${path}: cannot write into ${folder}: ${reason}`);
  }
}
