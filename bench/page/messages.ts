// Messages between the bench page, its worker and the node runner (bench/run.mjs reads them through window.benchReport).
import type { BenchProgress, BenchRow } from '../../workers/compute/bench/types';

export interface BenchRequest {
  quick: boolean;
  filter?: string;
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

export type BenchMessage =
  | { type: 'env'; env: BenchEnv }
  | { type: 'progress'; progress: BenchProgress }
  | { type: 'note'; message: string }
  | { type: 'rows'; rows: BenchRow[] }
  | { type: 'error'; message: string };
