// The ANN peer: hnswlib-wasm 0.8.2 (HierarchicalNSW, inner-product space on unit vectors), browser only.
import { loadHnswlib } from 'hnswlib-wasm';
import type { VectorContestant } from '../memory/vector-suite';
import { recallAtK } from '../memory/vectors';

/** Graph degree and construction beam: hnswlib's documented defaults (M 16, efConstruction 200). */
export const HNSW_M = 16;
export const HNSW_EF_CONSTRUCTION = 200;
const SEED = 100;
/** efSearch is the smallest of these reaching the target recall on the tuning queries (not the scored ones). */
export const EF_SEARCH_LADDER = [10, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512];
export const TARGET_RECALL = 0.99;

export async function hnswContestant(): Promise<VectorContestant> {
  // 'IDBFS' is the library's default file system; nothing is written to it (no autosave file).
  const lib = await loadHnswlib();
  return {
    name: 'hnswlib-wasm',
    includes: 'hnswlib-wasm: index.searchKnn(q, 10) (copies q into its heap, graph search, results as JS arrays)',
    build(set, k, tuningTruth) {
      const t0 = performance.now();
      const index = new lib.HierarchicalNSW('ip', set.d, '');
      index.initIndex(set.n, HNSW_M, HNSW_EF_CONSTRUCTION, SEED);
      for (let i = 0; i < set.n; i++) index.addPoint(set.rows.subarray(i * set.d, (i + 1) * set.d), i, false);
      const buildMs = performance.now() - t0;
      const tune = Array.from({ length: set.tuning.length / set.d }, (_, i) => set.tuning.subarray(i * set.d, (i + 1) * set.d));
      let ef = EF_SEARCH_LADDER[EF_SEARCH_LADDER.length - 1];
      let tuneRecall = 0;
      for (const e of EF_SEARCH_LADDER) {
        if (e < k) continue;
        index.setEfSearch(e);
        tuneRecall = recallAtK(tune.map((q) => index.searchKnn(q, k, undefined).neighbors), tuningTruth);
        if (tuneRecall >= TARGET_RECALL) {
          ef = e;
          break;
        }
      }
      index.setEfSearch(ef);
      return {
        search: (q, kk) => index.searchKnn(q, kk, undefined).neighbors,
        buildMs,
        params: {
          space: 'ip', M: HNSW_M, efConstruction: HNSW_EF_CONSTRUCTION, efSearch: ef, seed: SEED,
          efSearch_rule: `smallest of [${EF_SEARCH_LADDER.join(', ')}] with recall@${k} ≥ ${TARGET_RECALL} on ${tune.length} separate tuning queries (got ${tuneRecall.toFixed(3)})`,
          build_includes: 'initIndex + one addPoint per row (f32 copied into the wasm heap)',
        },
        // The graph's memory is not exposed by the library; hnswlib stores the f32 vectors plus ≈ 2·M links per row.
        dispose: () => {
          (index as unknown as { delete?: () => void }).delete?.();
        },
      };
    },
  };
}
