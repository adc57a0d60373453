// Self-check case for top-k: the k best indices and scores must match the reference's full sort exactly.
import { topkArrays } from '../../../kernel/js/ops/topk';
import { topkRef } from '../../../kernel/reference/topk';
import { seeded, withBuffers, type SelfCheckCase } from './case';

const N = 1001;
const K = 17;

function flatten(indices: Int32Array, scores: Float32Array): number[] {
  return [...indices, ...scores];
}

export const TOPK_CHECKS: readonly SelfCheckCase[] = [
  {
    op: 'top-k',
    shape: `${K} of ${N}`,
    tolerance: 0,
    run(kernel) {
      const scores = seeded(N, 51);
      // Repeated scores check the tie order (lower index first).
      scores[500] = scores[10];
      const want = topkRef(scores, K);
      const s = kernel.f32(scores);
      return withBuffers([s], () => {
        const got = topkArrays(kernel, s, N, K);
        return { ours: flatten(got.indices, got.scores), reference: flatten(want.indices, want.scores) };
      });
    },
  },
];
