// A KernelPort's network as a benchmark MLP: one trainStep per batch, predict over leading rows of the case's data.
import type { KernelPort } from '../../../core/nn/port';
import type { BenchMlp, MlpCase } from './peer';

export function portMlp(port: KernelPort, c: MlpCase): BenchMlp {
  const net = port.createNetwork(c.spec, c.seed, c.batch);
  const inputs = c.spec.layers[0].size;
  const outputs = c.spec.layers[c.spec.layers.length - 1].size;
  const steps = Math.floor(c.samples / c.batch);
  return {
    trainEpoch: () => {
      for (let s = 0; s < steps; s++) {
        const r = s * c.batch;
        net.trainStep(c.x.subarray(r * inputs, (r + c.batch) * inputs), c.y.subarray(r * outputs, (r + c.batch) * outputs), c.batch);
      }
    },
    predictTask: (rows) => {
      const x = c.x.subarray(0, rows * inputs);
      let out: Float32Array = new Float32Array(0);
      return {
        run: () => {
          out = net.predict(x, rows);
        },
        output: () => out,
        dispose: () => {},
      };
    },
    dispose: () => net.dispose(),
  };
}
