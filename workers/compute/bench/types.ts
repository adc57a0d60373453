// Shapes shared by the in-app System benchmark and `npm run bench`: one row per measured case.

/** One benchmark figure: ours against a peer measured in the same run. ratio > 1 means we are better. */
export interface BenchRow {
  name: string;
  unit: string;
  ours: number;
  peer: number | null;
  peer_name: string;
  ratio: number | null;
  /** Extra facts about the row (sizes, build used, sample counts). */
  detail?: string;
}

export interface BenchProgress {
  done: number;
  total: number;
  label: string;
}

export interface SuiteOptions {
  /** Peers to measure beside ours, in the same run. */
  peers: import('./peer').BenchPeer[];
  /** Fewer sizes and runs, for the in-app benchmark. */
  quick?: boolean;
  onProgress?: (p: BenchProgress) => void;
  signal?: AbortSignal;
}
