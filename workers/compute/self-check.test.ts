// The self-check list passes on every kernel build this node process can run, and catches a wrong result.
import { describe, expect, it } from 'vitest';
import { Kernel, type KernelExports } from '../../kernel/js/kernel';
import { loadKernelNode, runnableFlavors } from '../../kernel/js/node';
import { maxAbsDiff, runSelfChecks, SELF_CHECKS, SELF_CHECK_SKIPS, type SelfCheckCase } from './self-check';

/** The kernel's op exports: every exported function but the allocator's. */
const NOT_OPS = new Set(['alloc', 'free', 'abort', 'memory']);

describe('kernel self-check', () => {
  for (const flavor of runnableFlavors()) {
    it(`passes every case on the ${flavor} build`, async () => {
      const kernel = await loadKernelNode(flavor);
      const rows = runSelfChecks(kernel);
      expect(rows).toHaveLength(SELF_CHECKS.length);
      expect(rows.filter((r) => !r.pass)).toEqual([]);
      expect(kernel.liveBuffers).toBe(0);
    });
  }

  it('fails a case whose output is wrong, and reports a throwing op instead of crashing', async () => {
    const kernel = await loadKernelNode('scalar');
    const wrong: SelfCheckCase = {
      op: 'wrong',
      shape: '2',
      tolerance: 1e-6,
      run: () => ({ ours: new Float32Array([1, 2]), reference: new Float32Array([1, 2.5]) }),
    };
    const throwing: SelfCheckCase = {
      op: 'missing',
      shape: '1',
      tolerance: 1e-6,
      run: (k) => {
        k.fn('no_such_export');
        return { ours: new Float32Array(1), reference: new Float32Array(1) };
      },
    };
    const [a, b] = runSelfChecks(kernel, [wrong, throwing]);
    expect(a).toMatchObject({ pass: false, maxAbsError: 0.5 });
    expect(b.pass).toBe(false);
    expect(b.error).toMatch(/no export 'no_such_export'/);
  });

  it('runs every op the kernel exports, the fused mlp_* ones included (or names it as skipped)', async () => {
    const real = await loadKernelNode('scalar');
    const called = new Set<string>();
    const watched = new Proxy(real.exports, {
      get(target, name, receiver) {
        const v = Reflect.get(target, name, receiver) as unknown;
        if (typeof name === 'string' && typeof v === 'function') called.add(name);
        return v;
      },
    }) as KernelExports;
    const rows = runSelfChecks(new Kernel(real.flavor, watched));
    expect(rows.filter((r) => !r.pass)).toEqual([]);
    const ops = Object.keys(real.exports).filter((k) => typeof real.exports[k] === 'function' && !NOT_OPS.has(k));
    expect(ops).toContain('mlp_train_step');
    const skipped = new Set(SELF_CHECK_SKIPS.map((s) => s.op));
    expect(ops.filter((op) => !called.has(op) && !skipped.has(op))).toEqual([]);
  });

  it('counts NaN as infinitely wrong', () => {
    expect(maxAbsDiff(new Float32Array([0, Number.NaN]), new Float32Array([0, 0]))).toBe(Number.POSITIVE_INFINITY);
    expect(maxAbsDiff(new Float32Array(2), new Float32Array(3))).toBe(Number.POSITIVE_INFINITY);
  });
});
