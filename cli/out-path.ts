// Where a command writes: folders created the way `mkdir -p` does, and an output path checked before any work, so a long training run never ends in "cannot write".
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fsReason } from './errors';
import { CliError, type CliIo } from './io';

/**
 * Creates folder and any missing parents, one level at a time. Node 20's mkdir({recursive: true}) never returns
 * on some paths (under /proc it loops forever), so the walk is ours: up to the nearest existing entry, which must
 * be a folder, then down creating each missing level; any refusal is reported as it happens.
 */
export function makeFolders(folder: string): void {
  const missing: string[] = [];
  let at = resolve(folder);
  for (;;) {
    const info = statSync(at, { throwIfNoEntry: false });
    if (info) {
      if (!info.isDirectory()) throw Object.assign(new Error(`${at} is not a folder`), { code: 'ENOTDIR', path: at });
      break;
    }
    const up = dirname(at);
    if (up === at) break;
    missing.push(at);
    at = up;
  }
  for (const dir of missing.toReversed()) mkdirSync(dir);
}

/**
 * Missing folders on the way are created; an existing folder at the path itself, a file where a folder is
 * needed, or a folder we may not write to is refused with the reason.
 */
export function prepareOut(io: Pick<CliIo, 'cwd'>, flag: string, path: string): void {
  const full = resolve(io.cwd(), path);
  const folder = dirname(full);
  try {
    if (statSync(full, { throwIfNoEntry: false })?.isDirectory()) throw new CliError(`--${flag} ${path} is a folder: give a file name`, 2);
    makeFolders(folder);
    accessSync(folder, constants.W_OK);
  } catch (e) {
    if (e instanceof CliError) throw e;
    const code = (e as { code?: string }).code;
    const reason = code === 'EEXIST' || code === 'ENOTDIR' ? 'a part of that path is a file, not a folder' : fsReason(e) ?? (e as Error).message;
    throw new CliError(`--${flag} ${path}: cannot write into ${folder}: ${reason}`);
  }
}
