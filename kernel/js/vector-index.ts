// The vector index on the kernel: int8 codes resident in wasm memory, kernel quantize + int8 dot + top-k, JS rescoring.
// Same algorithm and results as core's createPlainVectorIndex (its reference): shortlist by int8 scores, ties by lower id,
// rescore with the decoded vectors (codes·scale + 4-bit residual·residualScale), best k by score then lower id.
// Legend: n rows held, cap rows of capacity, d = dim, h = ceil(d/2) residual bytes per row, m = shortlist size.
import { defaultShortlist, type EncodedVector, type VectorHits, type VectorIndex } from '../../core/memory/vector-index';
import type { F32Buffer, I32Buffer, I8Buffer, Kernel } from './kernel';
import { int8DotRows, quantizeRows } from './ops/int8';
import { topk } from './ops/topk';

export interface KernelVectorIndex extends VectorIndex {
  /** Bytes held for rows at the current capacity: wasm codes + scales + score scratch, JS residuals, residual scales, ids. */
  readonly bytes: number;
  /** Rows the buffers hold before the next doubling. */
  readonly capacity: number;
}

/** Bytes one stored row costs: d codes, an f32 scale, h residual bytes, an f32 residual scale, an f64 id, an f32 score slot. */
export function kernelIndexRowBytes(dim: number): number {
  return dim + 4 + Math.ceil(dim / 2) + 4 + 8 + 4;
}

const DEFAULT_CAPACITY = 1024;
/** Codes the first buffers hold by default: a wide index (a model's 4,096-slot text column) starts with a few rows, not 1,024. */
const DEFAULT_CODE_BYTES = 1 << 20;

export function createKernelVectorIndex(kernel: Kernel, dim: number, initialCapacity = Math.max(1, Math.min(DEFAULT_CAPACITY, Math.floor(DEFAULT_CODE_BYTES / dim)))): KernelVectorIndex {
  if (!Number.isInteger(dim) || dim <= 0) throw new RangeError(`vector index: bad dim ${dim}`);
  if (!Number.isInteger(initialCapacity) || initialCapacity < 1) throw new RangeError(`vector index: bad initial capacity ${initialCapacity}`);
  const h = Math.ceil(dim / 2);
  let cap = initialCapacity;
  let n = 0;
  // wasm side: codes i8 [cap×d], scales f32 [cap], scores f32 [cap] (the coarse pass's output).
  let codes: I8Buffer = kernel.i8(cap * dim);
  let scales: F32Buffer = kernel.f32(cap);
  let scores: F32Buffer = kernel.f32(cap);
  // The query: f32 [d] in, i8 [d] + f32 [1] scale out of quantizeRows.
  const qf = kernel.f32(dim);
  const qq = kernel.i8(dim);
  const qs = kernel.f32(1);
  // topk output [topCap]; m + 1 entries are asked for, the extra one detects a tie at the shortlist's edge.
  let topCap = 0;
  let topIdx: I32Buffer | undefined;
  let topSc: F32Buffer | undefined;
  // JS side: residual nibbles u8 [cap×h], residual scales f32 [cap], ids f64 [cap], id → row.
  let residuals = new Uint8Array(cap * h);
  let residualScales = new Float32Array(cap);
  let ids = new Float64Array(cap);
  const slots = new Map<number, number>();
  // Rescoring scratch [m]: candidate rows, their ids and fine scores, and the final order.
  let cand = new Int32Array(0);
  let fine = new Float64Array(0);
  let order = new Int32Array(0);
  let disposed = false;

  const alive = () => {
    if (disposed) throw new Error('vector index: used after dispose()');
  };

  function grow(need: number): void {
    let next = cap;
    while (next < need) next *= 2;
    if (next === cap) return;
    const c2 = kernel.i8(next * dim);
    const s2 = kernel.f32(next);
    const sc2 = kernel.f32(next);
    // Views are taken after the allocations: growing wasm memory detaches older ones.
    c2.view.set(codes.view.subarray(0, n * dim));
    s2.view.set(scales.view.subarray(0, n));
    codes.free();
    scales.free();
    scores.free();
    codes = c2;
    scales = s2;
    scores = sc2;
    const r2 = new Uint8Array(next * h);
    r2.set(residuals.subarray(0, n * h));
    residuals = r2;
    const rs2 = new Float32Array(next);
    rs2.set(residualScales.subarray(0, n));
    residualScales = rs2;
    const id2 = new Float64Array(next);
    id2.set(ids.subarray(0, n));
    ids = id2;
    cap = next;
  }

  function ensureTop(count: number): void {
    if (count <= topCap) return;
    topIdx?.free();
    topSc?.free();
    topCap = Math.max(count, 2 * topCap, 64);
    topIdx = kernel.i32(topCap);
    topSc = kernel.f32(topCap);
    cand = new Int32Array(topCap);
    fine = new Float64Array(topCap);
    order = new Int32Array(topCap);
  }

  function writeRow(slot: number, v: EncodedVector): void {
    codes.view.set(v.codes, slot * dim);
    scales.view[slot] = v.scale;
    residuals.set(v.residual, slot * h);
    residualScales[slot] = v.residualScale;
  }

  /** dotDecoded(query, row) with the same operations in the same order, so scores equal the reference's bit for bit. */
  function rescore(query: Float32Array, cv: Int8Array, scaleView: Float32Array, row: number): number {
    const co = row * dim;
    const ro = row * h;
    let a = 0;
    let b = 0;
    let i = 0;
    for (; i + 1 < dim; i += 2) {
      const byte = residuals[ro + (i >> 1)];
      const q0 = query[i];
      const q1 = query[i + 1];
      a += q0 * cv[co + i];
      b += q0 * ((byte << 28) >> 28);
      a += q1 * cv[co + i + 1];
      b += q1 * ((byte << 24) >> 28);
    }
    if (i < dim) {
      a += query[i] * cv[co + i];
      b += query[i] * ((residuals[ro + (i >> 1)] << 28) >> 28);
    }
    return a * scaleView[row] + b * residualScales[row];
  }

  /** Rows [0, m) of the shortlist into cand: the m best by int8 score, ties by lower id (the reference's order). */
  function shortlistRows(m: number): void {
    const idxView = topIdx!.view;
    const scView = topSc!.view;
    for (let j = 0; j < m; j++) cand[j] = idxView[j];
    // topk breaks ties by row index, the reference by id: they differ only when the edge score is shared beyond the list.
    if (m >= n || scView[m - 1] !== scView[m]) return;
    const edge = scView[m - 1];
    let kept = 0;
    for (let j = 0; j < m; j++) if (scView[j] > edge) cand[kept++] = idxView[j];
    // All rows tied at the edge score, lowest ids first, fill the remaining places (rare: a linear scan is fine).
    const tied: number[] = [];
    const sv = scores.view;
    for (let r = 0; r < n; r++) if (sv[r] === edge) tied.push(r);
    tied.sort((x, y) => ids[x] - ids[y]);
    for (let j = 0; kept < m; j++) cand[kept++] = tied[j];
  }

  return {
    dim,
    get size() {
      return n;
    },
    get capacity() {
      return cap;
    },
    get bytes() {
      return cap * kernelIndexRowBytes(dim);
    },
    upsert(id, v) {
      alive();
      if (v.codes.length !== dim) throw new RangeError(`vector index: vector of ${v.codes.length} dims, index holds ${dim}`);
      if (v.residual.length !== h) throw new RangeError(`vector index: residual of ${v.residual.length} bytes, ${dim} dims need ${h}`);
      let slot = slots.get(id);
      if (slot === undefined) {
        if (n === cap) grow(n + 1);
        slot = n++;
        slots.set(id, slot);
        ids[slot] = id;
      }
      writeRow(slot, v);
    },
    remove(id) {
      alive();
      const slot = slots.get(id);
      if (slot === undefined) return false;
      // Move the last row into the hole so rows stay dense (the reference does the same).
      const last = n - 1;
      if (slot !== last) {
        codes.view.copyWithin(slot * dim, last * dim, (last + 1) * dim);
        const sv = scales.view;
        sv[slot] = sv[last];
        residuals.copyWithin(slot * h, last * h, (last + 1) * h);
        residualScales[slot] = residualScales[last];
        ids[slot] = ids[last];
        slots.set(ids[slot], slot);
      }
      slots.delete(id);
      n--;
      return true;
    },
    clear() {
      alive();
      slots.clear();
      n = 0;
    },
    search(query, k, shortlist = defaultShortlist(k)): VectorHits {
      alive();
      if (query.length !== dim) throw new RangeError(`vector index: query of ${query.length} dims, index holds ${dim}`);
      // Fractional sizes round up, as the reference's selection does (it fills while it holds fewer than k).
      const want = Math.min(Math.ceil(k), n);
      if (!(want > 0)) return { ids: [], scores: [] };
      const m = Math.min(n, Math.max(Math.ceil(shortlist), want));
      ensureTop(m + 1);
      qf.view.set(query);
      quantizeRows(kernel, qq, qs, qf, 1, dim);
      int8DotRows(kernel, scores, qq, qs.view[0], codes, scales, n, dim);
      topk(kernel, topIdx!, topSc!, scores, n, Math.min(m + 1, n));
      shortlistRows(m);

      const cv = codes.view;
      const sv = scales.view;
      // Insertion selection of the `want` best by (fine score desc, id asc); want is small.
      let kept = 0;
      for (let j = 0; j < m; j++) {
        const row = cand[j];
        const s = rescore(query, cv, sv, row);
        fine[j] = s;
        if (Number.isNaN(s)) continue;
        const id = ids[row];
        if (kept === want && !(s > fine[order[kept - 1]] || (s === fine[order[kept - 1]] && id < ids[cand[order[kept - 1]]]))) continue;
        let p = kept < want ? kept++ : want - 1;
        while (p > 0) {
          const o = order[p - 1];
          const so = fine[o];
          if (!(s > so || (s === so && id < ids[cand[o]]))) break;
          order[p] = o;
          p--;
        }
        order[p] = j;
      }
      const outIds: number[] = [];
      const outScores: number[] = [];
      for (let j = 0; j < kept; j++) {
        outIds.push(ids[cand[order[j]]]);
        outScores.push(fine[order[j]]);
      }
      return { ids: outIds, scores: outScores };
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const b of [codes, scales, scores, qf, qq, qs, topIdx, topSc]) b?.free();
      slots.clear();
      n = 0;
    },
  };
}
