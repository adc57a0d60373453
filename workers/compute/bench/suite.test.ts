// The quick suite in node against plain JS: row shapes and finite positive figures (no timing thresholds).
import { describe, expect, it } from 'vitest';
import { loadKernelNode } from '../../../kernel/js/node';
import { plainJsPeer, sgemmIkj } from './plain-js';
import { runSuite, SGEMM_SIZES_QUICK } from './suite';
import { median } from './timing';
import type { BenchProgress } from './types';

describe('bench suite', () => {
  it('runs the quick suite with plain JS as the peer', async () => {
    const kernel = await loadKernelNode();
    const progress: BenchProgress[] = [];
    const notes: string[] = [];
    const rows = await runSuite(kernel, { peers: [plainJsPeer], quick: true, onProgress: (p) => progress.push(p), onNote: (m) => notes.push(m) });

    const sgemm = rows.filter((r) => r.name.startsWith('sgemm_'));
    expect(sgemm.map((r) => r.name)).toEqual(SGEMM_SIZES_QUICK.map((n) => `sgemm_${n}`));
    for (const r of rows) {
      expect(typeof r.name).toBe('string');
      expect(typeof r.unit).toBe('string');
      expect(Number.isFinite(r.ours) && r.ours > 0).toBe(true);
      if (r.peer !== null) {
        expect(Number.isFinite(r.peer) && r.peer > 0).toBe(true);
        expect(Number.isFinite(r.ratio) && (r.ratio as number) > 0).toBe(true);
      } else {
        expect(r.ratio).toBeNull();
      }
    }
    for (const r of sgemm) {
      expect(r.unit).toBe('GFLOP/s');
      expect(r.peer_name).toBe('plain-js');
      expect(r.detail).toMatch(/outputs agree/);
    }
    // The MLP cases: ours (createWasmPort) against the plain-TS reference network, same weights so predictions agree.
    expect(notes).toEqual([]);
    const mlp = rows.filter((r) => !r.name.startsWith('sgemm_'));
    expect(mlp.map((r) => [r.name, r.unit, r.peer_name])).toEqual([
      ['predict_batch_1024', 'ms', 'plain-js'],
      ['predict_single', 'ms', 'plain-js'],
      ['mlp_train_64-128-128-10', 'samples/s', 'plain-js'],
    ]);
    for (const r of mlp.filter((x) => x.name.startsWith('predict'))) expect(r.detail).toMatch(/outputs agree/);
    const last = progress[progress.length - 1];
    expect(last.done).toBe(last.total);
    expect(progress.every((p) => p.done <= p.total)).toBe(true);
    expect(kernel.liveBuffers).toBe(0);
  }, 180_000);

  it('stops when aborted', async () => {
    const kernel = await loadKernelNode();
    const ac = new AbortController();
    ac.abort();
    await expect(runSuite(kernel, { peers: [plainJsPeer], quick: true, signal: ac.signal })).rejects.toThrow();
    expect(kernel.liveBuffers).toBe(0);
  });

  it('filters cases by name', async () => {
    const kernel = await loadKernelNode();
    const rows = await runSuite(kernel, { peers: [], quick: true, filter: 'sgemm_64' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: 'sgemm_64', peer: null, peer_name: 'none', ratio: null });
  });

  it('plain-js sgemm matches a direct triple loop', () => {
    const n = 5;
    const a = Float32Array.from({ length: n * n }, (_, i) => (i % 7) - 3);
    const b = Float32Array.from({ length: n * n }, (_, i) => (i % 5) - 2);
    const c = new Float32Array(n * n);
    sgemmIkj(c, a, b, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a[i * n + k] * b[k * n + j];
      expect(c[i * n + j]).toBe(s);
    }
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});
