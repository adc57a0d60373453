// Vector ops for the memory tier: batched dot and cosine of one query against N rows, row norms, in-place L2 normalisation.
// Legend: n rows, d dimensions. rows f32 [n×d] row-major, query f32 [d], scores/norms f32 [n].

// Σ a[p]·b[p] over d floats. Four vector accumulators (16 lanes in flight) so the adds of one
// step do not wait on the previous one; the relaxed build fuses the multiply-add.
// @ts-ignore: decorator
@inline function dotF32(a: usize, b: usize, d: i32): f32 {
  let p = 0;
  let s: f32 = 0;
  if (ASC_FEATURE_SIMD) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    for (; p + 16 <= d; p += 16) {
      const pa = a + (<usize>p << 2), pb = b + (<usize>p << 2);
      if (ASC_FEATURE_RELAXED_SIMD) {
        s0 = f32x4.relaxed_madd(v128.load(pa), v128.load(pb), s0);
        s1 = f32x4.relaxed_madd(v128.load(pa, 16), v128.load(pb, 16), s1);
        s2 = f32x4.relaxed_madd(v128.load(pa, 32), v128.load(pb, 32), s2);
        s3 = f32x4.relaxed_madd(v128.load(pa, 48), v128.load(pb, 48), s3);
      } else {
        s0 = f32x4.add(s0, f32x4.mul(v128.load(pa), v128.load(pb)));
        s1 = f32x4.add(s1, f32x4.mul(v128.load(pa, 16), v128.load(pb, 16)));
        s2 = f32x4.add(s2, f32x4.mul(v128.load(pa, 32), v128.load(pb, 32)));
        s3 = f32x4.add(s3, f32x4.mul(v128.load(pa, 48), v128.load(pb, 48)));
      }
    }
    for (; p + 4 <= d; p += 4) {
      s0 = f32x4.add(s0, f32x4.mul(v128.load(a + (<usize>p << 2)), v128.load(b + (<usize>p << 2))));
    }
    const t = f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3));
    s = (f32x4.extract_lane(t, 0) + f32x4.extract_lane(t, 1)) + (f32x4.extract_lane(t, 2) + f32x4.extract_lane(t, 3));
  } else {
    let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
    for (; p + 4 <= d; p += 4) {
      const pa = a + (<usize>p << 2), pb = b + (<usize>p << 2);
      s0 += load<f32>(pa) * load<f32>(pb);
      s1 += load<f32>(pa, 4) * load<f32>(pb, 4);
      s2 += load<f32>(pa, 8) * load<f32>(pb, 8);
      s3 += load<f32>(pa, 12) * load<f32>(pb, 12);
    }
    s = (s0 + s1) + (s2 + s3);
  }
  for (; p < d; p++) s += load<f32>(a + (<usize>p << 2)) * load<f32>(b + (<usize>p << 2));
  return s;
}

// scores[i] = query · rows[i]
export function dot_rows(scores: usize, query: usize, rows: usize, n: i32, d: i32): void {
  const stride = <usize>d << 2;
  let r = rows;
  for (let i = 0; i < n; i++) {
    store<f32>(scores + (<usize>i << 2), dotF32(query, r, d));
    r += stride;
  }
}

// norms[i] = ‖rows[i]‖₂
export function row_norms(norms: usize, rows: usize, n: i32, d: i32): void {
  const stride = <usize>d << 2;
  let r = rows;
  for (let i = 0; i < n; i++) {
    store<f32>(norms + (<usize>i << 2), Mathf.sqrt(dotF32(r, r, d)));
    r += stride;
  }
}

// ‖r‖² of the row last passed to dotAndSquare: a second return value without a heap object.
let lastSquare: f32 = 0;

// query·r, and ‖r‖² into lastSquare, in one pass over the row (cosine without precomputed norms).
// @ts-ignore: decorator
@inline function dotAndSquare(q: usize, r: usize, d: i32): f32 {
  let p = 0;
  let s: f32 = 0, t: f32 = 0;
  if (ASC_FEATURE_SIMD) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), t0 = f32x4.splat(0), t1 = f32x4.splat(0);
    for (; p + 8 <= d; p += 8) {
      const pq = q + (<usize>p << 2), pr = r + (<usize>p << 2);
      const r0 = v128.load(pr), r1 = v128.load(pr, 16);
      if (ASC_FEATURE_RELAXED_SIMD) {
        s0 = f32x4.relaxed_madd(v128.load(pq), r0, s0);
        s1 = f32x4.relaxed_madd(v128.load(pq, 16), r1, s1);
        t0 = f32x4.relaxed_madd(r0, r0, t0);
        t1 = f32x4.relaxed_madd(r1, r1, t1);
      } else {
        s0 = f32x4.add(s0, f32x4.mul(v128.load(pq), r0));
        s1 = f32x4.add(s1, f32x4.mul(v128.load(pq, 16), r1));
        t0 = f32x4.add(t0, f32x4.mul(r0, r0));
        t1 = f32x4.add(t1, f32x4.mul(r1, r1));
      }
    }
    const vs = f32x4.add(s0, s1), vt = f32x4.add(t0, t1);
    s = (f32x4.extract_lane(vs, 0) + f32x4.extract_lane(vs, 1)) + (f32x4.extract_lane(vs, 2) + f32x4.extract_lane(vs, 3));
    t = (f32x4.extract_lane(vt, 0) + f32x4.extract_lane(vt, 1)) + (f32x4.extract_lane(vt, 2) + f32x4.extract_lane(vt, 3));
  }
  for (; p < d; p++) {
    const rv = load<f32>(r + (<usize>p << 2));
    s += load<f32>(q + (<usize>p << 2)) * rv;
    t += rv * rv;
  }
  lastSquare = t;
  return s;
}

// scores[i] = query·rows[i] / (‖query‖·‖rows[i]‖), 0 where either norm is 0.
// norms f32 [n] holds the rows' norms precomputed (row_norms), or is 0 to compute them in the same pass.
export function cosine_rows(scores: usize, query: usize, rows: usize, norms: usize, n: i32, d: i32): void {
  const qn = Mathf.sqrt(dotF32(query, query, d));
  const stride = <usize>d << 2;
  let r = rows;
  for (let i = 0; i < n; i++) {
    let dot: f32, rn: f32;
    if (norms) {
      dot = dotF32(query, r, d);
      rn = load<f32>(norms + (<usize>i << 2));
    } else {
      dot = dotAndSquare(query, r, d);
      rn = Mathf.sqrt(lastSquare);
    }
    const den = qn * rn;
    store<f32>(scores + (<usize>i << 2), den > 0 ? dot / den : 0);
    r += stride;
  }
}

// rows[i] /= ‖rows[i]‖ in place; a zero row stays zero (no NaN).
export function normalize_rows(rows: usize, n: i32, d: i32): void {
  const stride = <usize>d << 2;
  let r = rows;
  for (let i = 0; i < n; i++) {
    const nrm = Mathf.sqrt(dotF32(r, r, d));
    if (nrm > 0) {
      const inv: f32 = <f32>1 / nrm;
      let p = 0;
      if (ASC_FEATURE_SIMD) {
        const vi = f32x4.splat(inv);
        for (; p + 4 <= d; p += 4) {
          const pp = r + (<usize>p << 2);
          v128.store(pp, f32x4.mul(v128.load(pp), vi));
        }
      }
      for (; p < d; p++) {
        const pp = r + (<usize>p << 2);
        store<f32>(pp, load<f32>(pp) * inv);
      }
    }
    r += stride;
  }
}
