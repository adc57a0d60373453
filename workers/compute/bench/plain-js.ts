// The plain-JavaScript peer: what a page gets without wasm or a library (i-k-j sgemm, the plain-TS reference network).
import { referencePort } from '../../../kernel/reference/mlp';
import type { BenchPeer, BenchTask } from './peer';
import { portMlp } from './port-mlp';

/** C[n×n] = A·B, row-major; the inner loop walks B and C rows contiguously (i-k-j order). */
export function sgemmIkj(c: Float32Array, a: Float32Array, b: Float32Array, n: number): void {
  c.fill(0, 0, n * n);
  for (let i = 0; i < n; i++) {
    const ci = i * n;
    for (let k = 0; k < n; k++) {
      const aik = a[ci + k];
      const bk = k * n;
      for (let j = 0; j < n; j++) c[ci + j] += aik * b[bk + j];
    }
  }
}

export const plainJsPeer: BenchPeer = {
  name: 'plain-js',
  includes: {
    sgemm: 'plain-js: zeroing C and the i-k-j loops over Float32Arrays',
    mlp_train: 'plain-js: the plain-TypeScript reference network (kernel/reference/mlp.ts), one trainStep per batch',
    predict: "plain-js: the reference network's predict",
  },
  prepareSgemm(n, a, b): BenchTask {
    const c = new Float32Array(n * n);
    return {
      run: () => sgemmIkj(c, a, b, n),
      output: () => c,
      dispose: () => {},
    };
  },
  prepareMlp: (c) => portMlp(referencePort, c),
};
