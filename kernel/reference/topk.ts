// Reference top-k in plain TypeScript: a full sort by score descending, ties to the lower index, NaN last.

export interface TopK {
  indices: Int32Array;
  scores: Float32Array;
}

/** Does (sa, ia) rank above (sb, ib)? The order the kernel's top-k returns. */
export function ranksAbove(sa: number, ia: number, sb: number, ib: number): boolean {
  if (Number.isNaN(sb)) return !Number.isNaN(sa) || ia < ib;
  if (Number.isNaN(sa)) return false;
  return sa > sb || (sa === sb && ia < ib);
}

export function topkRef(scores: ArrayLike<number>, k: number): TopK {
  const order = Array.from({ length: scores.length }, (_, i) => i);
  order.sort((a, b) => (ranksAbove(scores[a], a, scores[b], b) ? -1 : ranksAbove(scores[b], b, scores[a], a) ? 1 : 0));
  const count = Math.max(0, Math.min(k, scores.length));
  const indices = Int32Array.from(order.slice(0, count));
  return { indices, scores: Float32Array.from(indices, (i) => scores[i]) };
}
