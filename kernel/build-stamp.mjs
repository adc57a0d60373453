// The kernel build's fingerprint: a hash of everything that decides the .wasm bytes, so an unchanged kernel is not rebuilt.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

export const STAMP_FILE = '.build-stamp';

async function filesUnder(dir) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out;
}

/**
 * sha256 over the compiler version, the flags of every flavour and each source file (path and bytes,
 * in sorted order): a change to any of them, a rename included, gives a new stamp.
 */
export async function kernelStamp({ sourceDir, extraFiles = [], compilerVersion, flavors }) {
  const h = createHash('sha256');
  h.update(`asc ${compilerVersion}\n`);
  h.update(`${JSON.stringify(flavors)}\n`);
  const base = join(sourceDir, '..');
  const files = [...(await filesUnder(sourceDir)), ...extraFiles].map((f) => relative(base, f)).toSorted();
  for (const f of files) {
    const bytes = await readFile(join(base, f));
    h.update(`${f}\0${bytes.length}\0`);
    h.update(bytes);
  }
  return h.digest('hex');
}

/** True when every output exists and the stamp written by the last build matches. */
export async function isUpToDate(outDir, outputs, stamp) {
  if (!outputs.every((o) => existsSync(o))) return false;
  try {
    return (await readFile(join(outDir, STAMP_FILE), 'utf8')).trim() === stamp;
  } catch {
    return false;
  }
}
