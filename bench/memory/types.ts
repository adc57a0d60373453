// Rows of bench/results/memory.json: the kernel bench's row shape plus extra fields (recall, build time, bytes, modes).
import type { BenchRow } from '../../workers/compute/bench/types';

export type MemoryRow = BenchRow & Record<string, unknown>;
