// Shared by the patterns tests (node only, so outside tsconfig.core.json): the word vectors from disk, the wasm kernel's port, and a migrated in-memory database with memory and patterns over it.
import { readFileSync } from 'node:fs';
import { loadKernelNode } from '../../kernel/js/node';
import { createWasmPort } from '../../kernel/js/network';
import { openMemoryDb } from '../../workers/engine/sqlite-db';
import { migrate } from '../db/migrations';
import { createMemory } from '../memory/memory';
import { createWordVectorEmbedder, type WordVectorEmbedder } from '../memory/word-vector-embedder';
import type { KernelPort } from '../nn/port';
import { createPatterns, type PatternsOptions } from './patterns';

let words: WordVectorEmbedder | undefined;
/** The shipped word vectors (models/word-vectors.bin), parsed once per test file. */
export function wordVectors(): WordVectorEmbedder {
  words ??= createWordVectorEmbedder(new Uint8Array(readFileSync(new URL('../../models/word-vectors.bin', import.meta.url))));
  return words;
}

let port: Promise<KernelPort> | undefined;
export function wasmPort(): Promise<KernelPort> {
  port ??= loadKernelNode().then(createWasmPort);
  return port;
}

/** A fresh in-memory database with memory (word vectors by default) and patterns over it, and a clock moved by hand. */
export async function patternsOn(options: Partial<PatternsOptions> = {}) {
  const db = await openMemoryDb();
  migrate(db);
  let t = 1_700_000_000_000;
  const clock = () => t;
  const embedder = options.embedder === undefined ? wordVectors() : options.embedder;
  const memory = createMemory({ db, clock, ...(embedder ? { embedder } : {}) });
  const patterns = createPatterns({ db, memory, port: await wasmPort(), embedder, clock, now: () => performance.now(), ...options });
  return { db, memory, patterns, advance: (ms: number) => (t += ms) };
}
