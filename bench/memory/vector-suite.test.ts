// The vector suite in node on a small case (ours vs plain-JS brute force): row shape, recall fields, buffers freed.
import { describe, expect, it } from 'vitest';
import { loadKernelNode } from '../../kernel/js/node';
import { K, kernelContestant, plainJsBruteForce, runVectorSuite, vectorCases } from './vector-suite';
import { exactNeighbours, recallAtK, topK, vectorSet } from './vectors';

const PLAN = { warmupMs: 20, warmupCalls: 2, sampleMs: 5, runs: 3 };

describe('vector search suite', () => {
  it('times ours against plain JS and reports recall, build time and bytes', async () => {
    const kernel = await loadKernelNode();
    const rows = await runVectorSuite({
      contestants: [kernelContestant(kernel), plainJsBruteForce],
      plan: PLAN,
      quick: true,
      cases: [{ name: 'vector_search_2k', distribution: 'clustered', n: 2000, queries: 20, tune: 5, seed: 1 }],
    });
    expect(rows).toHaveLength(1);
    const r = rows[0];
    expect(r).toMatchObject({ name: 'vector_search_2k', unit: 'ms', peer_name: 'plain-js brute force f32', n: 2000, dim: 384, k: K, distribution: 'clustered' });
    expect(r.ours).toBeGreaterThan(0);
    expect(r.peer).toBeGreaterThan(0);
    expect(Math.abs((r.ratio as number) / ((r.peer as number) / r.ours) - 1)).toBeLessThan(0.01); // 3 significant digits
    expect(r.ours_recall_at_10).toBeGreaterThanOrEqual(0.95);
    expect(r.peer_recall_at_10).toBe(1);
    expect(r.ours_bytes_vs_float32).toBeLessThan(0.4);
    expect(kernel.liveBuffers).toBe(0);
  }, 60_000);

  it('has the required cases: 10k only when quick, 10k and 100k (clustered and text) when full', () => {
    expect(vectorCases(true).map((c) => c.name)).toEqual(['vector_search_10k']);
    const full = vectorCases(false);
    expect(full.map((c) => c.name)).toEqual(['vector_search_10k', 'vector_search_10k_text', 'vector_search_100k', 'vector_search_100k_text']);
    expect(full.find((c) => c.name === 'vector_search_100k')).toMatchObject({ n: 100_000, distribution: 'clustered' });
  });

  it('top-k, exact neighbours and recall agree on a hand-made case', () => {
    expect(Array.from(topK(Float32Array.of(0.1, 0.9, 0.5, 0.9, -1), 5, 3))).toEqual([1, 3, 2]);
    expect(Array.from(topK(Float32Array.of(0.3, 0.2), 2, 5))).toEqual([0, 1]);
    const set = vectorSet('text', 300, 4, 1, 3);
    expect(set.d).toBe(384);
    const truth = exactNeighbours(set, 5);
    expect(recallAtK(truth, truth)).toBe(1);
    expect(recallAtK(truth.map((t) => t.subarray(0, 4)), truth)).toBeCloseTo(0.8);
  });
});
