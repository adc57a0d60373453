// vector_search cases: ms per query for ours (the kernel vector index), an ANN peer (hnswlib-wasm in the browser) and
// plain-JS float32 brute force, interleaved and median after warm-up; each contestant's recall@10 against exact search.
import { encodeVector } from '../../core/memory/vector-codec';
import { defaultShortlist } from '../../core/memory/vector-index';
import type { Kernel } from '../../kernel/js/kernel';
import { createKernelVectorIndex, kernelIndexRowBytes } from '../../kernel/js/vector-index';
import { median, now, timeCalls, warmUp, type TimingPlan } from '../../workers/compute/bench/timing';
import type { MemoryRow } from './types';
import { dotAll, exactNeighbours, recallAtK, topK, vectorSet, type Distribution, type VectorSet } from './vectors';

export const K = 10;

/** A built index, ready to answer queries. */
export interface BuiltIndex {
  /** Ids of the k best rows (row number = id) for one query. */
  search(q: Float32Array, k: number): ArrayLike<number>;
  /** Wall time of building it from the f32 rows (ms). */
  buildMs: number;
  /** Parameters chosen (e.g. HNSW's M, efConstruction, efSearch and how efSearch was picked). */
  params?: Record<string, unknown>;
  /** Bytes the index holds for the rows, when known. */
  bytes?: number;
  /** Ours: a search with an explicit shortlist, so recall can be reported for several shortlist sizes (untimed). */
  searchShortlist?(q: Float32Array, k: number, shortlist: number): ArrayLike<number>;
  dispose(): void;
}

/** Shortlist sizes whose recall@10 is reported for ours beside the timed default (recall only, not timed). */
export const RECALL_SHORTLISTS = [50, 100, 200];

export interface VectorContestant {
  readonly name: string;
  /** What one timed call includes, for the row's detail. */
  readonly includes: string;
  /** Builds from set.rows; tuningTruth is exact top-k of set.tuning, for peers that pick parameters (never the scored queries). */
  build(set: VectorSet, k: number, tuningTruth: Int32Array[]): BuiltIndex | Promise<BuiltIndex>;
}

export interface VectorCase {
  name: string;
  distribution: Distribution;
  n: number;
  queries: number;
  tune: number;
  seed: number;
}

export function vectorCases(quick: boolean): VectorCase[] {
  const c10k: VectorCase = { name: 'vector_search_10k', distribution: 'clustered', n: 10_000, queries: 100, tune: 50, seed: 2024 };
  if (quick) return [c10k];
  return [
    c10k,
    { name: 'vector_search_10k_text', distribution: 'text', n: 10_000, queries: 100, tune: 50, seed: 2025 },
    { name: 'vector_search_100k', distribution: 'clustered', n: 100_000, queries: 100, tune: 50, seed: 2026 },
    // The memory's own kind of vectors (hashing embeddings of text) at the large size too.
    { name: 'vector_search_100k_text', distribution: 'text', n: 100_000, queries: 100, tune: 50, seed: 2027 },
  ];
}

/** Ours: codes in wasm, kernel quantize + int8 dot + top-k shortlist (default max(50, 4k)), JS rescoring with the residual. */
export function kernelContestant(kernel: Kernel): VectorContestant {
  return {
    name: `ours (kernel index, wasm-${kernel.flavor})`,
    includes: `ours: index.search(q, ${K}) — copy q into wasm, kernel quantizeRows + int8DotRows over all rows + topk(${defaultShortlist(K)}+1), rescoring the shortlist in JS with the 4-bit residual, best ${K}`,
    build(set) {
      const t0 = now();
      const idx = createKernelVectorIndex(kernel, set.d, set.n);
      for (let i = 0; i < set.n; i++) idx.upsert(i, encodeVector(set.rows.subarray(i * set.d, (i + 1) * set.d)));
      const buildMs = now() - t0;
      return {
        search: (q, k) => idx.search(q, k).ids,
        searchShortlist: (q, k, shortlist) => idx.search(q, k, shortlist).ids,
        buildMs,
        params: { shortlist: defaultShortlist(K), codes: 'int8 per-row scale + 4-bit residual, both scales times the least-squares gain', capacity: idx.capacity },
        bytes: idx.size * kernelIndexRowBytes(set.d),
        dispose: () => idx.dispose(),
      };
    },
  };
}

/** Plain JS: float32 rows, f64 dot with every row, sorted-insertion top-k — exact search without wasm or a library. */
export const plainJsBruteForce: VectorContestant = {
  name: 'plain-js brute force f32',
  includes: `plain-js: dot of q with every f32 row in a JS loop + top-${K} selection`,
  build(set) {
    const scores = new Float32Array(set.n);
    const out = new Int32Array(K);
    return {
      search: (q, k) => {
        dotAll(scores, set.rows, q, set.n, set.d);
        return topK(scores, set.n, k, out);
      },
      buildMs: 0,
      params: { storage: 'float32 rows as given' },
      bytes: set.n * set.d * 4,
      dispose: () => {},
    };
  },
};

const sig = (x: number, digits = 4): number => (Number.isFinite(x) ? Number(x.toPrecision(digits)) : x);

interface Entry {
  who: VectorContestant;
  index: BuiltIndex;
  recall: number;
  /** Recall@10 by shortlist size, for contestants that take one. */
  recallByShortlist?: Record<string, number>;
  reps: number;
  samples: number[];
}

export interface VectorSuiteOptions {
  contestants: VectorContestant[];
  plan: TimingPlan;
  quick: boolean;
  filter?: string;
  onProgress?: (label: string) => void;
  onNote?: (m: string) => void;
  /** Cases to run instead of vectorCases(quick) (tests use small ones). */
  cases?: VectorCase[];
}

/** Runs every vector case; the first contestant is ours. One row per (case, peer). */
export async function runVectorSuite(opts: VectorSuiteOptions): Promise<MemoryRow[]> {
  const rows: MemoryRow[] = [];
  const say = (m: string) => opts.onProgress?.(m);
  for (const c of (opts.cases ?? vectorCases(opts.quick)).filter((x) => !opts.filter || x.name.includes(opts.filter))) {
    say(`${c.name}: generating ${c.n.toLocaleString('en-US')} ${c.distribution} vectors and exact neighbours`);
    const set = vectorSet(c.distribution, c.n, c.queries, c.tune, c.seed);
    const truth = exactNeighbours(set, K);
    const tuningTruth = exactNeighbours({ ...set, queries: set.tuning }, K);
    const qs = Array.from({ length: c.queries }, (_, i) => set.queries.subarray(i * set.d, (i + 1) * set.d));
    const entries: Entry[] = [];
    try {
      for (const who of opts.contestants) {
        say(`${c.name}: building ${who.name}`);
        const index = await who.build(set, K, tuningTruth);
        // Recall outside the timed region: every scored query once.
        const found = qs.map((q) => Array.from(index.search(q, K)));
        const withShortlist = index.searchShortlist;
        const recallByShortlist = withShortlist
          ? Object.fromEntries(RECALL_SHORTLISTS.map((m) => [m, sig(recallAtK(qs.map((q) => Array.from(withShortlist(q, K, m))), truth))]))
          : undefined;
        entries.push({ who, index, recall: recallAtK(found, truth), recallByShortlist, reps: 0, samples: [] });
        say(`${c.name}: ${who.name} built in ${(index.buildMs / 1000).toFixed(1)} s, recall@${K} ${recallAtK(found, truth).toFixed(4)}`);
      }
      // Each call answers the next query in turn, so caches see a stream of different queries.
      const tasks = entries.map((e) => {
        let qi = 0;
        return {
          run: () => {
            e.index.search(qs[qi], K);
            qi = qi + 1 === qs.length ? 0 : qi + 1;
          },
        };
      });
      say(`${c.name}: warming up`);
      for (let i = 0; i < entries.length; i++) entries[i].reps = await warmUp(tasks[i], opts.plan);
      for (let r = 0; r < opts.plan.runs; r++) {
        say(`${c.name}: run ${r + 1}/${opts.plan.runs}`);
        for (let i = 0; i < entries.length; i++) entries[i].samples.push(await timeCalls(tasks[i], entries[i].reps));
      }
      rows.push(...caseRows(c, set, entries, opts.plan));
    } finally {
      for (const e of entries) e.index.dispose();
    }
  }
  return rows;
}

function caseRows(c: VectorCase, set: VectorSet, entries: Entry[], plan: TimingPlan): MemoryRow[] {
  const [us, ...peers] = entries;
  const ours = median(us.samples);
  const f32Bytes = set.n * set.d * 4;
  const about =
    `${set.n.toLocaleString('en-US')} × ${set.d} unit vectors (${c.distribution === 'clustered' ? '64 gaussian clusters, spread 0.25, neighbours at cosine ≈ 0.95' : 'hashing-embedder vectors of Zipf-vocabulary sentences'}), ` +
    `top-${K} by inner product, ${c.queries} queries cycled; median of ${plan.runs} interleaved samples after warm-up`;
  const side = (e: Entry) => `${e.who.includes} [${e.reps} call(s)/sample]`;
  const common = {
    distribution: c.distribution,
    n: set.n,
    dim: set.d,
    k: K,
    queries: c.queries,
    ours_recall_at_10: sig(us.recall),
    ours_recall_at_10_by_shortlist: us.recallByShortlist ?? null,
    ours_build_ms: sig(us.index.buildMs),
    ours_params: us.index.params,
    ours_bytes: us.index.bytes,
    float32_bytes: f32Bytes,
    ours_bytes_vs_float32: us.index.bytes === undefined ? null : sig(us.index.bytes / f32Bytes, 3),
  };
  if (!peers.length) {
    return [{ name: c.name, unit: 'ms', ours: sig(ours), peer: null, peer_name: 'none', ratio: null, detail: `${about}; ${side(us)}`, ...common }];
  }
  return peers.map((p) => {
    const peer = median(p.samples);
    return {
      name: c.name,
      unit: 'ms',
      ours: sig(ours),
      peer: sig(peer),
      peer_name: p.who.name,
      ratio: sig(peer / ours, 3),
      detail: `${about}; ${side(us)}; ${side(p)}; recall@${K} ours ${us.recall.toFixed(4)}, ${p.who.name} ${p.recall.toFixed(4)}`,
      ...common,
      peer_recall_at_10: sig(p.recall),
      peer_build_ms: sig(p.index.buildMs),
      peer_params: p.index.params,
      peer_bytes: p.index.bytes ?? null,
    };
  });
}
