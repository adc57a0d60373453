// top-k: the k largest of n scores, sorted descending, ties to the lower index, via a k-slot min-heap.
// Legend: n scores, k wanted. scores f32 [n]; outIdx i32 [min(k,n)], outScores f32 [min(k,n)].
// NaN ranks below every number, so it is returned only when fewer than k numbers exist.

// Does (sa, ia) rank below (sb, ib)? Lower score, or an equal score at a higher index.
// @ts-ignore: decorator
@inline function below(sa: f32, ia: i32, sb: f32, ib: i32): bool {
  if (sa != sa) return sb == sb || ia > ib;
  if (sb != sb) return false;
  return sa < sb || (sa == sb && ia > ib);
}

// Restores the heap below slot i; the heap lives in the output arrays, the lowest-ranked entry at the root.
function siftDown(idx: usize, sc: usize, i: i32, size: i32): void {
  const s = load<f32>(sc + (<usize>i << 2));
  const x = load<i32>(idx + (<usize>i << 2));
  for (;;) {
    let c = 2 * i + 1;
    if (c >= size) break;
    let cs = load<f32>(sc + (<usize>c << 2));
    let cx = load<i32>(idx + (<usize>c << 2));
    if (c + 1 < size) {
      const rs = load<f32>(sc + (<usize>(c + 1) << 2));
      const rx = load<i32>(idx + (<usize>(c + 1) << 2));
      if (below(rs, rx, cs, cx)) { c++; cs = rs; cx = rx; }
    }
    if (!below(cs, cx, s, x)) break;
    store<f32>(sc + (<usize>i << 2), cs);
    store<i32>(idx + (<usize>i << 2), cx);
    i = c;
  }
  store<f32>(sc + (<usize>i << 2), s);
  store<i32>(idx + (<usize>i << 2), x);
}

// Offers score s at index i (larger than every index already held) against the full heap's root.
// @ts-ignore: decorator
@inline function offer(idx: usize, sc: usize, s: f32, i: i32, size: i32): void {
  const root = load<f32>(sc);
  // A later index never beats an equal score, so only a strictly larger score (or any number over a NaN root) enters.
  if (s > root || (root != root && s == s)) {
    store<f32>(sc, s);
    store<i32>(idx, i);
    siftDown(idx, sc, 0, size);
  }
}

// Returns the count written, min(k, n).
export function topk(outIdx: usize, outScores: usize, scores: usize, n: i32, k: i32): i32 {
  const size = k < n ? k : n;
  if (size <= 0) return 0;
  for (let i = 0; i < size; i++) {
    store<f32>(outScores + (<usize>i << 2), load<f32>(scores + (<usize>i << 2)));
    store<i32>(outIdx + (<usize>i << 2), i);
  }
  for (let i = (size >> 1) - 1; i >= 0; i--) siftDown(outIdx, outScores, i, size);

  let i = size;
  if (ASC_FEATURE_SIMD) {
    // Most blocks of 16 hold nothing above the current k-th best: one compare per 4 lanes skips them.
    // gt is false for NaN lanes, which is right: a NaN never displaces anything.
    while (i + 16 <= n) {
      const root = load<f32>(outScores);
      if (root != root) break; // a NaN root is displaced by any number: the scalar loop handles it
      const t = f32x4.splat(root);
      const p = scores + (<usize>i << 2);
      const hit = v128.or(
        v128.or(f32x4.gt(v128.load(p), t), f32x4.gt(v128.load(p, 16), t)),
        v128.or(f32x4.gt(v128.load(p, 32), t), f32x4.gt(v128.load(p, 48), t)),
      );
      if (v128.any_true(hit)) {
        for (let j = 0; j < 16; j++) offer(outIdx, outScores, load<f32>(p + (<usize>j << 2)), i + j, size);
      }
      i += 16;
    }
  }
  for (; i < n; i++) offer(outIdx, outScores, load<f32>(scores + (<usize>i << 2)), i, size);

  // Heapsort: moving the root (lowest) to the end each time leaves the array in descending rank.
  for (let end = size - 1; end > 0; end--) {
    const rs = load<f32>(outScores), rx = load<i32>(outIdx);
    store<f32>(outScores, load<f32>(outScores + (<usize>end << 2)));
    store<i32>(outIdx, load<i32>(outIdx + (<usize>end << 2)));
    store<f32>(outScores + (<usize>end << 2), rs);
    store<i32>(outIdx + (<usize>end << 2), rx);
    siftDown(outIdx, outScores, 0, end);
  }
  return size;
}
