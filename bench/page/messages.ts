// Messages between the bench page, its worker and the node runner (bench/run.mjs reads them through window.benchReport).
import type { BenchProgress, BenchRow } from '../../workers/compute/bench/types';
import type { MemoryRow } from '../memory/types';
import type { ModelRow } from '../models/types';

export type SuiteName = 'kernel' | 'memory' | 'models';

export interface BenchRequest {
  /** Which suite the page runs: kernel (bench.worker.ts), memory (memory.worker.ts) or models (models.worker.ts). */
  suite: SuiteName;
  quick: boolean;
  filter?: string;
  /** Memory suite: PRAGMA statements run on the OPFS database after opening it (e.g. 'temp_store=MEMORY'), ';'-separated. */
  sqlitePragmas?: string;
  /** Folder URL holding the tfjs-backend-wasm*.wasm files. */
  tfjsWasmBase: string;
}

export interface BenchEnv {
  kernelFlavor: string;
  kernelFeatures: { simd: boolean; relaxedSimd: boolean };
  crossOriginIsolated: boolean;
  userAgent: string;
  tfjs: {
    versionCore: string;
    versionLayers: string;
    versionWasm: string;
    backend: string;
    simd: boolean;
    multithread: boolean;
    flags: Record<string, unknown>;
  };
  runsPerCase: number;
  warmupMs: number;
  sampleMs: number;
  quick: boolean;
  filter: string | null;
}

export interface MemoryEnv {
  kernelFlavor: string;
  kernelFeatures: { simd: boolean; relaxedSimd: boolean };
  crossOriginIsolated: boolean;
  userAgent: string;
  hnsw: { package: string; M: number; efConstruction: number; efSearchLadder: number[]; targetRecall: number };
  runsPerCase: number;
  warmupMs: number;
  sampleMs: number;
  quick: boolean;
  filter: string | null;
}

export type BenchMessage =
  /** The kernel and models suites: both run our kernel against the same tfjs-wasm peer. */
  | { type: 'env'; env: BenchEnv }
  | { type: 'memory-env'; env: MemoryEnv }
  | { type: 'progress'; progress: BenchProgress }
  | { type: 'note'; message: string }
  | { type: 'rows'; rows: BenchRow[] | MemoryRow[] | ModelRow[] }
  | { type: 'error'; message: string };
