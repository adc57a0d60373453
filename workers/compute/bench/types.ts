// Shapes shared by the in-app System benchmark and `npm run bench`: one row per measured case.
import type { KernelPort } from '../../../core/nn/port';
import type { BenchPeer } from './peer';

/** One benchmark figure: ours against a peer measured in the same run. ratio > 1 means we are better. */
export interface BenchRow {
  name: string;
  unit: string;
  ours: number;
  /** null when no peer ran this case (then peer_name is 'none'). */
  peer: number | null;
  peer_name: string;
  ratio: number | null;
  /** Extra facts about the row (sizes, what each side's timing includes, runs, result check). */
  detail?: string;
}

export interface BenchProgress {
  done: number;
  total: number;
  label: string;
}

export interface SuiteOptions {
  /** Peers to measure beside ours, in the same run. */
  peers: BenchPeer[];
  /** Fewer sizes and a shorter warm-up, for the in-app benchmark. */
  quick?: boolean;
  /** Only cases whose name contains this substring. */
  filter?: string;
  /** Our network implementation for the MLP cases; default createWasmPort(kernel). If none can be made those cases are skipped (see onNote). */
  port?: KernelPort;
  onProgress?: (p: BenchProgress) => void;
  /** Human-readable notes: skipped cases, result mismatches. */
  onNote?: (message: string) => void;
  signal?: AbortSignal;
}
