// Self-check cases for the vector ops: batched dot and cosine against a query, row norms, and in-place L2 normalisation.
import { cosineRows, dotRows, normalizeRows, rowNorms } from '../../../kernel/js/ops/vector';
import { cosineRowsRef, dotRowsRef, normalizeRowsRef, rowNormsRef } from '../../../kernel/reference/vector';
import { EPS, seeded, withBuffers, type SelfCheckCase } from './case';

// Legend: n rows of d dimensions; d = 385 is one past a multiple of 4, 8 and 16 (every tail path).
const N = 37;
const D = 385;
const shape = `${N}×${D}`;

const query = seeded(D, 41);
const rows = seeded(N * D, 42);

export const VECTOR_CHECKS: readonly SelfCheckCase[] = [
  {
    op: 'dot rows',
    shape,
    tolerance: 8 * D * EPS,
    run(kernel) {
      const reference = new Float32Array(N);
      dotRowsRef(reference, query, rows, N, D);
      const [q, r, s] = [kernel.f32(query), kernel.f32(rows), kernel.f32(N)];
      return withBuffers([q, r, s], () => {
        dotRows(kernel, s, q, r, N, D);
        return { ours: s.toArray(), reference };
      });
    },
  },
  {
    op: 'cosine rows',
    shape,
    // Cosines lie in [-1, 1]; the sums and the two norms each add a few ulps per term.
    tolerance: 2e-5 * Math.sqrt(D) + 1e-6,
    run(kernel) {
      const reference = new Float32Array(N);
      cosineRowsRef(reference, query, rows, N, D);
      const [q, r, s] = [kernel.f32(query), kernel.f32(rows), kernel.f32(N)];
      return withBuffers([q, r, s], () => {
        cosineRows(kernel, s, q, r, N, D);
        return { ours: s.toArray(), reference };
      });
    },
  },
  {
    op: 'row norms (L2)',
    shape,
    tolerance: 8 * Math.sqrt(D) * EPS,
    run(kernel) {
      const reference = new Float32Array(N);
      rowNormsRef(reference, rows, N, D);
      const [r, s] = [kernel.f32(rows), kernel.f32(N)];
      return withBuffers([r, s], () => {
        rowNorms(kernel, s, r, N, D);
        return { ours: s.toArray(), reference };
      });
    },
  },
  {
    op: 'normalize rows (L2)',
    shape,
    tolerance: 8 * Math.sqrt(D) * EPS,
    run(kernel) {
      const reference = rows.slice();
      normalizeRowsRef(reference, N, D);
      const r = kernel.f32(rows);
      return withBuffers([r], () => {
        normalizeRows(kernel, r, N, D);
        return { ours: r.toArray(), reference };
      });
    },
  },
];
