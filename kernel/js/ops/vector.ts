// Vector op wrappers: batched dot and cosine of a query against rows, row norms, in-place L2 normalisation.
// Legend: n rows, d dimensions; rows f32 [n×d] row-major, query f32 [d], scores/norms f32 [n].
import type { F32Buffer, Kernel } from '../kernel';

function need(op: string, name: string, buf: { length: number }, values: number): void {
  if (!Number.isInteger(values) || values < 0) throw new RangeError(`${op}: bad size ${values} for ${name}`);
  if (buf.length < values) throw new RangeError(`${op}: ${name} holds ${buf.length} values, needs ${values}`);
}

/** scores[i] = query · rows[i]. */
export function dotRows(k: Kernel, scores: F32Buffer, query: F32Buffer, rows: F32Buffer, n: number, d: number): void {
  need('dotRows', 'scores', scores, n);
  need('dotRows', 'query', query, d);
  need('dotRows', 'rows', rows, n * d);
  k.fn('dot_rows')(scores.ptr, query.ptr, rows.ptr, n, d);
}

/** norms[i] = ‖rows[i]‖₂, to precompute for cosineRows. */
export function rowNorms(k: Kernel, norms: F32Buffer, rows: F32Buffer, n: number, d: number): void {
  need('rowNorms', 'norms', norms, n);
  need('rowNorms', 'rows', rows, n * d);
  k.fn('row_norms')(norms.ptr, rows.ptr, n, d);
}

/** scores[i] = cos(query, rows[i]), 0 where either is all zeros. Pass norms (from rowNorms) to skip recomputing them. */
export function cosineRows(
  k: Kernel, scores: F32Buffer, query: F32Buffer, rows: F32Buffer, n: number, d: number, norms?: F32Buffer,
): void {
  need('cosineRows', 'scores', scores, n);
  need('cosineRows', 'query', query, d);
  need('cosineRows', 'rows', rows, n * d);
  if (norms) need('cosineRows', 'norms', norms, n);
  k.fn('cosine_rows')(scores.ptr, query.ptr, rows.ptr, norms ? norms.ptr : 0, n, d);
}

/** Scales every row of rows to unit length in place; zero rows stay zero. */
export function normalizeRows(k: Kernel, rows: F32Buffer, n: number, d: number): void {
  need('normalizeRows', 'rows', rows, n * d);
  k.fn('normalize_rows')(rows.ptr, n, d);
}
