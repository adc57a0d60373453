// recall@10 of vector codecs on the 100k clustered bench set (vector_search_100k's data), printed, never asserted:
// npm run measure -- bench/memory/codec (SAFLA_MEASURE_N=10000 for a quick look). Every variant rescores the same int8 shortlist.
import { describe, expect, it } from 'vitest';
import { quantizeVector } from '../../core/nn/quantize';
import { createPlainVectorIndex } from '../../core/memory/plain-vector-index';
import { decodeVector, encodeVector } from '../../core/memory/vector-codec';
import { createRng } from '../../core/random';
import { exactNeighbours, recallAtK, vectorSet } from './vectors';

const N = Number(process.env.SAFLA_MEASURE_N ?? 100_000);
const K = 10;
const SHORTLISTS = [50, 200];

/** A codec as the rescoring sees it: the vector it decodes to. */
type Decode = (x: Float32Array) => Float32Array;

/** int8 codes + a residual of ±levels (scale max|rest|/levels), optionally times the least-squares gain. */
function residualCodec(levels: number, withGain: boolean): Decode {
  return (x) => {
    const d = x.length;
    const { codes, scale } = quantizeVector(x);
    let m = 0;
    for (let i = 0; i < d; i++) m = Math.max(m, Math.abs(x[i] - codes[i] * scale));
    const t = Math.fround(m / levels);
    const y = new Float32Array(d);
    for (let i = 0; i < d; i++) {
      const r = t > 0 ? Math.max(-levels, Math.min(levels, Math.round((x[i] - codes[i] * scale) / t))) : 0;
      y[i] = codes[i] * scale + r * t;
    }
    if (!withGain) return y;
    let xy = 0;
    let yy = 0;
    for (let i = 0; i < d; i++) {
      xy += x[i] * y[i];
      yy += y[i] * y[i];
    }
    const g = yy > 0 ? xy / yy : 1;
    return y.map((v) => v * g);
  };
}

/** A random orthogonal rotation (Gram-Schmidt of gaussian rows) applied before a codec and undone after it. */
function rotated(codec: Decode, d: number): Decode {
  const rng = createRng(9);
  const r = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let p = 0; p < d; p++) r[i * d + p] = rng.normal();
    for (let j = 0; j < i; j++) {
      let dot = 0;
      for (let p = 0; p < d; p++) dot += r[i * d + p] * r[j * d + p];
      for (let p = 0; p < d; p++) r[i * d + p] -= dot * r[j * d + p];
    }
    let norm = 0;
    for (let p = 0; p < d; p++) norm += r[i * d + p] ** 2;
    for (let p = 0; p < d; p++) r[i * d + p] /= Math.sqrt(norm);
  }
  return (x) => {
    const y = new Float32Array(d);
    for (let i = 0; i < d; i++) for (let p = 0; p < d; p++) y[i] += r[i * d + p] * x[p];
    const z = codec(y);
    const out = new Float32Array(d);
    for (let p = 0; p < d; p++) for (let i = 0; i < d; i++) out[p] += r[i * d + p] * z[i];
    return out;
  };
}

describe('vector codecs: recall@10 on clustered vectors', () => {
  it(`${N.toLocaleString('en-US')} × 384, 100 queries (seed 2026, as vector_search_100k)`, () => {
    const set = vectorSet('clustered', N, 100, 0, 2026);
    const d = set.d;
    const truth = exactNeighbours(set, K);
    const queries = Array.from({ length: 100 }, (_, q) => set.queries.subarray(q * d, (q + 1) * d));
    // The int8 shortlist every variant rescores (the kernel's coarse pass: int8 codes against the int8 query).
    const codes = Array.from({ length: N }, (_, i) => quantizeVector(set.rows.subarray(i * d, (i + 1) * d)));
    const shortlists = queries.map((qf) => {
      const q = quantizeVector(qf);
      const s = new Float32Array(N);
      for (let i = 0; i < N; i++) {
        let t = 0;
        for (let p = 0; p < d; p++) t += q.codes[p] * codes[i].codes[p];
        s[i] = t * q.scale * codes[i].scale;
      }
      return Array.from({ length: N }, (_, i) => i).toSorted((a, b) => s[b] - s[a] || a - b).slice(0, Math.max(...SHORTLISTS));
    });
    const variants: [string, number, Decode][] = [
      ['int8 + 4-bit residual (before)', 584, residualCodec(7, false)],
      ['int8 + 4-bit residual + gain (shipped encodeVector)', 584, (x) => decodeVector(encodeVector(x))],
      ['int8 + 4-bit residual + gain (this file)', 584, residualCodec(7, true)],
      ['rotation, int8 + 4-bit residual', 584, rotated(residualCodec(7, false), d)],
      ['rotation, int8 + 4-bit residual + gain', 584, rotated(residualCodec(7, true), d)],
      ['int8 + 5-bit residual', 632, residualCodec(15, false)],
      ['int8 + 5-bit residual + gain', 632, residualCodec(15, true)],
    ];
    for (const [name, bytes, decode] of variants) {
      const decoded = new Map<number, Float32Array>();
      const recall = SHORTLISTS.map((m) => recallAtK(shortlists.map((list, qi) => {
        const q = queries[qi];
        return list.slice(0, m).map((i) => {
          let y = decoded.get(i);
          if (!y) decoded.set(i, (y = decode(set.rows.subarray(i * d, (i + 1) * d))));
          let s = 0;
          for (let p = 0; p < d; p++) s += q[p] * y[p];
          return [i, s] as const;
        }).toSorted((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, K).map((c) => c[0]);
      }), truth));
      console.log(`${name}: ${bytes} bytes/vector (${((1 - bytes / (4 * d)) * 100).toFixed(0)}% smaller than f32), recall@10 ${SHORTLISTS.map((m, i) => `shortlist ${m}: ${recall[i].toFixed(4)}`).join(', ')}`);
    }
    // The plain index end to end (its own shortlist, default size), with the shipped codec.
    const idx = createPlainVectorIndex(d);
    for (let i = 0; i < N; i++) idx.upsert(i, encodeVector(set.rows.subarray(i * d, (i + 1) * d)));
    const found = queries.map((q) => idx.search(q, K).ids);
    console.log(`plain index, shipped codec, default shortlist: recall@10 ${recallAtK(found, truth).toFixed(4)}`);
    expect(found.length).toBe(100);
  });
});
