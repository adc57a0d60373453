// The patterns suite's node side, loaded by bench/run.mjs: the CLI's state folder (better-sqlite3 file), the engine's host in node (sqlite-wasm in memory, the kernel's vector index), the wasm kernel and the word vectors.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openState } from '../../cli/state';
import { loadWordVectors } from '../../cli/word-vectors';
import { patternsOnState } from '../../cli/patterns';
import { migrate } from '../../core/db/migrations';
import { createMemory } from '../../core/memory/memory';
import { createPatterns } from '../../core/patterns/patterns';
import { createWasmPort } from '../../kernel/js/network';
import { loadKernelNode } from '../../kernel/js/node';
import { createKernelVectorIndex } from '../../kernel/js/vector-index';
import { referencePort } from '../../kernel/reference/mlp';
import { openMemory } from '../../workers/engine/memory-host';
import { SqliteDb } from '../../workers/engine/sqlite-db';
import { FULL_PLAN, QUICK_PLAN, runPatternsSuite, type PatternsPlan, type PatternsRow } from './patterns-suite';

// openMemoryDb imports sqlite-wasm lazily, and bench/run.mjs's module runner is closed once this module has loaded:
// sqlite-wasm is initialised here, while it loads, and each in-memory database is opened on it directly.
const sqlite3 = await (await import('@sqlite.org/sqlite-wasm')).default();
const memoryDb = (): SqliteDb => new SqliteDb(new sqlite3.oo1.DB(':memory:'), sqlite3);

const now = () => performance.now();

export async function runPatternsBench(opts: { quick?: boolean; filter?: string; plan?: PatternsPlan; onProgress?: (label: string) => void }): Promise<{ rows: PatternsRow[]; env: Record<string, unknown> }> {
  const words = await loadWordVectors();
  const kernel = await loadKernelNode();
  const port = createWasmPort(kernel);
  const dirs: string[] = [];
  const fresh = async (p: typeof port) => {
    const db = memoryDb();
    migrate(db);
    return createPatterns({ db, memory: createMemory({ db, embedder: words }), port: p, embedder: words, now });
  };
  try {
    const rows = await runPatternsSuite({
      plan: opts.plan ?? (opts.quick ? QUICK_PLAN : FULL_PLAN),
      filter: opts.filter,
      onProgress: opts.onProgress,
      now,
      setups: {
        cli: {
          label: 'the CLI\'s state folder (better-sqlite3 file, WAL, synchronous=FULL, plain-TS vector index)',
          open: async () => {
            const dir = await mkdtemp(join(tmpdir(), 'safla-bench-patterns-'));
            dirs.push(dir);
            const state = openState(join(dir, '.safla'), { create: true, embedder: words })!;
            return { patterns: patternsOnState(state, words, port, Date.now, now), close: () => state.close() };
          },
        },
        engine: {
          label: 'the engine worker\'s host in node (sqlite-wasm in memory, the kernel\'s int8 vector index)',
          open: async () => {
            const db = memoryDb();
            migrate(db);
            const host = openMemory(db, { embedder: words, port, now, indexFactory: (dim) => createKernelVectorIndex(kernel, dim) });
            return { patterns: host, close: () => host.flushPending() };
          },
        },
      },
      freshOurs: () => fresh(port),
      freshReference: () => fresh(referencePort),
    });
    return { rows, env: { node: process.version, kernel: port.name, wordVectors: words.name } };
  } finally {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  }
}
