// The CLI's word-vector loader: reads models/word-vectors.bin from disk and refuses a missing or damaged file with a CliError.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CliError } from './io';
import { loadWordVectors, WORD_VECTORS_FILE } from './word-vectors';

describe('loadWordVectors', () => {
  it('loads the committed asset into the word-vector embedder', async () => {
    const emb = await loadWordVectors();
    expect(emb.kind).toBe('word-vectors');
    expect(emb.asset.count).toBe(50_000);
  });

  it('refuses a missing file with a CliError that says how to make it, and a damaged one by its checksum', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'safla-wv-'));
    try {
      await expect(loadWordVectors(pathToFileURL(join(dir, 'missing.bin')))).rejects.toThrow(CliError);
      await expect(loadWordVectors(pathToFileURL(join(dir, 'missing.bin')))).rejects.toThrow(/build-word-vectors/);
      const bytes = await readFile(WORD_VECTORS_FILE);
      bytes[bytes.length - 1] ^= 1;
      await writeFile(join(dir, 'bad.bin'), bytes);
      await expect(loadWordVectors(pathToFileURL(join(dir, 'bad.bin')))).rejects.toThrow(/checksum mismatch/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
