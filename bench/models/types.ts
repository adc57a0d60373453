// Rows of bench/results/models.json: the kernel bench's row shape plus extra fields (accuracies, bytes, output differences).
import type { BenchRow } from '../../workers/compute/bench/types';

export type ModelRow = BenchRow & Record<string, unknown>;
