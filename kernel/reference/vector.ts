// Reference vector ops in plain TypeScript (f64 sums): batched dot and cosine, row norms, in-place L2 normalisation.
// Legend: n rows, d dimensions; rows [n×d] row-major, query [d], scores/norms [n].

export function dotRowsRef(scores: Float32Array, query: Float32Array, rows: Float32Array, n: number, d: number): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let p = 0; p < d; p++) s += query[p] * rows[i * d + p];
    scores[i] = s;
  }
}

export function rowNormsRef(norms: Float32Array, rows: Float32Array, n: number, d: number): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let p = 0; p < d; p++) s += rows[i * d + p] * rows[i * d + p];
    norms[i] = Math.sqrt(s);
  }
}

/** Cosine similarity; 0 where the query or the row is all zeros. */
export function cosineRowsRef(scores: Float32Array, query: Float32Array, rows: Float32Array, n: number, d: number): void {
  let qq = 0;
  for (let p = 0; p < d; p++) qq += query[p] * query[p];
  for (let i = 0; i < n; i++) {
    let s = 0;
    let rr = 0;
    for (let p = 0; p < d; p++) {
      const r = rows[i * d + p];
      s += query[p] * r;
      rr += r * r;
    }
    const den = Math.sqrt(qq) * Math.sqrt(rr);
    scores[i] = den > 0 ? s / den : 0;
  }
}

/** Scales each row to unit length in place; zero rows stay zero. */
export function normalizeRowsRef(rows: Float32Array, n: number, d: number): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let p = 0; p < d; p++) s += rows[i * d + p] * rows[i * d + p];
    const nrm = Math.sqrt(s);
    if (nrm > 0) for (let p = 0; p < d; p++) rows[i * d + p] /= nrm;
  }
}
