// Loads the meaning embedder for the CLI from models/word-vectors.bin, one folder up from this file whether it runs from source (cli/) or from the bundle (dist-cli/).
import { readFile } from 'node:fs/promises';
import { createWordVectorEmbedder, type WordVectorEmbedder } from '../core/memory/word-vector-embedder';
import { CliError } from './io';

export const WORD_VECTORS_FILE = new URL('../models/word-vectors.bin', import.meta.url);

/** The word-vector embedder semantic search uses by default; the file is checked (size, checksum) as it loads. */
export async function loadWordVectors(file: URL = WORD_VECTORS_FILE): Promise<WordVectorEmbedder> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (err) {
    throw new CliError(`cannot read the word vectors (${file.pathname}): ${(err as Error).message}; run \`node scripts/build-word-vectors.mjs\` to make them`);
  }
  return createWordVectorEmbedder(bytes);
}
